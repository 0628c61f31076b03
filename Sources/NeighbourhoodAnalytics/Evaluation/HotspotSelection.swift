/// Chooses hotspots: the places (grid cells or areas) with the highest scores.
///
/// **Ranking rule.** Places are ranked by score, highest first; ties go to the lower place
/// index (for grid cells: the more southerly row, then the more westerly column). Only places
/// in the study area (`included`) are ranked. The rule is total, so the same scores always give
/// the same hotspots.
///
/// **How many.** The top *k* % of *m* study-area places is `⌈k/100 · m⌉` places (at least one
/// when *k* > 0), computed as `⌈fraction · m − 1e-9⌉` so that 1 % of 32,000 is exactly 320
/// despite rounding in `0.01 × 32,000`.
public enum HotspotSelection {
    /// The study-area places ranked by score, highest first, ties by lower index.
    ///
    /// - Parameters:
    ///   - scores: One finite score per place (a density, a count, a z-score).
    ///   - included: Per place, whether it is in the study area; `nil` for all.
    /// - Throws: ``GridError``: `.sizeMismatch` when `included` has another length,
    ///   `.insufficientData` for a non-finite score.
    /// - Complexity: O(*m* log *m*).
    public static func ranked(scores: [Double], included: [Bool]? = nil) throws(GridError) -> [Int] {
        if let included, included.count != scores.count {
            throw GridError(
                .sizeMismatch, "\(scores.count) scores but \(included.count) study-area flags; give one per place")
        }
        if let bad = scores.firstIndex(where: { !$0.isFinite }) {
            throw GridError(.insufficientData, "score \(scores[bad]) of place \(bad) is not a finite number")
        }
        var order = scores.indices.filter { included?[$0] ?? true }
        order.sort { a, b in scores[a] != scores[b] ? scores[a] > scores[b] : a < b }
        return order
    }

    /// The number of places that make the top `fraction` of `placeCount` places.
    ///
    /// - Complexity: O(1).
    public static func count(fraction: Double, of placeCount: Int) -> Int {
        guard fraction > 0, placeCount > 0 else { return 0 }
        let k = Int((min(fraction, 1) * Double(placeCount) - 1e-9).rounded(.up))
        return max(1, min(placeCount, k))
    }

    /// The top `fraction` (0 to 1, e.g. 0.01 for 1 %) of study-area places by score.
    ///
    /// - Throws: ``GridError``: as ``ranked(scores:included:)``, and `.insufficientData` when
    ///   `fraction` is not in (0, 1] or no place is in the study area.
    /// - Complexity: O(*m* log *m*).
    public static func top(fraction: Double, of scores: [Double], included: [Bool]? = nil) throws(GridError) -> [Int] {
        guard fraction > 0, fraction <= 1 else {
            throw GridError(.insufficientData, "the share of places to select must be above 0 and at most 1, not \(fraction)")
        }
        let order = try ranked(scores: scores, included: included)
        guard !order.isEmpty else {
            throw GridError(.insufficientData, "no place is in the study area, so none can be selected")
        }
        return Array(order.prefix(count(fraction: fraction, of: order.count)))
    }
}
