/// Local Moran's I (Anselin 1995), a local indicator of spatial association, with the analytic
/// moments under total randomisation that esda reports and optional conditional-permutation
/// inference.
///
/// With zᵢ = (yᵢ − ȳ) / s (s the population standard deviation), weights wᵢⱼ transformed as
/// ``transform`` says (self included only when ``SpatialWeights/includesSelf``),
/// lagᵢ = Σⱼ wᵢⱼ zⱼ, m₂ = Σ z² / n, m₄ = Σ z⁴ / n, b₂ = m₄ / m₂², wᵢ = Σⱼ wᵢⱼ, wᵢ⁽²⁾ = Σⱼ wᵢⱼ²:
///
/// - Iᵢ = (n − 1) zᵢ lagᵢ / Σⱼ zⱼ²  (esda `Is`)
/// - E[Iᵢ] = −wᵢ / (n − 1)  (esda `EI`)
/// - Var[Iᵢ] = wᵢ⁽²⁾ (n − b₂) / (n − 1) + (wᵢ² − wᵢ⁽²⁾)(2b₂ − n) / ((n − 1)(n − 2)) − E[Iᵢ]²
///   (esda `VI`; Anselin 1995, eq. 13–14, in Sokal, Oden and Thomson's 1998 form)
/// - z = (Iᵢ − E[Iᵢ]) / √Var[Iᵢ], p = 2 (1 − Φ(|z|)) two-sided. esda 2.9 stores `EI` and `VI`
///   but no analytic z; these are computed from them.
///
/// **Degenerate cases** (never NaN): equal values everywhere (``isConstant``) give I = 0,
/// z = 0, p = 1; so does an island (no neighbours: lag 0, Var 0) or any Var[Iᵢ] ≤ 0.
///
/// - Anselin, L. (1995). Local indicators of spatial association — LISA. *Geographical
///   Analysis* 27(2), 93–115.
/// - Sokal, R. R., Oden, N. L. and Thomson, B. A. (1998). Local spatial autocorrelation in a
///   biological model. *Geographical Analysis* 30(4), 331–354.
public struct LocalMoran: Sendable {
    /// The weights transform used.
    public let transform: WeightsTransform
    /// Iᵢ for each observation (esda `Is`).
    public let statistic: [Double]
    /// The standardised values zᵢ (esda `z`).
    public let standardised: [Double]
    /// The spatial lag of the standardised values.
    public let lag: [Double]
    /// E[Iᵢ] under total randomisation (esda `EI`).
    public let expected: [Double]
    /// Var[Iᵢ] under total randomisation (esda `VI`).
    public let variance: [Double]
    /// The analytic z-score (Iᵢ − E[Iᵢ]) / √Var[Iᵢ].
    public let z: [Double]
    /// The two-sided normal p-value of ``z``.
    public let p: [Double]
    /// The folded conditional-permutation pseudo p-value, when asked for; `nil` otherwise.
    public let permutationP: [Double]?
    /// The scatterplot quadrant of each observation, significant or not (esda `q`).
    public let quadrant: [LocalMoranQuadrant]
    /// Whether every value was equal, so nothing could be tested.
    public let isConstant: Bool

    /// Computes local Moran's I for `values` on `weights`.
    ///
    /// - Parameters:
    ///   - values: one finite value per observation, in the weights' order.
    ///   - weights: binary neighbours.
    ///   - transform: row-standardised (default, as esda and GeoDa) or binary.
    ///   - permutations: conditional permutation inference to add, or `nil` for none.
    /// - Throws: ``GridError`` `sizeMismatch` when the lengths differ; `insufficientData` for
    ///   fewer than 3 observations or a non-finite value.
    /// - Complexity: O(*n* + *m*) analytic; plus O(*P* *m*) for *P* permutations.
    public init(
        values: [Double], weights: SpatialWeights, transform: WeightsTransform = .rowStandardised,
        permutations: ConditionalPermutation? = nil
    ) throws(GridError) {
        let n = values.count
        guard weights.count == n else {
            throw GridError(.sizeMismatch, "\(n) values for weights over \(weights.count) observations")
        }
        guard n >= 3 else {
            throw GridError(.insufficientData, "local Moran's I needs at least 3 observations, not \(n)")
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw GridError(.insufficientData, "value \(values[bad]) of observation \(bad) is not a finite number")
        }
        self.transform = transform
        let nn = Double(n)
        let mean = values.reduce(0, +) / nn
        let sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / nn).squareRoot()
        isConstant = !(sd > 0)
        let zs = isConstant ? [Double](repeating: 0, count: n) : values.map { ($0 - mean) / sd }
        let sumSquares = zs.reduce(0) { $0 + $1 * $1 }
        let m2 = sumSquares / nn
        let m4 = zs.reduce(0) { $0 + $1 * $1 * $1 * $1 } / nn
        let b2 = m2 > 0 ? m4 / (m2 * m2) : 0
        let selfWeight = weights.includesSelf ? 1.0 : 0.0
        var statistic = [Double](repeating: 0, count: n)
        var lag = [Double](repeating: 0, count: n)
        var expected = [Double](repeating: 0, count: n)
        var variance = [Double](repeating: 0, count: n)
        var z = [Double](repeating: 0, count: n)
        var p = [Double](repeating: 1, count: n)
        var quadrant = [LocalMoranQuadrant](repeating: .lowLow, count: n)
        for i in 0..<n {
            let links = weights.neighbours(of: i)
            let cardinality = Double(links.count) + selfWeight
            let w = cardinality == 0 ? 0 : transform == .rowStandardised ? 1 / cardinality : 1
            var sum = selfWeight * w * zs[i]
            for j in links { sum += w * zs[Int(j)] }
            lag[i] = sum
            let wi = w * cardinality
            let wi2 = w * w * cardinality
            statistic[i] = sumSquares > 0 ? (nn - 1) * zs[i] * sum / sumSquares : 0
            expected[i] = -wi / (nn - 1)
            let v = wi2 * (nn - b2) / (nn - 1) + (wi * wi - wi2) * (2 * b2 - nn) / ((nn - 1) * (nn - 2))
                - expected[i] * expected[i]
            variance[i] = isConstant ? 0 : v
            if !isConstant, v > 0, v.isFinite {
                z[i] = (statistic[i] - expected[i]) / v.squareRoot()
                p[i] = NormalDistribution.twoSidedPValue(z[i])
            }
            quadrant[i] = LocalMoranQuadrant(z: zs[i], lag: sum)
        }
        self.standardised = zs
        self.statistic = statistic
        self.lag = lag
        self.expected = expected
        self.variance = variance
        self.z = z
        self.p = p
        self.quadrant = quadrant
        if let permutations {
            // Iᵢ is monotone in the neighbours' sum of y once yᵢ is fixed, unless zᵢ = 0.
            let fixed = zs.map { $0 == 0 }
            permutationP = isConstant
                ? [Double](repeating: 1, count: n)
                : permutations.pseudoPValues(values: values, weights: weights, fixed: fixed)
        } else {
            permutationP = nil
        }
    }

    /// Number of observations.
    public var count: Int { z.count }

    /// The significant clusters and outliers: each observation's quadrant when its p-value is
    /// at most `level`, `nil` (not significant) otherwise. The p-value is the permutation one
    /// when permutations were run, else the analytic one. esda's `get_cluster_labels` uses
    /// `p_sim < level` (strict); the conventional p ≤ α is used here. No multiple-testing
    /// correction is applied unless `correction` asks for it (Benjamini–Hochberg at `level`).
    ///
    /// - Complexity: O(*n*), or O(*n* log *n*) with FDR.
    public func clusters(level: Double = 0.05, correction: SignificanceCorrection = .none) -> [LocalMoranQuadrant?] {
        let tested = permutationP ?? p
        let significant: [Bool]
        switch correction {
        case .none: significant = tested.map { $0 <= level }
        case .falseDiscoveryRate: significant = FalseDiscoveryRate.significant(tested, level: level)
        }
        return (0..<count).map { significant[$0] ? quadrant[$0] : nil }
    }
}
