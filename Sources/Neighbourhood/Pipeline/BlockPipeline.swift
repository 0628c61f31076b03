import Dispatch
import Foundation

/// Runs `process` over a stream of inputs on several worker threads and hands the results
/// to `consume` in input order, with a bounded number of inputs in flight (flat memory).
///
/// The calling thread reads inputs and consumes results; workers only process. Worker `w`
/// always receives its own index so it can keep per-thread state such as a PROJ context.
enum BlockPipeline {
    static func run<Input: Sendable, Output: Sendable>(
        workers: Int,
        maxInFlight: Int,
        next: () throws -> Input?,
        process: @escaping @Sendable (Int, Input) -> Output,
        consume: (Output) throws -> Void
    ) throws {
        let state = PipelineState<Input, Output>()
        let group = DispatchGroup()
        for w in 0..<workers {
            DispatchQueue.global(qos: .userInitiated).async(group: group) {
                while let (index, input) = state.take() {
                    state.deliver(index, process(w, input))
                }
            }
        }
        defer {
            state.finish()
            group.wait()
        }
        var read = 0, consumed = 0, exhausted = false
        while true {
            while !exhausted, read - consumed < maxInFlight {
                if let input = try next() {
                    state.offer(read, input)
                    read += 1
                } else {
                    exhausted = true
                }
            }
            if exhausted, consumed == read { break }
            try consume(state.wait(for: consumed))
            consumed += 1
        }
    }
}

private final class PipelineState<Input, Output>: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [(Int, Input)] = []
    private var head = 0
    private var results: [Int: Output] = [:]
    private var finished = false

    func offer(_ index: Int, _ input: Input) {
        condition.lock()
        queue.append((index, input))
        condition.broadcast()
        condition.unlock()
    }

    func take() -> (Int, Input)? {
        condition.lock()
        defer { condition.unlock() }
        while head == queue.count, !finished { condition.wait() }
        guard head < queue.count else { return nil }
        let item = queue[head]
        head += 1
        if head > 64, head * 2 > queue.count {
            queue.removeFirst(head)
            head = 0
        }
        return item
    }

    func deliver(_ index: Int, _ output: Output) {
        condition.lock()
        results[index] = output
        condition.broadcast()
        condition.unlock()
    }

    func wait(for index: Int) -> Output {
        condition.lock()
        defer { condition.unlock() }
        while results[index] == nil { condition.wait() }
        return results.removeValue(forKey: index)!
    }

    func finish() {
        condition.lock()
        finished = true
        queue.removeAll()
        head = 0
        condition.broadcast()
        condition.unlock()
    }
}
