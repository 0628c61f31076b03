/// A whole hotspot analysis of incident points: an aligned grid over the study area, cell
/// counts, exact kernel density, Getis-Ord Gi* with FDR bins and local Moran's I.
///
/// ```swift
/// let analysis = try HotspotAnalysis(parameters: .init(cellSize: 250, radius: 400))
/// let run = try analysis.run(points: points, weights: nil, assigner: assigner)
/// print(run.cells.giBin!.filter { $0 == 3 }.count, "hot cells at 99 %")
/// ```
public struct HotspotAnalysis: Sendable {
    /// What to compute and how.
    public struct Parameters: Sendable, Hashable {
        /// Cell side in metres; `nil` for the default (shorter extent side / 250, rounded).
        public var cellSize: Double?
        /// Kernel for the density surface.
        public var kernel: Kernel
        /// Search radius in metres; `nil` for the spatial Silverman rule.
        public var radius: Double?
        /// Density per km² or expected counts per cell.
        public var output: KernelDensity.Output
        /// Neighbours for Gi* and local Moran.
        public var neighbourhood: CellNeighbourhood
        /// Conditional permutations for pseudo p-values, or `nil` for analytic only.
        public var permutations: ConditionalPermutation?
        /// Whether to compute Gi* and local Moran at all.
        public var localStatistics: Bool
        /// The largest grid allowed.
        public var maximumCells: Int

        /// Defaults: automatic cell size and radius, quartic density per km², automatic band,
        /// analytic inference.
        public init(
            cellSize: Double? = nil, kernel: Kernel = .quartic, radius: Double? = nil,
            output: KernelDensity.Output = .density, neighbourhood: CellNeighbourhood = .automaticBand,
            permutations: ConditionalPermutation? = nil, localStatistics: Bool = true,
            maximumCells: Int = RegularGrid.defaultMaximumCells
        ) {
            self.cellSize = cellSize
            self.kernel = kernel
            self.radius = radius
            self.output = output
            self.neighbourhood = neighbourhood
            self.permutations = permutations
            self.localStatistics = localStatistics
            self.maximumCells = maximumCells
        }
    }

    /// The outcome of one run.
    public struct Run: Sendable {
        /// Per-cell values, ready to write.
        public var cells: HotspotCells
        /// The grid and its study-area mask.
        public var studyGrid: StudyGrid
        /// Whether the cell size was chosen automatically.
        public var cellSizeIsAutomatic: Bool
        /// The density surface and the parameters it used.
        public var density: DensityResult
        /// Gi* and local Moran, when computed.
        public var statistics: HotspotStatistics?
        /// Points that fell outside the grid (only possible with a boundary study area).
        public var pointsOutsideGrid: Int
        /// Things a reader must know (e.g. a radius smaller than a cell).
        public var warnings: [String]
    }

    /// The parameters.
    public let parameters: Parameters

    /// Creates an analysis.
    public init(parameters: Parameters = Parameters()) {
        self.parameters = parameters
    }

    /// Runs the analysis.
    ///
    /// - Parameters:
    ///   - points: Incident points in the assigner's working CRS (metres).
    ///   - weights: One weight per point (e.g. harm), or `nil` for 1 each.
    ///   - assigner: Its areas are the study area and name each cell's neighbourhood; with
    ///     no areas, the study area is the points' extent.
    ///
    /// All points at one location (a single incident, or police.uk snapping every incident to
    /// one map point) need a radius; with one and no study area, the default cell size comes
    /// from the square the radius reaches around that location.
    ///
    /// - Throws: ``GridError`` for no points, a bad cell size, radius or band, a grid larger
    ///   than ``Parameters/maximumCells``, or a radius the Silverman rule cannot choose (all
    ///   points at one place: give one).
    public func run(points: [Point], weights: [Double]?, assigner: AreaAssigner) throws(GridError) -> Run {
        guard !points.isEmpty else {
            throw GridError(.insufficientData, "no incidents are left to map: check --type and --months")
        }
        let extent = BoundingBox(covering: points.lazy.filter(\.isFinite))
        let oneLocation = !extent.isEmpty && extent.width == 0 && extent.height == 0
        if oneLocation, parameters.radius == nil {
            throw GridError(
                .insufficientData,
                "\(points.count == 1 ? "there is only one incident" : "all \(points.count) incidents are at one location"), "
                    + "so the automatic search radius (Silverman rule) cannot be chosen: give --radius METRES")
        }
        let study: StudyGrid
        if assigner.layer.count > 0 {
            study = try StudyGrid(
                covering: assigner.workingLayer, cellSize: parameters.cellSize, maximumCells: parameters.maximumCells)
        } else {
            let margin = parameters.radius ?? 0
            var cellSize = parameters.cellSize
            if cellSize == nil, oneLocation {
                // One location has no extent to size cells by: use the square the radius reaches.
                cellSize = try RegularGrid.defaultCellSize(
                    for: BoundingBox(
                        minX: extent.minX - margin, minY: extent.minY - margin, maxX: extent.maxX + margin,
                        maxY: extent.maxY + margin))
            }
            study = try StudyGrid(
                coveringPoints: points, cellSize: cellSize, margin: margin, maximumCells: parameters.maximumCells)
        }
        let grid = study.grid
        let counts = try CellCounts(points: points, weights: weights, grid: grid)
        let density = try KernelDensity(kernel: parameters.kernel, radius: parameters.radius, output: parameters.output)
            .estimate(points: points, weights: weights, on: study)
        var cells = HotspotCells(
            grid: grid, inStudyArea: study.isInside, count: counts.counts, weight: counts.weights,
            density: density.values, densityUnit: parameters.output == .density ? "per_km2" : "expected_count",
            area: study.areaOfCell)
        var warnings = density.warnings.map(\.message)
        let longer = Swift.max(extent.width, extent.height)
        let radius = density.parameters.radius
        let flatWarned = density.warnings.contains { $0.code == .radiusLargerThanStudyArea }
        if assigner.layer.count == 0, longer > 0, radius >= longer, !flatWarned {
            warnings.append(
                "the search radius (\(radius) m) is at least the longer side of the points' extent (\(longer) m): "
                    + "the surface is nearly flat and the grid grows by the radius on every side; use a smaller radius")
        }
        let inside = study.insideCells.reduce(0) { $0 + counts.counts[$1] }
        if counts.inside - inside > 0 {
            warnings.append(
                "\(counts.inside - inside) incidents fall in grid cells whose centre is outside the study area; "
                    + "they count towards neighbouring cells' density but not towards Gi*")
        }
        var statistics: HotspotStatistics?
        if parameters.localStatistics {
            statistics = try HotspotStatistics(
                values: weights == nil ? counts.counts.map(Double.init) : counts.weights, grid: grid,
                inStudyArea: study.isInside, neighbourhood: parameters.neighbourhood,
                permutations: parameters.permutations)
            statistics?.fill(&cells)
            if let s = statistics, s.cardinality.islands > 0 {
                warnings.append("\(s.cardinality.islands) study-area cells have no neighbour within the band")
            }
            if let s = statistics, s.gi.isConstant {
                warnings.append("every study-area cell has the same value: Gi* is 0 everywhere and no cell is a hotspot")
            }
        }
        return Run(
            cells: cells, studyGrid: study, cellSizeIsAutomatic: parameters.cellSize == nil, density: density,
            statistics: statistics, pointsOutsideGrid: counts.outside, warnings: warnings)
    }
}
