public import NeighbourhoodGeometry

/// District outlines from their member neighbourhoods, by shared-edge removal on the tiling:
/// an edge used by two members of one group is interior and dropped; the edges left are
/// chained into lines. Exact on a clean tiling (neighbours share their vertices, as in ONS's
/// generalised boundaries and after ``TilingSimplifier``); an edge shared only partially
/// (a vertex on one side and not the other) is kept on both sides and draws as a line over
/// the interior.
public enum OutlineDissolve {
    /// Outline lines of each group: `groups[k]` are the rings of the members of group `k`
    /// (closed, any orientation); the result's `[k]` are polylines covering the group's
    /// boundary (closed where a whole boundary ring was chained).
    ///
    /// - Complexity: O(*e*) expected for *e* edges.
    public static func outlines(of groups: [[[Point]]]) -> [[[Point]]] {
        groups.map(outline)
    }

    /// The boundary lines of one group of rings.
    public static func outline(_ rings: [[Point]]) -> [[Point]] {
        chain(boundaryEdges(rings))
    }

    /// The boundaries of all groups as one network, each edge once: the lines between
    /// groups and around the outside, as a map draws district boundaries.
    ///
    /// - Complexity: O(*e*) expected for *e* edges.
    public static func network(of groups: [[[Point]]]) -> [[Point]] {
        var seen = Set<Edge>()
        var edges: [Edge] = []
        for group in groups {
            for edge in boundaryEdges(group) where seen.insert(edge).inserted { edges.append(edge) }
        }
        return chain(edges)
    }

    /// Edges of `rings` used exactly once, in first-seen order.
    static func boundaryEdges(_ rings: [[Point]]) -> [Edge] {
        var uses: [Edge: Int] = [:]
        var order: [Edge] = []
        for ring in rings where ring.count >= 2 {
            for i in 0..<(ring.count - 1) where ring[i] != ring[i + 1] {
                let edge = Edge(ring[i], ring[i + 1])
                uses[edge, default: 0] += 1
                if uses[edge] == 1 { order.append(edge) }
            }
        }
        return order.filter { uses[$0] == 1 }
    }

    /// Chains edges into as few polylines as a greedy walk finds.
    static func chain(_ edges: [Edge]) -> [[Point]] {
        var adjacency: [Point: [Point]] = [:]
        for edge in edges {
            adjacency[edge.a, default: []].append(edge.b)
            adjacency[edge.b, default: []].append(edge.a)
        }
        var used = Set<Edge>()
        var lines: [[Point]] = []
        for edge in edges where !used.contains(edge) {
            used.insert(edge)
            var line = [edge.a, edge.b]
            // Extend forward from the end, then backward from the start.
            for _ in 0..<2 {
                while let next = adjacency[line[line.count - 1]]?.first(where: { !used.contains(Edge(line[line.count - 1], $0)) }) {
                    used.insert(Edge(line[line.count - 1], next))
                    line.append(next)
                }
                line.reverse()
            }
            lines.append(line)
        }
        return lines
    }

    /// An undirected edge.
    struct Edge: Hashable {
        let a: Point
        let b: Point

        init(_ p: Point, _ q: Point) {
            if TilingSimplifier.less(p, q) { a = p; b = q } else { a = q; b = p }
        }
    }
}
