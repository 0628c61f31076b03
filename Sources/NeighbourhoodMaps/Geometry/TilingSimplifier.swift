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
/// farthest from it. Two arcs between the same junctions (the sides of a thin area) keep at
/// least their farthest position so the area does not vanish, and spikes (`a b a`) that
/// snapping folds into a ring are removed. A ring left with fewer than three distinct
/// positions (an area smaller than a pixel) is dropped from the drawing; at tolerances well
/// above the areas' width an area can still fold to a line. For display only: analysis
/// always uses the full geometry.
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
        // Arcs between the same two junctions (the two sides of a thin area) must not both
        // collapse onto the straight segment, or the area between them vanishes and the
        // segment is used by more than two rings: such arcs keep their farthest point.
        var arcsBetween: [Pair: Set<ArcKey>] = [:]
        for geometry in snapped {
            for part in geometry {
                for ring in part {
                    for arc in arcs(of: ring, neighbours: neighbours) {
                        let oriented = Self.oriented(arc)
                        arcsBetween[Pair(oriented[0], oriented[oriented.count - 1]), default: []].insert(ArcKey(oriented))
                    }
                }
            }
        }
        var cache: [ArcKey: [Point]] = [:]
        return snapped.map { geometry in
            geometry.map { part in
                var rings: [[Point]] = []
                for (r, ring) in part.enumerated() {
                    var out: [Point] = []
                    for arc in arcs(of: ring, neighbours: neighbours) {
                        let forward = !Self.less(arc[arc.count - 1], arc[0])
                        let oriented = forward ? arc : arc.reversed()
                        let key = ArcKey(oriented)
                        var simplified: [Point]
                        if let cached = cache[key] {
                            simplified = cached
                        } else {
                            simplified = douglasPeucker(oriented)
                            let shared = (arcsBetween[Pair(oriented[0], oriented[oriented.count - 1])]?.count ?? 0) > 1
                            if simplified.count == 2, oriented.count > 2, shared || oriented[0] == oriented[oriented.count - 1] {
                                simplified.insert(farthest(oriented), at: 1)
                            }
                            cache[key] = simplified
                        }
                        out.append(contentsOf: (forward ? simplified : simplified.reversed()).dropLast())
                    }
                    out = Self.withoutSpikes(out)
                    if let first = out.first { out.append(first) }
                    if Set(out).count >= 3 {
                        rings.append(out)
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

    /// The ring cut into arcs at junctions, each arc from one junction to the next inclusive
    /// (the last wraps to the first); a ring without junctions is cut at its smallest position
    /// and the position farthest from it.
    private func arcs(of ring: [Point], neighbours: [Point: NeighbourSet]) -> [[Point]] {
        let open = Array(ring.dropLast())
        guard open.count >= 3 else { return ring.count >= 2 ? [ring] : [] }
        var anchors = open.indices.filter { neighbours[open[$0]]?.isJunction ?? true }
        if anchors.isEmpty {
            let first = open.indices.min { Self.less(open[$0], open[$1]) }!
            let far = open.indices.max { distanceSquared(open[$0], open[first]) < distanceSquared(open[$1], open[first]) }!
            anchors = first == far ? [first] : [first, far].sorted()
        }
        return anchors.enumerated().map { k, start in
            let end = k + 1 < anchors.count ? anchors[k + 1] : anchors[0] + open.count
            return (start...end).map { open[$0 % open.count] }
        }
    }

    /// An open ring (first position not repeated) without spikes `a b a`, where snapping
    /// folded an arc back on itself; the wrap-around is checked too.
    static func withoutSpikes(_ open: [Point]) -> [Point] {
        var out: [Point] = []
        out.reserveCapacity(open.count)
        for p in open {
            if out.count >= 2, out[out.count - 2] == p {
                out.removeLast()
            } else if out.last != p {
                out.append(p)
            }
        }
        // Spikes across the start: ... y | x y ... or a trailing repeat of the first position.
        while out.count >= 3 {
            if out[out.count - 1] == out[0] {
                out.removeLast()
            } else if out[out.count - 1] == out[1] {
                out.removeFirst()
                out.removeLast()
            } else if out[out.count - 2] == out[0] {
                out.removeLast()
            } else {
                break
            }
        }
        return out
    }

    /// `arc` starting at its smaller end.
    static func oriented(_ arc: [Point]) -> [Point] {
        less(arc[arc.count - 1], arc[0]) ? arc.reversed() : arc
    }

    /// The interior position of `arc` farthest from the segment joining its ends.
    private func farthest(_ arc: [Point]) -> Point {
        let a = arc[0]
        let b = arc[arc.count - 1]
        return arc[1..<(arc.count - 1)].max { segmentDistanceSquared($0, a, b) < segmentDistanceSquared($1, a, b) }!
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

/// An arc, oriented from its smaller end, identified by its ends, second position and length.
struct ArcKey: Hashable {
    var first: Point
    var second: Point
    var last: Point
    var count: Int

    init(_ oriented: [Point]) {
        first = oriented[0]
        second = oriented[1]
        last = oriented[oriented.count - 1]
        count = oriented.count
    }
}

/// An unordered pair of positions.
struct Pair: Hashable {
    var a: Point
    var b: Point

    init(_ p: Point, _ q: Point) {
        if TilingSimplifier.less(p, q) { a = p; b = q } else { a = q; b = p }
    }
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
