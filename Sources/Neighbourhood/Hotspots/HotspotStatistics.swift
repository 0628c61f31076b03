/// How neighbours of a grid cell are chosen for Gi* and local Moran's I.
public enum CellNeighbourhood: Sendable, Hashable {
    /// Cells whose centres are at most this many metres apart (inclusive).
    case band(Double)
    /// The smallest band giving every study-area cell at least one neighbour.
    case automaticBand
    /// The 8 cells around (queen contiguity).
    case queen
}

/// Gi* and local Moran's I over the study-area cells of a grid: builds the weights, runs
/// both statistics on the cell values and spreads the results back to all cells.
public struct HotspotStatistics: Sendable {
    /// The band actually used in metres, or `nil` for queen contiguity.
    public let band: Double?
    /// Whether the band was chosen automatically.
    public let bandIsAutomatic: Bool
    /// Neighbours per cell: smallest, largest, and cells with none.
    public let cardinality: (minimum: Int, maximum: Int, islands: Int)
    /// Gi* results for the study-area cells (in cell order).
    public let gi: LocalGetisOrd
    /// Local Moran results for the same cells.
    public let moran: LocalMoran
    /// The cell number of each observation.
    public let cells: [Int]

    /// Computes both statistics.
    ///
    /// - Parameters:
    ///   - values: One value per grid cell (counts or weights); cells outside the study
    ///     area are ignored.
    ///   - grid: The grid.
    ///   - inStudyArea: The study-area mask.
    ///   - neighbourhood: How neighbours are chosen.
    ///   - permutations: Conditional permutations for pseudo p-values, or `nil`.
    /// - Throws: ``GridError`` for a bad band, too few cells, or non-finite values.
    /// - Complexity: O(*n k*) for *n* cells with *k* neighbours each, times the permutations.
    public init(
        values: [Double], grid: RegularGrid, inStudyArea: [Bool], neighbourhood: CellNeighbourhood,
        permutations: ConditionalPermutation?
    ) throws(GridError) {
        let weights: SpatialWeights
        switch neighbourhood {
        case .queen:
            weights = try SpatialWeights.queen(on: grid, mask: inStudyArea)
            band = nil
            bandIsAutomatic = false
        case .band(let b):
            weights = try SpatialWeights.distanceBand(on: grid, band: b, mask: inStudyArea)
            band = b
            bandIsAutomatic = false
        case .automaticBand:
            let b = try SpatialWeights.defaultBand(on: grid, mask: inStudyArea)
            weights = try SpatialWeights.distanceBand(on: grid, band: b, mask: inStudyArea)
            band = b
            bandIsAutomatic = true
        }
        let observed = weights.ids.map { values[$0] }
        gi = try LocalGetisOrd(values: observed, weights: weights.includingSelf(), star: true, permutations: permutations)
        moran = try LocalMoran(values: observed, weights: weights, permutations: permutations)
        cells = weights.ids
        let sizes = (0..<weights.count).map(weights.cardinality(of:))
        cardinality = (sizes.min() ?? 0, sizes.max() ?? 0, weights.islands.count)
    }

    /// Writes the results into `cells` (Gi* z, p, pseudo p, bin and Moran class at the
    /// 95 % level, uncorrected as in GeoDa's cluster map).
    public func fill(_ target: inout HotspotCells) {
        let n = target.grid.cellCount
        var z = [Double](repeating: .nan, count: n), p = z
        var bin = [Int](repeating: 0, count: n)
        var pSim: [Double]? = gi.permutationP == nil ? nil : z
        var classes = [String](repeating: "", count: n)
        let clusters = moran.clusters(level: 0.05)
        for (k, cell) in cells.enumerated() {
            z[cell] = gi.z[k]
            p[cell] = gi.p[k]
            bin[cell] = Int(gi.bin[k])
            pSim?[cell] = gi.permutationP![k]
            classes[cell] = clusters[k].map(\.description) ?? "not-significant"
        }
        target.giZ = z
        target.giP = p
        target.giPSim = pSim
        target.giBin = bin
        target.moranClass = classes
    }
}
