import NeighbourhoodGeometry

/// A regular grid of square cells in a projected (metric) CRS, aligned so that every cell
/// edge is a whole multiple of the cell size.
///
/// Cells are numbered row-major from the south-west: cell `row * columns + column`, with
/// row 0 the southernmost and column 0 the westernmost. Cell `(column, row)` covers
/// `[originX + column * cellSize, originX + (column + 1) * cellSize)` by the same in y.
public struct RegularGrid: Sendable, Hashable {
    /// West edge of the grid, a multiple of ``cellSize``.
    public let originX: Double
    /// South edge of the grid, a multiple of ``cellSize``.
    public let originY: Double
    /// Side of a cell, in metres.
    public let cellSize: Double
    /// Number of cells west to east.
    public let columns: Int
    /// Number of cells south to north.
    public let rows: Int

    /// The most cells a grid may have unless the caller says otherwise: 50 million cells
    /// (400 MB for one `Double` per cell).
    public static let defaultMaximumCells = 50_000_000

    /// Creates a grid from its corner and size.
    ///
    /// - Throws: ``GridError`` when the cell size is not positive and finite, the corner is
    ///   not finite, or the grid is empty or larger than `maximumCells`.
    public init(
        originX: Double, originY: Double, cellSize: Double, columns: Int, rows: Int,
        maximumCells: Int = RegularGrid.defaultMaximumCells
    ) throws(GridError) {
        guard cellSize.isFinite, cellSize > 0 else {
            throw GridError(.invalidDistance, "cell size must be a positive number of metres, not \(cellSize)")
        }
        guard originX.isFinite, originY.isFinite else {
            throw GridError(.invalidExtent, "grid origin (\(originX), \(originY)) is not finite")
        }
        guard columns > 0, rows > 0 else {
            throw GridError(.invalidExtent, "a grid needs at least one column and one row, not \(columns) x \(rows)")
        }
        guard columns.multipliedReportingOverflow(by: rows).partialValue <= maximumCells,
            !columns.multipliedReportingOverflow(by: rows).overflow
        else {
            throw GridError(
                .tooManyCells,
                "a \(columns) x \(rows) grid of \(cellSize) m cells would have more than \(maximumCells) cells; "
                    + "use a larger --cell or a smaller study area")
        }
        self.originX = originX
        self.originY = originY
        self.cellSize = cellSize
        self.columns = columns
        self.rows = rows
    }

    /// The smallest aligned grid whose cells cover `extent`: edges snap outwards to whole
    /// multiples of `cellSize`, and a point on the north or east edge still falls in a cell.
    ///
    /// - Throws: ``GridError`` for an empty or non-finite extent, a bad cell size, or a grid
    ///   larger than `maximumCells`.
    public init(
        covering extent: BoundingBox, cellSize: Double, maximumCells: Int = RegularGrid.defaultMaximumCells
    ) throws(GridError) {
        guard !extent.isEmpty, extent.minX.isFinite, extent.minY.isFinite, extent.maxX.isFinite,
            extent.maxY.isFinite
        else {
            throw GridError(.invalidExtent, "the extent to cover is empty or not finite")
        }
        guard cellSize.isFinite, cellSize > 0 else {
            throw GridError(.invalidDistance, "cell size must be a positive number of metres, not \(cellSize)")
        }
        let x0 = (extent.minX / cellSize).rounded(.down) * cellSize
        let y0 = (extent.minY / cellSize).rounded(.down) * cellSize
        let columnsNeeded = ((extent.maxX - x0) / cellSize).rounded(.down) + 1
        let rowsNeeded = ((extent.maxY - y0) / cellSize).rounded(.down) + 1
        guard columnsNeeded * rowsNeeded <= Double(maximumCells) else {
            throw GridError(
                .tooManyCells,
                "covering \(Int(extent.width)) m x \(Int(extent.height)) m with \(cellSize) m cells needs "
                    + "\(Int(columnsNeeded)) x \(Int(rowsNeeded)) cells, more than \(maximumCells); "
                    + "use a larger --cell or a smaller study area")
        }
        try self.init(
            originX: x0, originY: y0, cellSize: cellSize, columns: Int(columnsNeeded), rows: Int(rowsNeeded),
            maximumCells: maximumCells)
    }

    /// Number of cells.
    public var cellCount: Int { columns * rows }

    /// The area the grid covers.
    public var extent: BoundingBox {
        BoundingBox(
            minX: originX, minY: originY,
            maxX: originX + Double(columns) * cellSize, maxY: originY + Double(rows) * cellSize)
    }

    /// The cell number of `(column, row)`.
    @inlinable
    public func cell(column: Int, row: Int) -> Int { row * columns + column }

    /// The column of cell `index`.
    @inlinable
    public func column(of index: Int) -> Int { index % columns }

    /// The row of cell `index` (0 is the southernmost).
    @inlinable
    public func row(of index: Int) -> Int { index / columns }

    /// The centre of cell `index`.
    @inlinable
    public func centre(of index: Int) -> Point {
        Point(
            x: originX + (Double(column(of: index)) + 0.5) * cellSize,
            y: originY + (Double(row(of: index)) + 0.5) * cellSize)
    }

    /// The square of cell `index`.
    public func bounds(of index: Int) -> BoundingBox {
        let x = originX + Double(column(of: index)) * cellSize
        let y = originY + Double(row(of: index)) * cellSize
        return BoundingBox(minX: x, minY: y, maxX: x + cellSize, maxY: y + cellSize)
    }

    /// The cell holding `point`, or `nil` when it lies outside the grid or is not finite.
    /// Cells are half-open: a point on a shared edge belongs to the cell east or north of it.
    @inlinable
    public func cell(containing point: Point) -> Int? {
        let c = ((point.x - originX) / cellSize).rounded(.down)
        let r = ((point.y - originY) / cellSize).rounded(.down)
        guard c >= 0, r >= 0, c < Double(columns), r < Double(rows) else { return nil }
        return Int(r) * columns + Int(c)
    }
}
