/// One reported number of an indicator table, or why there is no number.
///
/// Suppression and missing inputs are cases of their own, never a zero or NaN, so writers
/// can print `suppressed`, `<5`, or a blank with the reason.
public enum Figure: Sendable, Hashable {
    /// A number.
    case value(Double)
    /// At least this much: a total that includes cells suppressed at source (published
    /// small counts hidden as `*` or `<5`), which are counted as 0.
    case lowerBound(Double)
    /// Withheld by disclosure control (`--suppress-below N`): the count, or a figure computed
    /// from it, is below N.
    case suppressed
    /// Suppressed in the input (an area-level table's small-number suppression).
    case suppressedAtSource
    /// Not computable, with the reason (no population, no baseline, zero denominator, …).
    case notAvailable(String)

    /// The number, for `.value` only.
    public var number: Double? {
        if case .value(let v) = self { return v }
        return nil
    }

    /// A short machine-readable status: `value`, `lower_bound`, `suppressed`,
    /// `suppressed_at_source` or `not_available`.
    public var status: String {
        switch self {
        case .value: return "value"
        case .lowerBound: return "lower_bound"
        case .suppressed: return "suppressed"
        case .suppressedAtSource: return "suppressed_at_source"
        case .notAvailable: return "not_available"
        }
    }
}

/// The level of an output row.
public enum AreaLevel: String, Sendable, Hashable, CaseIterable, Comparable {
    /// The small areas (LSOAs, neighbourhoods).
    case neighbourhood
    /// Their parents (districts), aggregated from member areas.
    case district
    /// The whole force, including rows that could not be placed in an area.
    case force

    /// Neighbourhood, then district, then force.
    public static func < (a: AreaLevel, b: AreaLevel) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
