import Foundation
internal import GRDB
import NeighbourhoodGeometry

/// Writes OGC GeoPackage 1.3 files: one SQLite database with any number of feature tables.
///
/// The file gets `application_id` 0x47504B47 (`GPKG`) and `user_version` 10300; the tables
/// `gpkg_spatial_ref_sys` (with the three rows the standard requires: -1, 0 and EPSG:4326),
/// `gpkg_contents`, `gpkg_geometry_columns` and `gpkg_extensions`; per layer a feature table
/// (`fid` primary key, a `geom` column of GeoPackage binary geometries with envelopes, one
/// column per field) and an R-tree spatial index `rtree_<table>_geom` with the standard's
/// triggers, registered as the `gpkg_rtree_index` extension.
///
/// ```swift
/// let writer = try GeoPackageWriter(path: "out/areas.gpkg")
/// try writer.write(FeatureLayer(
///     table: "areas", srs: .epsg(27700, name: "OSGB36 / British National Grid", definition: wkt),
///     geometryType: .multiPolygon, fields: [FeatureField("area_id", .text)],
///     features: [Feature(geometry: .multiPolygon(shape), values: [.text("E01011698")])]))
/// try writer.close()
/// ```
///
/// Each ``write(_:)`` runs in one transaction. GDAL's `ogrinfo` and its `validate_gpkg.py`
/// accept the files (see `GeoPackageAgreementTests`).
public final class GeoPackageWriter {
    /// The file being written.
    public let path: String
    private var queue: DatabaseQueue?
    private var tables: Set<String> = []

    /// `application_id` of a GeoPackage: `GPKG` in ASCII.
    public static let applicationID: Int32 = 0x4750_4B47
    /// `user_version` of a GeoPackage 1.3 file.
    public static let userVersion: Int32 = 10300

    /// Creates `path` (replacing any file there) with the GeoPackage core tables.
    ///
    /// - Throws: ``FormatError`` (`.cannotWrite`) with SQLite's message.
    public init(path: String) throws(FormatError) {
        self.path = path
        if FileManager.default.fileExists(atPath: path) {
            do { try FileManager.default.removeItem(atPath: path) } catch {
                throw FormatError(.cannotWrite, file: path, detail: "cannot replace the existing file: \(error.localizedDescription)")
            }
        }
        do {
            let queue = try DatabaseQueue(path: path)
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA application_id = \(Self.applicationID)")
                try db.execute(sql: "PRAGMA user_version = \(Self.userVersion)")
                // A new output file: the rollback journal in memory and no fsync per commit (a
                // crash leaves a file to write again, never a damaged input).
                try db.execute(sql: "PRAGMA journal_mode = MEMORY")
                try db.execute(sql: "PRAGMA synchronous = OFF")
                try db.inTransaction {
                    for statement in GeoPackageSchema.core { try db.execute(sql: statement) }
                    for srs in GeoPackageSchema.requiredSystems { try Self.insert(srs, db) }
                    return .commit
                }
            }
            self.queue = queue
        } catch {
            throw FormatError(.cannotWrite, file: path, detail: "cannot create the GeoPackage: \(Self.message(error))")
        }
    }

    /// Writes one feature table, `layer.features`, with its spatial index.
    ///
    /// Features get `fid` 1, 2, ... in order. Real values that are not finite are written as
    /// NULL; polygons declared `.multiPolygon` are written as one-part multipolygons.
    ///
    /// - Throws: ``FormatError``: `.cannotWrite` for a table name that is not letters, digits
    ///   and `_`, a name used twice, a field named `fid` or `geom` or repeated (ignoring case),
    ///   a feature whose value count or geometry type does not match the layer, or an SQLite
    ///   failure (e.g. a full disk). Nothing of the table is kept after an error.
    /// - Complexity: O(*n* log *n*) in the number of features (the R-tree is packed at the
    ///   end; see `RTreePacking`).
    public func write(_ layer: FeatureLayer) throws(FormatError) {
        try write(layer, features: layer.features)
    }

    /// Writes one feature table from a sequence of features read once, in order, so that a
    /// large layer (millions of incidents) need not be held in memory; `layer.features` is
    /// ignored. Otherwise as ``write(_:)``.
    public func write<S: Sequence>(_ layer: FeatureLayer, features: S) throws(FormatError) where S.Element == Feature {
        guard let queue else { throw FormatError(.cannotWrite, file: path, detail: "the GeoPackage is already closed") }
        try validate(layer)
        do {
            try queue.inDatabase { db in
                try db.inTransaction {
                    try Self.write(layer, features: features, db, path: path)
                    return .commit
                }
            }
        } catch let error as FormatError {
            throw error
        } catch {
            throw FormatError(.cannotWrite, file: path, detail: "layer '\(layer.table)': \(Self.message(error))")
        }
        tables.insert(layer.table.lowercased())
    }

    /// Closes the database; the file is complete.
    ///
    /// - Throws: ``FormatError`` (`.cannotWrite`) if SQLite cannot close it.
    public func close() throws(FormatError) {
        guard let queue else { return }
        do { try queue.close() } catch {
            throw FormatError(.cannotWrite, file: path, detail: "cannot close: \(Self.message(error))")
        }
        self.queue = nil
    }

    private func validate(_ layer: FeatureLayer) throws(FormatError) {
        func fail(_ detail: String) -> FormatError {
            FormatError(.cannotWrite, file: path, detail: "layer '\(layer.table)': \(detail)")
        }
        let name = layer.table.unicodeScalars
        guard let first = name.first, first.properties.isAlphabetic, first.isASCII,
            name.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_") })
        else { throw fail("a table name must be ASCII letters, digits and '_', starting with a letter") }
        guard !layer.table.lowercased().hasPrefix("gpkg_"), !layer.table.lowercased().hasPrefix("rtree_") else {
            throw fail("table names starting with gpkg_ or rtree_ are reserved")
        }
        guard !tables.contains(layer.table.lowercased()) else { throw fail("a table of this name was already written") }
        var seen: Set<String> = ["fid", "geom"]
        for field in layer.fields {
            guard !field.name.isEmpty, seen.insert(field.name.lowercased()).inserted else {
                throw fail("field '\(field.name)' is empty, repeated (ignoring case) or reserved (fid, geom)")
            }
        }
    }

    /// Throws unless `feature` (number `index`) fits `layer`.
    private static func check(_ feature: Feature, _ index: Int, _ layer: FeatureLayer, path: String) throws(FormatError) {
        func fail(_ detail: String) -> FormatError {
            FormatError(.cannotWrite, file: path, detail: "layer '\(layer.table)': \(detail)")
        }
        guard feature.values.count == layer.fields.count else {
            throw fail("feature \(index) has \(feature.values.count) values for \(layer.fields.count) fields")
        }
        switch (feature.geometry, layer.geometryType) {
        case (nil, _), (.point, .point), (.polygon, .polygon), (.polygon, .multiPolygon), (.multiPolygon, .multiPolygon):
            return
        default:
            throw fail("feature \(index) has a geometry that is not a \(layer.geometryType.rawValue)")
        }
    }

    private static func write<S: Sequence>(_ layer: FeatureLayer, features: S, _ db: Database, path: String) throws
    where S.Element == Feature {
        let t = quote(layer.table)
        let rtree = quote("rtree_\(layer.table)_geom")
        try insert(layer.srs, db)
        let columns = layer.fields.map { "\(quote($0.name)) \($0.kind.rawValue)" }
        try db.execute(
            sql: "CREATE TABLE \(t) (\"fid\" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, \"geom\" \(layer.geometryType.rawValue)"
                + columns.map { ", " + $0 }.joined() + ")")
        try db.execute(sql: "CREATE VIRTUAL TABLE \(rtree) USING rtree(id, minx, maxx, miny, maxy)")
        let placeholders = Array(repeating: "?", count: layer.fields.count + 2).joined(separator: ",")
        let insertFeature = try db.makeStatement(sql: "INSERT INTO \(t) VALUES (\(placeholders))")
        var boxes: [RTreePacking.Entry] = []
        var extent = BoundingBox.empty
        var values: [(any DatabaseValueConvertible)?] = []
        values.reserveCapacity(layer.fields.count + 2)
        for (i, feature) in features.enumerated() {
            try check(feature, i, layer, path: path)
            let fid = Int64(i + 1)
            values.removeAll(keepingCapacity: true)
            values.append(fid)
            if var geometry = feature.geometry {
                if layer.geometryType == .multiPolygon, case .polygon(let p) = geometry { geometry = .multiPolygon(MultiPolygon(p)) }
                values.append(Data(GeoPackageBinary.encode(geometry, srsID: layer.srs.id)))
                let box = geometry.boundingBox
                extent.extend(by: box)
                boxes.append(RTreePacking.Entry(id: fid, box: box))
            } else {
                values.append(nil)
            }
            for value in feature.values {
                switch value {
                case .integer(let v): values.append(Int64(v))
                case .real(let v): values.append(v.isFinite ? v : nil)
                case .text(let v): values.append(v)
                case .null: values.append(nil)
                }
            }
            try insertFeature.execute(arguments: StatementArguments(values))
        }
        try RTreePacking.fill("rtree_\(layer.table)_geom", with: boxes, db, path: path)
        let box: [Double?] = extent.isEmpty ? [nil, nil, nil, nil] : [extent.minX, extent.minY, extent.maxX, extent.maxY]
        try db.execute(
            sql: """
                INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, min_x, min_y, max_x, max_y, srs_id)
                VALUES (?, 'features', ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ','now'), ?, ?, ?, ?, ?)
                """,
            arguments: [layer.table, layer.table, layer.description, box[0], box[1], box[2], box[3], layer.srs.id])
        try db.execute(
            sql: "INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', ?, ?, 0, 0)",
            arguments: [layer.table, layer.geometryType.rawValue, layer.srs.id])
        try db.execute(
            sql: "INSERT INTO gpkg_extensions VALUES (?, 'geom', 'gpkg_rtree_index', 'http://www.geopackage.org/spec130/#extension_rtree', 'write-only')",
            arguments: [layer.table])
        for trigger in GeoPackageSchema.rtreeTriggers(table: layer.table) { try db.execute(sql: trigger) }
    }

    private static func insert(_ srs: GeoPackageSRS, _ db: Database) throws {
        try db.execute(
            sql: "INSERT OR IGNORE INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [srs.name, srs.id, srs.organization, srs.organizationCode, srs.definition, srs.description])
    }

    /// An SQL identifier in double quotes.
    static func quote(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// SQLite's own message for a GRDB error, else the error's description.
    static func message(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error)" }
        return "\(error)"
    }
}
