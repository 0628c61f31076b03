import Foundation
internal import GRDB
import NeighbourhoodGeometry

/// Built point-in-polygon indexes of the stored layers, kept so that an import does not
/// read, project and index a layer's file again (for the England LSOAs that is seconds of
/// every import).
///
/// An index is derived data: it is written when a layer is added (or, for a layer stored
/// before indexes were kept, by the first import that builds it) and is only used when it
/// was built in the store's current working CRS with this version's index layout
/// (``AreaIndex/serializationVersion``) and reads back intact; otherwise the layer's file is
/// read again. Using the layer-add index also keeps later imports' areas identical to those
/// the stored locations were given when the layer was added.
extension IncidentStore {
    static let createLayerIndexes = """
        CREATE TABLE layer_indexes (
            layer_id INTEGER PRIMARY KEY REFERENCES layers(id) ON DELETE CASCADE,
            working_crs TEXT NOT NULL,
            format INTEGER NOT NULL,
            area_count INTEGER NOT NULL,
            bytes BLOB NOT NULL);
        """

    /// The kept index of `layer`, or `nil` when there is none usable (none kept, another
    /// working CRS or index layout, another area count, or damaged bytes).
    ///
    /// - Throws: ``StoreError`` when the store cannot be read.
    public func keptIndex(of layer: StoredLayer) throws -> AreaIndex? {
        let crs = try workingCRS()
        let index: AreaIndex? = try read("reading the index of layer \(layer.name)") { db in
            // A cursor's row reads the blob where SQLite holds it; fetchOne would copy it first.
            let rows = try Row.fetchCursor(
                db, sql: "SELECT working_crs, format, area_count, bytes FROM layer_indexes WHERE layer_id = ?",
                arguments: [layer.id])
            guard let row = try rows.next(),
                row[0] as String == crs, row[1] as Int64 == Int64(AreaIndex.serializationVersion),
                row[2] as Int == layer.areaCount
            else { return nil }
            return try row.withUnsafeData(atIndex: 3) { data in
                data?.withUnsafeBytes { AreaIndex(serialized: $0) }
            }
        }
        guard let index, index.areaCount == layer.areaCount else { return nil }
        return index
    }

    /// Keeps `index` as the built index of `layer` (replacing any kept before).
    ///
    /// - Throws: ``StoreError``.
    public func keepIndex(_ index: AreaIndex, of layer: StoredLayer) throws {
        let crs = try workingCRS()
        try write("keeping the index of layer \(layer.name)") { db in
            try Self.keepIndex(index, layerID: layer.id, workingCRS: crs, in: db)
        }
    }

    static func keepIndex(_ index: AreaIndex, layerID: Int64, workingCRS: String, in db: Database) throws {
        try db.execute(
            sql: "INSERT OR REPLACE INTO layer_indexes (layer_id, working_crs, format, area_count, bytes) VALUES (?, ?, ?, ?, ?)",
            arguments: [layerID, workingCRS, Int64(AreaIndex.serializationVersion), index.areaCount, Data(index.serialized())])
    }
}
