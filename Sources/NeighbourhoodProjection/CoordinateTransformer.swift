internal import CProj
import NeighbourhoodGeometry

/// A PROJ transformation between two CRSs, bound to its own PROJ context.
///
/// Not `Sendable`: use it from one thread at a time, and make one per thread from a
/// ``CoordinateTransformation`` (PROJ objects must not be shared between threads).
/// Coordinates are always in x = longitude/easting, y = latitude/northing order.
public final class CoordinateTransformer {
    private let context: ProjContext
    private let operation: ProjObject
    /// The CRS of input coordinates, as given.
    public let source: String
    /// The CRS of output coordinates, as given.
    public let target: String
    /// The operation PROJ chose, as a PROJ string or its description
    /// (e.g. `+proj=pipeline +step +proj=axisswap ... +proj=tmerc ...`).
    public let definition: String

    /// Creates a transformer from `source` to `target`.
    ///
    /// - Throws: ``ProjectionError`` with PROJ's own message when a CRS is unknown or no
    ///   transformation exists.
    public init(from source: String, to target: String) throws(ProjectionError) {
        let context = try ProjContext()
        // Check each CRS first so the message says which one is wrong.
        _ = try context.crs(source)
        _ = try context.crs(target)
        guard let raw = proj_create_crs_to_crs(context.handle, source, target, nil) else {
            throw ProjectionError(
                .noTransformation,
                "no transformation from '\(source)' to '\(target)': \(context.lastError())")
        }
        let rawObject = ProjObject(raw)
        guard let normalised = proj_normalize_for_visualization(context.handle, rawObject.handle) else {
            throw ProjectionError(
                .noTransformation,
                "cannot put '\(source)' to '\(target)' in x/y order: \(context.lastError())")
        }
        self.context = context
        self.operation = ProjObject(normalised)
        self.source = source
        self.target = target
        let info = proj_pj_info(normalised)
        if let text = proj_as_proj_string(context.handle, normalised, PJ_PROJ_5, nil) {
            definition = String(cString: text)
        } else if let text = info.definition {
            definition = String(cString: text)
        } else {
            definition = info.description.map { String(cString: $0) } ?? "\(source) -> \(target)"
        }
    }

    /// Transforms the points in place. Points PROJ cannot transform become
    /// `(+infinity, +infinity)`; the number of such points is returned.
    ///
    /// - Complexity: O(*n*), one call into PROJ for the whole batch.
    @discardableResult
    public func transform(_ points: UnsafeMutableBufferPointer<Point>, inverse: Bool = false) -> Int {
        guard let base = points.baseAddress, points.count > 0 else { return 0 }
        let stride = MemoryLayout<Point>.stride
        let raw = UnsafeMutableRawPointer(base)
        let xs = raw.assumingMemoryBound(to: Double.self)
        let ys = (raw + MemoryLayout<Point>.offset(of: \Point.y)!).assumingMemoryBound(to: Double.self)
        proj_errno_reset(operation.handle)
        _ = proj_trans_generic(
            operation.handle, inverse ? PJ_INV : PJ_FWD,
            xs, stride, points.count, ys, stride, points.count, nil, 0, 0, nil, 0, 0)
        var failures = 0
        for i in 0..<points.count where !points[i].isFinite {
            points[i] = Point(x: .infinity, y: .infinity)
            failures += 1
        }
        return failures
    }

    /// Transforms an array of points in place; returns how many failed (now infinite).
    @discardableResult
    public func transform(_ points: inout [Point], inverse: Bool = false) -> Int {
        points.withUnsafeMutableBufferPointer { transform($0, inverse: inverse) }
    }

    /// Transforms one point.
    ///
    /// - Throws: ``ProjectionError`` (`.transformFailed`) with PROJ's message.
    public func transform(_ point: Point, inverse: Bool = false) throws(ProjectionError) -> Point {
        var result = [point]
        if transform(&result, inverse: inverse) > 0 {
            let code = proj_errno(operation.handle)
            let message = code != 0
                ? String(cString: proj_context_errno_string(context.handle, code))
                : "result is not finite"
            throw ProjectionError(
                .transformFailed,
                "cannot transform \(point) from '\(inverse ? target : source)' to '\(inverse ? source : target)': \(message)")
        }
        return result[0]
    }
}
