import Foundation
internal import GRDB
import NeighbourhoodGeometry

/// Reads a boundary layer from a feature table of an OGC GeoPackage (`.gpkg`).
///
/// ```swift
/// let lsoas = try GeoPackageLayerReader.read(
///     path: "wy.gpkg", fields: LayerFields(id: "LSOA11CD", name: "LSOA11NM"), layer: "lsoa")
/// ```
///
/// The table is the one named by `layer`, or the only feature table in `gpkg_contents`. Its
/// geometries must be polygons or multipolygons (2D, Z, M or ZM; x and y are kept) in the
/// GeoPackage binary format. The CRS comes from the geometry column's `srs_id` in
/// `gpkg_spatial_ref_sys`: `EPSG:<code>` for an EPSG system, `OGC:CRS84` for EPSG:4326
/// (GeoPackage stores x = longitude) and for the undefined geographic system 0, otherwise
/// the WKT definition, which PROJ reads when the layer is projected.
///
/// Fields are chosen as for GeoJSON: a named column (exact, then ignoring case), or for the
/// id the first column named `id`/`code` or ending in `CD`, else the primary key (`fid`); for
/// the name the first named `name` or ending in `NM`. Integer and real values are read as
/// text (`12`, `3.5`).
///
/// Everything read is checked: a file that is not SQLite, a database without the GeoPackage
/// tables, an unknown srs id, and every geometry blob (see ``GeoPackageBinary/decode(_:)``),
/// with errors naming the file, layer, feature index, fid, id and reason.
public enum GeoPackageLayerReader {
    /// The feature tables of a GeoPackage, in `gpkg_contents` order.
    ///
    /// - Throws: ``FormatError`` when the file is missing, not SQLite or not a GeoPackage.
    public static func layers(path: String) throws -> [String] {
        let queue = try open(path)
        return try run(path, layer: nil, queue) { db in try featureTables(db, path: path).map(\.table) }
    }

    /// Reads the areas of one feature table.
    ///
    /// - Parameters:
    ///   - path: The `.gpkg` file.
    ///   - fields: Which columns give id, name and parent.
    ///   - layer: The table to read; `nil` when the file holds exactly one.
    /// - Throws: ``FormatError`` for file-level faults (missing, not SQLite, damaged, not a
    ///   GeoPackage, no such layer, several layers and none named, a named field missing, an
    ///   unknown or undefined srs id, a non-polygon geometry type);
    ///   ``NeighbourhoodGeometry/BoundaryLayerError`` for a feature's fault (NULL or empty
    ///   geometry, a blob that does not decode, an empty or duplicate id).
    /// - Complexity: O(*n*) in the file's size.
    public static func read(path: String, fields: LayerFields = LayerFields(), layer: String? = nil) throws -> BoundaryLayer {
        let queue = try open(path)
        let (crs, areas) = try run(path, layer: layer, queue) { db in try readAreas(db, path: path, fields: fields, layer: layer) }
        return try BoundaryLayer(source: path, crs: crs, areas: areas)
    }

    private struct TableInfo {
        var table: String
        var column: String
        var geometryType: String
        var srsID: Int64
    }

    private static func open(_ path: String) throws(FormatError) -> DatabaseQueue {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw FormatError(.cannotOpen, file: path, detail: "cannot open the GeoPackage: no such file or no permission")
        }
        let head = (try? handle.read(upToCount: 16)) ?? Data()
        try? handle.close()
        guard head.count == 16, head.elementsEqual(Array("SQLite format 3".utf8) + [0]) else {
            throw FormatError(
                .malformed, file: path,
                detail: "not an SQLite database (the file does not start with 'SQLite format 3'): a GeoPackage is an SQLite file")
        }
        var configuration = Configuration()
        configuration.readonly = true
        do {
            return try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw FormatError(.malformed, file: path, detail: "SQLite cannot open it: \(GeoPackageWriter.message(error)) (a truncated or damaged file?)")
        }
    }

    /// Runs `body` on the database, turning SQLite's errors into ``FormatError``s naming the
    /// file (and layer).
    private static func run<T: Sendable>(
        _ path: String, layer: String?, _ queue: DatabaseQueue, _ body: @escaping @Sendable (Database) throws -> T
    ) throws -> T {
        do {
            return try queue.read(body)
        } catch let error as FormatError {
            throw error
        } catch let error as BoundaryLayerError {
            throw error
        } catch {
            let where_ = layer.map { "layer '\($0)': " } ?? ""
            throw FormatError(
                .malformed, file: path,
                detail: where_ + "SQLite: \(GeoPackageWriter.message(error)) (a truncated or damaged file?)")
        }
    }

    private static func featureTables(_ db: Database, path: String) throws -> [TableInfo] {
        let present = try String.fetchAll(
            db, sql: "SELECT name FROM sqlite_master WHERE type IN ('table','view') AND name IN ('gpkg_contents','gpkg_geometry_columns','gpkg_spatial_ref_sys')")
        for required in ["gpkg_contents", "gpkg_geometry_columns", "gpkg_spatial_ref_sys"] where !present.contains(required) {
            throw FormatError(
                .malformed, file: path,
                detail: "not a GeoPackage: the SQLite database has no \(required) table")
        }
        return try Row.fetchAll(
            db,
            sql: """
                SELECT c.table_name, g.column_name, g.geometry_type_name, g.srs_id FROM gpkg_contents c
                JOIN gpkg_geometry_columns g ON lower(g.table_name) = lower(c.table_name)
                WHERE c.data_type = 'features' ORDER BY c.rowid
                """
        ).map { TableInfo(table: $0[0], column: $0[1], geometryType: $0[2], srsID: $0[3]) }
    }

    private typealias ReadResult = (crs: String, areas: [Area])

    private static func readAreas(_ db: Database, path: String, fields: LayerFields, layer: String?) throws -> ReadResult {
        let tables = try featureTables(db, path: path)
        let info: TableInfo
        if let layer {
            guard let found = tables.first(where: { $0.table == layer }) ?? tables.first(where: { $0.table.lowercased() == layer.lowercased() }) else {
                throw FormatError(
                    .missingColumn, file: path,
                    detail: "no feature layer named '\(layer)'; layers are: \(tables.map(\.table).joined(separator: ", "))")
            }
            info = found
        } else {
            guard tables.count == 1 else {
                throw FormatError(
                    .missingColumn, file: path,
                    detail: tables.isEmpty
                        ? "the GeoPackage holds no feature layer"
                        : "the GeoPackage holds \(tables.count) feature layers (\(tables.map(\.table).joined(separator: ", "))): choose one with --layer NAME")
            }
            info = tables[0]
        }
        let source = "\(path) (layer \(info.table))"
        let type = info.geometryType.uppercased()
        guard ["POLYGON", "MULTIPOLYGON", "GEOMETRY", "MULTISURFACE", "SURFACE"].contains(type) else {
            throw FormatError(
                .unsupported, file: path,
                detail: "layer '\(info.table)': geometry type is \(info.geometryType); boundary layers need POLYGON or MULTIPOLYGON")
        }
        let crs = try crsOf(db, info: info, path: path)

        let columns = try Row.fetchAll(db, sql: "PRAGMA table_info(\(GeoPackageWriter.quote(info.table)))")
            .map { (name: $0["name"] as String, pk: ($0["pk"] as Int) > 0) }
        let attributes = columns.map(\.name).filter { $0 != info.column }
        let primaryKey = columns.first(where: \.pk)?.name ?? "rowid"
        func column(_ name: String, role: String) throws -> String {
            guard let found = attributes.first(where: { $0 == name }) ?? attributes.first(where: { $0.lowercased() == name.lowercased() }) else {
                throw FormatError(
                    .missingColumn, file: path,
                    detail: "layer '\(info.table)': no \(role) field named '\(name)'; fields are: \(attributes.joined(separator: ", "))")
            }
            return found
        }
        func detect(suffix: String, names: [String]) -> String? {
            attributes.first { names.contains($0.lowercased()) } ?? attributes.first { $0.lowercased().hasSuffix(suffix) }
        }
        let idColumn = try fields.id.map { try column($0, role: "id") } ?? detect(suffix: "cd", names: ["id", "code"]) ?? primaryKey
        let nameColumn = try fields.name.map { try column($0, role: "name") } ?? detect(suffix: "nm", names: ["name"])
        let parentColumn = try fields.parent.map { try column($0, role: "parent") }
        let selected = [primaryKey, info.column, idColumn, nameColumn ?? idColumn, parentColumn ?? idColumn]
        let sql = "SELECT " + selected.map(GeoPackageWriter.quote).joined(separator: ", ")
            + " FROM \(GeoPackageWriter.quote(info.table)) ORDER BY \(GeoPackageWriter.quote(primaryKey))"

        var areas: [Area] = []
        let rows = try Row.fetchCursor(db, sql: sql)
        var index = 0
        while let row = try rows.next() {
            defer { index += 1 }
            let fid = text(row[0]) ?? "?"
            func fault(_ code: BoundaryLayerError.Code, _ id: String?, _ detail: String) -> BoundaryLayerError {
                BoundaryLayerError(code, source: source, featureIndex: index, featureID: id, detail: "fid \(fid): " + detail)
            }
            guard let id = text(row[2]), !id.isEmpty else {
                throw fault(.missingID, nil, "the id field '\(idColumn)' is empty")
            }
            let parent = parentColumn.flatMap { _ in text(row[4]) }
            if let parentColumn, parent == nil {
                throw fault(.missingID, id, "the parent field '\(parentColumn)' is empty")
            }
            let blob: [UInt8]
            switch row[1] as DatabaseValue {
            case let value where value.isNull:
                throw fault(.invalidGeometry, id, "the geometry is NULL: an area needs a boundary")
            case let value:
                guard let data = Data.fromDatabaseValue(value) else {
                    throw fault(.invalidGeometry, id, "the geometry is not a blob")
                }
                blob = [UInt8](data)
            }
            let decoded: GeoPackageBinary.Decoded
            do { decoded = try GeoPackageBinary.decode(blob) } catch {
                throw fault(.invalidGeometry, id, error.description)
            }
            guard Int64(decoded.srsID) == info.srsID else {
                throw fault(
                    .invalidGeometry, id,
                    "the geometry's srs id \(decoded.srsID) differs from the column's \(info.srsID) (gpkg_geometry_columns)")
            }
            let geometry: MultiPolygon
            switch decoded.geometry {
            case nil: throw fault(.invalidGeometry, id, "the geometry is empty: an area needs a boundary")
            case .point: throw fault(.invalidGeometry, id, "the geometry is a Point; boundary layers need polygons")
            case .polygon(let p): geometry = MultiPolygon(p)
            case .multiPolygon(let m): geometry = m
            }
            areas.append(Area(id: id, name: nameColumn == nil ? nil : text(row[3]), parentID: parent, geometry: geometry))
        }
        return (crs, areas)
    }

    private static func crsOf(_ db: Database, info: TableInfo, path: String) throws -> String {
        guard let row = try Row.fetchOne(
            db, sql: "SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = ?",
            arguments: [info.srsID])
        else {
            throw FormatError(
                .unsupported, file: path,
                detail: "layer '\(info.table)': srs id \(info.srsID) of column '\(info.column)' is not in gpkg_spatial_ref_sys")
        }
        let organization = (text(row[0]) ?? "").uppercased()
        let code = text(row[1]) ?? ""
        let definition = text(row[2]) ?? ""
        if info.srsID == 0 { return "OGC:CRS84" }
        if organization == "EPSG", let number = Int(code), number > 0 {
            return number == 4326 ? "OGC:CRS84" : "EPSG:\(number)"
        }
        if info.srsID == -1 || definition.isEmpty || definition.lowercased() == "undefined" {
            throw FormatError(
                .unsupported, file: path,
                detail: "layer '\(info.table)': srs id \(info.srsID) is an undefined coordinate system; assign one first (e.g. ogr2ogr -a_srs EPSG:27700)")
        }
        return definition
    }

    /// A value as text: strings as they are, integers in decimal, whole reals without `.0`.
    private static func text(_ value: DatabaseValue) -> String? {
        switch value.storage {
        case .null: return nil
        case .int64(let v): return String(v)
        case .double(let v): return v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)
        case .string(let s): return s
        case .blob(let d): return String(data: d, encoding: .utf8)
        }
    }
}
