/// The quadrant of the Moran scatterplot an observation falls in: its own standardised value
/// against its spatial lag. Raw values are esda's `q` codes (PySAL scheme, not GeoDa's).
public enum LocalMoranQuadrant: Int, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Above the mean, neighbours above the mean: a hot spot (esda q = 1).
    case highHigh = 1
    /// Below the mean among neighbours above it: a cold outlier (esda q = 2).
    case lowHigh = 2
    /// Below the mean, neighbours below the mean: a cold spot (esda q = 3).
    case lowLow = 3
    /// Above the mean among neighbours below it: a hot outlier (esda q = 4).
    case highLow = 4

    /// The quadrant of a value z (standardised) and its lag; zero counts as low, as in esda.
    @inlinable
    public init(z: Double, lag: Double) {
        switch (z > 0, lag > 0) {
        case (true, true): self = .highHigh
        case (false, true): self = .lowHigh
        case (false, false): self = .lowLow
        case (true, false): self = .highLow
        }
    }

    /// `high-high`, `low-high`, `low-low` or `high-low`, for output files.
    public var description: String {
        switch self {
        case .highHigh: "high-high"
        case .lowHigh: "low-high"
        case .lowLow: "low-low"
        case .highLow: "high-low"
        }
    }
}

/// How spatial weights are scaled before a statistic uses them.
public enum WeightsTransform: String, Sendable, Hashable, CaseIterable {
    /// Each row divided by its sum, so a lag is the neighbours' mean (libpysal `'r'`; esda's
    /// `Moran_Local` default, and GeoDa's).
    case rowStandardised = "r"
    /// Every link weighs 1, so a lag is the neighbours' sum (libpysal `'b'`).
    case binary = "b"
}
