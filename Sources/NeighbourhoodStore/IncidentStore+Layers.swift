import Foundation
internal import GRDB
import NeighbourhoodGeometry

/// A boundary layer kept in the store: the file's bytes (so later imports can assign
/// without the original file) and its areas.
public struct StoredLayer: Sendable, Hashable {
    /// The layer's row id.
    public var id: Int64
    /// The name given at `nbhd layers add`.
    public var name: String
    /// The file it was read from.
    public var fileName: String
    /// The file name's extension (`geojson`, `geojson.gz`, `kmz`, `zip`, ...), which says
    /// how to read ``content``.
    public var fileExtension: String
    /// SHA-256 of ``content``.
    public var sha256: String
    /// The id, name and parent fields it was read with.
    public var idField: String?
    /// The name field.
    public var nameField: String?
    /// The parent field.
    public var parentField: String?
    /// When it was added (ISO 8601).
    public var addedAt: String
    /// Number of areas.
    public var areaCount: Int
}

/// One area of a layer being added.
public struct StoredArea: Sendable, Hashable {
    /// The area's id (e.g. an LSOA code).
    public var code: String
    /// Its name.
    public var name: String?
    /// Its parent's id.
    public var parent: String?

    /// Creates an area.
    public init(code: String, name: String?, parent: String?) {
        self.code = code
        self.name = name
        self.parent = parent
    }
}

extension IncidentStore {
    /// The store's layers, by name.
    public func layerRecords() throws -> [StoredLayer] {
        try read("listing layers") { db in
            try Row.fetchAll(db, sql: """
                SELECT l.id, l.name, l.file_name, l.extension, l.sha256, l.id_field, l.name_field, l.parent_field,
                       l.added_at, (SELECT count(*) FROM areas a WHERE a.layer_id = l.id)
                FROM layers l ORDER BY l.name
                """).map {
                StoredLayer(
                    id: $0[0], name: $0[1], fileName: $0[2], fileExtension: $0[3], sha256: $0[4], idField: $0[5],
                    nameField: $0[6], parentField: $0[7], addedAt: $0[8], areaCount: $0[9])
            }
        }
    }

    /// The bytes of a layer's file, as added.
    public func layerContent(_ layer: StoredLayer) throws -> [UInt8] {
        try read("reading layer \(layer.name)") { db in
            guard let data = try Data.fetchOne(db, sql: "SELECT content FROM layers WHERE id = ?", arguments: [layer.id]) else {
                throw StoreError(.notFound, path: path, detail: "layer '\(layer.name)' is not in the store")
            }
            return [UInt8](data)
        }
    }

    /// The store's area row ids of a layer, in area position order.
    public func areaIDs(of layer: StoredLayer) throws -> [Int64] {
        try read("reading the areas of \(layer.name)") { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM areas WHERE layer_id = ? ORDER BY position", arguments: [layer.id])
        }
    }

    /// The working CRS in which locations are stored (British National Grid unless changed).
    public func workingCRS() throws -> String {
        try read("reading settings") { db in
            try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = 'working_crs'") ?? "EPSG:27700"
        }
    }

    /// Adds a layer, or replaces the layer of the same name, and assigns every stored
    /// location to it, in one transaction; the count table is rebuilt for this layer.
    ///
    /// - Parameters:
    ///   - name: The layer's name in the store (e.g. `lsoa`).
    ///   - fileName: The file it comes from.
    ///   - fileExtension: How to read `content` again.
    ///   - content: The file's bytes.
    ///   - sha256: Their SHA-256.
    ///   - fields: The id, name and parent fields used to read it.
    ///   - areas: Its areas in position order.
    ///   - index: The areas indexed in the store's working CRS (same positions).
    /// - Returns: The layer, and how many stored locations fell in an area.
    /// - Throws: ``StoreError``.
    /// - Complexity: O(*L* log *A*) for *L* stored locations, plus one pass over the incidents.
    public func addLayer(
        name: String, fileName: String, fileExtension: String, content: [UInt8], sha256: String,
        fields: (id: String?, name: String?, parent: String?), areas: [StoredArea], index: AreaIndex
    ) throws -> (layer: StoredLayer, replaced: Bool, locations: Int, locationsInAreas: Int) {
        guard !areas.isEmpty else {
            throw StoreError(.invalidInput, path: path, detail: "layer '\(name)' from \(fileName) has no areas")
        }
        let workingCRS = try workingCRS()
        var replaced = false
        var locationCount = 0
        var inAreas = 0
        try write("adding layer \(name)") { db in
            if let old = try Int64.fetchOne(db, sql: "SELECT id FROM layers WHERE name = ?", arguments: [name]) {
                replaced = true
                try db.execute(sql: "DELETE FROM location_areas WHERE layer_id = ?", arguments: [old])
                try db.execute(sql: "DELETE FROM area_counts WHERE layer_id = ?", arguments: [old])
                try db.execute(sql: "DELETE FROM layer_indexes WHERE layer_id = ?", arguments: [old])
                try db.execute(sql: "DELETE FROM areas WHERE layer_id = ?", arguments: [old])
                try db.execute(sql: "DELETE FROM layers WHERE id = ?", arguments: [old])
            }
            try db.execute(
                sql: """
                    INSERT INTO layers (name, file_name, extension, sha256, id_field, name_field, parent_field, added_at, content)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    name, fileName, fileExtension, sha256, fields.id, fields.name, fields.parent,
                    ISO8601DateFormatter().string(from: Date()), Data(content),
                ])
            let layerID = db.lastInsertedRowID
            try Self.keepIndex(index, layerID: layerID, workingCRS: workingCRS, in: db)
            let insertArea = try db.makeStatement(
                sql: "INSERT INTO areas (layer_id, position, code, name, parent) VALUES (?, ?, ?, ?, ?)")
            var areaIDs: [Int64] = []
            for (position, area) in areas.enumerated() {
                try insertArea.execute(arguments: [layerID, position, area.code, area.name, area.parent])
                areaIDs.append(db.lastInsertedRowID)
            }
            var ids: [Int64] = []
            var points: [Point] = []
            let rows = try Row.fetchCursor(db, sql: "SELECT id, easting, northing FROM locations ORDER BY id")
            while let row = try rows.next() {
                ids.append(row[0])
                points.append(Point(x: row[1], y: row[2]))
            }
            locationCount = ids.count
            let found = index.locate(points)
            let insert = try FastStatement(db, "INSERT INTO location_areas (layer_id, location_id, area_id) VALUES (?, ?, ?)")
            for (i, position) in found.enumerated() where position >= 0 {
                insert.bind(1, layerID)
                insert.bind(2, ids[i])
                insert.bind(3, areaIDs[Int(position)])
                try insert.run()
                inAreas += 1
            }
            try db.execute(
                sql: """
                    INSERT INTO area_counts (layer_id, month, type_id, area_id, n)
                    SELECT la.layer_id, i.month, i.type_id, la.area_id, count(*)
                    FROM incidents i JOIN location_areas la ON la.layer_id = ? AND la.location_id = i.location_id
                    GROUP BY i.month, i.type_id, la.area_id
                    """,
                arguments: [layerID])
        }
        guard let layer = try layerRecords().first(where: { $0.name == name }) else {
            throw StoreError(.notFound, path: path, detail: "layer '\(name)' vanished after being added")
        }
        return (layer, replaced, locationCount, inAreas)
    }

    /// Removes a layer and its assignments.
    public func removeLayer(name: String) throws {
        try write("removing layer \(name)") { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM layers WHERE name = ?", arguments: [name]) else {
                throw StoreError(.notFound, path: path, detail: "no layer named '\(name)' in the store")
            }
            try db.execute(sql: "DELETE FROM location_areas WHERE layer_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM area_counts WHERE layer_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM layer_indexes WHERE layer_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM areas WHERE layer_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM layers WHERE id = ?", arguments: [id])
        }
    }
}
