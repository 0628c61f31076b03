/// Local Getis-Ord statistics Gi\* (and Gi) with analytic and, optionally, permutation
/// inference, binned like ArcGIS's `Gi_Bin`.
///
/// With binary weights wᵢⱼ ∈ {0, 1} and, for Gi\*, wᵢᵢ = 1 (Getis and Ord 1992; Ord and Getis
/// 1995), Sᵢ = Σⱼ wᵢⱼ yⱼ and cardinality Wᵢ = Σⱼ wᵢⱼ:
///
/// - Gᵢ = Sᵢ / Σⱼ yⱼ  (Gi: Sᵢ / Σⱼ≠ᵢ yⱼ)
/// - E[Gᵢ] = Wᵢ / N, N = n for Gi\* and n − 1 for Gi
/// - Var[Gᵢ] = Wᵢ (N − Wᵢ) / (N − 1) / N² × s² / ȳ², with ȳ and s² = Σ(y − ȳ)² / N the mean and
///   population variance of the N values that can enter Sᵢ (for Gi, every value but yᵢ)
/// - zᵢ = (Gᵢ − E[Gᵢ]) / √Var[Gᵢ] = (Sᵢ − Wᵢ ȳ) / (s √(Wᵢ (N − Wᵢ) / (N − 1))), computed in the
///   second form, which needs no division by ȳ.
///
/// These are exactly esda's `G_Local(y, w, transform='B', star=True)` (`Gs`, `EGs`, `VGs`,
/// `Zs`); esda adds the unit diagonal itself for `star=True`, as ``SpatialWeights/includesSelf``
/// does here. The p-value ``p`` is two-sided, 2 (1 − Φ(|z|)), twice esda's one-sided `p_norm`.
///
/// **Degenerate cases** (never NaN): when every value is equal (``isConstant``), or the
/// variance or Wᵢ (N − Wᵢ) is zero for an observation (it neighbours everyone), z = 0 and
/// p = 1. When the values sum to zero (all counts 0), G and Var[G], both ratios to the mean, are
/// reported as 0.
/// Islands are kept: under Gi\* an island's Sᵢ is its own value (W = 1), a valid test of that
/// value against the mean; under Gi an island has W = 0, so z = 0, p = 1. Values should be
/// non-negative (counts); for a negative mean esda's z has the opposite sign to this one.
///
/// - Getis, A. and Ord, J. K. (1992). The analysis of spatial association by use of distance
///   statistics. *Geographical Analysis* 24(3), 189–206.
/// - Ord, J. K. and Getis, A. (1995). Local spatial autocorrelation statistics: distributional
///   issues and an application. *Geographical Analysis* 27(4), 286–306.
public struct LocalGetisOrd: Sendable {
    /// Whether this is Gi\* (self included) rather than Gi.
    public let star: Bool
    /// Gᵢ for each observation (esda `Gs`).
    public let statistic: [Double]
    /// E[Gᵢ] (esda `EGs`).
    public let expected: [Double]
    /// Var[Gᵢ] under the normality assumption (esda `VGs`).
    public let variance: [Double]
    /// The z-score (esda `Zs`), unadjusted.
    public let z: [Double]
    /// The two-sided normal p-value of ``z``, unadjusted (2 × esda `p_norm`).
    public let p: [Double]
    /// The folded conditional-permutation pseudo p-value, when permutations were asked for
    /// (see ``ConditionalPermutation``); `nil` otherwise.
    public let permutationP: [Double]?
    /// Benjamini–Hochberg q-values of the p-values the bins use (``permutationP`` when present,
    /// else ``p``).
    public let q: [Double]
    /// The hot/cold-spot bin −3…3 (ArcGIS `Gi_Bin`): ±3 significant at 99 % confidence, ±2 at
    /// 95 %, ±1 at 90 %, 0 not significant; the sign is that of z. Significance is by
    /// ``correction``.
    public let bin: [Int8]
    /// How the bins correct for testing every observation at once.
    public let correction: SignificanceCorrection
    /// Whether every value was equal, so nothing could be tested (z = 0, p = 1 everywhere).
    public let isConstant: Bool

    /// Computes Gi\* (or Gi) for `values` on `weights`.
    ///
    /// - Parameters:
    ///   - values: one finite value per observation, in the weights' order (e.g. cell counts).
    ///   - weights: binary neighbours; their ``SpatialWeights/includesSelf`` flag is ignored.
    ///   - star: `true` (default) for Gi\*, which includes each observation in its own sum;
    ///     `false` for Gi.
    ///   - permutations: conditional permutation inference to add, or `nil` for none.
    ///   - correction: the multiple-testing correction for ``bin``; FDR by default.
    /// - Throws: ``GridError`` `sizeMismatch` when `values` and `weights` differ in length;
    ///   `insufficientData` for fewer than 2 observations (3 for Gi) or a non-finite value.
    /// - Complexity: O(*m* + *n* log *n*) analytic, for *m* links; plus O(*P* *m*) with *P*
    ///   permutations, spread over the cores.
    public init(
        values: [Double], weights: SpatialWeights, star: Bool = true,
        permutations: ConditionalPermutation? = nil, correction: SignificanceCorrection = .falseDiscoveryRate
    ) throws(GridError) {
        let n = values.count
        guard weights.count == n else {
            throw GridError(.sizeMismatch, "\(n) values for weights over \(weights.count) observations")
        }
        guard n >= (star ? 2 : 3) else {
            throw GridError(.insufficientData, "Getis-Ord \(star ? "Gi*" : "Gi") needs at least \(star ? 2 : 3) observations, not \(n)")
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw GridError(.insufficientData, "value \(values[bad]) of observation \(bad) is not a finite number")
        }
        self.star = star
        self.correction = correction
        let constant = values.allSatisfy { $0 == values[0] }
        isConstant = constant

        let total = values.reduce(0, +)
        let mean = total / Double(n)
        let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        var statistic = [Double](repeating: 0, count: n)
        var expected = [Double](repeating: 0, count: n)
        var variance = [Double](repeating: 0, count: n)
        var z = [Double](repeating: 0, count: n)
        var p = [Double](repeating: 1, count: n)
        let nn = Double(n)
        values.withUnsafeBufferPointer { y in
            weights.offsets.withUnsafeBufferPointer { offsets in
                weights.neighbours.withUnsafeBufferPointer { links in
                    for i in 0..<n {
                        var sum = star ? y[i] : 0
                        for e in Int(offsets[i])..<Int(offsets[i + 1]) { sum += y[Int(links[e])] }
                        let w = Double(Int(offsets[i + 1] - offsets[i]) + (star ? 1 : 0))
                        // The population of values that can enter Sᵢ: all of them, or all but yᵢ.
                        let count = star ? nn : nn - 1
                        let others = star ? total : total - y[i]
                        let m = others / count
                        let d = y[i] - mean
                        let s2 = star ? squares / count : max(0, (squares - d * d * nn / (nn - 1)) / count)
                        statistic[i] = others != 0 ? sum / others : 0
                        expected[i] = w / count
                        let spread = w * (count - w) / (count - 1)
                        variance[i] = m != 0 ? spread / (count * count) * s2 / (m * m) : 0
                        let denominator = (s2 * spread).squareRoot()
                        if denominator > 0, denominator.isFinite, !constant {
                            z[i] = (sum - w * m) / denominator
                            p[i] = NormalDistribution.twoSidedPValue(z[i])
                        }
                    }
                }
            }
        }
        self.statistic = statistic
        self.expected = expected
        self.variance = variance
        self.z = z
        self.p = p
        if let permutations, !constant {
            permutationP = permutations.pseudoPValues(values: values, weights: weights)
        } else {
            permutationP = permutations.map { _ in [Double](repeating: 1, count: n) }
        }
        let tested = permutationP ?? p
        q = FalseDiscoveryRate.benjaminiHochberg(tested)
        bin = HotspotBins.bins(z: z, p: tested, correction: correction)
    }

    /// Number of observations.
    public var count: Int { z.count }
}
