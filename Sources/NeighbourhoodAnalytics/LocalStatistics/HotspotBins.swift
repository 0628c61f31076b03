/// How hot-spot bins account for testing every cell at once.
public enum SignificanceCorrection: String, Sendable, Hashable, CaseIterable {
    /// Benjamini–Hochberg false discovery rate at each confidence level (ArcGIS's default for
    /// Hot Spot Analysis, "Apply False Discovery Rate (FDR) Correction").
    case falseDiscoveryRate = "fdr"
    /// Each p-value compared with 0.10, 0.05 and 0.01 on its own.
    case none = "none"
}

/// The ArcGIS `Gi_Bin` rule: a confidence bin −3…3 from z-scores and p-values.
public enum HotspotBins {
    /// The confidence levels of bins 1, 2 and 3: 90 %, 95 % and 99 %, i.e. α = 0.10, 0.05, 0.01.
    public static let levels: [Double] = [0.10, 0.05, 0.01]

    /// The bin of each observation: sign(z) × (3 when significant at α = 0.01, else 2 at 0.05,
    /// else 1 at 0.10, else 0). With ``SignificanceCorrection/falseDiscoveryRate``, "significant
    /// at α" is the Benjamini–Hochberg step-up rule at FDR α over all the p-values
    /// (``FalseDiscoveryRate/significant(_:levels:)``); with ``SignificanceCorrection/none`` it
    /// is p ≤ α. A z of exactly 0 is always bin 0.
    ///
    /// - Complexity: O(*n* log *n*).
    public static func bins(z: [Double], p: [Double], correction: SignificanceCorrection) -> [Int8] {
        precondition(z.count == p.count, "one p-value per z-score")
        let significant: [[Bool]]
        switch correction {
        case .falseDiscoveryRate:
            significant = FalseDiscoveryRate.significant(p, levels: levels)
        case .none:
            significant = levels.map { level in p.map { $0 <= level } }
        }
        return (0..<z.count).map { i in
            guard z[i] != 0 else { return 0 }
            let strength: Int8 = significant[2][i] ? 3 : significant[1][i] ? 2 : significant[0][i] ? 1 : 0
            return z[i] > 0 ? strength : -strength
        }
    }
}
