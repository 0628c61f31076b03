import Foundation

/// The Poisson distribution with mean `mean`.
///
/// `F(k) = Q(k + 1, λ)`, the regularised upper incomplete gamma function; the mass function is
/// Loader's saddle-point form (Loader 2000).
public struct PoissonDistribution: Sendable, Hashable {
    /// The mean λ, finite and at least 0.
    public let mean: Double

    /// Creates the distribution.
    ///
    /// - Throws: ``GridError/Code/insufficientData`` when `mean` is negative or not finite.
    public init(mean: Double) throws(GridError) {
        guard mean >= 0, mean.isFinite else {
            throw GridError(.insufficientData, "a Poisson distribution needs a finite mean ≥ 0; got \(mean)")
        }
        self.mean = mean
    }

    /// `P(X = k)`.
    ///
    /// - Complexity: O(1).
    public func pmf(_ k: Int) -> Double {
        guard k >= 0 else { return 0 }
        return SaddlePointTerms.poissonDensity(Double(k), mean)
    }

    /// `P(X ≤ k)`.
    ///
    /// - Complexity: O(√λ) continued-fraction terms.
    public func cdf(_ k: Int) -> Double {
        if k < 0 { return 0 }
        if mean == 0 { return 1 }
        return IncompleteGamma.unchecked(a: Double(k + 1), x: mean).upper
    }

    /// The smallest `k ≥ 0` with `P(X ≤ k) ≥ q` (scipy's `poisson.ppf`); for `q ≤ 0`, 0.
    ///
    /// - Throws: ``GridError/Code/insufficientData`` when `q` is not below 1 (the quantile
    ///   would be infinite) or is NaN.
    /// - Complexity: O(log λ) evaluations of ``cdf(_:)`` (bisection over integers).
    public func quantile(_ q: Double) throws(GridError) -> Int {
        guard q < 1, !q.isNaN else {
            throw GridError(.insufficientData, "a Poisson quantile needs a probability below 1; got \(q)")
        }
        if q <= 0 || mean == 0 { return 0 }
        var lo = -1
        var hi = max(1, Int((mean + 10 * mean.squareRoot() + 10).rounded(.up)))
        while cdf(hi) < q { lo = hi; hi *= 2 }
        // Invariant: cdf(lo) < q ≤ cdf(hi).
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2
            if cdf(mid) >= q { hi = mid } else { lo = mid }
        }
        return hi
    }
}
