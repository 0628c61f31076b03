internal import CProj
import NeighbourhoodGeometry

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A ``CoordinateTransformer``'s native route for WGS 84 ↔ British National Grid: which way
/// round the transformer runs, the boxes inside which points skip PROJ, and the checks that
/// decide whether the route may be used at all.
///
/// The route is taken only when PROJ's own operation for the transformer, at a point in
/// Great Britain, is exactly ``NativeBritishNationalGrid``'s pipeline (so a different PROJ,
/// or an installed OSTN15 grid that makes PROJ choose another operation, keeps PROJ), and
/// when PROJ and the native code agree within 1 mm on check points across Great Britain in
/// both directions. Points outside the operation's area of use, or not finite, always go to
/// PROJ.
struct NativeFastPath: Sendable {
    /// Which way the transformer's forward direction runs.
    enum Orientation: Sendable {
        /// Source is WGS 84 longitude/latitude, target British National Grid.
        case geographicToGrid
        /// Source is British National Grid, target WGS 84 longitude/latitude.
        case gridToGeographic
    }

    /// The transformer's forward direction.
    let orientation: Orientation
    /// The computation.
    let native = NativeBritishNationalGrid()
    /// Longitude/latitude box (degrees) inside which geographic points are computed natively:
    /// the operation's area of use less 10⁻⁷° on each side.
    let geographicBox: BoundingBox
    /// Easting/northing box (metres) inside which grid points are computed natively: PROJ's
    /// box for the area of use less 1 m on each side.
    let gridBox: BoundingBox

    /// The environment variable that switches the route off when set to `0`, `false`, `no`
    /// or `off`.
    static let environmentVariable = "NBHD_PROJ_NATIVE"

    /// Largest disagreement with PROJ, in metres, that the construction-time check accepts.
    static let tolerance = 0.001

    /// Check points (longitude, latitude) across Great Britain: Leeds, London, Edinburgh,
    /// Penzance, Lerwick, Stornoway, Lowestoft, Cardiff, Glasgow, the Scilly Isles, and two
    /// points near opposite corners of the area of use.
    static let checkPoints: [Point] = [
        Point(-1.5491, 53.7997), Point(-0.1276, 51.5072), Point(-3.1883, 55.9533), Point(-5.5372, 50.1186),
        Point(-1.1454, 60.1530), Point(-6.3872, 58.2093), Point(1.7510, 52.4750), Point(-3.1791, 51.4816),
        Point(-4.2518, 55.8642), Point(-6.3000, 49.9200), Point(-8.7, 49.85), Point(1.85, 60.9),
    ]

    /// Whether an environment value (of ``environmentVariable``) allows the route: anything
    /// but `0`, `false`, `no` or `off` (any case); unset allows it.
    static func isAllowed(environmentValue: String?) -> Bool {
        guard let value = environmentValue?.lowercased() else { return true }
        return !["0", "false", "no", "off"].contains(value)
    }

    /// Whether the process environment allows the route.
    static var isAllowedByEnvironment: Bool {
        isAllowed(environmentValue: getenv(environmentVariable).map { String(cString: $0) })
    }

    /// The route for `operation` if PROJ chose ``NativeBritishNationalGrid``'s pipeline and
    /// the two agree on ``checkPoints`` in both directions, else `nil`.
    ///
    /// - Complexity: O(1): a few dozen single-point PROJ calls.
    static func verified(context: ProjContext, operation: ProjObject) -> NativeFastPath? {
        defer { proj_errno_reset(operation.handle) }
        let probe = PROJProbe(context: context, operation: operation)
        let orientation: Orientation
        let area: BoundingBox
        if let used = probe.operation(at: Point(-2, 54), .forward),
            sameOperation(used.definition, NativeBritishNationalGrid.geographicToGridPipeline) {
            orientation = .geographicToGrid
            area = used.area
        } else if let used = probe.operation(at: Point(400_000, 500_000), .forward),
            sameOperation(used.definition, NativeBritishNationalGrid.gridToGeographicPipeline) {
            orientation = .gridToGeographic
            area = used.area
        } else {
            return nil
        }
        guard area.minX < area.maxX, area.minY < area.maxY else { return nil }
        let native = NativeBritishNationalGrid()
        let grid = native.gridBox(ofGeographic: area)
        let path = NativeFastPath(
            orientation: orientation,
            geographicBox: BoundingBox(
                minX: area.minX + 1e-7, minY: area.minY + 1e-7, maxX: area.maxX - 1e-7, maxY: area.maxY - 1e-7),
            gridBox: BoundingBox(minX: grid.minX + 1, minY: grid.minY + 1, maxX: grid.maxX - 1, maxY: grid.maxY - 1))
        return path.agreesWithPROJ(probe) ? path : nil
    }

    /// Whether PROJ's `operation` and this route agree within ``tolerance`` on every check
    /// point, to the grid and back.
    func agreesWithPROJ(context: ProjContext, operation: ProjObject) -> Bool {
        defer { proj_errno_reset(operation.handle) }
        return agreesWithPROJ(PROJProbe(context: context, operation: operation))
    }

    /// Whether PROJ and the native code agree within ``tolerance`` on every check point, to
    /// the grid and back. (Any other operation PROJ might pick for a check point, such as the
    /// ballpark one, is tens of metres away, so agreement also shows which one PROJ used.)
    private func agreesWithPROJ(_ probe: PROJProbe) -> Bool {
        let toGrid: PROJProbe.Direction = orientation == .geographicToGrid ? .forward : .inverse
        let toGeographic: PROJProbe.Direction = orientation == .geographicToGrid ? .inverse : .forward
        for point in Self.checkPoints {
            guard contains(point, toGrid: true), let projGrid = probe.transform(point, toGrid),
                contains(projGrid, toGrid: false), let projGeographic = probe.transform(projGrid, toGeographic)
            else { return false }
            let nativeGrid = native.gridPoint(longitude: point.x, latitude: point.y)
            guard abs(nativeGrid.x - projGrid.x) <= Self.tolerance, abs(nativeGrid.y - projGrid.y) <= Self.tolerance
            else { return false }
            let nativeGeographic = native.geographicPoint(easting: projGrid.x, northing: projGrid.y)
            let metresPerDegree = 111_320.0
            let dx = (nativeGeographic.x - projGeographic.x) * metresPerDegree * cos(point.y * .pi / 180)
            let dy = (nativeGeographic.y - projGeographic.y) * metresPerDegree
            guard abs(dx) <= Self.tolerance, abs(dy) <= Self.tolerance else { return false }
        }
        return true
    }

    /// Whether `point` lies strictly inside the box for its kind (NaN and infinities never do).
    @inline(__always)
    func contains(_ point: Point, toGrid: Bool) -> Bool {
        let box = toGrid ? geographicBox : gridBox
        return point.x > box.minX && point.x < box.maxX && point.y > box.minY && point.y < box.maxY
    }

    /// Transforms the points inside the box natively, in place, towards the grid when `toGrid`
    /// (else towards WGS 84), and appends the indices of all other points to `others`.
    ///
    /// - Complexity: O(*n*).
    func transform(_ points: UnsafeMutableBufferPointer<Point>, toGrid: Bool, others: inout [Int]) {
        if toGrid {
            for i in points.indices {
                let p = points[i]
                if contains(p, toGrid: true) {
                    points[i] = native.gridPoint(longitude: p.x, latitude: p.y)
                } else {
                    others.append(i)
                }
            }
        } else {
            for i in points.indices {
                let p = points[i]
                if contains(p, toGrid: false) {
                    points[i] = native.geographicPoint(easting: p.x, northing: p.y)
                } else {
                    others.append(i)
                }
            }
        }
    }

    /// Whether two PROJ strings describe the same pipeline, parameter by parameter: the same
    /// tokens in the same order, numeric values compared as numbers (so `+k=0.9996012717`
    /// and `+k=9.996012717e-1` match).
    static func sameOperation(_ a: String, _ b: String) -> Bool {
        let left = a.split(whereSeparator: \.isWhitespace), right = b.split(whereSeparator: \.isWhitespace)
        guard left.count == right.count else { return false }
        for (l, r) in zip(left, right) where l != r {
            let lp = l.split(separator: "=", maxSplits: 1), rp = r.split(separator: "=", maxSplits: 1)
            guard lp.count == 2, rp.count == 2, lp[0] == rp[0],
                let lv = Double(lp[1]), let rv = Double(rp[1]), lv == rv
            else { return false }
        }
        return true
    }
}

/// Single-point calls into a transformer's PROJ operation that also report which of PROJ's
/// candidate operations was used (`proj_trans_get_last_used_operation`).
private struct PROJProbe {
    let context: ProjContext
    let operation: ProjObject

    /// PROJ's direction.
    enum Direction { case forward, inverse }

    /// The operation PROJ used for one point: its PROJ string and its area of use.
    struct Used {
        var definition: String
        var area: BoundingBox
    }

    /// Transforms one point with PROJ, or `nil` if PROJ failed.
    func transform(_ point: Point, _ direction: Direction) -> Point? {
        let result = proj_trans(
            operation.handle, direction == .forward ? PJ_FWD : PJ_INV, proj_coord(point.x, point.y, 0, 0))
        let out = Point(x: result.xy.x, y: result.xy.y)
        return out.isFinite ? out : nil
    }

    /// The operation PROJ used for `point`.
    func operation(at point: Point, _ direction: Direction) -> Used? {
        transform(point, direction) == nil ? nil : lastUsed()
    }

    private func lastUsed() -> Used? {
        guard let handle = proj_trans_get_last_used_operation(operation.handle) else { return nil }
        let used = ProjObject(handle)
        guard let text = proj_as_proj_string(context.handle, used.handle, PJ_PROJ_5, nil) else { return nil }
        var west = 0.0, south = 0.0, east = 0.0, north = 0.0
        guard proj_get_area_of_use(context.handle, used.handle, &west, &south, &east, &north, nil) != 0 else {
            return nil
        }
        return Used(definition: String(cString: text), area: BoundingBox(minX: west, minY: south, maxX: east, maxY: north))
    }
}
