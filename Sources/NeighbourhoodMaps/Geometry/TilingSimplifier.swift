public import NeighbourhoodGeometry

/// Simplifies a tiling of areas (such as the LSOAs of a force) for drawing, keeping it a
/// tiling: neighbours still meet along identical simplified edges, so no slivers or gaps
/// appear between them.
///
/// Method: positions are snapped to a grid of `tolerance` metres (the drawing's pixel size),
/// then every ring is cut at *junctions*, positions with other than two distinct neighbouring
/// positions over the whole tiling (where three areas meet, or a shared edge meets the outer
/// edge), and each arc between two junctions is simplified by Douglas-Peucker (Douglas and
/// Peucker 1973) in one canonical direction, so both areas sharing it get the same result.
/// Rings without a junction are anchored at their smallest position and the position
/// farthest from it. A ring left with fewer than three distinct positions (an area smaller
/// than a pixel) is dropped from the drawing. For display only: analysis always uses the
/// full geometry.
public struct TilingSimplifier: Sendable {
    /// The tolerance in the geometry's units (metres in British National Grid).
    public let tolerance: Double

    /// Creates a simplifier.
    ///
    /// - Throws: ``MapError`` with code `.invalidOption` when `tolerance` is not positive.
    public init(tolerance: Double) throws(MapError) {
        guard tolerance > 0, tolerance.isFinite else {
            throw MapError(.invalidOption, "the simplification tolerance must be a positive number of metres; got \(tolerance)")
        }
        self.tolerance = tolerance
    }

    /// Simplified rings of each geometry: `result[i][p]` holds the rings (outer first, then
    /// holes; closed) of part `p` of `geometries[i]`; collapsed rings are left out, and a
    /// part whose outer ring collapsed is empty.
    ///
    /// - Complexity: O(*n* log *n*) for *n* positions (Douglas-Peucker's worst case is
    ///   quadratic per arc).
    public func simplify(_ geometries: [MultiPolygon]) -> [[[[Point]]]] {
        let snapped = geometries.map { geometry in
            geometry.polygons.map { polygon in polygon.rings.map(snap) }
        }
        // Distinct neighbours of every snapped position, over the whole tiling.
        var neighbours: [Point: NeighbourSet] = [:]
        for geometry in snapped {
            for part in geometry {
                for ring in part where ring.count >= 2 {
                    for i in 0..<(ring.count - 1) {
                        neighbours[ring[i], default: NeighbourSet()].insert(ring[i + 1])
                        neighbours[ring[i + 1], default: NeighbourSet()].insert(ring[i])
                    }
                }
            }
        }
        var arcs: [ArcKey: [Point]] = [:]
        return snapped.map { geometry in
            geometry.map { part in
                var rings: [[Point]] = []
                for (r, ring) in part.enumerated() {
                    let simplified = simplifyRing(ring, neighbours: neighbours, arcs: &arcs)
                    if Set(simplified).count >= 3 {
                        rings.append(simplified)
                    } else if r == 0 {
                        return []
                    }
                }
                return rings
            }
        }
    }

    /// Snaps positions to the tolerance grid and drops consecutive repeats; the ring stays closed.
    func snap(_ ring: [Point]) -> [Point] {
        var out: [Point] = []
        out.reserveCapacity(ring.count)
        for p in ring {
            let q = Point(x: (p.x / tolerance).rounded() * tolerance, y: (p.y / tolerance).rounded() * tolerance)
            if out.last != q { out.append(q) }
        }
        if out.count > 1, out.first != out.last { out.append(out[0]) }
        return out
    }

    private func simplifyRing(_ ring: [Point], neighbours: [Point: NeighbourSet], arcs: inout [ArcKey: [Point]]) -> [Point] {
        let open = Array(ring.dropLast())
        guard open.count >= 3 else { return ring }
        var anchors = open.indices.filter { neighbours[open[$0]]?.isJunction ?? true }
        if anchors.isEmpty {
            let first = open.indices.min { Self.less(open[$0], open[$1]) }!
            let far = open.indices.max { distanceSquared(open[$0], open[first]) < distanceSquared(open[$1], open[first]) }!
            anchors = first == far ? [first] : [first, far].sorted()
        }
        var out: [Point] = []
        for (k, start) in anchors.enumerated() {
            let end = k + 1 < anchors.count ? anchors[k + 1] : anchors[0] + open.count
            var arc: [Point] = []
            for i in start...end { arc.append(open[i % open.count]) }
            let simplified = canonical(arc, arcs: &arcs)
            out.append(contentsOf: simplified.dropLast())
        }
        out.append(out[0])
        return out
    }

    /// Simplifies `arc` in the direction that starts at the smaller end, caching by its ends
    /// and length so the neighbour sharing it reuses the same answer.
    private func canonical(_ arc: [Point], arcs: inout [ArcKey: [Point]]) -> [Point] {
        let forward = !Self.less(arc[arc.count - 1], arc[0])
        let oriented = forward ? arc : arc.reversed()
        let key = ArcKey(first: oriented[0], second: oriented[1], last: oriented[oriented.count - 1], count: oriented.count)
        let simplified: [Point]
        if let cached = arcs[key] {
            simplified = cached
        } else {
            simplified = douglasPeucker(oriented)
            arcs[key] = simplified
        }
        return forward ? simplified : simplified.reversed()
    }

    /// Douglas-Peucker, iterative, keeping both ends.
    func douglasPeucker(_ points: [Point]) -> [Point] {
        guard points.count > 2 else { return points }
        var keep = [Bool](repeating: false, count: points.count)
        keep[0] = true
        keep[points.count - 1] = true
        var stack = [(0, points.count - 1)]
        let limit = tolerance * tolerance
        while let (a, b) = stack.popLast() {
            guard b > a + 1 else { continue }
            var best = -1.0
            var index = a
            for i in (a + 1)..<b {
                let d = segmentDistanceSquared(points[i], points[a], points[b])
                if d > best { best = d; index = i }
            }
            if best > limit {
                keep[index] = true
                stack.append((a, index))
                stack.append((index, b))
            }
        }
        return points.indices.filter { keep[$0] }.map { points[$0] }
    }

    static func less(_ a: Point, _ b: Point) -> Bool { a.x != b.x ? a.x < b.x : a.y < b.y }
}

/// Up to two distinct neighbours, then "more".
struct NeighbourSet {
    var first: Point?
    var second: Point?
    var more = false

    mutating func insert(_ p: Point) {
        if first == nil || first == p { first = p; return }
        if second == nil || second == p { second = p; return }
        more = true
    }

    /// Other than exactly two distinct neighbours.
    var isJunction: Bool { more || second == nil }
}

struct ArcKey: Hashable {
    var first: Point
    var second: Point
    var last: Point
    var count: Int
}

func distanceSquared(_ a: Point, _ b: Point) -> Double {
    let dx = a.x - b.x
    let dy = a.y - b.y
    return dx * dx + dy * dy
}

/// Squared distance from `p` to the segment `a`-`b`.
func segmentDistanceSquared(_ p: Point, _ a: Point, _ b: Point) -> Double {
    let dx = b.x - a.x
    let dy = b.y - a.y
    let length = dx * dx + dy * dy
    guard length > 0 else { return distanceSquared(p, a) }
    let t = Swift.max(0, Swift.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / length))
    return distanceSquared(p, Point(x: a.x + t * dx, y: a.y + t * dy))
}
