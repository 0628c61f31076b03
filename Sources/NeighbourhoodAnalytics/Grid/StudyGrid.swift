import NeighbourhoodGeometry

/// A ``RegularGrid`` with a study-area mask: every cell is kept and flagged as inside or
/// outside the study area; none is ever deleted.
///
/// **Rule.** With a boundary layer as the study area, a cell is *in* when its centre lies in
/// some area of the layer, decided by ``AreaIndex`` with the layer's half-open shared-edge
/// rule; the area is recorded per cell (``areaOfCell``), so results can name the containing
/// neighbourhood. With "the points' extent" as the study area every cell is in.
public struct StudyGrid: Sendable {
    /// What the study area is, for messages and manifests.
    public enum StudyArea: Sendable, Hashable {
        /// The whole grid: built over the points' extent, every cell in.
        case pointsExtent
        /// The areas of a boundary layer, named by its source.
        case boundaries(source: String)
    }

    /// The grid.
    public let grid: RegularGrid
    /// What the mask was made from.
    public let studyArea: StudyArea
    /// Per cell, row-major from the south-west as in ``RegularGrid``: whether it is in the study area.
    public let isInside: [Bool]
    /// Per cell: the position in the boundary layer of the area holding its centre, or -1 for
    /// none (always -1 with ``StudyArea/pointsExtent``).
    public let areaOfCell: [Int32]
    /// The number of cells in the study area.
    public let insideCount: Int

    /// The number of masked cells (outside the study area).
    public var maskedCount: Int { grid.cellCount - insideCount }

    /// A grid whose cells are all in the study area.
    ///
    /// - Complexity: O(*C*) in the number of cells.
    public init(grid: RegularGrid) {
        self.grid = grid
        self.studyArea = .pointsExtent
        self.isInside = [Bool](repeating: true, count: grid.cellCount)
        self.areaOfCell = [Int32](repeating: -1, count: grid.cellCount)
        self.insideCount = grid.cellCount
    }

    /// A grid masked by the areas in `index`: a cell is in when its centre lies in an area.
    ///
    /// - Parameters:
    ///   - grid: The grid, in the same projected CRS as the index.
    ///   - index: An index over the study area's polygons.
    ///   - source: The study area's name for manifests (e.g. the layer's file).
    /// - Complexity: O(*C*) expected, in parallel for large grids.
    public init(grid: RegularGrid, index: AreaIndex, source: String) {
        let centres = (0..<grid.cellCount).map { grid.centre(of: $0) }
        let areas = index.locate(centres)
        var inside = [Bool](repeating: false, count: grid.cellCount)
        var count = 0
        for i in areas.indices where areas[i] >= 0 {
            inside[i] = true
            count += 1
        }
        self.grid = grid
        self.studyArea = .boundaries(source: source)
        self.isInside = inside
        self.areaOfCell = areas
        self.insideCount = count
    }

    /// A grid over a boundary layer (in a projected CRS): aligned cells covering the layer's
    /// bounding box, masked by its areas.
    ///
    /// - Parameters:
    ///   - layer: The study area, already projected to metres.
    ///   - cellSize: Cell side in metres, or `nil` for ``RegularGrid/defaultCellSize(for:)``.
    ///   - maximumCells: The largest grid allowed.
    /// - Throws: ``GridError`` for an empty layer, a bad cell size or too many cells.
    /// - Complexity: O(*E* log *E* + *C*) for *E* polygon edges and *C* cells.
    public init(
        covering layer: BoundaryLayer, cellSize: Double? = nil,
        maximumCells: Int = RegularGrid.defaultMaximumCells
    ) throws(GridError) {
        let box = layer.boundingBox
        guard layer.count > 0, !box.isEmpty else {
            throw GridError(.invalidExtent, "the study area '\(layer.source)' has no areas")
        }
        var size = cellSize ?? 0
        if cellSize == nil { size = try RegularGrid.defaultCellSize(for: box) }
        let grid = try RegularGrid(covering: box, cellSize: size, maximumCells: maximumCells)
        self.init(grid: grid, index: AreaIndex(areas: layer.areas.map(\.geometry)), source: layer.source)
    }

    /// A grid over the finite points' extent grown by `margin` metres on every side, with every
    /// cell in the study area.
    ///
    /// - Parameters:
    ///   - points: Projected points; non-finite ones are ignored.
    ///   - cellSize: Cell side in metres, or `nil` for the default of the (ungrown) extent.
    ///   - margin: Metres to add on each side, e.g. the search radius so that density fades to
    ///     zero inside the grid. Must be finite and not negative.
    /// - Throws: ``GridError``: `.insufficientData` with no finite point, `.invalidExtent` when
    ///   a default size is needed for a single location, `.invalidDistance` for a bad margin.
    /// - Complexity: O(*n* + *C*).
    public init(
        coveringPoints points: [Point], cellSize: Double? = nil, margin: Double = 0,
        maximumCells: Int = RegularGrid.defaultMaximumCells
    ) throws(GridError) {
        guard margin.isFinite, margin >= 0 else {
            throw GridError(.invalidDistance, "the margin must be a finite, non-negative number of metres, not \(margin)")
        }
        let box = BoundingBox(covering: points.lazy.filter(\.isFinite))
        guard !box.isEmpty else {
            throw GridError(.insufficientData, "there are no points with coordinates to make a grid from")
        }
        var size = cellSize ?? 0
        if cellSize == nil { size = try RegularGrid.defaultCellSize(for: box) }
        let grown = BoundingBox(
            minX: box.minX - margin, minY: box.minY - margin, maxX: box.maxX + margin, maxY: box.maxY + margin)
        self.init(grid: try RegularGrid(covering: grown, cellSize: size, maximumCells: maximumCells))
    }

    /// The cells in the study area, in cell order.
    ///
    /// - Complexity: O(*C*).
    public var insideCells: [Int] { isInside.indices.filter { isInside[$0] } }
}
