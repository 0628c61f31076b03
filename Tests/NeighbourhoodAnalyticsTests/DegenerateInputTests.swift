import Testing

@testable import NeighbourhoodAnalytics

@Suite("Degenerate inputs: documented results, never NaN")
struct DegenerateInputTests {
    let grid: RegularGrid
    let weights: SpatialWeights

    init() throws {
        grid = try RegularGrid(originX: 0, originY: 0, cellSize: 250, columns: 6, rows: 4)
        weights = try SpatialWeights.queen(on: grid)
    }

    func finite(_ arrays: [[Double]]) -> Bool { arrays.allSatisfy { $0.allSatisfy(\.isFinite) } }

    @Test("equal counts everywhere: z = 0, p = 1, bin 0", arguments: [0.0, 4.0])
    func constant(value: Double) throws {
        let values = [Double](repeating: value, count: grid.cellCount)
        let engine = try ConditionalPermutation(permutations: 19)
        let gi = try LocalGetisOrd(values: values, weights: weights, permutations: engine)
        #expect(gi.isConstant && gi.z.allSatisfy { $0 == 0 } && gi.p.allSatisfy { $0 == 1 })
        #expect(gi.bin.allSatisfy { $0 == 0 } && gi.permutationP!.allSatisfy { $0 == 1 })
        #expect(finite([gi.statistic, gi.expected, gi.variance, gi.q]))
        let moran = try LocalMoran(values: values, weights: weights, permutations: engine)
        #expect(moran.isConstant && moran.z.allSatisfy { $0 == 0 } && moran.p.allSatisfy { $0 == 1 })
        #expect(moran.clusters().allSatisfy { $0 == nil })
        #expect(finite([moran.statistic, moran.expected, moran.variance, moran.lag, moran.permutationP!]))
    }

    @Test("too few observations and mismatched lengths are errors")
    func tooFew() throws {
        let one = try SpatialWeights(neighbourLists: [[]])
        #expect(throws: GridError.self) { try LocalGetisOrd(values: [3], weights: one) }
        let two = try SpatialWeights(neighbourLists: [[1], [0]])
        #expect(throws: GridError.self) { try LocalMoran(values: [1, 2], weights: two) }
        #expect(throws: GridError.self) { try LocalGetisOrd(values: [1, 2], weights: two, star: false) }
        #expect(throws: GridError.self) { try LocalGetisOrd(values: [1, 2, 3], weights: two) }
        #expect(throws: GridError.self) { try LocalGetisOrd(values: [1, .nan], weights: two) }
        let gi = try LocalGetisOrd(values: [1, 5], weights: two)  // each neighbours everyone: z = 0
        #expect(gi.z == [0, 0] && gi.p == [1, 1])
    }

    @Test("a band smaller than the spacing: Gi* tests each value alone; Gi and Moran give z = 0")
    func noNeighbours() throws {
        let islands = try SpatialWeights.distanceBand(on: grid, band: 100)
        let values = (0..<grid.cellCount).map { Double($0 % 5) }
        let star = try LocalGetisOrd(values: values, weights: islands)
        #expect(finite([star.z, star.p, star.statistic, star.variance]))
        // With only itself, Gi* z is the value's own standard score scaled by √((n − 1) / (n − 1)).
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        let sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n).squareRoot()
        #expect(abs(star.z[3] - (values[3] - mean) / sd) < 1e-12)
        let plain = try LocalGetisOrd(values: values, weights: islands, star: false)
        #expect(plain.z.allSatisfy { $0 == 0 } && plain.p.allSatisfy { $0 == 1 })
        let moran = try LocalMoran(values: values, weights: islands)
        #expect(moran.z.allSatisfy { $0 == 0 } && finite([moran.statistic, moran.variance]))
    }
}
