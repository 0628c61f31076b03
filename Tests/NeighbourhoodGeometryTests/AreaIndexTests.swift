import Testing
@_exported import NeighbourhoodTestSupport
@testable import NeighbourhoodGeometry

/// A tiling of an n x n grid whose inner vertices are jittered, so edges are slanted and
/// shared exactly by neighbours.
func jitteredTiling(n: Int, seed: UInt64) -> [MultiPolygon] {
    var rng = SplitMix64(state: seed)
    var vertex = [[Point]]()
    for i in 0...n {
        var row = [Point]()
        for j in 0...n {
            let jx = (i == 0 || i == n) ? 0 : Double.random(in: -0.3...0.3, using: &rng)
            let jy = (j == 0 || j == n) ? 0 : Double.random(in: -0.3...0.3, using: &rng)
            row.append(Point(Double(i) + jx, Double(j) + jy))
        }
        vertex.append(row)
    }
    var areas: [MultiPolygon] = []
    for i in 0..<n {
        for j in 0..<n {
            let ring = [vertex[i][j], vertex[i + 1][j], vertex[i + 1][j + 1], vertex[i][j + 1], vertex[i][j]]
            areas.append(MultiPolygon(try! Polygon(exterior: ring)))
        }
    }
    return areas
}

@Suite struct AreaIndexTests {
    @Test func agreesWithBruteForceOnRandomAndBoundaryPoints() {
        let areas = jitteredTiling(n: 12, seed: 7)
        let index = AreaIndex(areas: areas)
        var rng = SplitMix64(state: 99)
        var points: [Point] = []
        for _ in 0..<20_000 {
            points.append(Point(Double.random(in: -0.5...12.5, using: &rng), Double.random(in: -0.5...12.5, using: &rng)))
        }
        // Every vertex, and points along shared edges.
        for area in areas {
            let ring = area.polygons[0].exterior
            for k in 0..<(ring.count - 1) {
                points.append(ring[k])
                let a = ring[k], b = ring[k + 1]
                points.append(Point((a.x + b.x) / 2, (a.y + b.y) / 2))
            }
        }
        let found = index.locate(points)
        var mismatches = 0
        for (p, f) in zip(points, found) {
            let owners = areas.indices.filter { areas[$0].contains(p) }
            #expect(owners.count <= 1, "point \(p) in \(owners)")
            let expected = owners.first.map(Int32.init) ?? -1
            if expected != f { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }

    @Test func interiorOfTheTilingIsCoveredExactlyOnce() {
        let areas = jitteredTiling(n: 6, seed: 3)
        let index = AreaIndex(areas: areas)
        var rng = SplitMix64(state: 5)
        for _ in 0..<5_000 {
            let p = Point(Double.random(in: 0.01...5.99, using: &rng), Double.random(in: 0.01...5.99, using: &rng))
            #expect(index.area(containing: p) != nil, "gap at \(p)")
        }
    }

    /// Extreme but valid layers (found while fuzzing): a strip 2e12 wide and a nanometre
    /// high, and squares at opposite corners of the accepted range, size their grids without
    /// overflow and still answer exactly as brute force does.
    @Test func extremeExtentsBuildAndAnswerExactly() throws {
        let limit = Polygon.coordinateLimit
        let strip = try Polygon(exterior: [
            Point(-limit, 0), Point(limit, 0), Point(limit, 1e-9), Point(-limit, 1e-9), Point(-limit, 0)])
        let far = try Polygon(exterior: [
            Point(limit - 1, limit - 1), Point(limit, limit - 1), Point(limit, limit), Point(limit - 1, limit), Point(limit - 1, limit - 1)])
        let near = try Polygon(exterior: [Point(-limit, -limit), Point(-limit + 1, -limit), Point(-limit + 1, -limit + 1), Point(-limit, -limit)])
        for areas in [[MultiPolygon(strip)], [MultiPolygon(far), MultiPolygon(near)], [MultiPolygon(strip), MultiPolygon(far)]] {
            let index = AreaIndex(areas: areas)
            let probes = [Point(0, 5e-10), Point(1e11, 5e-10), Point(0, 2e-9), Point(limit - 0.5, limit - 0.5),
                          Point(-limit + 0.25, -limit + 0.5), Point(0, 0), Point(-limit * 0.999, 1e-10)]
            for p in probes {
                let expected = areas.firstIndex { $0.contains(p) }
                #expect(index.area(containing: p) == expected, "\(p)")
            }
        }
        #expect(throws: GeometryError.self) { try Polygon(exterior: [Point(0, 0), Point(2e12, 0), Point(1, 1), Point(0, 0)]) }
    }

    @Test func holesAndEnclavesAreRespected() throws {
        let outer = try Polygon(exterior: square(0, 0, 10, 10), holes: [square(3, 3, 6, 6)])
        let enclave = try Polygon(exterior: square(3, 3, 6, 6))
        let index = AreaIndex(areas: [MultiPolygon(outer), MultiPolygon(enclave)])
        #expect(index.area(containing: Point(1, 1)) == 0)
        #expect(index.area(containing: Point(4, 4)) == 1)
        #expect(index.area(containing: Point(3, 4)) == 1)  // west edge of the enclave goes east
        #expect(index.area(containing: Point(6, 4)) == 0)  // its east edge goes to the outer area
        #expect(index.area(containing: Point(20, 4)) == nil)
        #expect(index.area(containing: Point(.nan, 4)) == nil)
    }

    @Test func overlappingAreasGoToTheFirst() throws {
        let a = MultiPolygon(try Polygon(exterior: square(0, 0, 4, 4)))
        let b = MultiPolygon(try Polygon(exterior: square(2, 2, 6, 6)))
        let index = AreaIndex(areas: [a, b])
        #expect(index.area(containing: Point(3, 3)) == 0)
        #expect(index.area(containing: Point(5, 5)) == 1)
    }

    @Test func largeBatchesUseAllCoresAndMatchSingleLookups() {
        let areas = jitteredTiling(n: 20, seed: 11)
        let index = AreaIndex(areas: areas)
        var rng = SplitMix64(state: 1)
        let points = (0..<300_000).map { _ in
            Point(Double.random(in: 0...20, using: &rng), Double.random(in: 0...20, using: &rng))
        }
        let batch = index.locate(points)
        for i in stride(from: 0, to: points.count, by: 997) {
            #expect(batch[i] == Int32(index.area(containing: points[i]) ?? -1))
        }
    }
}
