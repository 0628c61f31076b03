import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Has the kernel write the store file's dirty pages to disk every half second while an
/// import runs, from a thread of its own, so that the commit's `fsync` finds little left to
/// write. Without it, a 10 M-row import spent its last two seconds or so waiting for about
/// a gigabyte to reach the disk, with nothing else to do (BENCHMARKS.md).
///
/// It only starts writes the kernel would make anyway (Linux's `sync_file_range` with
/// `SYNC_FILE_RANGE_WRITE`: no waiting, no ordering, no change to what SQLite's journal and
/// syncs guarantee). Where that call is missing it does nothing.
final class BackgroundWriteback: Sendable {
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private let running: Bool

    private typealias SyncFileRange = @convention(c) (Int32, Int64, Int64, UInt32) -> Int32
    /// `sync_file_range`, looked up at run time: Swift's Glibc module leaves out GNU-only calls.
    private static let syncFileRange: SyncFileRange? = {
        #if os(Linux)
        guard let symbol = dlsym(nil, "sync_file_range") else { return nil }
        return unsafeBitCast(symbol, to: SyncFileRange.self)
        #else
        return nil
        #endif
    }()
    private static let syncFileRangeWrite: UInt32 = 2

    /// Starts writing back `path`'s dirty pages every `interval` seconds until ``stop()``.
    init(path: String, interval: Double = 0.5) {
        guard let call = Self.syncFileRange else {
            running = false
            return
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            running = false
            return
        }
        running = true
        let wake = self.wake, finished = self.finished
        let thread = Thread {
            while wake.wait(timeout: .now() + interval) == .timedOut {
                _ = call(fd, 0, 0, Self.syncFileRangeWrite)
            }
            close(fd)
            finished.signal()
        }
        thread.name = "nbhd-writeback"
        thread.start()
    }

    /// Stops the thread and waits for it to end.
    func stop() {
        guard running else { return }
        wake.signal()
        finished.wait()
    }
}
