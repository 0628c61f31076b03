import Foundation

/// The exact binomial test and the Clopper–Pearson interval, as scipy computes them.
///
/// Two-sided p-value: the total probability of all outcomes no more likely than the one
/// observed, with a relative tolerance of 1 + 10⁻⁷ on "no more likely" (the "minimum
/// likelihood" method; scipy.stats.binomtest, which follows R's `binom.test`). Interval:
/// Clopper and Pearson (1934), the inversion of the two one-sided exact tests, through the
/// beta quantiles `B⁻¹(α/2; k, n − k + 1)` and `B⁻¹(1 − α/2; k + 1, n − k)`.
public enum BinomialTest {
    /// A two-sided exact test of `k` successes in `n` trials against success probability `p`.
    public struct Result: Sendable, Hashable {
        /// Successes observed.
        public let successes: Int
        /// Trials.
        public let trials: Int
        /// The null success probability.
        public let nullProbability: Double
        /// The two-sided p-value, in [0, 1].
        public let pValue: Double
    }

    /// The two-sided exact p-value for `k` successes in `n` trials when the success
    /// probability is `p`: scipy's `binomtest(k, n, p).pvalue`.
    ///
    /// - Throws: ``GridError/Code/insufficientData`` unless `0 ≤ k ≤ n` and `0 ≤ p ≤ 1`.
    /// - Complexity: O(log n) evaluations of the mass function and two of the distribution
    ///   function.
    public static func twoSided(successes k: Int, trials n: Int, probability p: Double) throws(GridError) -> Result {
        guard k >= 0, k <= n else {
            throw GridError(.insufficientData, "the binomial test needs 0 ≤ successes ≤ trials; got \(k) of \(n)")
        }
        let dist = try BinomialDistribution(trials: n, probability: p)
        return Result(successes: k, trials: n, nullProbability: p, pValue: pValue(k, n, p, dist))
    }

    private static func pValue(_ k: Int, _ n: Int, _ p: Double, _ dist: BinomialDistribution) -> Double {
        let d = dist.pmf(k)
        let rerr = 1 + 1e-7
        let expected = p * Double(n)
        if Double(k) == expected { return 1 }
        var pval: Double
        if Double(k) < expected {
            // First i above the mode with pmf(i) ≤ d·rerr: searched on −pmf, ascending there.
            let ix = search({ -dist.pmf($0) }, target: -d * rerr, lo: Int(expected.rounded(.up)), hi: n)
            let y = n - ix + (d * rerr == dist.pmf(ix) ? 1 : 0)
            pval = dist.cdf(k) + dist.sf(n - y)
        } else {
            let ix = search({ dist.pmf($0) }, target: d * rerr, lo: 0, hi: Int(expected.rounded(.down)))
            let y = ix + 1
            pval = dist.cdf(y - 1) + dist.sf(k - 1)
        }
        pval = min(1, pval)
        return pval
    }

    /// scipy's `_binary_search_for_binom_tst`: the `i` in lo...hi with `a(i) ≤ d < a(i + 1)`,
    /// for `a` ascending on the range.
    private static func search(_ a: (Int) -> Double, target d: Double, lo: Int, hi: Int) -> Int {
        var lo = lo, hi = hi
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            let value = a(mid)
            if value < d {
                lo = mid + 1
            } else if value > d {
                hi = mid - 1
            } else {
                return mid
            }
        }
        return a(lo) <= d ? lo : lo - 1
    }

    /// The Clopper–Pearson ("exact") interval for a binomial proportion: scipy's
    /// `binomtest(k, n).proportion_ci(confidence_level, method='exact')`.
    ///
    /// The lower bound is 0 when `k = 0` and the upper bound 1 when `k = n`.
    ///
    /// - Parameters:
    ///   - k: Successes, 0...n.
    ///   - n: Trials, at least 1.
    ///   - confidence: Confidence level in (0, 1), e.g. 0.95.
    /// - Throws: ``GridError/Code/insufficientData`` for `n < 1`, `k` outside 0...n, or a
    ///   confidence level outside (0, 1).
    /// - Complexity: O(log(1/ε)) incomplete-beta evaluations.
    public static func clopperPearson(successes k: Int, trials n: Int, confidence: Double = 0.95) throws(GridError) -> (lower: Double, upper: Double) {
        guard n >= 1, k >= 0, k <= n else {
            throw GridError(.insufficientData, "the Clopper–Pearson interval needs trials ≥ 1 and 0 ≤ successes ≤ trials; got \(k) of \(n)")
        }
        guard confidence > 0, confidence < 1 else {
            throw GridError(.insufficientData, "a confidence level must lie strictly between 0 and 1; got \(confidence)")
        }
        let alpha = (1 - confidence) / 2
        // Newton starts from the normal approximation mean − z·sd of each beta quantile, with
        // z² the chi-square(1) quantile at the confidence level (z = 1.96 at 95 %).
        let z = confidence == 0.95 ? 1.959963984540054 : (2 * (try IncompleteGamma.inverse(a: 0.5, p: confidence))).squareRoot()
        func guess(_ a: Double, _ b: Double) -> Double {
            let s = a + b
            return a / s - z * (a * b / (s * s * (s + 1))).squareRoot()
        }
        let (a1, b1) = (Double(k), Double(n - k + 1))
        let lower = k == 0 ? 0 : IncompleteBeta.uncheckedInverse(p: alpha, a: a1, b: b1, guess: guess(a1, b1))
        // Upper: I_p(k + 1, n − k) = 1 − α, solved on the complement for precision.
        let (a2, b2) = (Double(n - k), Double(k + 1))
        let upper = k == n ? 1 : 1 - IncompleteBeta.uncheckedInverse(p: alpha, a: a2, b: b2, guess: guess(a2, b2))
        return (lower, upper)
    }
}
