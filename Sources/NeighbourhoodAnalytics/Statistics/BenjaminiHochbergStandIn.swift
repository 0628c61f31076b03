// replaced by FalseDiscoveryRate after merge: the lead deletes this file and points
// `IndicatorComputation.Options.correction` at `FalseDiscoveryRate.benjaminiHochberg`.

/// Benjamini–Hochberg step-up q-values (Benjamini and Hochberg 1995), a minimal stand-in for
/// `FalseDiscoveryRate.benjaminiHochberg(_:)` from the statistics branch.
///
/// `q₍ᵢ₎ = min over j ≥ i of min(1, m · p₍ⱼ₎ / j)` for the p-values sorted ascending, returned
/// in input order.
///
/// - Complexity: O(m log m).
enum BenjaminiHochbergStandIn {
    static func qValues(_ pValues: [Double]) -> [Double] {
        let m = pValues.count
        guard m > 0 else { return [] }
        let order = pValues.indices.sorted { pValues[$0] < pValues[$1] }
        var q = [Double](repeating: 1, count: m)
        var running = 1.0
        for rank in stride(from: m, through: 1, by: -1) {
            let i = order[rank - 1]
            running = min(running, min(1, Double(m) * pValues[i] / Double(rank)))
            q[i] = running
        }
        return q
    }
}
