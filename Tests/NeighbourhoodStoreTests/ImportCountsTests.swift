import NeighbourhoodGeometry
import Testing
@testable import NeighbourhoodStore

/// The import's count changes: the dense month cells agree with a `Dictionary` count, with
/// months interleaved, crime types arriving in any order (the cells widen), ids beyond the
/// dense range and parts too large to pack.
@Suite struct ImportCountsTests {
    @Test func denseMonthCellsAgreeWithADictionary() throws {
        let square = MultiPolygon(try Polygon(exterior: [
            Point(x: 0, y: 0), Point(x: 1, y: 0), Point(x: 1, y: 1), Point(x: 0, y: 1), Point(x: 0, y: 0),
        ]))
        let index = AreaIndex(areas: [square, square, square])
        let locators = [
            LayerLocator(layerID: 1, index: index, areaIDs: [10, 11, 12]),
            LayerLocator(layerID: 300, index: index, areaIDs: [1 << 40, 21, 22]),
        ]
        var counts = ImportCounts(locators: locators)
        // The same rows again, given a block at a time (positions plus one, 0 for none).
        var blockCounts = ImportCounts(locators: locators)
        var block: [[(month: Int32, type: Int64, position: Int32)]] = [[], []]
        func addBlock() {
            for k in block.indices {
                blockCounts.add(layer: k, months: block[k].map(\.month), types: block[k].map(\.type), positions: block[k].map(\.position))
                block[k] = []
            }
        }
        var reference: [ImportCounts.Key: Int] = [:]
        var state: UInt64 = 11
        func next(_ n: UInt64) -> Int64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int64((state >> 33) % n)
        }
        for row in 0..<30_000 {
            // Months mostly in runs, sometimes interleaved; types mostly small, a few huge.
            let month = 24_216 + Int64(row / 5_000) + (next(10) == 0 ? next(3) : 0)
            let type = next(50) == 0 ? 5_000 + next(3) : 1 + next(row < 10_000 ? 5 : 20)
            for k in locators.indices {
                let position = Int(next(3))
                counts.add(layer: k, month: month, type: type, position: position)
                let key = ImportCounts.Key(
                    layer: locators[k].layerID, month: month, type: type, area: locators[k].areaIDs[position])
                reference[key, default: 0] += 1
                block[k].append((Int32(month), type, Int32(position) + 1))
                // A row in no area: in the block, not counted.
                if next(7) == 0 { block[k].append((Int32(month), type, 0)) }
            }
            if next(900) == 0 { addBlock() }
        }
        addBlock()
        #expect(counts.deltas() == reference)
        #expect(blockCounts.deltas() == reference)
        #expect(reference.keys.contains { $0.packed == nil })
    }
}
