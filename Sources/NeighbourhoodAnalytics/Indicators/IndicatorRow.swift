/// One output row of an indicator: an area at one level, with its figures.
public struct IndicatorRow: Sendable, Hashable {
    /// Area id (neighbourhood or district code, or the force id).
    public let areaId: String
    /// The row's level.
    public let level: AreaLevel
    /// The parent's id (the district of a neighbourhood, the force of a district); `nil` for
    /// the force.
    public let parentId: String?
    /// Rows counted in the period.
    public let count: Figure
    /// The indicator's value: equal to `count` for unweighted indicators, the weighted total
    /// (e.g. harm) for weighted ones. Rates, shares and ranks use it.
    public let value: Figure
    /// `value` per 1,000 residents over the period (not annualised).
    public let ratePer1000: Figure
    /// `value` as a fraction (0–1) of the parent's `value`.
    public let shareOfParent: Figure
    /// Rank by `ratePer1000` within the level, 1 = highest; equal rates share the lowest rank
    /// of their group (competition ranking 1, 2, 2, 4); `nil` for areas without a rate, with a
    /// suppressed or lower-bound rate, and for the force.
    public internal(set) var rank: Int?
    /// Rows counted in the baseline period.
    public let baselineCount: Figure
    /// Baseline `value` per 1,000 residents, scaled to the length of the period
    /// (× period months with data / baseline months with data) so it compares with
    /// `ratePer1000` directly.
    public let baselineRatePer1000: Figure
    /// `(value / t) / (baseline value / t_baseline)` with t the months with data; `+∞` when the
    /// baseline is 0 and the period is not.
    public let rateRatio: Figure
    /// Lower bound of the exact 95 % interval of the rate ratio (count indicators only).
    public let rateRatioLower: Figure
    /// Upper bound of the exact 95 % interval (`+∞` when the baseline count is 0).
    public let rateRatioUpper: Figure
    /// Exact two-sided p-value of equal rates (conditional binomial test).
    public let pValue: Figure
    /// Benjamini–Hochberg q-value of `pValue` across the areas of the same level.
    public internal(set) var qValue: Figure
    /// Funnel-plot limits against the parent's rate (counts), when computable.
    public let funnel: FunnelLimits?
    /// Where `count` lies against `funnel`, or why there is no flag.
    public let flag: FunnelStatus

    /// A row's funnel flag, or why it has none.
    public enum FunnelStatus: Sendable, Hashable {
        /// Compared with the parent's limits.
        case flagged(FunnelLimits.Flag)
        /// Withheld by disclosure control.
        case suppressed
        /// Not computable, with the reason.
        case notAvailable(String)

        /// `high_99.8`, `high_95`, `within`, `low_95`, `low_99.8`, `suppressed` or `not_available`.
        public var description: String {
            switch self {
            case .flagged(let f): return f.rawValue
            case .suppressed: return "suppressed"
            case .notAvailable: return "not_available"
            }
        }
    }
}
