import Foundation
import Neighbourhood
import Testing

/// District outlines by shared-edge removal against shapely's `unary_union`, and display
/// simplification that keeps the tiling a tiling, on the 1,388 bundled West Yorkshire LSOAs.
@Suite struct DissolveAndSimplifyTests {
    static func rings(of district: String, in geometries: [[[[Point]]]]? = nil) -> [[Point]] {
        let layer = westYorkshire.workingLayer
        return layer.areas.indices.filter { westYorkshire.parentIDs[$0] == district }.flatMap { i in
            geometries.map { $0[i].flatMap { $0 } } ?? layer.areas[i].geometry.polygons.flatMap(\.rings)
        }
    }

    /// Each district's outline has shapely's boundary length (to 1 mm per district) and closes
    /// into as many rings as shapely finds parts and holes.
    @Test(arguments: MapsReference.shared.outlines.map(\.district))
    func outlineMatchesShapelyUnion(_ district: String) {
        let reference = MapsReference.shared.outlines.first { $0.district == district }!
        let lines = OutlineDissolve.outline(Self.rings(of: district))
        #expect(abs(length(lines) - reference.boundary_length_m) < 1e-3, "\(district): \(length(lines)) m vs shapely \(reference.boundary_length_m) m")
        let closed = lines.filter { $0.first == $0.last }
        #expect(closed.count == lines.count, "every outline line closes")
        #expect(lines.count == reference.parts + reference.holes)
    }

    @Test func dissolvingSquaresRemovesTheSharedEdge() {
        let a = [Point(0, 0), Point(1, 0), Point(1, 1), Point(0, 1), Point(0, 0)]
        let b = [Point(1, 0), Point(2, 0), Point(2, 1), Point(1, 1), Point(1, 0)]
        let lines = OutlineDissolve.outline([a, b])
        #expect(lines.count == 1)
        #expect(abs(length(lines) - 6) < 1e-12)
        // The network of two groups draws the shared edge once.
        #expect(abs(length(OutlineDissolve.network(of: [[a], [b]])) - 7) < 1e-12)
    }

    /// Simplified at 25, 100 and 200 m (the report draws West Yorkshire at about 100 m a pixel), the tiling has no gaps or overlaps: the whole area's
    /// outline is still one line per original outline ring, every edge is used by at most two
    /// rings, and neighbours still share an edge.
    @Test(arguments: [25.0, 100.0, 200.0])
    func simplificationKeepsNeighboursTogether(_ tolerance: Double) throws {
        let layer = westYorkshire.workingLayer
        let simplified = try TilingSimplifier(tolerance: tolerance).simplify(layer.areas.map(\.geometry))
        let before = layer.areas.flatMap { $0.geometry.polygons.flatMap(\.rings) }
        let after = simplified.flatMap { $0.flatMap { $0 } }
        let outlineBefore = OutlineDissolve.outline(before)
        let outlineAfter = OutlineDissolve.outline(after)
        #expect(outlineAfter.count == outlineBefore.count)
        #expect(length(outlineAfter) <= length(outlineBefore))
        #expect(after.reduce(0) { $0 + $1.count } < before.reduce(0) { $0 + $1.count })

        var uses: [[Double]: Int] = [:]
        for ring in after {
            for (p, q) in zip(ring, ring.dropFirst()) {
                let key = p.x < q.x || (p.x == q.x && p.y < q.y) ? [p.x, p.y, q.x, q.y] : [q.x, q.y, p.x, p.y]
                uses[key, default: 0] += 1
            }
        }
        let overused = uses.filter { $0.value > 2 }
        #expect(overused.isEmpty, "\(overused.count) of \(uses.count) edges used more than twice: \(overused.prefix(3))")

        func edges(_ rings: [[Point]]) -> Set<[Double]> {
            var s = Set<[Double]>()
            for ring in rings {
                for (p, q) in zip(ring, ring.dropFirst()) {
                    s.insert(p.x < q.x || (p.x == q.x && p.y < q.y) ? [p.x, p.y, q.x, q.y] : [q.x, q.y, p.x, p.y])
                }
            }
            return s
        }
        let originalEdges = layer.areas.map { edges($0.geometry.polygons.flatMap(\.rings)) }
        let simplifiedEdges = simplified.map { edges($0.flatMap { $0 }) }
        var pairs = 0
        var kept = 0
        var owner: [[Double]: Int] = [:]
        for (i, set) in originalEdges.enumerated() {
            for e in set {
                if let j = owner[e], j != i { pairs += 1; if !simplifiedEdges[i].isDisjoint(with: simplifiedEdges[j]) { kept += 1 } }
                owner[e] = i
            }
        }
        #expect(pairs > 0)
        // Neighbours whose whole shared boundary fell below the tolerance may only touch.
        #expect(Double(kept) / Double(pairs) > (tolerance <= 100 ? 0.97 : 0.9), "\(kept) of \(pairs) shared edges still shared")
    }

    @Test func toleranceMustBePositive() {
        #expect(throws: MapError.self) { try TilingSimplifier(tolerance: 0) }
        #expect(throws: MapError.self) { try TilingSimplifier(tolerance: .nan) }
    }
}
