import NeighbourhoodGeometry
import Testing

@testable import NeighbourhoodAnalytics

/// Tolerance for agreement with esda: 1e-9 absolute on z and p, relative on I, E[I], Var[I].
private let tolerance = 1e-9

@Suite("Local Moran's I")
struct LocalMoranTests {
    func check(_ moran: LocalMoran, _ reference: ReferenceFixture) {
        #expect(largestRelativeDifference(moran.statistic, reference.doubles("Is")) < tolerance)
        #expect(largestRelativeDifference(moran.expected, reference.doubles("EI")) < tolerance)
        #expect(largestRelativeDifference(moran.variance, reference.doubles("VI")) < tolerance)
        #expect(largestDifference(moran.p, reference.doubles("p_two_sided")) < tolerance)
        #expect(moran.quadrant.map(\.rawValue) == reference.ints("q"))
    }

    @Test("esda's six-point example, Moran_Local transform 'r' and 'b'", arguments: WeightsTransform.allCases)
    func sixPoints(transform: WeightsTransform) throws {
        let fixture = try ReferenceFixture("local-stats-six-points.json")
        let points = fixture.list("points").map { Point(x: Double(($0 as! [Int])[0]), y: Double(($0 as! [Int])[1])) }
        let w = try SpatialWeights.distanceBand(points: points, band: 15)
        let moran = try LocalMoran(values: fixture.doubles("y"), weights: w, transform: transform)
        check(moran, fixture[transform == .rowStandardised ? "moran_r" : "moran_b"])
    }

    @Test("every cell of the real 1 km grid, 'r' and 'b'", arguments: WeightsTransform.allCases)
    func realGrid(transform: WeightsTransform) throws {
        let fixture = try ReferenceFixture("local-stats-wy-grid.json")
        let grid = try RegularGrid(
            originX: fixture.double("origin_x"), originY: fixture.double("origin_y"), cellSize: fixture.double("cell"),
            columns: fixture.int("columns"), rows: fixture.int("rows"))
        let w = try SpatialWeights.distanceBand(on: grid, band: 1500)
        let moran = try LocalMoran(values: fixture.doubles("counts"), weights: w, transform: transform)
        check(moran, fixture["full"][transform == .rowStandardised ? "moran_r" : "moran_b"])
        let significant = moran.clusters(level: 0.05)
        #expect(significant.contains(.highHigh))
        #expect(zip(significant, moran.p).allSatisfy { ($0 == nil) == ($1 > 0.05) })
    }

    @Test("the masked force-area grid at the default band, 'r'")
    func maskedGrid() throws {
        let fixture = try ReferenceFixture("local-stats-wy-grid.json")
        let grid = try RegularGrid(
            originX: fixture.double("origin_x"), originY: fixture.double("origin_y"), cellSize: fixture.double("cell"),
            columns: fixture.int("columns"), rows: fixture.int("rows"))
        var mask = [Bool](repeating: false, count: grid.cellCount)
        for cell in fixture["masked"].ints("cells") { mask[cell] = true }
        let w = try SpatialWeights.distanceBand(on: grid, band: try SpatialWeights.defaultBand(on: grid, mask: mask), mask: mask)
        let counts = fixture.doubles("counts")
        let moran = try LocalMoran(values: w.ids.map { counts[$0] }, weights: w)
        check(moran, fixture["masked"]["moran_r"])
    }
}
