/// How concentrated incidents are across places: the Lorenz curve, the Gini coefficient, the
/// generalised Gini for sparse counts, and "x % of places hold y % of incidents".
///
/// Places are ordered by count, highest first (ties do not matter here: only the sorted counts
/// enter any of these measures).
///
/// - **Gini** *G*: with counts sorted ascending `x₍₁₎ ≤ … ≤ x₍N₎`,
///   `G = 2 Σ i·x₍ᵢ₎ / (N Σ x) − (N + 1) / N`, equal to the mean absolute difference over twice
///   the mean and to twice the area between the Lorenz curve and the diagonal (the "biased"
///   Gini of R's `DescTools::Gini(x, unbiased = FALSE)`). With all incidents in one of N
///   places it is `1 − 1/N`.
/// - **Generalised Gini** *G′* (Bernasco and Steenbeek 2017, "More places than crimes:
///   implications for evaluating the law of crime concentration at place", *Journal of
///   Quantitative Criminology* 33: 451–467): when there are fewer incidents *C* than places
///   *N*, perfect equality is impossible; the most equal distribution puts one incident in each
///   of *C* places, and the line of maximal equality runs from (0, 0) to (*C*/*N*, 1).
///   Measuring against it gives `G′ = max(1, N/C) · (G − 1) + 1`, which equals *G* when
///   *C* ≥ *N* (as in the authors' R package `lorenzgini`, `gini(x, generalized = TRUE,
///   unbiased = FALSE)`). Counts are treated as incidents; with fractional weights *C* is their sum.
public struct Concentration: Sendable, Hashable {
    /// *N*: the number of places.
    public let places: Int
    /// *C*: the total of the counts.
    public let incidents: Double
    /// The counts sorted highest first.
    public let sortedCounts: [Double]
    /// `cumulative[k]`: incidents in the `k` places with most (so `cumulative[0] = 0` and
    /// `cumulative[N] = C`).
    public let cumulative: [Double]
    /// The Gini coefficient *G*.
    public let gini: Double
    /// The generalised Gini *G′* of Bernasco and Steenbeek (2017).
    public let generalizedGini: Double

    /// Measures the concentration of `counts` over places.
    ///
    /// - Parameter counts: Incidents per place, including places with none; finite, non-negative.
    /// - Throws: ``GridError`` (`.insufficientData`) with no places, a negative or non-finite
    ///   count, or no incidents at all (every measure is undefined).
    /// - Complexity: O(*N* log *N*).
    public init(counts: [Double]) throws(GridError) {
        guard !counts.isEmpty else {
            throw GridError(.insufficientData, "there are no places to measure concentration over")
        }
        if let bad = counts.firstIndex(where: { !($0.isFinite && $0 >= 0) }) {
            throw GridError(.insufficientData, "count \(counts[bad]) of place \(bad) is not a finite, non-negative number")
        }
        let sorted = counts.sorted(by: >)
        var cumulative = [0.0]
        cumulative.reserveCapacity(sorted.count + 1)
        for c in sorted { cumulative.append(cumulative.last! + c) }
        let total = cumulative.last!
        guard total > 0 else {
            throw GridError(.insufficientData, "there are no incidents, so concentration is undefined")
        }
        let n = Double(sorted.count)
        // Ascending rank i of sorted[k] (descending) is N - k.
        var ranked = 0.0
        for (k, c) in sorted.enumerated() { ranked += Double(sorted.count - k) * c }
        let g = 2 * ranked / (n * total) - (n + 1) / n
        places = sorted.count
        incidents = total
        sortedCounts = sorted
        self.cumulative = cumulative
        gini = g
        generalizedGini = max(1, n / total) * (g - 1) + 1
    }

    /// The Lorenz curve: `N + 1` points (share of places, share of incidents), places taken
    /// highest count first, from (0, 0) to (1, 1).
    ///
    /// - Complexity: O(*N*).
    public var lorenzCurve: [(placeShare: Double, incidentShare: Double)] {
        let n = Double(places)
        return cumulative.enumerated().map { (Double($0.offset) / n, $0.element / incidents) }
    }

    /// The fewest places that hold at least `fraction` (0 to 1) of all incidents, e.g. 0.5 for
    /// "half of all incidents happen in … places"; 0 for a fraction of 0.
    ///
    /// - Complexity: O(log *N*).
    public func placesHolding(_ fraction: Double) -> Int {
        let target = min(max(fraction, 0), 1) * incidents
        // Tolerate rounding in the running sums: 1e-12 of the total.
        let goal = target - 1e-12 * incidents
        var lo = 0, hi = places
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] >= goal { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    /// The share of places (0 to 1) that hold `fraction` of incidents: ``placesHolding(_:)`` / *N*.
    ///
    /// - Complexity: O(log *N*).
    public func placeShare(holding fraction: Double) -> Double {
        Double(placesHolding(fraction)) / Double(places)
    }

    /// The share of incidents (0 to 1) in the top `fraction` of places, taking
    /// `⌈fraction · N − 1e-9⌉` whole places (as ``HotspotSelection/count(fraction:of:)``).
    ///
    /// - Complexity: O(1).
    public func incidentShare(inTop fraction: Double) -> Double {
        cumulative[HotspotSelection.count(fraction: fraction, of: places)] / incidents
    }
}
