import Dispatch
import Synchronization

/// A value computed on another thread while the caller does something else; ``value()``
/// waits for it (and rethrows what the work threw). Shared by the pipeline (hashing a file
/// while layers load) and the store (encoding postings while the R-tree is packed).
package final class BackgroundResult<Value: Sendable>: Sendable {
    private let result = Mutex<Result<Value, any Error>?>(nil)
    private let done = DispatchSemaphore(value: 0)

    /// Starts `work` on a global queue.
    package init(_ work: @escaping @Sendable () throws -> Value) {
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            let outcome = Result { try work() }
            result.withLock { $0 = outcome }
            done.signal()
        }
    }

    /// The value, once `work` has finished.
    package func value() throws -> Value {
        done.wait()
        done.signal()  // later calls return at once
        return try result.withLock { $0! }.get()
    }
}
