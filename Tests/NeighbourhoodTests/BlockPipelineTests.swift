import Foundation
import Testing
@testable import Neighbourhood

/// The block pipeline: results in input order, bounded read-ahead, and what happens when
/// reading or consuming fails.
@Suite struct BlockPipelineTests {
    struct Stop: Error, Equatable { let at: Int }

    @Test func resultsComeInInputOrder() throws {
        var next = 0
        var seen: [Int] = []
        try BlockPipeline.run(
            workers: 2, maxInFlight: 4,
            next: { () -> Int? in
                defer { next += 1 }
                return next < 1_000 ? next : nil
            },
            process: { _, n in n * 2 },
            consume: { seen.append($0) })
        #expect(seen == (0..<1_000).map { $0 * 2 })
    }

    /// A reading error comes after every input read before it is consumed.
    @Test func aReadingErrorFollowsTheInputsReadBeforeIt() {
        var next = 0
        var seen: [Int] = []
        let error = #expect(throws: Stop.self) {
            try BlockPipeline.run(
                workers: 2, maxInFlight: 4,
                next: { () throws -> Int? in
                    if next == 50 { throw Stop(at: next) }
                    defer { next += 1 }
                    return next
                },
                process: { _, n in n },
                consume: { seen.append($0) })
        }
        #expect(error == Stop(at: 50))
        #expect(seen == Array(0..<50))
    }

    /// A consuming error stops reading: at most `maxInFlight` inputs are read past it.
    @Test func aConsumingErrorStopsReading() {
        let reads = Counter()
        let error = #expect(throws: Stop.self) {
            try BlockPipeline.run(
                workers: 2, maxInFlight: 4,
                next: { () -> Int? in
                    reads.add()
                    return reads.value <= 100_000 ? reads.value : nil
                },
                process: { _, n in n },
                consume: { n in if n == 10 { throw Stop(at: n) } })
        }
        #expect(error == Stop(at: 10))
        #expect(reads.value <= 10 + 4 + 1)
    }

    /// Many short runs, each with its own reading thread: the reading closure never outlives
    /// a run (Swift traps when a closure given to `withoutActuallyEscaping` escapes).
    @Test func manyShortRunsLetGoOfTheReadingClosure() throws {
        for run in 0..<300 {
            var next = 0
            var total = 0
            try BlockPipeline.run(
                workers: 2, maxInFlight: 2,
                next: { () -> Int? in
                    defer { next += 1 }
                    return next < run % 4 ? next : nil
                },
                process: { _, n in n },
                consume: { total += $0 })
            #expect(total == (0..<(run % 4)).reduce(0, +))
        }
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        var value: Int { lock.withLock { count } }
        func add() { lock.withLock { count += 1 } }
    }
}
