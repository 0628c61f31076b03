import NeighbourhoodGeometry

/// Points binned into the cells of a ``RegularGrid``: a count and a total weight per cell,
/// and what fell outside.
///
/// Cells are half-open (``RegularGrid/cell(containing:)``): a point on a shared edge is
/// counted in the cell east or north of it, and a point on the grid's east or north edge is
/// outside. Points with a non-finite coordinate are counted apart, never in a cell.
public struct CellCounts: Sendable, Hashable {
    /// Points per cell, row-major from the south-west.
    public let counts: [Int]
    /// Sum of weights per cell (equal to ``counts`` when no weights are given).
    public let weights: [Double]
    /// Points with finite coordinates outside the grid.
    public let outside: Int
    /// Total weight of the points outside the grid.
    public let outsideWeight: Double
    /// Points with a NaN or infinite coordinate.
    public let nonFinite: Int

    /// Points counted in some cell.
    public var inside: Int { counts.reduce(0, +) }

    /// Bins `points` into `grid`.
    ///
    /// - Parameters:
    ///   - points: Projected points.
    ///   - weights: One weight per point (e.g. a harm score), or `nil` for weight 1 each.
    ///     Weights must be finite and not negative.
    ///   - grid: The grid.
    /// - Throws: ``GridError``: `.sizeMismatch` when there are not as many weights as points,
    ///   `.insufficientData` for a negative or non-finite weight (naming its position).
    /// - Complexity: O(*n* + *C*).
    public init(points: [Point], weights: [Double]? = nil, grid: RegularGrid) throws(GridError) {
        if let weights {
            try CellCounts.validate(weights: weights, pointCount: points.count)
        }
        var counts = [Int](repeating: 0, count: grid.cellCount)
        var sums = [Double](repeating: 0, count: grid.cellCount)
        var outside = 0
        var outsideWeight = 0.0
        var nonFinite = 0
        for (i, p) in points.enumerated() {
            let w = weights?[i] ?? 1
            guard p.isFinite else {
                nonFinite += 1
                continue
            }
            if let cell = grid.cell(containing: p) {
                counts[cell] += 1
                sums[cell] += w
            } else {
                outside += 1
                outsideWeight += w
            }
        }
        self.counts = counts
        self.weights = sums
        self.outside = outside
        self.outsideWeight = outsideWeight
        self.nonFinite = nonFinite
    }

    /// Checks that there is one finite, non-negative weight per point.
    static func validate(weights: [Double], pointCount: Int) throws(GridError) {
        guard weights.count == pointCount else {
            throw GridError(
                .sizeMismatch, "there are \(pointCount) points but \(weights.count) weights; give one weight per point")
        }
        if let bad = weights.firstIndex(where: { !($0.isFinite && $0 >= 0) }) {
            throw GridError(
                .insufficientData,
                "weight \(weights[bad]) of point \(bad) is not a finite, non-negative number")
        }
    }
}
