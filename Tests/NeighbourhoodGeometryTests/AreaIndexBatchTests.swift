import Testing
@testable import NeighbourhoodGeometry

/// Batch lookups sort points by grid tile before looking them up; these tests check that the
/// answers are those of point-by-point lookup whatever the order, chunking and tile size.
@Suite struct AreaIndexBatchTests {
    /// Points of every awkward kind for `areas`: uniform, clustered in random order, every
    /// vertex, edge midpoints (on shared edges), and non-finite or far-away points.
    static func awkwardPoints(_ areas: [MultiPolygon], extent: Double, count: Int, seed: UInt64) -> [Point] {
        var rng = SplitMix64(state: seed)
        var points: [Point] = []
        for _ in 0..<count / 2 {
            points.append(Point(Double.random(in: -0.5...(extent + 0.5), using: &rng),
                                Double.random(in: -0.5...(extent + 0.5), using: &rng)))
        }
        let centres = areas.map(\.interiorPoint)
        for _ in 0..<count / 2 {
            let c = centres[Int.random(in: 0..<centres.count, using: &rng)]
            points.append(Point(c.x + Double.random(in: -0.6...0.6, using: &rng),
                                c.y + Double.random(in: -0.6...0.6, using: &rng)))
        }
        for area in areas {
            let ring = area.polygons[0].exterior
            for k in 0..<(ring.count - 1) {
                let a = ring[k], b = ring[k + 1]
                points.append(a)
                points.append(Point((a.x + b.x) / 2, (a.y + b.y) / 2))
            }
        }
        points += [Point(.nan, 1), Point(1, .nan), Point(.infinity, 1), Point(1, -.infinity),
                   Point(.nan, .nan), Point(-1e300, 1e300), Point(extent, extent), Point(0, 0)]
        points.shuffle(using: &rng)
        return points
    }

    @Test(arguments: [(12, UInt64(7)), (60, UInt64(8))])
    func tileOrderedBatchesMatchSingleLookups(n: Int, seed: UInt64) {
        let areas = jitteredTiling(n: n, seed: seed)
        let index = AreaIndex(areas: areas)
        if n == 60 { #expect(index.tiling.shift > 0, "the larger grid should need tiles of several cells") }
        #expect(index.tiling.tileCount <= AreaIndex.maximumTileCount)
        let points = Self.awkwardPoints(areas, extent: Double(n), count: 300_000, seed: seed)
        let batch = index.locate(points)
        var mismatches = 0
        for (p, found) in zip(points, batch) where found != Int32(index.area(containing: p) ?? -1) {
            mismatches += 1
        }
        #expect(mismatches == 0)
        // Against brute force too, on a sample that holds vertices and shared-edge midpoints.
        let vertices = Set(areas.flatMap { $0.polygons[0].exterior })
        var sampled = 0
        for (p, found) in zip(points, batch) where sampled < 4_000 || vertices.contains(p) && sampled < 6_000 {
            sampled += 1
            #expect(found == Int32(areas.firstIndex { $0.contains(p) } ?? -1), "\(p)")
        }
    }

    @Test(arguments: [(1, 1), (5, 3), (16, 16), (17, 33), (300, 2), (1_000, 300)])
    func tileLayoutStoresEveryCellOnceAndEachTileTogether(columns: Int, rows: Int) {
        let tiling = TileLayout(columns: columns, rows: rows)
        #expect(tiling.tileCount <= AreaIndex.maximumTileCount)
        var seen = [Bool](repeating: false, count: tiling.cellCount)
        let tileCells = 1 << (2 * tiling.shift)
        var outOfRange = 0, twice = 0, elsewhere = 0
        for row in 0..<rows {
            for column in 0..<columns {
                let cell = tiling.cellIndex(row: row, column: column)
                guard cell >= 0 && cell < tiling.cellCount else { outOfRange += 1; continue }
                if seen[cell] { twice += 1 }
                seen[cell] = true
                // The cell's tile, numbered row by row, holds positions tile * tileCells ..< +tileCells.
                let tile = (row >> tiling.shift) * tiling.tileColumns + column >> tiling.shift
                if cell / tileCells != tile { elsewhere += 1 }
            }
        }
        #expect(outOfRange == 0 && twice == 0 && elsewhere == 0)
        #expect(seen.filter { $0 }.count == columns * rows)
    }

    @Test func subRangesAreAnsweredInPlaceAndTheRestIsUntouched() {
        let areas = jitteredTiling(n: 20, seed: 4)
        let index = AreaIndex(areas: areas)
        let points = Self.awkwardPoints(areas, extent: 20, count: 40_000, seed: 9)
        var output = [Int32](repeating: 99, count: points.count)
        let range = 1_234..<(points.count - 777)
        points.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                index.locateInTileOrder(input, into: out, range: range)
            }
        }
        for i in points.indices {
            let expected: Int32 = range.contains(i) ? Int32(index.area(containing: points[i]) ?? -1) : 99
            #expect(output[i] == expected)
        }
    }

    @Test func emptyAndTinyBatches() {
        let index = AreaIndex(areas: jitteredTiling(n: 3, seed: 1))
        #expect(index.locate([]) == [])
        #expect(index.locate([Point(1.5, 1.5), Point(.nan, 0)]) == [Int32(index.area(containing: Point(1.5, 1.5))!), -1])
    }
}
