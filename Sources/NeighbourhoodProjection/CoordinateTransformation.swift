import Dispatch
import NeighbourhoodGeometry

/// A transformation between two CRSs, as a value: what to do, not the PROJ objects that do it.
///
/// Create a ``CoordinateTransformer`` from it on each thread that transforms, or call
/// ``transform(_:)`` to have a batch split across cores with one PROJ context per worker.
/// Axis order is always x = longitude/easting, y = latitude/northing, whatever the CRS's
/// official order (EPSG:4326 is latitude-first by the book).
public struct CoordinateTransformation: Sendable, Hashable {
    /// The CRS of input coordinates.
    public var source: String
    /// The CRS of output coordinates.
    public var target: String

    /// Describes a transformation from `source` to `target`.
    public init(from source: String, to target: String) {
        self.source = source
        self.target = target
    }

    /// The reverse transformation.
    public var inverse: CoordinateTransformation {
        CoordinateTransformation(from: target, to: source)
    }

    /// Creates the PROJ objects for this transformation, owned by the caller's thread.
    ///
    /// - Throws: ``ProjectionError`` with PROJ's message when a CRS is unknown or no
    ///   transformation exists.
    public func makeTransformer() throws(ProjectionError) -> CoordinateTransformer {
        try CoordinateTransformer(from: source, to: target)
    }

    /// Transforms `points` in place, splitting large batches across cores, each worker with
    /// its own PROJ context. Points that PROJ cannot transform become infinite; the number of
    /// such points is returned.
    ///
    /// - Complexity: O(*n*).
    @discardableResult
    public func transform(_ points: inout [Point]) throws(ProjectionError) -> Int {
        let chunk = 131_072
        if points.count <= chunk {
            return try makeTransformer().transform(&points)
        }
        let workers = max(1, min(System.activeProcessorCount, (points.count + chunk - 1) / chunk))
        var transformers: [CoordinateTransformer] = []
        for _ in 0..<workers { transformers.append(try makeTransformer()) }
        let n = points.count
        let failures = FailureTally(workers: workers)
        nonisolated(unsafe) let owned = transformers
        points.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let all = buffer
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                let lower = n * w / workers, upper = n * (w + 1) / workers
                let slice = UnsafeMutableBufferPointer(rebasing: all[lower..<upper])
                failures.set(w, owned[w].transform(slice))
            }
        }
        return failures.total
    }
}

/// Per-worker failure counts written from concurrent workers, each to its own slot.
private final class FailureTally: @unchecked Sendable {
    private var counts: [Int]
    init(workers: Int) { counts = Array(repeating: 0, count: workers) }
    func set(_ worker: Int, _ value: Int) { counts[worker] = value }
    var total: Int { counts.reduce(0, +) }
}

/// Facts about the machine.
public enum System {
    /// The number of processors available to this process.
    public static var activeProcessorCount: Int {
        #if canImport(Glibc)
        return Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        #else
        return 2
        #endif
    }
}

#if canImport(Glibc)
import Glibc
#endif
