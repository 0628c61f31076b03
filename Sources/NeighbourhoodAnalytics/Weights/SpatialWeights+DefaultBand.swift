extension SpatialWeights {
    /// The default distance band on a grid: the smallest band that gives every unmasked cell
    /// at least one neighbour, i.e. the largest distance from a cell to its nearest other
    /// unmasked cell (libpysal `min_threshold_distance`).
    ///
    /// Computed exactly in whole cells: the result is `cellSize × √D` for the integer squared
    /// offset D, so passing it back to ``distanceBand(on:band:mask:includeSelf:)`` reaches that
    /// neighbour (see ``bandTolerance``). On an unmasked grid of two or more cells it is one
    /// cell (rook neighbours).
    ///
    /// - Throws: ``GridError`` `insufficientData` when fewer than two cells are unmasked (no
    ///   band can give a lone cell a neighbour), `sizeMismatch` for a mask of the wrong length.
    /// - Complexity: O(*n*) when most cells have an unmasked cell next to them; O(*n* *R*²) in
    ///   general, *R* the answer in cells.
    public static func defaultBand(on grid: RegularGrid, mask: [Bool]? = nil) throws(GridError) -> Double {
        let (cells, index) = try observations(of: grid, mask: mask)
        guard cells.count >= 2 else {
            throw GridError(.insufficientData, "only one cell is in the study area: a distance band needs at least two")
        }
        let columns = grid.columns
        let rows = grid.rows
        var largest = 0
        for cell in cells {
            let column = cell % columns
            let row = cell / columns
            var best = Int.max
            var ring = 1
            // Every cell on Chebyshev ring ρ is at squared distance ≥ ρ²; stop once none can beat `best`.
            while ring <= max(columns, rows), ring * ring < best {
                for dr in -ring...ring {
                    let r = row + dr
                    guard r >= 0, r < rows else { continue }
                    let step = abs(dr) == ring ? 1 : 2 * ring  // inner rows: only the two ends
                    var dc = -ring
                    while dc <= ring {
                        let c = column + dc
                        if c >= 0, c < columns, index[r * columns + c] >= 0 {
                            best = min(best, dc * dc + dr * dr)
                        }
                        dc += step
                    }
                }
                ring += 1
            }
            largest = max(largest, best)
        }
        return grid.cellSize * Double(largest).squareRoot()
    }
}
