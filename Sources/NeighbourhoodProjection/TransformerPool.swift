import Synchronization

/// Idle ``CoordinateTransformer``s kept for reuse, so that a process that runs many jobs
/// (a library user, a test suite, a fuzzer, `nbhd report` running several analyses) pays for
/// PROJ's set-up — looking both CRSs and the operation up in `proj.db` — once per
/// transformation and thread rather than once per job.
///
/// A transformer taken from the pool belongs to the taker until it is given back; PROJ
/// objects may move between threads as long as one thread uses them at a time, which the
/// pool's hand-over guarantees.
public final class TransformerPool: Sendable {
    /// The process-wide pool.
    public static let shared = TransformerPool()

    private struct Key: Hashable {
        var source: String
        var target: String
    }

    private final class Box: @unchecked Sendable {
        let transformer: CoordinateTransformer
        init(_ transformer: CoordinateTransformer) { self.transformer = transformer }
    }

    private let idle = Mutex<[Key: [Box]]>([:])
    /// Idle transformers kept per transformation; more are released.
    public let capacityPerTransformation: Int

    /// Creates an empty pool keeping at most `capacityPerTransformation` idle transformers
    /// per (source, target) pair.
    public init(capacityPerTransformation: Int = 16) {
        self.capacityPerTransformation = capacityPerTransformation
    }

    /// An idle transformer from `source` to `target`, or a new one.
    ///
    /// - Throws: ``ProjectionError`` with PROJ's message when a new one cannot be made.
    public func take(from source: String, to target: String) throws(ProjectionError) -> CoordinateTransformer {
        let key = Key(source: source, target: target)
        let reused = idle.withLock { $0[key]?.popLast() }
        if let reused { return reused.transformer }
        return try CoordinateTransformer(from: source, to: target)
    }

    /// Gives `transformer` back for reuse; the caller must not use it afterwards.
    public func giveBack(_ transformer: CoordinateTransformer) {
        let key = Key(source: transformer.source, target: transformer.target)
        let box = Box(transformer)
        idle.withLock { pool in
            if pool[key, default: []].count < capacityPerTransformation { pool[key, default: []].append(box) }
        }
    }
}
