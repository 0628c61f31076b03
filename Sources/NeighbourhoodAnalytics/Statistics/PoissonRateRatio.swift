/// The ratio of two Poisson rates, with its exact confidence interval and exact test, by
/// conditioning on the total (Przyborowski and Wilenski 1940).
///
/// With `x₁` events over exposure `t₁` (the period) and `x₂` over `t₂` (the baseline), and
/// `n = x₁ + x₂`, `x₁ | n ~ Binomial(n, π)` with `π = t₁λ₁ / (t₁λ₁ + t₂λ₂)`. Under
/// H₀: λ₁ = λ₂, `π₀ = t₁ / (t₁ + t₂)`, so the exact two-sided test is the binomial test of
/// `x₁` in `n` against `π₀` (p-value as scipy's `binomtest`). The rate ratio
/// `RR = (x₁/t₁) / (x₂/t₂)` is a monotone function of π, `RR = π / (1 − π) · t₂ / t₁`, so the
/// Clopper–Pearson interval for π maps to an exact interval for RR (Breslow and Day 1987,
/// *Statistical Methods in Cancer Research* II, §2.5; Ulm 1990).
///
/// Exposures are any positive measure of time at risk (months of data here; the population
/// of an area cancels because both periods use the same one).
public struct PoissonRateRatio: Sendable, Hashable {
    /// Events in the period.
    public let count: Int
    /// The period's exposure (e.g. months), positive.
    public let exposure: Double
    /// Events in the baseline period.
    public let baselineCount: Int
    /// The baseline's exposure, positive.
    public let baselineExposure: Double
    /// Confidence level of the interval, e.g. 0.95.
    public let confidence: Double

    /// The rate ratio `(x₁/t₁) / (x₂/t₂)`.
    ///
    /// `0` when `x₁ = 0 < x₂`; `+∞` when `x₂ = 0 < x₁` (a rise from nothing); `nil` when both
    /// counts are 0 (no information: the ratio is not estimable). Never NaN.
    public let estimate: Double?
    /// Lower bound of the exact interval: `0` when `x₁ = 0`; `nil` when both counts are 0.
    public let lower: Double?
    /// Upper bound of the exact interval: `+∞` when `x₂ = 0`; `nil` when both counts are 0.
    public let upper: Double?
    /// The exact two-sided p-value of H₀: equal rates; 1 when both counts are 0.
    public let pValue: Double

    /// Compares a period with its baseline.
    ///
    /// - Throws: ``GridError/Code/insufficientData`` when a count is negative, an exposure is
    ///   not a positive finite number, or the confidence level is outside (0, 1).
    /// - Complexity: O(log n) binomial evaluations plus two beta quantiles.
    public init(count: Int, exposure: Double, baselineCount: Int, baselineExposure: Double, confidence: Double = 0.95) throws(GridError) {
        guard count >= 0, baselineCount >= 0 else {
            throw GridError(.insufficientData, "counts must not be negative; got \(count) and \(baselineCount)")
        }
        guard exposure > 0, exposure.isFinite, baselineExposure > 0, baselineExposure.isFinite else {
            throw GridError(.insufficientData, "period lengths must be positive; got \(exposure) and \(baselineExposure)")
        }
        guard confidence > 0, confidence < 1 else {
            throw GridError(.insufficientData, "a confidence level must lie strictly between 0 and 1; got \(confidence)")
        }
        self.count = count
        self.exposure = exposure
        self.baselineCount = baselineCount
        self.baselineExposure = baselineExposure
        self.confidence = confidence
        let n = count + baselineCount
        guard n > 0 else {
            estimate = nil
            lower = nil
            upper = nil
            pValue = 1
            return
        }
        let scale = baselineExposure / exposure
        let pi0 = exposure / (exposure + baselineExposure)
        pValue = try BinomialTest.twoSided(successes: count, trials: n, probability: pi0).pValue
        let ci = try BinomialTest.clopperPearson(successes: count, trials: n, confidence: confidence)
        func ratio(_ pi: Double) -> Double { pi >= 1 ? .infinity : pi / (1 - pi) * scale }
        estimate = baselineCount == 0 ? .infinity : Double(count) / exposure / (Double(baselineCount) / baselineExposure)
        lower = ratio(ci.lower)
        upper = ratio(ci.upper)
    }
}
