import Foundation
import GRDB
import NeighbourhoodGeometry
import Testing
@testable import NeighbourhoodStore

/// The built index a layer is added with is kept in the store, follows the layer when it is
/// replaced or removed, and is not used when its bytes are damaged.
@Suite struct StoreLayerIndexTests {
    static let twoAreas = [StoredArea(code: "A", name: nil, parent: nil), StoredArea(code: "B", name: nil, parent: nil)]

    func count(_ path: String, _ sql: String) throws -> Int {
        try DatabaseQueue(path: path).read { try Int.fetchOne($0, sql: sql) ?? -1 }
    }

    func addBeats(_ store: IncidentStore, _ index: AreaIndex, sha: String) throws -> StoredLayer {
        try store.addLayer(
            name: "beats", fileName: "beats.geojson", fileExtension: "geojson", content: Array("{}".utf8), sha256: sha,
            fields: (nil, nil, nil), areas: Self.twoAreas, index: index).layer
    }

    @Test func theIndexALayerIsAddedWithIsKeptAndFollowsTheLayer() throws {
        let path = try temporaryFolder() + "/s.sqlite"
        let store = try IncidentStore(path: path)
        let index = AreaIndex(areas: [square(0, 0, 50), square(50, 0, 50)])
        let layer = try addBeats(store, index, sha: "aa")
        let kept = try #require(try store.keptIndex(of: layer))
        #expect(kept.serialized() == index.serialized())
        #expect(kept.area(containing: Point(x: 60, y: 10)) == 1)
        // Replacing the layer replaces its index; removing it removes the index.
        let wide = AreaIndex(areas: [square(-1000, -1000, 500), square(0, 0, 1000)])
        let replaced = try addBeats(store, wide, sha: "bb")
        #expect(try store.keptIndex(of: replaced)?.serialized() == wide.serialized())
        #expect(try count(path, "SELECT count(*) FROM layer_indexes") == 1)
        try store.removeLayer(name: "beats")
        #expect(try count(path, "SELECT count(*) FROM layer_indexes") == 0)
        #expect(try store.integrityCheck() == ["ok"])
    }

    @Test func damagedOrMismatchedIndexesAreNotUsed() throws {
        let path = try temporaryFolder() + "/s.sqlite"
        let store = try IncidentStore(path: path)
        let index = AreaIndex(areas: [square(0, 0, 50), square(50, 0, 50)])
        let layer = try addBeats(store, index, sha: "aa")
        let queue = try DatabaseQueue(path: path)
        // One flipped bit in the middle of the bytes.
        try queue.write { db in
            var bytes = try [UInt8](Data.fetchOne(db, sql: "SELECT bytes FROM layer_indexes")!)
            bytes[bytes.count / 2] ^= 0x10
            try db.execute(sql: "UPDATE layer_indexes SET bytes = ?", arguments: [Data(bytes)])
        }
        #expect(try store.keptIndex(of: layer) == nil)
        // An index of another layout version, or built in another working CRS.
        try store.keepIndex(index, of: layer)
        #expect(try store.keptIndex(of: layer) != nil)
        try queue.write { try $0.execute(sql: "UPDATE layer_indexes SET format = format + 1") }
        #expect(try store.keptIndex(of: layer) == nil)
        try store.keepIndex(index, of: layer)
        try queue.write { try $0.execute(sql: "UPDATE layer_indexes SET working_crs = 'EPSG:3857'") }
        #expect(try store.keptIndex(of: layer) == nil)
        // An index of a different number of areas than the layer has.
        try store.keepIndex(AreaIndex(areas: [square(0, 0, 50)]), of: layer)
        #expect(try store.keptIndex(of: layer) == nil)
        try queue.close()
    }

    @Test func aVersionFourStoreGainsAnEmptyTableOfIndexes() throws {
        let path = try temporaryFolder() + "/v4.sqlite"
        let old = try DatabaseQueue(path: path)
        try old.write { try $0.execute(sql: "PRAGMA application_id = \(IncidentStore.applicationID)") }
        try StoreSchema.migrator.migrate(old, upTo: "v4: incidents by month and force in runs, not an index")
        try old.write { db in
            try db.execute(sql: """
                INSERT INTO layers (id, name, file_name, extension, sha256, added_at, content)
                VALUES (1, 'beats', 'beats.geojson', 'geojson', 'aa', '2026-01-01', x'7b7d');
                INSERT INTO areas (layer_id, position, code) VALUES (1, 0, 'A'), (1, 1, 'B');
                """)
        }
        try old.close()
        let store = try IncidentStore(path: path)
        #expect(try count(path, "SELECT count(*) FROM layer_indexes") == 0)
        let layer = try #require(try store.layerRecords().first)
        #expect(try store.keptIndex(of: layer) == nil)
        let index = AreaIndex(areas: [square(0, 0, 50), square(50, 0, 50)])
        try store.keepIndex(index, of: layer)
        #expect(try store.keptIndex(of: layer)?.serialized() == index.serialized())
        #expect(try store.integrityCheck() == ["ok"])
    }
}
