/// Share indicators: one indicator's count as a fraction of another's, per area.
extension IndicatorComputation {
    /// One area's share, e.g. the knife-enabled fraction of serious violence.
    public struct ShareRow: Sendable, Hashable {
        /// Area id.
        public let areaId: String
        /// The row's level.
        public let level: AreaLevel
        /// The numerator indicator's count.
        public let numerator: Figure
        /// The denominator indicator's count.
        public let denominator: Figure
        /// numerator / denominator, 0–1.
        public let share: Figure
        /// Lower bound of the Clopper–Pearson interval of the share.
        public let lower: Figure
        /// Upper bound of the Clopper–Pearson interval of the share.
        public let upper: Figure
    }

    /// The share of `numerator` in `denominator` for every row the two results have in common
    /// (same level and id), in `denominator`'s order, with the exact (Clopper–Pearson 1934)
    /// interval at `confidence`.
    ///
    /// Suppressed counts give suppressed shares; a zero denominator gives "not available"; a
    /// numerator larger than its denominator (a selector that is not a subset) is reported as
    /// not available rather than as a share above 1.
    ///
    /// - Complexity: O(rows) plus one interval per row.
    public static func shares(numerator: Result, denominator: Result, confidence: Double = 0.95) -> [ShareRow] {
        var byKey: [String: IndicatorRow] = [:]
        for row in numerator.rows { byKey["\(row.level.rawValue)\u{0}\(row.areaId)"] = row }
        return denominator.rows.compactMap { d in
            guard let n = byKey["\(d.level.rawValue)\u{0}\(d.areaId)"] else { return nil }
            func row(_ s: Figure, _ l: Figure, _ u: Figure) -> ShareRow {
                ShareRow(areaId: d.areaId, level: d.level, numerator: n.count, denominator: d.count, share: s, lower: l, upper: u)
            }
            switch (n.count, d.count) {
            case (.value(let x), .value(let m)):
                guard m > 0 else { let na = Figure.notAvailable("the denominator is 0"); return row(na, na, na) }
                guard x <= m else { let na = Figure.notAvailable("the numerator exceeds the denominator"); return row(na, na, na) }
                guard let ci = try? BinomialTest.clopperPearson(successes: Int(x), trials: Int(m), confidence: confidence) else {
                    let na = Figure.notAvailable("no interval at confidence \(confidence)")
                    return row(.value(x / m), na, na)
                }
                return row(.value(x / m), .value(ci.lower), .value(ci.upper))
            case (.suppressed, _), (_, .suppressed):
                return row(.suppressed, .suppressed, .suppressed)
            default:
                let na = Figure.notAvailable("a count is not a published number")
                return row(na, na, na)
            }
        }
    }
}
