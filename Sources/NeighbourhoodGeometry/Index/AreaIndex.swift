import Dispatch

/// A point-in-polygon index over the areas of a layer, built once and queried many times.
///
/// The index lays a uniform grid over the layer. A cell that no edge touches is *interior*:
/// it belongs wholly to one area (or to none) and answers a query with one array read. A cell
/// that edges cross keeps a short list of candidate areas, each tested exactly with the
/// half-open crossing-number rule of ``Polygon/contains(_:)`` over only the edges in the
/// horizontal band of that area around the point. Answers are therefore identical to
/// ``MultiPolygon/contains(_:)`` for every point, including points on shared edges, which go
/// to exactly one area of a tiling.
///
/// Where areas overlap (an invalid tiling), the area that comes first in the layer wins.
///
/// - Complexity: building is O(*E* log *E*) in the number of edges plus O(*C*) in the number
///   of cells (about two per edge); a query is O(1) in interior cells and O(*k*) in boundary
///   cells, *k* being the edges of the candidates' bands (typically a handful).
public struct AreaIndex: Sendable {
    /// Marker stored in ``cells`` for a cell covered by no area.
    static let outsideCell: Int32 = -1
    /// The most tiles a grid is cut into for ordering batches: few enough that the tile
    /// histogram stays in a core's cache.
    static let maximumTileCount = 1 << 16

    let originX: Double
    let originY: Double
    let inverseCellWidth: Double
    let inverseCellHeight: Double
    let columns: Int
    let rows: Int
    /// Per cell: an area index (≥ 0), ``outsideCell``, or `-(list + 2)` naming a candidate list.
    /// Stored tile by tile (see ``TileLayout/cellIndex(row:column:)``), so that a batch visited in tile
    /// order reads this array front to back.
    let cells: [Int32]
    /// Candidate lists in compressed-row form: list `l` is `candidateAreas[candidateStart[l]..<candidateStart[l + 1]]`.
    let candidateStart: [Int32]
    let candidateAreas: [Int32]
    /// Exact-test data per area.
    let bands: [AreaBands]
    let bandStart: [Int32]
    let bandEdges: [Int32]
    let edges: [IndexEdge]
    /// Cells are stored, and batch lookups visit points, tile by tile (see ``TileLayout`` and
    /// ``locateInTileOrder``).
    let tiling: TileLayout

    /// The number of areas indexed.
    public let areaCount: Int
    /// The region the grid covers: the layer's bounding box. Points outside it are outside every area.
    public let bounds: BoundingBox

    /// Grid size in cells (columns × rows).
    public var gridSize: (columns: Int, rows: Int) { (columns, rows) }

    /// Builds the index for `areas`; query answers are positions in this array.
    ///
    /// - Parameters:
    ///   - areas: The areas' shapes, all in one planar CRS (projected metres for real work).
    ///   - cellsPerEdge: Grid cells per polygon edge; more cells mean more interior cells and
    ///     faster queries at the price of memory. The default suits administrative layers.
    /// - Complexity: O(*E* log *E* + *C*).
    public init(areas: [MultiPolygon], cellsPerEdge: Double = 8) {
        self = AreaIndexBuilder(areas: areas, cellsPerEdge: cellsPerEdge).build()
    }

    init(
        originX: Double, originY: Double, inverseCellWidth: Double, inverseCellHeight: Double,
        columns: Int, rows: Int, cells: [Int32], candidateStart: [Int32], candidateAreas: [Int32],
        bands: [AreaBands], bandStart: [Int32], bandEdges: [Int32], edges: [IndexEdge],
        bounds: BoundingBox
    ) {
        self.originX = originX
        self.originY = originY
        self.inverseCellWidth = inverseCellWidth
        self.inverseCellHeight = inverseCellHeight
        self.columns = columns
        self.rows = rows
        self.cells = cells
        self.candidateStart = candidateStart
        self.candidateAreas = candidateAreas
        self.bands = bands
        self.bandStart = bandStart
        self.bandEdges = bandEdges
        self.edges = edges
        let tiling = TileLayout(columns: columns, rows: rows)
        self.tiling = tiling
        precondition(cells.count == tiling.cellCount, "cells not laid out tile by tile")
        self.areaCount = bands.count
        self.bounds = bounds
    }
}

/// How an ``AreaIndex`` grid is cut into square tiles, and where each cell is stored.
///
/// Tiles are `2^shift` cells square (the smallest power of two that keeps the tile count at
/// most ``AreaIndex/maximumTileCount``) and numbered row by row. A tile's cells are stored
/// together, row by row inside the tile, so a 16 x 16 tile of 4-byte cells is one 1 KiB block.
struct TileLayout: Sendable {
    let shift: Int
    let tileColumns: Int
    let tileCount: Int

    init(columns: Int, rows: Int) {
        var shift = 0
        while ((columns - 1) >> shift + 1) * ((rows - 1) >> shift + 1) > AreaIndex.maximumTileCount { shift += 1 }
        self.shift = shift
        self.tileColumns = (columns - 1) >> shift + 1
        self.tileCount = tileColumns * ((rows - 1) >> shift + 1)
    }

    /// Cells in storage, padding of the last tile row and column included.
    var cellCount: Int { tileCount << (2 * shift) }

    /// Where cell (`row`, `column`) is stored.
    @inline(__always)
    func cellIndex(row: Int, column: Int) -> Int {
        let mask = 1 << shift - 1
        let tile = (row >> shift) * tileColumns + column >> shift
        return tile << (2 * shift) | (row & mask) << shift | column & mask
    }
}

/// An edge ordered by y (`y0 < y1`); horizontal edges are not stored, as they never count.
struct IndexEdge: Sendable, BitwiseCopyable {
    var x0: Double
    var y0: Double
    var x1: Double
    var y1: Double
}

/// Horizontal bands of one area: band `b` lists the area's edges whose y-range meets it.
struct AreaBands: Sendable, BitwiseCopyable {
    var box: BoundingBox
    var inverseBandHeight: Double
    var bandCount: Int32
    /// Index of this area's first band in ``AreaIndex/bandStart``.
    var firstBand: Int32

    @inline(__always)
    func band(of y: Double) -> Int {
        let b = Int(flooring: (y - box.minY) * inverseBandHeight)
        return b < 0 ? 0 : (b >= Int(bandCount) ? Int(bandCount) - 1 : b)
    }
}
