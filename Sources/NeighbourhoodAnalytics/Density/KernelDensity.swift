import NeighbourhoodGeometry

/// Kernel density estimation of points on a grid, evaluated exactly at every cell centre.
///
/// The density at a cell centre *c* is `Σᵢ wᵢ K(|c − pᵢ|)` over the points within the search
/// radius, where `K` is the chosen ``Kernel`` normalised to integrate to 1 (quartic by default:
/// `3/(πr²)(1 − d²/r²)²`, as ArcGIS Kernel Density; Silverman 1986, eq. 4.5). Output is per
/// square kilometre, or as expected incidents per cell (density × cell area).
///
/// Every point within the radius of a centre is counted with its exact distance: nothing is
/// binned or approximated. Points at exactly identical coordinates are merged into one
/// weighted location first when repeats are common (police.uk snaps incidents to map points),
/// which changes only the rounding of the sums.
///
/// ```swift
/// let grid = try StudyGrid(covering: lsoas, cellSize: 100)
/// let surface = try KernelDensity(radius: 400).estimate(points: incidents, on: grid)
/// ```
public struct KernelDensity: Sendable, Hashable {
    /// The unit of the surface.
    public enum Output: String, Sendable, Hashable, CaseIterable {
        /// Incidents (or weight) per square kilometre.
        case density
        /// Expected incidents (or weight) per cell: density × cell area.
        case counts
    }

    /// The kernel; quartic by default.
    public var kernel: Kernel
    /// The search radius in metres, or `nil` for the spatial Silverman rule
    /// (``SearchRadius/silverman(points:weights:)``).
    public var radius: Double?
    /// The output unit.
    public var output: Output

    /// Creates an estimator.
    public init(kernel: Kernel = .quartic, radius: Double? = nil, output: Output = .density) {
        self.kernel = kernel
        self.radius = radius
        self.output = output
    }

    /// Estimates the density of `points` at every cell centre of `grid`.
    ///
    /// Points with a non-finite coordinate are left out (and reported in a warning). Points
    /// outside the study area still count: the mask only flags cells.
    ///
    /// - Parameters:
    ///   - points: Points in the grid's projected CRS (metres).
    ///   - weights: One finite, non-negative weight per point (e.g. harm), or `nil` for 1 each.
    ///   - grid: The grid and its study-area mask.
    /// - Returns: The surface, the parameters used and any warnings (a radius below the cell
    ///   size, a radius above the grid's longer side, skipped points).
    /// - Throws: ``GridError``: `.insufficientData` when no point has finite coordinates or,
    ///   with no radius given, when the Silverman radius is 0 (one location); `.invalidDistance`
    ///   for a radius that is not a positive finite number; `.sizeMismatch` or
    ///   `.insufficientData` for bad weights.
    /// - Complexity: O(*n* + *C* + *n* · (*r*/*s*)²) for *n* points, *C* cells of side *s* and
    ///   radius *r*; the last term is split across cores.
    public func estimate(points: [Point], weights: [Double]? = nil, on grid: StudyGrid) throws(GridError) -> DensityResult {
        if let weights { try CellCounts.validate(weights: weights, pointCount: points.count) }
        let finite = points.reduce(0) { $0 + ($1.isFinite ? 1 : 0) }
        guard finite > 0 else {
            throw GridError(.insufficientData, "there are no incidents with coordinates to estimate a density from")
        }
        var totalWeight = 0.0
        if let weights {
            for i in points.indices where points[i].isFinite { totalWeight += weights[i] }
        } else {
            totalWeight = Double(finite)
        }

        let silverman: SearchRadius?
        let radius: Double
        if let given = self.radius {
            guard given.isFinite, given > 0 else {
                throw GridError(.invalidDistance, "the search radius must be a positive number of metres, not \(given)")
            }
            radius = given
            silverman = nil
        } else {
            let used = finite == points.count ? points : points.filter(\.isFinite)
            let usedWeights = finite == points.count ? weights : weights.map { w in
                points.indices.filter { points[$0].isFinite }.map { w[$0] }
            }
            let rule = try SearchRadius.silverman(points: used, weights: usedWeights)
            radius = rule.radius
            silverman = rule
        }

        let (sums, unreached, merged) = Self.accumulate(
            points: points, weights: weights, accumulator: DensityAccumulator(grid: grid.grid, radius: radius),
            kernel: kernel)
        let distinct = merged ?? finite
        // Without merging, the accumulator also saw (and skipped) the non-finite points.
        let unreachedFinite = merged == nil ? unreached - (points.count - finite) : unreached

        let cellArea = grid.grid.cellSize * grid.grid.cellSize
        let scale = kernel.unitRadiusConstant / (radius * radius) * (output == .density ? 1_000_000 : cellArea)
        let values = sums.map { $0 * scale }

        var warnings: [DensityWarning] = []
        let cellSize = grid.grid.cellSize
        if radius < cellSize {
            warnings.append(DensityWarning(
                code: .radiusSmallerThanCell,
                message: "the search radius (\(radius) m) is smaller than a cell (\(cellSize) m): values are exact at "
                    + "cell centres, but incidents between centres may reach none, so the surface is spotty; "
                    + "use a radius of at least a few cells"))
        }
        let longer = Swift.max(grid.grid.extent.width, grid.grid.extent.height)
        if radius >= longer {
            warnings.append(DensityWarning(
                code: .radiusLargerThanStudyArea,
                message: "the search radius (\(radius) m) is at least the grid's longer side (\(longer) m): "
                    + "the surface is nearly flat; use a smaller radius"))
        }
        if finite < points.count {
            warnings.append(DensityWarning(
                code: .nonFinitePoints,
                message: "\(points.count - finite) incidents without finite coordinates were left out"))
        }
        if unreachedFinite > 0 {
            warnings.append(DensityWarning(
                code: .pointsBeyondGrid,
                message: "\(unreachedFinite) location\(unreachedFinite == 1 ? "" : "s") lie\(unreachedFinite == 1 ? "s" : "") more than the radius beyond the outermost cell centres "
                    + "and add\(unreachedFinite == 1 ? "s" : "") nothing to the surface"))
        }
        let parameters = DensityParameters(
            kernel: kernel, radius: radius, radiusIsAutomatic: silverman != nil, silverman: silverman,
            cellSize: cellSize, output: output, evaluation: "exact", pointCount: finite,
            nonFinitePoints: points.count - finite, distinctLocations: distinct, totalWeight: totalWeight)
        return DensityResult(
            grid: grid.grid, values: values, isInside: grid.isInside, parameters: parameters, warnings: warnings)
    }

    /// Runs the accumulator over the points, merged when repeats pay off; returns the sums, the
    /// locations that reach no centre, and the number of merged locations (`nil` if not merged).
    private static func accumulate(
        points: [Point], weights: [Double]?, accumulator: DensityAccumulator, kernel: Kernel
    ) -> (sums: [Double], unreached: Int, merged: Int?) {
        func run(_ xy: UnsafeBufferPointer<Double>, _ w: UnsafeBufferPointer<Double>?) -> (
            sums: [Double], unreached: Int, merged: Int?
        ) {
            if let merged = LocationCollapse.collapse(xy, weights: w) {
                let (sums, unreached) = merged.coordinates.withUnsafeBufferPointer { c in
                    merged.weights.withUnsafeBufferPointer { mw in
                        accumulator.accumulate(c, weights: mw, kernel: kernel)
                    }
                }
                return (sums, unreached, merged.count)
            }
            let (sums, unreached) = accumulator.accumulate(xy, weights: w, kernel: kernel)
            return (sums, unreached, nil)
        }
        return points.withUnsafeBufferPointer { raw in
            raw.withMemoryRebound(to: Double.self) { xy in
                guard let weights else { return run(xy, nil) }
                return weights.withUnsafeBufferPointer { run(xy, $0) }
            }
        }
    }

    /// Estimates the density on `grid` with every cell in the study area.
    ///
    /// - Throws: As ``estimate(points:weights:on:)-(_,_,StudyGrid)``.
    /// - Complexity: As ``estimate(points:weights:on:)-(_,_,StudyGrid)``.
    public func estimate(points: [Point], weights: [Double]? = nil, on grid: RegularGrid) throws(GridError) -> DensityResult {
        try estimate(points: points, weights: weights, on: StudyGrid(grid: grid))
    }
}
