import NeighbourhoodGeometry

/// Reads an ESRI Shapefile of polygons (`.shp` with its `.shx`, `.dbf`, `.prj` and `.cpg`)
/// as a ``BoundaryLayer``.
///
/// Polygon, PolygonZ and PolygonM records are read in two dimensions. A record's parts are
/// grouped into polygons by ring orientation as the ESRI specification (1998) defines it:
/// clockwise rings are outer rings, counter-clockwise rings are holes of the smallest outer
/// ring that contains them. Attributes come from the `.dbf` in the code page its `.cpg`
/// names (UTF-8, ISO-8859-1, Windows-1252) or its language driver byte; records flagged
/// deleted in the `.dbf` are left out, as every dBASE reader does. A null shape (type 0) is
/// an error naming the record: an area without a boundary cannot receive points, and
/// dropping it silently would lose a row.
///
/// A `.zip` archive holding one shapefile is read directly (stored or deflated entries,
/// inflated through zlib with memory bounded by what the entries really hold).
///
/// The CRS is the `.prj` WKT. British National Grid (ESRI or OGC WKT) is named
/// `EPSG:27700`, a WKT ending in an EPSG authority is named by that code, and any other WKT
/// is passed to PROJ as written. Without a `.prj` the coordinates must look like degrees
/// (longitude/latitude, `OGC:CRS84`) or the caller must name the CRS.
public enum ShapefileLayerReader {
    /// Reads the layer whose `.shp` (or any of its sibling files, the path without an
    /// extension, or a `.zip` holding them) is `path`.
    ///
    /// - Parameters:
    ///   - path: The `.shp` file, whose `.dbf`, `.shx`, `.prj` and `.cpg` are found beside it
    ///     by replacing the extension (either case); or a `.zip` archive holding one
    ///     shapefile.
    ///   - fields: Which `.dbf` fields give id, name and parent; detected as for GeoJSON
    ///     when `nil` (a field named `id`/`code` or ending in `CD`; one ending in `NM` or
    ///     named `name`).
    ///   - crs: The CRS, overriding the `.prj`; required when there is no `.prj` and the
    ///     coordinates are not degrees.
    /// - Throws: ``FormatError`` for missing, truncated or malformed files (naming the file,
    ///   byte offset and reason), including a damaged or ambiguous `.zip`; ``BoundaryLayerError`` naming
    ///   the feature's index and id for a missing or duplicate id, a null shape, or bad
    ///   geometry (rings of fewer than 4 points, unclosed rings, NaN or infinite
    ///   coordinates).
    /// - Complexity: O(*n*) in the size of the files, plus O(*h* · *o* · *k*) per record for
    ///   matching holes to outer rings.
    public static func read(path: String, fields: LayerFields = LayerFields(), crs: String? = nil) throws -> BoundaryLayer {
        let files = path.lowercased().hasSuffix(".zip") ? try ShapefileComponents(zip: path) : try ShapefileComponents(path: path)
        let records = try ShapeRecords(shpPath: files.shp.name, shp: files.shp.bytes, shxPath: files.shx?.name, shx: files.shx?.bytes)
        var codePage: DBaseCodePage?
        if let cpg = files.cpg {
            let text = String(decoding: cpg.bytes, as: UTF8.self).trimmingSpaces
            guard let named = DBaseCodePage(cpg: text.filter { !$0.isNewline }) else {
                throw FormatError(
                    .unsupported, file: cpg.name,
                    detail: "code page '\(text)' is not supported; convert the .dbf to UTF-8 (e.g. ogr2ogr -lco ENCODING=UTF-8)")
            }
            codePage = named
        }
        let table = try DBaseTable(path: files.dbf.name, bytes: files.dbf.bytes, encoding: codePage)
        guard table.count == records.count else {
            throw FormatError(
                .malformed, file: files.dbf.name,
                detail: "the .dbf has \(table.count) records but "
                    + "\(files.shx != nil ? "the .shx indexes" : "the .shp holds") \(records.count) shapes")
        }
        let layerCRS: String
        if let crs {
            layerCRS = crs
        } else if let prj = files.prj {
            layerCRS = Self.crs(fromWKT: String(decoding: prj.bytes, as: UTF8.self))
        } else {
            layerCRS = "OGC:CRS84"
        }
        let layer = try Self.layer(records: records, table: table, source: files.source, fields: fields, crs: layerCRS)
        if crs == nil, files.prj == nil {
            let box = layer.boundingBox
            guard box.isEmpty || (box.minX >= -180 && box.maxX <= 180 && box.minY >= -90 && box.maxY <= 90) else {
                throw FormatError(
                    .missingColumn, file: path,
                    detail: "the shapefile has no .prj and its coordinates (x \(box.minX)…\(box.maxX), y \(box.minY)…\(box.maxY)) are not degrees: name the CRS (e.g. EPSG:27700)")
            }
        }
        return layer
    }
    static func layer(
        records: ShapeRecords, table: DBaseTable, source: String, fields: LayerFields, crs: String
    ) throws -> BoundaryLayer {
        func column(_ name: String, role: String) throws(FormatError) -> Int {
            guard let index = table.fieldIndex(named: name) else {
                throw FormatError(
                    .missingColumn, file: table.path,
                    detail: "no \(role) field named '\(name)'; fields are: \(table.fields.map(\.name).joined(separator: ", "))")
            }
            return index
        }
        let idColumn = try fields.id.map { name throws(FormatError) in try column(name, role: "id") } ?? detectField(table, suffix: "cd", names: ["id", "code"])
        guard let idColumn else {
            throw FormatError(
                .missingColumn, file: table.path,
                detail: "no id field found; name it with --id-field (fields are: \(table.fields.map(\.name).joined(separator: ", ")))")
        }
        let nameColumn = try fields.name.map { name throws(FormatError) in try column(name, role: "name") } ?? detectField(table, suffix: "nm", names: ["name"])
        let parentColumn = try fields.parent.map { name throws(FormatError) in try column(name, role: "parent") }
        var areas: [Area] = []
        areas.reserveCapacity(records.count)
        for index in 0..<records.count where !table.isDeleted(index) {
            guard let id = try table.value(record: index, field: idColumn) else {
                throw BoundaryLayerError(
                    .missingID, source: source, featureIndex: index, featureID: nil,
                    detail: "record has an empty id field '\(table.fields[idColumn].name)'")
            }
            let parent = try parentColumn.map { c throws(FormatError) in try table.value(record: index, field: c) } ?? nil
            if let parentColumn, parent == nil {
                throw BoundaryLayerError(
                    .missingID, source: source, featureIndex: index, featureID: id,
                    detail: "record has an empty parent field '\(table.fields[parentColumn].name)'")
            }
            let record = try records.record(index)
            guard let rings = record.rings else {
                throw BoundaryLayerError(
                    .invalidGeometry, source: source, featureIndex: index, featureID: id,
                    detail: "record \(index) (byte \(record.offset)) is a null shape: it has no boundary")
            }
            let geometry: MultiPolygon
            do {
                geometry = try MultiPolygon(try ShapeRings.polygons(rings))
            } catch {
                throw BoundaryLayerError(
                    .invalidGeometry, source: source, featureIndex: index, featureID: id,
                    detail: "record \(index) (byte \(record.offset)): \(error.detail)")
            }
            areas.append(
                Area(
                    id: id, name: try nameColumn.map { c throws(FormatError) in try table.value(record: index, field: c) } ?? nil,
                    parentID: parent, geometry: geometry))
        }
        return try BoundaryLayer(source: source, crs: crs, areas: areas)
    }

    /// Like the GeoJSON reader: a field named one of `names`, else the first ending in `suffix`.
    static func detectField(_ table: DBaseTable, suffix: String, names: [String]) -> Int? {
        table.fields.firstIndex { names.contains($0.name.lowercased()) }
            ?? table.fields.firstIndex { $0.name.lowercased().hasSuffix(suffix) }
    }
}
