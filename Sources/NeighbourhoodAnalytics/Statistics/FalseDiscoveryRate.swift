/// The Benjamini–Hochberg procedure for controlling the false discovery rate over many tests.
///
/// Benjamini, Y. and Hochberg, Y. (1995). Controlling the false discovery rate: a practical and
/// powerful approach to multiple testing. *Journal of the Royal Statistical Society B* 57(1),
/// 289–300. ArcGIS's "Apply False Discovery Rate (FDR) Correction" in Hot Spot Analysis uses
/// the same step-up rule.
///
/// A p-value that is NaN is treated as 1 (never significant); values are clamped to [0, 1].
public enum FalseDiscoveryRate {
    /// Benjamini–Hochberg adjusted p-values (q-values), in the input order: for the p-value of
    /// rank k (1 = smallest) among m, q = min over j ≥ k of (m / j) p₍ⱼ₎, capped at 1. They are
    /// monotone in p, and a test is significant at FDR α exactly when q ≤ α (up to rounding;
    /// ``significant(_:level:)`` applies the step-up rule directly).
    /// Equals scipy `false_discovery_control(p, method='bh')` and statsmodels
    /// `multipletests(p, method='fdr_bh')[1]`.
    ///
    /// - Complexity: O(*m* log *m*).
    public static func benjaminiHochberg(_ pValues: [Double]) -> [Double] {
        let m = pValues.count
        guard m > 0 else { return [] }
        let p = pValues.map(clean)
        let order = sortedOrder(p)
        var q = [Double](repeating: 1, count: m)
        var running = 1.0
        for rank in stride(from: m, through: 1, by: -1) {
            let i = order[rank - 1]
            running = min(running, p[i] * Double(m) / Double(rank))
            q[i] = min(1, running)
        }
        return q
    }

    /// Which tests are significant at false discovery rate `level` (e.g. 0.05) by the
    /// Benjamini–Hochberg step-up rule: with p-values sorted, find the largest rank k with
    /// p₍ₖ₎ ≤ (k / m) α and reject the k smallest. Equals statsmodels
    /// `multipletests(p, alpha=level, method='fdr_bh')[0]`.
    ///
    /// - Complexity: O(*m* log *m*).
    public static func significant(_ pValues: [Double], level: Double) -> [Bool] {
        significant(pValues, levels: [level])[0]
    }

    /// The Benjamini–Hochberg significance at several levels at once, sorting once:
    /// `result[k][i]` says whether test `i` is significant at `levels[k]`.
    ///
    /// - Complexity: O(*m* log *m* + *m* × levels).
    public static func significant(_ pValues: [Double], levels: [Double]) -> [[Bool]] {
        let m = pValues.count
        let p = pValues.map(clean)
        let order = sortedOrder(p)
        return levels.map { level in
            var last = 0
            for rank in stride(from: m, through: 1, by: -1) where p[order[rank - 1]] <= Double(rank) / Double(m) * level {
                last = rank
                break
            }
            var result = [Bool](repeating: false, count: m)
            for rank in 0..<last { result[order[rank]] = true }
            return result
        }
    }

    private static func clean(_ p: Double) -> Double { p.isNaN ? 1 : min(1, max(0, p)) }

    /// Positions sorted by p-value, ties by position (a stable order).
    private static func sortedOrder(_ p: [Double]) -> [Int] {
        Array(0..<p.count).sorted { p[$0] < p[$1] || (p[$0] == p[$1] && $0 < $1) }
    }
}
