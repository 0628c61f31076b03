import Dispatch
import Foundation

/// Runs `process` over a stream of inputs on several worker threads and hands the results
/// to `consume` in input order, with a bounded number of inputs in flight (flat memory).
///
/// Inputs are read on a thread of their own, so that the calling thread, which consumes the
/// results (for an import, the one thread that writes to the store), does nothing else.
/// Worker `w` always receives its own index so it can keep per-thread state such as a PROJ
/// context. When reading fails, the inputs read before the failure are still processed and
/// consumed, then the reading error is thrown; when consuming fails, reading stops.
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
        try withoutActuallyEscaping(next) { next in
            // `next` runs on the reading thread only. The thread drops its reference before
            // signalling `readingDone`, which this scope waits for, so `next` does not
            // outlive the call (the `Thread` object itself may live on a little).
            let reading = ReadingClosure(next)
            let readingDone = DispatchSemaphore(value: 0)
            let thread = Thread {
                var read = 0
                do {
                    while state.waitForRoom(read: read, maxInFlight: maxInFlight), let next = reading.next {
                        guard let input = try next() else { break }
                        state.offer(read, input)
                        read += 1
                    }
                    state.endInput(count: read, error: nil)
                } catch {
                    state.endInput(count: read, error: error)
                }
                reading.release()
                readingDone.signal()
            }
            thread.stackSize = 1 << 23
            thread.start()
            defer {
                state.finish()
                readingDone.wait()
                reading.release()
            }
            var consumed = 0
            while let output = try state.result(consumed) {
                try consume(output)
                consumed += 1
                state.didConsume(consumed)
            }
        }
    }
}

/// The reading closure, handed to the reading thread. Unchecked: it is called on that thread
/// alone, and released there (under the lock) before ``BlockPipeline/run`` returns.
private final class ReadingClosure<Input>: @unchecked Sendable {
    private let lock = NSLock()
    private var closure: (() throws -> Input?)?

    init(_ closure: @escaping () throws -> Input?) { self.closure = closure }

    /// The closure, or `nil` once released.
    var next: (() throws -> Input?)? { lock.withLock { closure } }

    /// Drops the closure.
    func release() { lock.withLock { closure = nil } }
}

private final class PipelineState<Input, Output>: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [(Int, Input)] = []
    private var head = 0
    private var results: [Int: Output] = [:]
    private var finished = false
    /// Inputs consumed so far, inputs read in all (once reading has ended) and its error.
    private var consumed = 0
    private var inputCount: Int?
    private var readingError: (any Error)?

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

    /// Waits until fewer than `maxInFlight` of the `read` inputs are unconsumed; false when
    /// the pipeline is finishing (reading should stop).
    func waitForRoom(read: Int, maxInFlight: Int) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while !finished, read - consumed >= maxInFlight { condition.wait() }
        return !finished
    }

    /// Records that reading ended after `count` inputs, with `error` if it failed.
    func endInput(count: Int, error: (any Error)?) {
        condition.lock()
        inputCount = count
        readingError = error
        condition.broadcast()
        condition.unlock()
    }

    /// Records that the first `count` results are consumed.
    func didConsume(_ count: Int) {
        condition.lock()
        consumed = count
        condition.broadcast()
        condition.unlock()
    }

    /// Result `index`, once processed; `nil` after the last input; the reading error, if
    /// reading failed, once every input read before it is consumed.
    func result(_ index: Int) throws -> Output? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let output = results.removeValue(forKey: index) { return output }
            if let inputCount, index >= inputCount {
                if let readingError { throw readingError }
                return nil
            }
            condition.wait()
        }
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
