import Testing
@testable import NeighbourhoodStore

/// The import's open-addressing table: single adds, batch adds and growth agree with a
/// `Dictionary`.
@Suite struct IntegerTableTests {
    @Test func batchAddsAgreeWithSingleAddsAndADictionary() {
        var state: UInt64 = 7
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 40  // about 16 M values: repeats are common in a batch
        }
        // Keys with repeats, the reserved empty marker and its stand-in among them.
        var batches: [[UInt64]] = (0..<6).map { _ in (0..<20_000).map { _ in next() % 50_000 } }
        batches[2] += [UInt64.max, UInt64.max - 1, UInt64.max, 0, 0]
        var batched = IntegerTable()
        var single = IntegerTable()
        var reference: [UInt64: Int64] = [:]
        for batch in batches {
            let before = batched.addOne(toEach: batch)
            #expect(before.count == batch.count)
            for (k, key) in batch.enumerated() {
                #expect(single.add(1, to: key) == before[k])
                // UInt64.max is stored as UInt64.max - 1: the two share a count.
                let stored = key == .max ? .max - 1 : key
                #expect(reference[stored, default: 0] == before[k])
                reference[stored, default: 0] += 1
            }
        }
        #expect(batched.count == reference.count && single.count == reference.count)
        for (key, n) in reference { #expect(batched.value(key) == n) }
    }
}
