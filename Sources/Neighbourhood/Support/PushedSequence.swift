import Dispatch
import Foundation
import Synchronization

/// Turns a producer that pushes elements into a callback (such as a database cursor that
/// must be read inside its own closure) into a `Sequence` a consumer pulls from (such as a
/// writer that takes a sequence inside *its* closure), with at most `capacity` elements in
/// between. The producer runs on a thread of its own; memory stays bounded whatever the
/// number of elements.
///
/// Iterate it once. After iteration, ``finish()`` rethrows the producer's error, if any. If
/// the consumer stops early, ``cancel()`` releases the producer, which then stops with
/// `CancellationError`.
final class PushedSequence<Element: Sendable>: Sequence, IteratorProtocol, @unchecked Sendable {
    private struct State {
        var buffer: [Element] = []
        var head = 0
        var done = false
        var cancelled = false
        var error: (any Error)?
    }

    private let state = Mutex(State())
    private let slots: DispatchSemaphore
    private let items = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private let capacity: Int

    /// Starts `produce` on a new thread; it calls its argument once per element.
    init(capacity: Int = 4096, _ produce: @escaping @Sendable (_ yield: (Element) throws -> Void) throws -> Void) {
        self.capacity = capacity
        slots = DispatchSemaphore(value: capacity)
        let thread = Thread { [self] in
            do {
                try produce { element in
                    slots.wait()
                    let cancelled = state.withLock { s -> Bool in
                        if !s.cancelled { s.buffer.append(element) }
                        return s.cancelled
                    }
                    if cancelled { throw CancellationError() }
                    items.signal()
                }
            } catch {
                state.withLock { $0.error = error }
            }
            state.withLock { $0.done = true }
            items.signal()
            finished.signal()
        }
        thread.start()
    }

    /// The next element, waiting for the producer; `nil` once it has finished.
    func next() -> Element? {
        items.wait()
        let element = state.withLock { s -> Element? in
            guard s.head < s.buffer.count else { return nil }
            let element = s.buffer[s.head]
            s.head += 1
            if s.head > 1024, s.head * 2 > s.buffer.count {
                s.buffer.removeFirst(s.head)
                s.head = 0
            }
            return element
        }
        if element != nil {
            slots.signal()
        } else {
            items.signal()  // stay at the end for any further call
        }
        return element
    }

    /// Waits for the producer to end and rethrows its error, if any.
    func finish() throws {
        finished.wait()
        finished.signal()
        if let error = state.withLock({ $0.error }), !(error is CancellationError) { throw error }
    }

    /// Tells the producer to stop and waits for it.
    func cancel() {
        state.withLock { $0.cancelled = true }
        for _ in 0..<capacity { slots.signal() }
        finished.wait()
        finished.signal()
    }
}
