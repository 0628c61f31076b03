import Dispatch

/// Maps independent items on all cores, keeping their order.
enum ParallelMap {
    /// `transform` applied to every item, results in input order.
    ///
    /// - Complexity: O(*n*) calls to `transform`, spread over the cores.
    static func map<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
        guard items.count > 1 else { return items.map(transform) }
        let slots = SlotArray<R>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: items.count) { i in
            slots.set(i, transform(items[i]))
        }
        return slots.values()
    }
}

/// Results written by index from several threads; each index is written exactly once.
/// A raw buffer rather than an array property, so that writes from several threads do not
/// trip Swift's dynamic exclusivity checks.
private final class SlotArray<R: Sendable>: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<R?>

    init(count: Int) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil)
    }

    deinit {
        storage.deinitialize()
        storage.deallocate()
    }

    func set(_ i: Int, _ value: R) { storage[i] = value }

    func values() -> [R] { storage.map { $0! } }
}
