import NeighbourhoodGeometry
import Testing

@testable import NeighbourhoodAnalytics

@Suite("Study grids")
struct StudyGridTests {
    /// Shorter side / 250, rounded down to 1, 2 or 5 × 10^k, at least 1 m (worked by hand).
    @Test(
        "default cell size",
        arguments: [
            (50_000.0, 40_000.0, 100.0),  // West Yorkshire: 160 → 100
            (12_000.0, 30_000.0, 20.0),  // 48 → 20
            (130_000.0, 200_000.0, 500.0),  // 520 → 500
            (100.0, 100.0, 1.0),  // 0.4 → never below 1 m
            (1_000_000.0, 2_500.0, 10.0),  // 10 → 10
            (0.0, 75_000.0, 200.0),  // a line: the longer side, 300 → 200
        ])
    func defaultCellSize(width: Double, height: Double, expected: Double) throws {
        let box = BoundingBox(minX: 400_000, minY: 410_000, maxX: 400_000 + width, maxY: 410_000 + height)
        #expect(try RegularGrid.defaultCellSize(for: box) == expected)
    }

    @Test("no default cell size for a single location or an empty extent")
    func defaultCellSizeDegenerate() {
        #expect(throws: GridError.self) {
            try RegularGrid.defaultCellSize(for: BoundingBox(minX: 5, minY: 5, maxX: 5, maxY: 5))
        }
        #expect(throws: GridError.self) { try RegularGrid.defaultCellSize(for: .empty) }
        #expect(throws: GridError.self) { try StudyGrid(coveringPoints: [Point(430_000, 430_000)]) }
        #expect(throws: GridError.self) { try StudyGrid(coveringPoints: [Point(.nan, 1)], cellSize: 100) }
    }

    @Test("degrees are refused")
    func refusesDegrees() throws {
        let wyDegrees = BoundingBox(minX: -2.17, minY: 53.52, maxX: -1.2, maxY: 53.96)
        let wyMetres = BoundingBox(minX: 400_000, minY: 410_000, maxX: 450_000, maxY: 450_000)
        for (flag, box) in [(true, Optional(wyMetres)), (true, nil), (false, Optional(wyDegrees))] {
            do {
                try RegularGrid.requireMetres(isGeographic: flag, extent: box)
                Issue.record("expected a not-projected error")
            } catch {
                #expect(error.code == .notProjected)
                #expect(error.message.contains("EPSG:27700"))
            }
        }
        try RegularGrid.requireMetres(isGeographic: false, extent: wyMetres)
        try RegularGrid.requireMetres(isGeographic: false, extent: BoundingBox(minX: 0, minY: 0, maxX: 80, maxY: 60))
    }

    @Test("a boundary mask keeps every cell and flags those whose centre is in an area")
    func boundaryMask() throws {
        // Two areas on a 100 m grid over (0,0)-(1000,600): a 400 x 600 rectangle at the west
        // and a triangle (600,0)-(1000,0)-(1000,350); no cell centre lies on an edge.
        func square(_ points: [(Double, Double)]) throws -> MultiPolygon {
            MultiPolygon(try Polygon(exterior: points.map { Point($0.0, $0.1) }))
        }
        let west = try square([(0, 0), (400, 0), (400, 600), (0, 600), (0, 0)])
        let triangle = try square([(600, 0), (1000, 0), (1000, 350), (600, 0)])
        let layer = try BoundaryLayer(
            source: "test", crs: "EPSG:27700",
            areas: [Area(id: "W", geometry: west), Area(id: "T", geometry: triangle)])
        let study = try StudyGrid(covering: layer, cellSize: 100)
        #expect(study.grid.columns == 11 && study.grid.rows == 7)  // the box's east/north edges get a cell
        #expect(study.isInside.count == 77)
        // West: columns 0-3, rows 0-5 = 24 cells. Triangle: centres with y < 0.875 (x - 600):
        // row 0 (y 50): x 750, 850, 950; row 1 (y 150): 850, 950; row 2 (y 250): 950. Total 30.
        #expect(study.insideCount == 30)
        #expect(study.maskedCount == 77 - 30)
        #expect(study.areaOfCell[study.grid.cell(column: 0, row: 0)] == 0)
        #expect(study.areaOfCell[study.grid.cell(column: 9, row: 0)] == 1)
        #expect(study.areaOfCell[study.grid.cell(column: 6, row: 1)] == -1)
        #expect(!study.isInside[study.grid.cell(column: 5, row: 0)])
        #expect(study.insideCells.count == 30)
        if case .boundaries(let source) = study.studyArea { #expect(source == "test") } else { Issue.record("study area") }

        let all = try StudyGrid(coveringPoints: [Point(10, 10), Point(990, 590)], cellSize: 100, margin: 200)
        // Extent -190..1190 snaps to -200..1200: floor(1390 / 100) + 1 = 14 columns.
        #expect(all.maskedCount == 0 && all.grid.originX == -200 && all.grid.columns == 14)
        #expect(all.studyArea == .pointsExtent)
    }

    @Test("cell counts agree with numpy binning, outside and non-finite points apart")
    func cellCounts() throws {
        let fixture = try DensityFixture.load()
        let expected = fixture.cellCounts
        var points = fixture.pointList
        var weights = fixture.points.weight
        points.append(Point(.nan, 433_000))
        weights.append(7)
        let counts = try CellCounts(points: points, weights: weights, grid: fixture.regularGrid())
        #expect(counts.counts == expected.counts)
        #expect(worstRelative(counts.weights, expected.weights) < 1e-12)
        #expect(counts.outside == expected.outside)
        #expect(abs(counts.outsideWeight - expected.outsideWeight) < 1e-9)
        #expect(counts.nonFinite == 1)
        #expect(counts.inside + counts.outside + counts.nonFinite == points.count)
        #expect(throws: GridError.self) { try CellCounts(points: points, weights: [1], grid: fixture.regularGrid()) }
    }
}
