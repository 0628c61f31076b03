extension SpatialWeights {
    /// The relative tolerance on squared distances when deciding whether a pair lies within a
    /// distance band: a pair at distance *d* is within band *b* when d² ≤ b² (1 + 10⁻⁹).
    ///
    /// A band of exactly one cell (250 m on a 250 m grid) therefore always reaches the four
    /// rook neighbours, and a band computed as √2 × 250 m the four diagonal ones, whatever
    /// rounding the division or the square root made. The tolerance is about half a part per
    /// billion of the distance (0.5 µm at 1 km), far below any real positional accuracy.
    public static let bandTolerance = 1e-9

    /// Binary distance-band weights between the centroids of a grid's cells: cells `i ≠ j` are
    /// neighbours when their centroids are at most `band` metres apart (inclusive).
    ///
    /// The neighbourhood is an exact integer stencil: offsets (dc, dr) in cells with
    /// dc² + dr² ≤ ⌊(band / cellSize)² (1 + ``bandTolerance``)⌋, so no pair is decided by
    /// floating-point noise. Masked cells (`mask[cell] == false`) take no part: they are neither
    /// observations nor anyone's neighbour. Observations are the unmasked cells in increasing
    /// cell number; ``ids`` holds those cell numbers. Equivalent to libpysal
    /// `DistanceBand(centroids, threshold=band, binary=True)` on the unmasked centroids.
    ///
    /// - Parameters:
    ///   - grid: the grid.
    ///   - band: the distance band in metres; positive and finite.
    ///   - mask: `true` for cells in the study area; all cells when `nil`.
    ///   - includeSelf: whether each cell is also its own neighbour (Gi\*).
    /// - Throws: ``GridError`` `invalidDistance` for a bad band, `sizeMismatch` for a mask of
    ///   the wrong length, `insufficientData` when every cell is masked, `tooManyCells` when
    ///   the weights would hold more than 500 million links.
    /// - Complexity: O(*n* *s*) for *n* unmasked cells and a stencil of *s* ≈ π (band/cell)²
    ///   offsets.
    public static func distanceBand(
        on grid: RegularGrid, band: Double, mask: [Bool]? = nil, includeSelf: Bool = false
    ) throws(GridError) -> SpatialWeights {
        guard band.isFinite, band > 0 else {
            throw GridError(.invalidDistance, "the distance band must be a positive number of metres, not \(band)")
        }
        let reach = Double(max(grid.columns, grid.rows))
        let ratio = min(band / grid.cellSize, reach * 2)  // beyond the grid's diagonal nothing changes
        let limit = Int((ratio * ratio * (1 + bandTolerance)).rounded(.down))
        let radius = Int(Double(limit).squareRoot().rounded(.down)) + 1
        var stencil: [(dc: Int, dr: Int)] = []
        for dr in -radius...radius {
            for dc in -radius...radius where (dc != 0 || dr != 0) && dc * dc + dr * dr <= limit {
                stencil.append((dc, dr))
            }
        }
        return try stencilWeights(on: grid, stencil: stencil, mask: mask, includeSelf: includeSelf)
    }

    /// Queen contiguity on a grid: each cell's neighbours are the up to eight cells sharing an
    /// edge or a corner with it (libpysal `lat2W(rook=False)`), masked cells left out.
    ///
    /// - Throws: as ``distanceBand(on:band:mask:includeSelf:)``.
    /// - Complexity: O(*n*).
    public static func queen(
        on grid: RegularGrid, mask: [Bool]? = nil, includeSelf: Bool = false
    ) throws(GridError) -> SpatialWeights {
        let stencil = [(-1, -1), (0, -1), (1, -1), (-1, 0), (1, 0), (-1, 1), (0, 1), (1, 1)]
        return try stencilWeights(on: grid, stencil: stencil, mask: mask, includeSelf: includeSelf)
    }

    /// Rook contiguity on a grid: the up to four cells sharing an edge (`lat2W(rook=True)`).
    ///
    /// - Throws: as ``distanceBand(on:band:mask:includeSelf:)``.
    /// - Complexity: O(*n*).
    public static func rook(
        on grid: RegularGrid, mask: [Bool]? = nil, includeSelf: Bool = false
    ) throws(GridError) -> SpatialWeights {
        try stencilWeights(on: grid, stencil: [(0, -1), (-1, 0), (1, 0), (0, 1)], mask: mask, includeSelf: includeSelf)
    }

    /// The unmasked cells in increasing order and each cell's observation number (-1 masked).
    static func observations(of grid: RegularGrid, mask: [Bool]?) throws(GridError) -> (cells: [Int], index: [Int32]) {
        if let mask, mask.count != grid.cellCount {
            throw GridError(.sizeMismatch, "the mask has \(mask.count) entries for a grid of \(grid.cellCount) cells")
        }
        var cells: [Int] = []
        var index = [Int32](repeating: -1, count: grid.cellCount)
        if let mask {
            cells.reserveCapacity(mask.count)
            for cell in 0..<grid.cellCount where mask[cell] {
                index[cell] = Int32(cells.count)
                cells.append(cell)
            }
        } else {
            cells = Array(0..<grid.cellCount)
            for cell in 0..<grid.cellCount { index[cell] = Int32(cell) }
        }
        guard !cells.isEmpty else {
            throw GridError(.insufficientData, "every cell of the grid is masked: the study area does not overlap the grid")
        }
        return (cells, index)
    }

    /// Applies a stencil of cell offsets to every unmasked cell.
    private static func stencilWeights(
        on grid: RegularGrid, stencil unsorted: [(dc: Int, dr: Int)], mask: [Bool]?, includeSelf: Bool
    ) throws(GridError) -> SpatialWeights {
        let (cells, index) = try observations(of: grid, mask: mask)
        guard cells.count.multipliedReportingOverflow(by: unsorted.count).partialValue <= 500_000_000 else {
            throw GridError(
                .tooManyCells,
                "a band of \(unsorted.count) neighbouring cells over \(cells.count) cells needs too much memory; "
                    + "use a smaller --band or a larger --cell")
        }
        // Sorted by row then column, neighbours come out in increasing cell (and so observation) order.
        let stencil = unsorted.sorted { ($0.dr, $0.dc) < ($1.dr, $1.dc) }
        let columns = grid.columns
        let rows = grid.rows
        var offsets = [Int32](repeating: 0, count: cells.count + 1)
        var neighbours: [Int32] = []
        neighbours.reserveCapacity(cells.count * stencil.count)
        index.withUnsafeBufferPointer { index in
            for (i, cell) in cells.enumerated() {
                let column = cell % columns
                let row = cell / columns
                for (dc, dr) in stencil {
                    let c = column + dc
                    let r = row + dr
                    guard c >= 0, c < columns, r >= 0, r < rows else { continue }
                    let j = index[r * columns + c]
                    if j >= 0 { neighbours.append(j) }
                }
                offsets[i + 1] = Int32(neighbours.count)
            }
        }
        return SpatialWeights(offsets: offsets, neighbours: neighbours, ids: cells, includesSelf: includeSelf)
    }
}
