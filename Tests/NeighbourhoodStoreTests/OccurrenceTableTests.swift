import Testing
@testable import NeighbourhoodStore

/// Occurrence numbers from the per-force-month sets equal a running count per identity in a
/// `Dictionary`, whether a file's force-months come in runs or interleaved row by row.
@Suite struct OccurrenceTableTests {
    /// Rows: (identity, force, month), the identity a hash of the force, the month and a
    /// small number, so identical rows are common and every identity has one
    /// force-month, as the writer's identities do.
    private func rows(seed: UInt64, count: Int, interleaved: Bool) -> [(key: UInt64, force: Int64, month: Int32)] {
        var state = seed
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        return (0..<count).map { row in
            let force = Int64(interleaved ? next() % 3 : UInt64(row / 20_000 % 2) + 1)
            let month = Int32(interleaved ? 24_200 + next() % 4 : 24_200 + UInt64(row / 10_000))
            let id = next() % 8_000
            let key = ImportWriter.mix(ImportWriter.mix(ImportWriter.mix(0, UInt64(force)), UInt64(month)), id)
            return (key, force, month)
        }
    }

    @Test(arguments: [false, true])
    func occurrencesCountEachIdentityInOrder(interleaved: Bool) {
        var all = rows(seed: interleaved ? 11 : 5, count: 60_000, interleaved: interleaved)
        // The empty-slot marker and its stand-in share a count (one more collision in 2^64).
        all += [(UInt64.max, 1, 24_200), (UInt64.max - 1, 1, 24_200), (UInt64.max, 1, 24_200)]
        var table = OccurrenceTable()
        var reference: [UInt64: Int64] = [:]
        var repeats = 0
        // Blocks of uneven sizes, as the reading threads hand them over.
        var start = 0, size = 1
        while start < all.count {
            let block = all[start..<min(start + size, all.count)]
            let got = table.occurrences(
                of: block.map(\.key), forces: block.map(\.force), months: block.map(\.month))
            for (k, row) in block.enumerated() {
                let stored = row.key == .max ? .max - 1 : row.key
                #expect(got[k] == reference[stored, default: 0])
                if got[k] > 0 { repeats += 1 }
                reference[stored, default: 0] += 1
            }
            start += size
            size = size * 3 % 7_919 + 1
        }
        #expect(table.count == reference.count)
        // Both first and repeated occurrences were met, many of each.
        #expect(repeats > 10_000 && reference.count > 10_000)
        #expect(reference[.max - 1] == 3)
    }
}
