import NeighbourhoodGeometry
import Testing

@testable import NeighbourhoodAnalytics

/// Tolerance for agreement with esda: 1e-9, absolute on z-scores and p-values, relative on G.
private let tolerance = 1e-9

@Suite("Getis-Ord Gi*")
struct LocalGetisOrdTests {
    @Test("esda's six-point example: G_Local(star=True) and star=False, transform='B'", arguments: [true, false])
    func sixPoints(star: Bool) throws {
        let fixture = try ReferenceFixture("local-stats-six-points.json")
        let points = fixture.list("points").map { pair -> Point in
            let xy = pair as! [Int]
            return Point(x: Double(xy[0]), y: Double(xy[1]))
        }
        let w = try SpatialWeights.distanceBand(points: points, band: 15)
        let gi = try LocalGetisOrd(values: fixture.doubles("y"), weights: w, star: star)
        let reference = fixture[star ? "gi_star" : "gi"]
        #expect(largestDifference(gi.z, reference.doubles("Zs")) < tolerance)
        #expect(largestDifference(gi.p, reference.doubles("p_two_sided")) < tolerance)
        #expect(largestRelativeDifference(gi.statistic, reference.doubles("Gs")) < tolerance)
        #expect(largestRelativeDifference(gi.expected, reference.doubles("EGs")) < tolerance)
        #expect(largestRelativeDifference(gi.variance, reference.doubles("VGs")) < tolerance)
        // The published docstring values, to the 8 decimals printed there.
        let published = star
            ? [-1.39727626, -0.28917762, 0.65064964, -0.28917762, 1.23452088, 2.02424331]
            : [-1.0136729, -0.04361589, 1.31558703, -0.31412676, 1.15373986, 1.77833941]
        #expect(largestDifference(gi.z, published) < 5e-9)
    }

    @Test("every cell of a real 1 km West Yorkshire grid, band 1500 m, matches esda")
    func realGrid() throws {
        let fixture = try ReferenceFixture("local-stats-wy-grid.json")
        let grid = try RegularGrid(
            originX: fixture.double("origin_x"), originY: fixture.double("origin_y"), cellSize: fixture.double("cell"),
            columns: fixture.int("columns"), rows: fixture.int("rows"))
        let counts = fixture.doubles("counts")
        let full = fixture["full"]
        let w = try SpatialWeights.distanceBand(on: grid, band: full.double("band"))
        #expect((0..<w.count).map(w.cardinality(of:)) == full.ints("cardinalities"))
        #expect(w == (try SpatialWeights.queen(on: grid)))
        let gi = try LocalGetisOrd(values: counts, weights: w)
        let reference = full["gi_star"]
        #expect(gi.count == grid.cellCount)
        #expect(largestDifference(gi.z, reference.doubles("Zs")) < tolerance)
        #expect(largestDifference(gi.p, reference.doubles("p_two_sided")) < tolerance)
        #expect(largestRelativeDifference(gi.statistic, reference.doubles("Gs")) < tolerance)
        #expect(largestRelativeDifference(gi.variance, reference.doubles("VGs")) < tolerance)
        #expect(largestDifference(gi.q, full.doubles("q_bh")) < tolerance)
        #expect(gi.bin.map(Int.init) == full.ints("gi_bin"))
        #expect(gi.bin.contains(3) && gi.bin.contains(0))
    }

    @Test("a grid masked to the force area, default band, matches esda")
    func maskedGrid() throws {
        let fixture = try ReferenceFixture("local-stats-wy-grid.json")
        let grid = try RegularGrid(
            originX: fixture.double("origin_x"), originY: fixture.double("origin_y"), cellSize: fixture.double("cell"),
            columns: fixture.int("columns"), rows: fixture.int("rows"))
        let masked = fixture["masked"]
        var mask = [Bool](repeating: false, count: grid.cellCount)
        for cell in masked.ints("cells") { mask[cell] = true }
        let band = try SpatialWeights.defaultBand(on: grid, mask: mask)
        #expect(abs(band - masked.double("band")) <= 1e-9 * band)
        let w = try SpatialWeights.distanceBand(on: grid, band: band, mask: mask)
        #expect(w.ids == masked.ints("cells"))
        #expect((0..<w.count).map(w.cardinality(of:)) == masked.ints("cardinalities"))
        let counts = fixture.doubles("counts")
        let gi = try LocalGetisOrd(values: w.ids.map { counts[$0] }, weights: w)
        #expect(largestDifference(gi.z, masked["gi_star"].doubles("Zs")) < tolerance)
        #expect(largestDifference(gi.p, masked["gi_star"].doubles("p_two_sided")) < tolerance)
    }

    @Test("bins follow the ArcGIS rule with and without FDR")
    func binRule() {
        let z = [3.0, 2.0, 1.7, -1.7, -2.6, 0.1, 0]
        let p = z.map(NormalDistribution.twoSidedPValue)
        #expect(HotspotBins.bins(z: z, p: p, correction: .none) == [3, 2, 1, -1, -3, 0, 0])
        // BH over 7 tests, sorted p = 0.0027, 0.0093, 0.0455, 0.0891, ...: at α = 0.10 and 0.05
        // the two smallest pass (0.0093 ≤ 2/7 × 0.05), at 0.01 none (0.0027 > 1/7 × 0.01).
        // scipy false_discovery_control gives q = 0.0189, 0.1062, 0.125, 0.125, 0.0326, 1, 1.
        let fdr = HotspotBins.bins(z: z, p: p, correction: .falseDiscoveryRate)
        #expect(fdr == [2, 0, 0, 0, -2, 0, 0])
    }
}
