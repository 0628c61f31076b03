/// Everything a hotspot run computed per grid cell, in the grid's cell order: the table
/// behind `grid.csv`, `grid.geojson`, `density.asc` and `hotspots.csv`.
///
/// Arrays are indexed by cell number (see ``RegularGrid``). Values of cells outside the
/// study area are kept but never written as numbers.
public struct HotspotCells: Sendable {
    /// The grid.
    public var grid: RegularGrid
    /// Whether each cell is in the study area (its centre lies in a boundary area, or every
    /// cell when the study area is the points' extent).
    public var inStudyArea: [Bool]
    /// Incidents per cell.
    public var count: [Int]
    /// Sum of incident weights per cell (equal to ``count`` without weights).
    public var weight: [Double]
    /// Kernel density at each cell centre, in ``densityUnit``.
    public var density: [Double]
    /// `per_km2` or `expected_count`.
    public var densityUnit: String
    /// Getis-Ord Gi* z-score per cell, when computed.
    public var giZ: [Double]?
    /// Two-sided p of ``giZ`` under the normal approximation, unadjusted.
    public var giP: [Double]?
    /// Pseudo p from conditional permutations, when asked for.
    public var giPSim: [Double]?
    /// Gi_Bin: -3…3 after Benjamini-Hochberg FDR (±3 at 99 %, ±2 at 95 %, ±1 at 90 %).
    public var giBin: [Int]?
    /// Local Moran cluster per cell (`high-high`, `low-low`, `high-low`, `low-high`, or
    /// `not-significant` at p > 0.05), when computed.
    public var moranClass: [String]?
    /// Position of the area containing each cell's centre, or -1.
    public var area: [Int32]

    /// Cells with no statistics yet: counts, weights and densities given, the rest `nil`.
    public init(
        grid: RegularGrid, inStudyArea: [Bool], count: [Int], weight: [Double], density: [Double],
        densityUnit: String, area: [Int32]
    ) {
        self.grid = grid
        self.inStudyArea = inStudyArea
        self.count = count
        self.weight = weight
        self.density = density
        self.densityUnit = densityUnit
        self.area = area
    }

    /// Number of cells in the study area.
    public var studyAreaCellCount: Int { inStudyArea.reduce(0) { $0 + ($1 ? 1 : 0) } }
}
