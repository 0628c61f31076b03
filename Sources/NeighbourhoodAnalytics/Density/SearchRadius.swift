import Foundation
import NeighbourhoodGeometry

/// The default search radius of ArcGIS Kernel Density (from 10.2.1): a spatial variant of
/// Silverman's rule of thumb that resists spatial outliers,
///
/// `radius = 0.9 · min(SD, √(1/ln 2) · Dm) · n^(−0.2)`
///
/// where SD is the (weighted) standard distance about the (weighted) mean centre, Dm the
/// (weighted) median distance to that centre, and n the number of points or, with weights, the
/// sum of the weights (Silverman 1986, eq. 3.31; ArcGIS Pro, "How Kernel Density works").
///
/// **Weighted median.** Distances are sorted ascending with their weights; the median is the
/// first distance at which the running weight reaches half the total, averaged with the next
/// distance when the running weight equals exactly half. With unit weights this is the ordinary
/// median (the mean of the two middle values for an even count), as numpy computes it.
public struct SearchRadius: Sendable, Hashable {
    /// The radius, in metres; always positive and finite.
    public let radius: Double
    /// The (weighted) mean centre.
    public let meanCentre: Point
    /// `SD = √(Σ wᵢ dᵢ² / Σ wᵢ)`, with `dᵢ` the distance to the mean centre.
    public let standardDistance: Double
    /// `Dm`, the (weighted) median of the distances to the mean centre.
    public let medianDistance: Double
    /// `n`: the number of points, or the sum of the weights.
    public let n: Double

    /// Computes the spatial Silverman radius.
    ///
    /// - Parameters:
    ///   - points: Projected points (metres), all finite.
    ///   - weights: One finite, non-negative weight per point, or `nil` for 1 each.
    /// - Throws: ``GridError``: `.insufficientData` with no points, a zero total weight, or
    ///   when the rule gives 0 (one point, all points at one location, or more than half the
    ///   weight at the mean centre), saying to give a radius; `.sizeMismatch` for a wrong
    ///   number of weights.
    /// - Complexity: O(*n* log *n*) for the median.
    public static func silverman(points: [Point], weights: [Double]? = nil) throws(GridError) -> SearchRadius {
        if let weights { try CellCounts.validate(weights: weights, pointCount: points.count) }
        guard !points.isEmpty else {
            throw GridError(.insufficientData, "there are no points, so no search radius can be derived")
        }
        if let bad = points.firstIndex(where: { !$0.isFinite }) {
            throw GridError(.insufficientData, "point \(bad) has a coordinate that is not finite")
        }
        let n = weights?.reduce(0, +) ?? Double(points.count)
        guard n > 0 else {
            throw GridError(.insufficientData, "the weights sum to 0, so no search radius can be derived")
        }
        var sx = 0.0
        var sy = 0.0
        for (i, p) in points.enumerated() {
            let w = weights?[i] ?? 1
            sx += w * p.x
            sy += w * p.y
        }
        let centre = Point(x: sx / n, y: sy / n)
        var squares = 0.0
        var distances: [(d: Double, w: Double)] = []
        distances.reserveCapacity(points.count)
        for (i, p) in points.enumerated() {
            let w = weights?[i] ?? 1
            let dx = p.x - centre.x
            let dy = p.y - centre.y
            let d2 = dx * dx + dy * dy
            squares += w * d2
            distances.append((d2.squareRoot(), w))
        }
        let sd = (squares / n).squareRoot()
        let dm = weightedMedian(distances, total: n)
        let radius = 0.9 * min(sd, (1 / log(2.0)).squareRoot() * dm) * pow(n, -0.2)
        guard radius > 0, radius.isFinite else {
            throw GridError(
                .insufficientData,
                "the automatic (Silverman) search radius is 0 because the points are all at one location "
                    + "or most of them are at their mean centre; give a search radius in metres")
        }
        return SearchRadius(radius: radius, meanCentre: centre, standardDistance: sd, medianDistance: dm, n: n)
    }

    /// The weighted median by the rule in the type's documentation.
    static func weightedMedian(_ values: [(d: Double, w: Double)], total: Double) -> Double {
        let sorted = values.filter { $0.w > 0 }.sorted { $0.d < $1.d }
        guard let last = sorted.last else { return 0 }
        let half = total / 2
        var running = 0.0
        for (k, item) in sorted.enumerated() {
            running += item.w
            if running == half, k + 1 < sorted.count { return (item.d + sorted[k + 1].d) / 2 }
            if running >= half { return item.d }
        }
        return last.d
    }
}
