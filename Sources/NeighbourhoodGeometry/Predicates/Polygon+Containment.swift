/// Point-in-polygon tests.
///
/// ## The shared-edge rule
///
/// ``contains(_:)`` answers with the *half-open crossing-number rule*: cast a ray from the
/// point towards +x (east); count the edges it crosses, where an edge counts when the point's
/// y lies in `[lower y, upper y)` of that edge and the point is strictly to the left of it.
/// An odd count means inside. Horizontal edges never count. The effect is that a point lying
/// exactly on a boundary is treated as if it were moved an infinitesimal step east (+x), and,
/// when that still leaves it on a horizontal edge, an infinitesimal step north (+y).
///
/// Because the rule looks only at the point and the edge (ordered by y, so both neighbours see
/// the same edge the same way) and the orientation test is exact, **a point on an edge shared
/// by two polygons of a tiling is contained by exactly one of them**: the one to its east, or
/// for a horizontal edge the one to its north; a shared vertex goes to the polygon that holds
/// the wedge just north-east of it. ``position(of:)`` reports such points as `.onBoundary`.
extension Polygon {
    /// Whether `point` belongs to the polygon under the half-open rule described above.
    ///
    /// Points on the boundary are included or excluded by that rule, so that tilings
    /// partition the plane with no double counting.
    ///
    /// - Complexity: O(*n*) in the number of edges. Use ``AreaIndex`` for many points.
    public func contains(_ point: Point) -> Bool {
        var inside = false
        for ring in rings where Polygon.crossesOddly(ring: ring, point: point) {
            inside.toggle()
        }
        return inside
    }

    /// Where `point` lies: `.inside`, `.onBoundary` (exactly on an edge or vertex of any
    /// ring) or `.outside` (including inside a hole).
    ///
    /// - Complexity: O(*n*) in the number of edges.
    public func position(of point: Point) -> Position {
        for ring in rings where Polygon.ringTouches(ring: ring, point: point) {
            return .onBoundary
        }
        return contains(point) ? .inside : .outside
    }

    /// Crossing parity of an eastward ray from `point` against one ring.
    static func crossesOddly(ring: [Point], point: Point) -> Bool {
        var odd = false
        for i in 0..<(ring.count - 1) {
            let a = ring[i], b = ring[i + 1]
            if edgeCrossesEastRay(a, b, point) { odd.toggle() }
        }
        return odd
    }

    /// Whether `point` lies exactly on some edge of `ring`.
    static func ringTouches(ring: [Point], point: Point) -> Bool {
        for i in 0..<(ring.count - 1) {
            let a = ring[i], b = ring[i + 1]
            guard point.x >= min(a.x, b.x), point.x <= max(a.x, b.x),
                point.y >= min(a.y, b.y), point.y <= max(a.y, b.y)
            else { continue }
            if Orientation(a, b, point) == .collinear { return true }
        }
        return false
    }
}

/// Whether edge `a`–`b` counts as a crossing for an eastward ray from `p` under the
/// half-open rule. The edge is first ordered by y so both polygons sharing it agree.
@inlinable
func edgeCrossesEastRay(_ a: Point, _ b: Point, _ p: Point) -> Bool {
    let (low, high) = a.y < b.y ? (a, b) : (b, a)
    guard p.y >= low.y, p.y < high.y else { return false }
    return orient2DSign(low.x, low.y, high.x, high.y, p.x, p.y) > 0
}

extension MultiPolygon {
    /// Whether any part contains `point` under the half-open rule of ``Polygon/contains(_:)``.
    ///
    /// - Complexity: O(*n*) in the number of edges.
    public func contains(_ point: Point) -> Bool {
        polygons.contains { $0.contains(point) }
    }

    /// Where `point` lies relative to the union of the parts.
    ///
    /// - Complexity: O(*n*) in the number of edges.
    public func position(of point: Point) -> Position {
        var inside = false
        for polygon in polygons {
            switch polygon.position(of: point) {
            case .onBoundary: return .onBoundary
            case .inside: inside = true
            case .outside: break
            }
        }
        return inside ? .inside : .outside
    }
}
