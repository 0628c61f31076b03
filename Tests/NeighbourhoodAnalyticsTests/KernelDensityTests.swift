import Foundation
import NeighbourhoodGeometry
import Testing

@testable import NeighbourhoodAnalytics

/// The numpy reference written by Tests/reference/make_density_fixture.py.
struct DensityFixture: Decodable {
    struct Grid: Decodable { let originX, originY, cellSize: Double; let columns, rows: Int }
    struct Points: Decodable { let x, y, weight: [Double] }
    struct Silverman: Decodable { let meanX, meanY, sd, dm, n, radius: Double }
    let grid: Grid
    let points: Points
    let radius: Double
    let unreachable: Int
    struct Counts: Decodable { let counts: [Int]; let weights: [Double]; let outside: Int; let outsideWeight: Double }
    let cellCounts: Counts
    let surfaces: [String: [Double]]
    let silverman: [String: Silverman]

    static func load() throws -> DensityFixture {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent("density-reference.json")
        return try JSONDecoder().decode(DensityFixture.self, from: Data(contentsOf: url))
    }

    var pointList: [Point] { zip(points.x, points.y).map { Point(x: $0, y: $1) } }

    func regularGrid() throws -> RegularGrid {
        try RegularGrid(
            originX: grid.originX, originY: grid.originY, cellSize: grid.cellSize, columns: grid.columns,
            rows: grid.rows)
    }
}

/// The largest relative difference, measured against the largest reference value.
func worstRelative(_ a: [Double], _ b: [Double]) -> Double {
    let scale = max(b.map(abs).max() ?? 1, .leastNormalMagnitude)
    return zip(a, b).map { abs($0 - $1) / scale }.max() ?? 0
}

@Suite("Kernel density")
struct KernelDensityTests {
    /// Numerical integral of K over its disc in polar coordinates: ∫₀^r K(d) 2πd dd, by
    /// composite Simpson with 200,000 intervals (error far below 1e-9 for these smooth profiles,
    /// and for the cone and the Gaussian's jump at r, which sits on an interval end).
    @Test("each kernel integrates to 1 over its disc", arguments: Kernel.allCases)
    func integratesToOne(kernel: Kernel) {
        for radius in [1.0, 400.0, 2_500.0] {
            let intervals = 200_000
            let h = radius / Double(intervals)
            var sum = 0.0
            for i in 0...intervals {
                let d = Double(i) * h
                // The value at d = r is the limit from inside (the support is d < r).
                let f = kernel.unitRadiusConstant / (radius * radius)
                    * kernel.profile(min(d * d / (radius * radius), 1 - 1e-16)) * 2 * Double.pi * d
                let coefficient = (i == 0 || i == intervals) ? 1.0 : (i % 2 == 1 ? 4.0 : 2.0)
                sum += coefficient * f
            }
            let integral = sum * h / 3
            #expect(abs(integral - 1) < 1e-6, "\(kernel) r=\(radius): \(integral)")
        }
    }

    @Test("quartic is ArcGIS's 3/(πr²)(1 − d²/r²)²; zero from the radius on")
    func quarticFormula() {
        let r = 400.0
        #expect(abs(Kernel.quartic.value(distance: 0, radius: r) - 3 / (Double.pi * r * r)) < 1e-18)
        let d = 123.0
        let expected = 3 / (Double.pi * r * r) * pow(1 - d * d / (r * r), 2)
        #expect(abs(Kernel.quartic.value(distance: d, radius: r) - expected) < 1e-18)
        for kernel in Kernel.allCases {
            #expect(kernel.value(distance: r, radius: r) == 0)
            #expect(kernel.value(distance: .nan, radius: r) == 0)
        }
    }

    @Test("each kernel's surface equals numpy's exact scatter to 1e-9", arguments: Kernel.allCases)
    func matchesNumpy(kernel: Kernel) throws {
        let fixture = try DensityFixture.load()
        let expected = try #require(fixture.surfaces[kernel.rawValue])
        let result = try KernelDensity(kernel: kernel, radius: fixture.radius)
            .estimate(points: fixture.pointList, on: fixture.regularGrid())
        #expect(result.values.count == expected.count)
        #expect(worstRelative(result.values, expected) < 1e-9)
        // The fixture has exact repeats; they were merged.
        #expect(result.parameters.distinctLocations < result.parameters.pointCount)
        #expect(result.parameters.pointCount == fixture.points.x.count)
    }

    @Test("weighted quartic surface equals numpy to 1e-9")
    func weightedMatchesNumpy() throws {
        let fixture = try DensityFixture.load()
        let expected = try #require(fixture.surfaces["quartic-weighted"])
        let result = try KernelDensity(radius: fixture.radius)
            .estimate(points: fixture.pointList, weights: fixture.points.weight, on: fixture.regularGrid())
        #expect(worstRelative(result.values, expected) < 1e-9)
        #expect(abs(result.parameters.totalWeight - fixture.points.weight.reduce(0, +)) < 1e-9)
    }

    @Test("the unmerged path gives the same sums as the merged one")
    func mergedAndRawAgree() throws {
        let fixture = try DensityFixture.load()
        let grid = try fixture.regularGrid()
        let accumulator = DensityAccumulator(grid: grid, radius: fixture.radius)
        let points = fixture.pointList
        let raw = points.withUnsafeBufferPointer { p in
            p.withMemoryRebound(to: Double.self) { accumulator.accumulate($0, weights: nil, kernel: .quartic) }
        }
        let expected = try #require(fixture.surfaces["quartic"])
        let scale = 3 / Double.pi / (fixture.radius * fixture.radius) * 1e6
        #expect(worstRelative(raw.sums.map { $0 * scale }, expected) < 1e-9)
        // Points farther than the radius from every centre (numpy's count; one is 4 km west).
        // The accumulator's count is the points beyond the band of centres ± r: these two.
        #expect(raw.unreached == fixture.unreachable)
    }

    @Test("expected counts sum to the total weight on a grid covering every disc")
    func countsSumToTotal() throws {
        let fixture = try DensityFixture.load()
        let points = Array(fixture.pointList.prefix(190))  // the clustered ones
        let weights = Array(fixture.points.weight.prefix(190))
        let grid = try StudyGrid(coveringPoints: points, cellSize: 10, margin: 500)
        for kernel in Kernel.allCases {
            let result = try KernelDensity(kernel: kernel, radius: 300, output: .counts)
                .estimate(points: points, weights: weights, on: grid)
            let total = weights.reduce(0, +)
            // Midpoint sums of a kernel 30 cells wide: within 0.1 % (0.5 % for the uniform disc's edge).
            let tolerance = kernel == .uniform ? 5e-3 : 1e-3
            #expect(abs(result.totalExpected - total) / total < tolerance, "\(kernel): \(result.totalExpected)")
            #expect(abs(result.values.reduce(0, +) - total) / total < tolerance)
        }
        let density = try KernelDensity(radius: 300).estimate(points: points, weights: weights, on: grid)
        #expect(abs(density.totalExpected - weights.reduce(0, +)) / weights.reduce(0, +) < 1e-3)
    }

    @Test("Silverman radius matches numpy: unweighted, weighted, even count")
    func silvermanMatchesNumpy() throws {
        let fixture = try DensityFixture.load()
        let points = fixture.pointList
        let cases: [(String, [Point], [Double]?)] = [
            ("unweighted", points, nil), ("weighted", points, fixture.points.weight),
            ("evenUnweighted", Array(points.dropLast()), nil),
        ]
        for (name, pts, weights) in cases {
            let expected = try #require(fixture.silverman[name])
            let got = try SearchRadius.silverman(points: pts, weights: weights)
            #expect(abs(got.radius - expected.radius) / expected.radius < 1e-12, "\(name)")
            #expect(abs(got.standardDistance - expected.sd) / expected.sd < 1e-12, "\(name)")
            #expect(abs(got.medianDistance - expected.dm) / expected.dm < 1e-12, "\(name)")
            #expect(abs(got.meanCentre.x - expected.meanX) < 1e-6 && abs(got.meanCentre.y - expected.meanY) < 1e-6)
            #expect(abs(got.n - expected.n) < 1e-9)
        }
        // With no radius given, the surface uses and reports the rule's radius.
        let result = try KernelDensity().estimate(points: points, on: fixture.regularGrid())
        #expect(result.parameters.radiusIsAutomatic)
        #expect(abs(result.parameters.radius - fixture.silverman["unweighted"]!.radius) < 1e-9)
    }

    @Test("degenerate input: clear errors, warnings, never NaN")
    func degenerateInput() throws {
        let grid = try RegularGrid(originX: 0, originY: 0, cellSize: 100, columns: 10, rows: 10)
        // No points.
        #expect(throws: GridError.self) { try KernelDensity(radius: 200).estimate(points: [], on: grid) }
        #expect(throws: GridError.self) {
            try KernelDensity(radius: 200).estimate(points: [Point(.nan, 1)], on: grid)
        }
        // One point, and all points identical: Silverman gives 0, so automatic radius is an error...
        let same = Array(repeating: Point(512, 512), count: 50)
        for points in [[Point(512, 512)], same] {
            do {
                _ = try KernelDensity().estimate(points: points, on: grid)
                Issue.record("expected an error")
            } catch {
                #expect(error.code == .insufficientData)
                #expect(error.message.contains("give a search radius"))
            }
        }
        // ...but with a radius it is fine, and 50 identical points make 50 times one point.
        let one = try KernelDensity(radius: 250).estimate(points: [Point(512, 512)], on: grid)
        let fifty = try KernelDensity(radius: 250).estimate(points: same, on: grid)
        #expect(fifty.parameters.distinctLocations == 1)
        #expect(worstRelative(fifty.values, one.values.map { $0 * 50 }) < 1e-12)
        // A radius smaller than a cell warns; a huge one warns; both stay finite.
        let tiny = try KernelDensity(radius: 30).estimate(points: [Point(512, 512), Point(.infinity, 0)], on: grid)
        #expect(tiny.warnings.map(\.code) == [.radiusSmallerThanCell, .nonFinitePoints])
        #expect(tiny.values.allSatisfy { $0.isFinite && $0 >= 0 })
        let huge = try KernelDensity(radius: 50_000).estimate(points: same, on: grid)
        #expect(huge.warnings.map(\.code) == [.radiusLargerThanStudyArea])
        #expect(huge.values.allSatisfy { $0.isFinite && $0 > 0 })
        // Bad radius and weights.
        for bad in [0.0, -5, .nan, .infinity] {
            #expect(throws: GridError.self) { try KernelDensity(radius: bad).estimate(points: same, on: grid) }
        }
        #expect(throws: GridError.self) {
            try KernelDensity(radius: 100).estimate(points: same, weights: [1, 2], on: grid)
        }
        #expect(throws: GridError.self) {
            try KernelDensity(radius: 100).estimate(
                points: [Point(1, 1)], weights: [-1], on: grid)
        }
        // Zero total weight with an automatic radius.
        #expect(throws: GridError.self) {
            try KernelDensity().estimate(points: [Point(1, 1), Point(500, 500)], weights: [0, 0], on: grid)
        }
    }

    @Test("a point beyond the grid by more than the radius is reported")
    func pointsBeyondGridWarn() throws {
        let grid = try RegularGrid(originX: 0, originY: 0, cellSize: 100, columns: 10, rows: 10)
        let result = try KernelDensity(radius: 200).estimate(
            points: [Point(500, 500), Point(5_000, 500), Point(.nan, 3)], on: grid)
        #expect(result.warnings.map(\.code) == [.nonFinitePoints, .pointsBeyondGrid])
        #expect(result.warnings.last!.message.hasPrefix("1 location lies"))
    }
}
