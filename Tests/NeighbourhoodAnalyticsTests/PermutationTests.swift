import NeighbourhoodGeometry
import Testing

@testable import NeighbourhoodAnalytics

@Suite("Conditional permutation inference")
struct PermutationTests {
    @Test("pseudo p-values equal an independent Python run of the documented engine")
    func sixPointsAgainstPython() throws {
        let fixture = try ReferenceFixture("local-stats-six-points.json")
        let points = fixture.list("points").map { Point(x: Double(($0 as! [Int])[0]), y: Double(($0 as! [Int])[1])) }
        let w = try SpatialWeights.distanceBand(points: points, band: 15)
        let reference = fixture["permutation"]
        let engine = try ConditionalPermutation(
            permutations: reference.int("permutations"), seed: UInt64(reference.int("seed")))
        let gi = try LocalGetisOrd(values: fixture.doubles("y"), weights: w, permutations: engine)
        #expect(gi.permutationP == reference.doubles("gi_star_p"))
        let moran = try LocalMoran(values: fixture.doubles("y"), weights: w, permutations: engine)
        #expect(moran.permutationP == reference.doubles("moran_p"))
    }

    /// A 40 x 30 grid with a hot block in one corner and deterministic noise elsewhere.
    func field() throws -> (RegularGrid, [Double]) {
        let grid = try RegularGrid(originX: 0, originY: 0, cellSize: 100, columns: 40, rows: 30)
        var generator = SeededGenerator(seed: 5)
        let values = (0..<grid.cellCount).map { cell -> Double in
            let hot = grid.column(of: cell) < 6 && grid.row(of: cell) < 6
            return Double(generator.next(below: hot ? 30 : 6))
        }
        return (grid, values)
    }

    @Test("the same seed gives the same answer; another seed a different one")
    func deterministic() throws {
        let (grid, values) = try field()
        let w = try SpatialWeights.queen(on: grid)
        let a = try LocalGetisOrd(values: values, weights: w, permutations: ConditionalPermutation(permutations: 199, seed: 3))
        let b = try LocalGetisOrd(values: values, weights: w, permutations: ConditionalPermutation(permutations: 199, seed: 3))
        let c = try LocalGetisOrd(values: values, weights: w, permutations: ConditionalPermutation(permutations: 199, seed: 4))
        #expect(a.permutationP == b.permutationP)
        #expect(a.permutationP != c.permutationP)
    }

    @Test("Gi pseudo p-values track the analytic ones; Gi* finds the planted hot spot")
    func agreesWithAnalytic() throws {
        let (grid, values) = try field()
        let w = try SpatialWeights.queen(on: grid)
        // For Gi (no self) the analytic mean and variance are exactly those of kᵢ draws without
        // replacement from the other n − 1 values, so the folded pseudo p should be close to the
        // one-sided normal p, half the two-sided one, where z is moderate.
        // Symmetric noise: the hot block's long right tail would skew the permutation null.
        var noise = SeededGenerator(seed: 21)
        let continuous = values.map { _ in Double(noise.next(below: 1_000_000)) / 1000 }
        let gi = try LocalGetisOrd(
            values: continuous, weights: w, star: false, permutations: ConditionalPermutation(permutations: 999, seed: 11))
        let pseudo = try #require(gi.permutationP)
        #expect(pseudo.allSatisfy { $0 >= 0.001 && $0 <= 1 })
        let moderate = (0..<gi.count).filter { abs(gi.z[$0]) > 1 && abs(gi.z[$0]) < 2.5 }
        let ratio = moderate.map { pseudo[$0] / (gi.p[$0] / 2) }.sorted()[moderate.count / 2]
        #expect(moderate.count > 50 && ratio > 0.8 && ratio < 1.25, "median ratio \(ratio)")
        let star = try LocalGetisOrd(values: values, weights: w, permutations: ConditionalPermutation(permutations: 999, seed: 11))
        // 1,200 tests: BH at 1 % would need over 100 cells at the smallest pseudo p, 0.001.
        #expect(star.bin[grid.cell(column: 2, row: 2)] == 2)
        #expect(star.bin[grid.cell(column: 30, row: 20)] <= 0)
    }

    @Test("islands and unmovable statistics get p = 1, not esda's 1 / (P + 1)")
    func ties() throws {
        let grid = try RegularGrid(originX: 0, originY: 0, cellSize: 100, columns: 10, rows: 1)
        let w = try SpatialWeights.distanceBand(on: grid, band: 50)  // every cell an island
        let values = (0..<10).map(Double.init)
        let gi = try LocalGetisOrd(values: values, weights: w, permutations: ConditionalPermutation(permutations: 99))
        #expect(gi.permutationP == [Double](repeating: 1, count: 10))
        let zeros = [Double](repeating: 0, count: 9) + [5]
        let rook = try SpatialWeights.rook(on: grid)
        let sparse = try LocalGetisOrd(values: zeros, weights: rook, permutations: ConditionalPermutation(permutations: 99))
        // Cell 0's neighbour sum is 0, and most draws are 0 too: not significant.
        #expect(try #require(sparse.permutationP)[0] > 0.5)
    }

    @Test("bad permutation counts are refused", arguments: [0, -1, 2_000_000])
    func refused(permutations: Int) {
        #expect(throws: GridError.self) { try ConditionalPermutation(permutations: permutations) }
    }
}
