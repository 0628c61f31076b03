import Foundation

/// The binomial distribution with `n` trials and success probability `p`.
///
/// The mass function uses Loader's saddle-point expansion (Loader 2000), the distribution
/// and survival functions the regularised incomplete beta function:
/// `F(k) = I_{1−p}(n − k, k + 1)` and `S(k) = P(X > k) = I_p(k + 1, n − k)`.
public struct BinomialDistribution: Sendable, Hashable {
    /// Number of trials, at least 0.
    public let trials: Int
    /// Success probability, in [0, 1].
    public let probability: Double

    /// Creates the distribution.
    ///
    /// - Throws: ``GridError/Code/insufficientData`` when `trials` is negative or
    ///   `probability` is not in [0, 1].
    public init(trials: Int, probability: Double) throws(GridError) {
        guard trials >= 0, probability >= 0, probability <= 1 else {
            throw GridError(.insufficientData, "a binomial distribution needs trials ≥ 0 and a probability in [0, 1]; got \(trials) and \(probability)")
        }
        self.trials = trials
        self.probability = probability
    }

    /// `P(X = k)`; 0 outside 0...n.
    ///
    /// - Complexity: O(1).
    public func pmf(_ k: Int) -> Double {
        guard k >= 0, k <= trials else { return 0 }
        return SaddlePointTerms.binomialDensity(Double(k), Double(trials), probability, 1 - probability)
    }

    /// `P(X ≤ k)`.
    ///
    /// - Complexity: O(√n) continued-fraction terms.
    public func cdf(_ k: Int) -> Double {
        if k < 0 { return 0 }
        if k >= trials { return 1 }
        if probability == 0 { return 1 }
        if probability == 1 { return 0 }
        return IncompleteBeta.unchecked(x: 1 - probability, a: Double(trials - k), b: Double(k + 1)).value
    }

    /// `P(X > k)`, the survival function.
    ///
    /// - Complexity: O(√n) continued-fraction terms.
    public func sf(_ k: Int) -> Double {
        if k < 0 { return 1 }
        if k >= trials { return 0 }
        if probability == 0 { return 0 }
        if probability == 1 { return 1 }
        return IncompleteBeta.unchecked(x: probability, a: Double(k + 1), b: Double(trials - k)).value
    }
}
