import Testing
@testable import NeighbourhoodStore

/// The import's open-addressing table: adds, batch look-ups and growth agree with a
/// `Dictionary`.
@Suite struct IntegerTableTests {
    /// Single adds return the value before, as a `Dictionary` does; growth keeps every key.
    @Test func addsAgreeWithADictionary() {
        var state: UInt64 = 7
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 40
        }
        // Keys with repeats, the reserved empty marker and its stand-in among them.
        let keys = (0..<100_000).map { _ in next() % 50_000 } + [UInt64.max, UInt64.max - 1, UInt64.max, 0, 0]
        var table = IntegerTable()
        var reference: [UInt64: Int64] = [:]
        for key in keys {
            // UInt64.max is stored as UInt64.max - 1: the two share a count.
            let stored = key == .max ? .max - 1 : key
            #expect(table.add(1, to: key) == reference[stored, default: 0])
            reference[stored, default: 0] += 1
        }
        #expect(table.count == reference.count)
        for (key, n) in reference { #expect(table.value(key) == n) }
    }

    /// Batch look-ups (several in flight at once) answer as single ones, present and absent.
    @Test func batchLookUpsAgreeWithSingleOnes() {
        var state: UInt64 = 3
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 44
        }
        var table = IntegerTable()
        var locations = LocationTable()
        for k in 0..<30_000 {
            let key = next()
            if table.value(key) == nil { table.add(Int64(k), to: key) }
            let location = LocationTable.Key(e: next() % 500, n: next() % 500, street: Int64(next() % 3))
            if locations.find(location) == nil { locations.insert(location, .init(id: Int64(k + 1), area: Int32(k % 7))) }
        }
        let probes = (0..<20_000).map { _ in next() } + [UInt64.max, 0]
        #expect(table.values(probes) == probes.map { table.value($0) })
        let locationProbes = (0..<20_000).map { _ in
            LocationTable.Key(e: next() % 600, n: next() % 600, street: Int64(next() % 4))
        }
        let batch = locations.findAll(locationProbes)
        #expect(batch.map { $0?.id } == locationProbes.map { locations.find($0)?.id })
        #expect(batch.map { $0?.area } == locationProbes.map { locations.find($0)?.area })
        // Both present and absent keys were probed.
        #expect(batch.contains { $0 == nil } && batch.contains { $0 != nil })
    }
}
