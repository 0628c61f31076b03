import NeighbourhoodGeometry

/// A kernel density surface on a grid, with every parameter that made it.
public struct DensityResult: Sendable {
    /// The grid the surface is on.
    public let grid: RegularGrid
    /// Per cell, row-major from the south-west: the density at the cell centre, in the unit of
    /// ``DensityParameters/output``. Always finite and non-negative. Masked cells are computed
    /// too (points outside the study area still spread into it and out of it); use
    /// ``isInside`` to leave them out of outputs.
    public let values: [Double]
    /// Per cell: whether it is in the study area (copied from the ``StudyGrid``).
    public let isInside: [Bool]
    /// The parameters actually used, including those chosen automatically.
    public let parameters: DensityParameters
    /// Conditions the caller should pass on to the user; empty when there are none.
    public let warnings: [DensityWarning]

    /// The surface's total as expected incidents: the sum over study-area cells of the value
    /// times the cell area (in km² for densities). Over a grid that covers every point's disc
    /// it approaches the total weight as the radius grows relative to the cell size.
    ///
    /// - Complexity: O(*C*).
    public var totalExpected: Double {
        let perCell: Double
        switch parameters.output {
        case .density: perCell = grid.cellSize * grid.cellSize / 1_000_000
        case .counts: perCell = 1
        }
        var sum = 0.0
        for i in values.indices where isInside[i] { sum += values[i] }
        return sum * perCell
    }
}

/// The parameters a density surface was made with: what was asked and what was chosen.
public struct DensityParameters: Sendable, Hashable {
    /// The kernel.
    public let kernel: Kernel
    /// The search radius used, in metres.
    public let radius: Double
    /// Whether ``radius`` was chosen by the spatial Silverman rule (no radius was given).
    public let radiusIsAutomatic: Bool
    /// The Silverman computation when the radius was automatic; `nil` otherwise.
    public let silverman: SearchRadius?
    /// The cell size, in metres.
    public let cellSize: Double
    /// The output unit.
    public let output: KernelDensity.Output
    /// Always `"exact"`: every kernel is evaluated at every cell centre within the radius of
    /// every point; no binning or FFT approximation.
    public let evaluation: String
    /// Points used (with finite coordinates).
    public let pointCount: Int
    /// Points skipped because a coordinate was NaN or infinite.
    public let nonFinitePoints: Int
    /// Distinct locations after collapsing exactly identical coordinates into weights, or
    /// ``pointCount`` when the points were not collapsed (too few repeats to pay off).
    public let distinctLocations: Int
    /// Sum of the weights of the points used (``pointCount`` without weights).
    public let totalWeight: Double
}

/// A condition worth telling the user about; the surface is still valid.
public struct DensityWarning: Sendable, Hashable, CustomStringConvertible {
    /// The kind of condition, for callers that match on it.
    public enum Code: String, Sendable, Hashable {
        /// The radius is smaller than a cell: values stay exact at centres, but points between
        /// centres may reach none, so the surface is spotty and undercounts.
        case radiusSmallerThanCell = "radius_smaller_than_cell"
        /// The radius is at least the grid's longer side: the surface is nearly flat.
        case radiusLargerThanStudyArea = "radius_larger_than_study_area"
        /// Some points had a NaN or infinite coordinate and were left out.
        case nonFinitePoints = "non_finite_points"
        /// Some points lie farther than the radius from every cell centre and add nothing.
        case pointsBeyondGrid = "points_beyond_grid"
    }

    /// The kind of condition.
    public let code: Code
    /// A sentence for the user.
    public let message: String

    /// The message.
    public var description: String { message }
}
