import Foundation
import NeighbourhoodGeometry
import Testing

@testable import NeighbourhoodAnalytics

@Suite("Spatial weights")
struct SpatialWeightsTests {
    let grid: RegularGrid

    init() throws {
        grid = try RegularGrid(originX: 400_000, originY: 420_000, cellSize: 250, columns: 7, rows: 5)
    }

    @Test("a band of exactly one cell reaches the four rook neighbours, not the diagonals")
    func bandOfOneCellIsRook() throws {
        let w = try SpatialWeights.distanceBand(on: grid, band: 250)
        let centre = grid.cell(column: 3, row: 2)
        #expect(w.neighbours(of: centre).map(Int.init) == [centre - 7, centre - 1, centre + 1, centre + 7])
        #expect(w == (try SpatialWeights.rook(on: grid)))
        #expect(w.cardinality(of: 0) == 2)  // a corner
    }

    @Test(
        "the stencil is inclusive and robust to rounding",
        arguments: [
            (250.0 * 2.0.squareRoot(), 8), (353.553, 4), (500.0, 12), (499.9999, 8),
            (250.0 * 5.0.squareRoot(), 20), (0.1 * 2500 * 5.0.squareRoot(), 20), (249.0, 0),
        ])
    func stencilSizes(band: Double, expected: Int) throws {
        let w = try SpatialWeights.distanceBand(on: grid, band: band)
        #expect(w.cardinality(of: grid.cell(column: 3, row: 2)) == expected)
        #expect(w.isSymmetric)
    }

    @Test("queen contiguity equals a band of √2 cells; the self flag adds no stored links")
    func queenIsBandOfRootTwo() throws {
        let queen = try SpatialWeights.queen(on: grid)
        #expect(queen == (try SpatialWeights.distanceBand(on: grid, band: 250 * 2.0.squareRoot())))
        #expect(queen.cardinality(of: grid.cell(column: 3, row: 2)) == 8)
        #expect(queen.linkCount == 2 * (7 * 4 + 6 * 5) + 4 * 6 * 4)
        let star = queen.includingSelf()
        #expect(star.includesSelf && star.neighbours == queen.neighbours)
    }

    @Test("masked cells are neither observations nor neighbours")
    func maskRemovesCells() throws {
        var mask = [Bool](repeating: true, count: grid.cellCount)
        let centre = grid.cell(column: 3, row: 2)
        mask[centre] = false
        mask[grid.cell(column: 0, row: 0)] = false
        let w = try SpatialWeights.queen(on: grid, mask: mask)
        #expect(w.count == grid.cellCount - 2)
        #expect(!w.ids.contains(centre) && w.ids == w.ids.sorted())
        let west = try #require(w.ids.firstIndex(of: centre - 1))
        #expect(w.cardinality(of: west) == 7)
        #expect(w.neighbours(of: west).allSatisfy { w.ids[Int($0)] != centre })
        #expect(w.isSymmetric)
    }

    @Test("the default band is the largest nearest-neighbour distance, exactly")
    func defaultBandOnGrid() throws {
        #expect(try SpatialWeights.defaultBand(on: grid) == 250)
        var mask = [Bool](repeating: false, count: grid.cellCount)
        mask[grid.cell(column: 0, row: 0)] = true
        mask[grid.cell(column: 1, row: 0)] = true
        mask[grid.cell(column: 6, row: 3)] = true  // nearest: (1, 0), offset (5, 3)
        let band = try SpatialWeights.defaultBand(on: grid, mask: mask)
        #expect(band == 250 * 34.0.squareRoot())
        let w = try SpatialWeights.distanceBand(on: grid, band: band, mask: mask)
        #expect(w.islands.isEmpty)
        #expect(w.neighbours(of: 2).map(Int.init) == [1])
    }

    @Test("points by distance band and default band agree with libpysal on esda's example")
    func pointsMatchLibpysal() throws {
        let fixture = try ReferenceFixture("local-stats-six-points.json")
        let points = fixture.list("points").map { pair -> Point in
            let xy = (pair as! [Any]).map { ($0 as! NSNumber).doubleValue }
            return Point(x: xy[0], y: xy[1])
        }
        let expected = fixture.list("neighbours").map { ($0 as! [Any]).map { ($0 as! NSNumber).intValue } }
        let w = try SpatialWeights.distanceBand(points: points, band: fixture.double("threshold"))
        #expect((0..<w.count).map { w.neighbours(of: $0).map(Int.init) } == expected)
        // Nearest-neighbour distances: 10, 10, √200 for (40,10), √125 for (15,20), 10, 10.
        #expect(try SpatialWeights.defaultBand(points: points) == 200.0.squareRoot())
        let banded = try SpatialWeights.distanceBand(points: points, band: try SpatialWeights.defaultBand(points: points))
        #expect(banded.islands.isEmpty)
    }

    @Test("points far apart on a bucket grid find the same pairs as brute force")
    func pointsAgainstBruteForce() throws {
        var generator = SeededGenerator(seed: 99)
        let points = (0..<600).map { _ in
            Point(x: Double(generator.next(below: 20_000)) / 3, y: Double(generator.next(below: 5_000)) / 7)
        }
        for band in [1.0, 80.0, 333.0, 5_000.0] {
            let w = try SpatialWeights.distanceBand(points: points, band: band)
            for i in stride(from: 0, to: points.count, by: 37) {
                let brute = points.indices.filter {
                    $0 != i && (points[$0].x - points[i].x) * (points[$0].x - points[i].x)
                        + (points[$0].y - points[i].y) * (points[$0].y - points[i].y) <= band * band
                }
                #expect(w.neighbours(of: i).map(Int.init) == brute, "band \(band), point \(i)")
            }
        }
        let nearest = points.indices.map { i in
            points.indices.filter { $0 != i }.map {
                (points[$0].x - points[i].x) * (points[$0].x - points[i].x) + (points[$0].y - points[i].y) * (points[$0].y - points[i].y)
            }.min()!
        }
        #expect(try SpatialWeights.defaultBand(points: points) == nearest.max()!.squareRoot())
    }

    @Test("bad bands, masks and point sets give clear errors")
    func errors() throws {
        #expect(throws: GridError.self) { try SpatialWeights.distanceBand(on: grid, band: 0) }
        #expect(throws: GridError.self) { try SpatialWeights.distanceBand(on: grid, band: .nan) }
        #expect(throws: GridError.self) { try SpatialWeights.queen(on: grid, mask: [true]) }
        let none = [Bool](repeating: false, count: grid.cellCount)
        do {
            _ = try SpatialWeights.queen(on: grid, mask: none)
            Issue.record("an all-masked grid must throw")
        } catch { #expect(error.code == .insufficientData) }
        var one = none
        one[4] = true
        #expect(throws: GridError.self) { try SpatialWeights.defaultBand(on: grid, mask: one) }
        #expect(throws: GridError.self) { try SpatialWeights.defaultBand(points: [Point(1, 1)]) }
        #expect(throws: GridError.self) { try SpatialWeights.defaultBand(points: [Point(1, 1), Point(1, 1)]) }
        #expect(throws: GridError.self) { try SpatialWeights.distanceBand(points: [Point(.nan, 1)], band: 5) }
        #expect(throws: GridError.self) { try SpatialWeights(neighbourLists: [[1], [1]]) }
    }

    @Test("a band shorter than any spacing leaves every cell an island")
    func allIslands() throws {
        let w = try SpatialWeights.distanceBand(on: grid, band: 100)
        #expect(w.linkCount == 0 && w.islands.count == grid.cellCount)
    }
}
