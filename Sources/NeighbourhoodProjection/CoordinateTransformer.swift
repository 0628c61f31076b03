internal import CProj
import NeighbourhoodGeometry

/// A PROJ transformation between two CRSs, bound to its own PROJ context.
///
/// Not `Sendable`: use it from one thread at a time, and make one per thread from a
/// ``CoordinateTransformation`` (PROJ objects must not be shared between threads).
/// Coordinates are always in x = longitude/easting, y = latitude/northing order.
///
/// Between WGS 84 and British National Grid, points inside PROJ's area of use for the
/// transformation are computed natively (``usesNativeFastPath``) when PROJ's chosen operation
/// is the 7-parameter Helmert pipeline and the two agree within 1 mm on check points; all other
/// points, and all other transformations, go to PROJ.
public final class CoordinateTransformer {
    let context: ProjContext
    let operation: ProjObject
    let fastPath: NativeFastPath?
    /// The CRS of input coordinates, as given.
    public let source: String
    /// The CRS of output coordinates, as given.
    public let target: String
    /// The operation PROJ chose, as a PROJ string or its description
    /// (e.g. `+proj=pipeline +step +proj=axisswap ... +proj=tmerc ...`).
    public let definition: String

    /// Whether points inside the operation's area of use skip PROJ and are computed in Swift
    /// (``NativeBritishNationalGrid``'s steps, the same as PROJ's to well under a millimetre).
    /// True only for WGS 84 ↔ British National Grid when PROJ chose its Helmert pipeline (no
    /// OSTN15 grid installed), the construction-time check against PROJ passed, and neither
    /// `allowingNativeFastPath: false` nor the environment variable `NBHD_PROJ_NATIVE=0` turned
    /// it off.
    public var usesNativeFastPath: Bool { fastPath != nil }

    /// Creates a transformer from `source` to `target`.
    ///
    /// - Parameters:
    ///   - source: The CRS of input coordinates.
    ///   - target: The CRS of output coordinates.
    ///   - allowingNativeFastPath: Pass `false` to send every point to PROJ (see
    ///     ``usesNativeFastPath``); setting `NBHD_PROJ_NATIVE=0` in the environment does the same.
    /// - Throws: ``ProjectionError`` with PROJ's own message when a CRS is unknown or no
    ///   transformation exists.
    /// - Complexity: O(1): PROJ's database lookups, and a few dozen single-point checks when
    ///   the native path may apply.
    public init(from source: String, to target: String, allowingNativeFastPath: Bool = true) throws(ProjectionError) {
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
        fastPath = allowingNativeFastPath && NativeFastPath.isAllowedByEnvironment
            ? NativeFastPath.verified(context: context, operation: operation) : nil
    }

    /// Transforms the points in place. Points PROJ cannot transform become
    /// `(+infinity, +infinity)`; the number of such points is returned.
    ///
    /// - Complexity: O(*n*): with ``usesNativeFastPath``, points inside the area of use are
    ///   computed in Swift and the rest gathered into one call into PROJ; else one call into
    ///   PROJ for the whole batch.
    @discardableResult
    public func transform(_ points: UnsafeMutableBufferPointer<Point>, inverse: Bool = false) -> Int {
        guard let fastPath, points.count > 0 else { return transformWithPROJ(points, inverse: inverse) }
        var others: [Int] = []
        fastPath.transform(points, toGrid: (fastPath.orientation == .geographicToGrid) != inverse, others: &others)
        if others.isEmpty { return 0 }
        var rest = others.map { points[$0] }
        let failures = rest.withUnsafeMutableBufferPointer { transformWithPROJ($0, inverse: inverse) }
        for (k, i) in others.enumerated() { points[i] = rest[k] }
        return failures
    }

    /// Transforms all the points with PROJ, in one call.
    private func transformWithPROJ(_ points: UnsafeMutableBufferPointer<Point>, inverse: Bool) -> Int {
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
