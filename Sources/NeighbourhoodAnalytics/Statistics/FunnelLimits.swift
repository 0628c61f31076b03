/// Exact Poisson funnel-plot control limits for an observed count against an expected one
/// (Spiegelhalter 2005, *Funnel plots for comparing institutional performance*, Statistics in
/// Medicine 24:1185–1202, §3.2 and appendix A.1.2).
///
/// For a unit with expected count `E = parent rate × population` and a tail probability `p`,
/// `y_p` is the `p`-quantile of Poisson(E); the limit is interpolated between the integers as
/// Spiegelhalter describes, `y_p − α` with `α = (F(y_p) − p) / (F(y_p) − F(y_p − 1))`, so the
/// funnel is smooth in `E` instead of a staircase, and clamped at 0 (for small `E` the
/// interpolated lower limit is negative: nothing can fall below it). Limits are in counts; divide by the
/// population for rates. Two-sided 95 % limits use p = 0.025 and 0.975 ("alert"), 99.8 %
/// limits p = 0.001 and 0.999 ("alarm").
public struct FunnelLimits: Sendable, Hashable {
    /// Where an observed count lies against the limits.
    public enum Flag: String, Sendable, Hashable, CaseIterable {
        /// Above the upper 99.8 % limit.
        case high998 = "high_99.8"
        /// Above the upper 95 % limit but not the 99.8 % one.
        case high95 = "high_95"
        /// Within the 95 % limits (on a limit counts as within).
        case within
        /// Below the lower 95 % limit but not the 99.8 % one.
        case low95 = "low_95"
        /// Below the lower 99.8 % limit.
        case low998 = "low_99.8"
    }

    /// The expected count `E`.
    public let expected: Double
    /// Lower 99.8 % limit (count).
    public let lower998: Double
    /// Lower 95 % limit (count).
    public let lower95: Double
    /// Upper 95 % limit (count).
    public let upper95: Double
    /// Upper 99.8 % limit (count).
    public let upper998: Double

    /// The four limits for an expected count.
    ///
    /// With `E = 0` every limit is 0 (a parent with no events: nothing can be flagged low, and
    /// any event is flagged high).
    ///
    /// - Throws: ``GridError/Code/insufficientData`` when `expected` is negative or not finite.
    /// - Complexity: one Poisson distribution evaluation (O(√E)) and O(√E) steps of the
    ///   mass function.
    public init(expected: Double) throws(GridError) {
        let dist = try PoissonDistribution(mean: expected)
        self.expected = expected
        // One distribution-function evaluation at ⌊E⌋, then the four quantiles by walking the
        // mass function from there (F(y ± 1) = F(y) ± p(y ± 1), p(y + 1) = p(y) E / (y + 1)).
        let start = Int(expected.rounded(.down))
        let fStart = dist.cdf(start), pStart = dist.pmf(start)
        func walk(_ q: Double) -> Double {
            if expected == 0 { return 0 }
            var y = start, f = fStart, p = pStart
            if f < q {
                while f < q {
                    y += 1
                    p *= expected / Double(y)
                    if p == 0 { break }
                    f += p
                }
            } else {
                // Smallest y with F(y) ≥ q: step down while F(y − 1) = F(y) − p(y) ≥ q.
                while y > 0, f - p >= q {
                    f -= p
                    p *= Double(y) / expected
                    y -= 1
                }
            }
            // α = (F(y) − q) / (F(y) − F(y − 1)) = (F(y) − q) / p(y).
            guard p > 0 else { return Double(y) }
            return max(0, Double(y) - (f - q) / p)
        }
        lower998 = walk(0.001)
        lower95 = walk(0.025)
        upper95 = walk(0.975)
        upper998 = walk(0.999)
    }

    /// Spiegelhalter's interpolated exact limit `max(0, y_p − α)` for tail probability `p`.
    ///
    /// - Throws: ``GridError/Code/insufficientData`` when `p` is not below 1.
    /// - Complexity: O(log E) Poisson distribution evaluations.
    public static func limit(_ dist: PoissonDistribution, _ p: Double) throws(GridError) -> Double {
        if dist.mean == 0 { return 0 }
        let y = try dist.quantile(p)
        let fy = dist.cdf(y)
        let fyMinus = dist.cdf(y - 1)
        let denominator = fy - fyMinus
        guard denominator > 0 else { return Double(y) }
        let alpha = (fy - p) / denominator
        return max(0, Double(y) - alpha)
    }

    /// The flag of an observed count.
    ///
    /// A whole count is flagged by its exact Poisson tail probability around ``expected``:
    /// `high_95` when P(X ≥ x) ≤ 0.025, `high_99.8` when ≤ 0.001, and the same below with
    /// P(X ≤ x). This is the test the limits stand for; the interpolated limits themselves
    /// are for drawing a smooth funnel, and comparing a small count with them would flag,
    /// say, one incident where 0.1 was expected (P(X ≥ 1) = 0.095) as significantly high.
    /// A count that is not whole (a weighted total) is compared with the limits, strictly
    /// beyond a limit being outside it.
    ///
    /// - Complexity: O(√E) for whole counts, O(1) otherwise.
    public func flag(observed: Double) -> Flag {
        if observed >= 0, observed == observed.rounded(), observed < 1e15,
            let dist = try? PoissonDistribution(mean: expected)
        {
            let x = Int(observed)
            let atLeast = x == 0 ? 1.0 : max(0, 1 - dist.cdf(x - 1))
            let atMost = dist.cdf(x)
            if atLeast <= 0.001 { return .high998 }
            if atLeast <= 0.025 { return .high95 }
            if atMost <= 0.001 { return .low998 }
            if atMost <= 0.025 { return .low95 }
            return .within
        }
        if observed > upper998 { return .high998 }
        if observed > upper95 { return .high95 }
        if observed < lower998 { return .low998 }
        if observed < lower95 { return .low95 }
        return .within
    }
}
