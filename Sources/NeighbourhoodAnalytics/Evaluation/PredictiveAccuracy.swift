/// How well a set of hotspots captures the incidents of a period: hit rate, the Predictive
/// Accuracy Index (PAI) and the Predictive Efficiency Index (PEI).
///
/// With *n* incidents in the selected places out of *N* in the study area, and the selected
/// area *a* out of the study area *A*:
///
/// - hit rate = *n* / *N*;
/// - PAI = (*n* / *N*) / (*a* / *A*) (Chainey, Tompson and Uhlig 2008, "The utility of hotspot
///   mapping for predicting spatial patterns of crime", *Security Journal* 21: 4–28);
/// - PEI = PAI / PAI\*, where PAI\* = (*n*\* / *N*) / (*a* / *A*) is the PAI of the best
///   possible places of the same area, so PEI = *n* / *n*\* (Hunt 2016, "Do crime hot spots
///   move? Exploring the effects of the modifiable areal unit problem and modifiable temporal
///   unit problem on crime hot spot stability", doctoral dissertation, American University).
///   For equal places (grid cells), *n*\* is the sum of the largest counts over as many places
///   as were selected. With unequal areas, *n*\* is the
///   fractional-knapsack bound (places by count per area, the last one taken in part), which is
///   at least what any whole selection of that area can capture, so 0 ≤ PEI ≤ 1 still holds.
///
/// The study area is the places flagged `included`; the selection must lie inside it.
public struct PredictiveAccuracy: Sendable, Hashable {
    /// Places selected.
    public let selectedPlaces: Int
    /// Places in the study area.
    public let studyPlaces: Int
    /// *n*: incidents in the selected places.
    public let captured: Double
    /// *N*: incidents in the study area.
    public let total: Double
    /// *a*: area of the selected places (places count 1 each when no areas are given).
    public let selectedArea: Double
    /// *A*: area of the study area.
    public let studyArea: Double
    /// *n* / *N*.
    public let hitRate: Double
    /// *a* / *A*.
    public let areaShare: Double
    /// (*n* / *N*) / (*a* / *A*).
    public let pai: Double
    /// *n*\*: the most incidents places of area *a* could hold.
    public let bestCaptured: Double
    /// PAI\* = (*n*\* / *N*) / (*a* / *A*).
    public let paiMaximum: Double
    /// PAI / PAI\* = *n* / *n*\*, from 0 to 1.
    public let pei: Double

    /// Evaluates `selected` places against `counts`.
    ///
    /// - Parameters:
    ///   - selected: Distinct place indices, all in the study area (e.g. from ``HotspotSelection``).
    ///   - counts: Incidents (or weight) per place in the period evaluated; finite, non-negative.
    ///   - areas: Area per place (any unit), or `nil` when places are equal (grid cells).
    ///   - included: Per place, whether it is in the study area; `nil` for all.
    /// - Throws: ``GridError``: `.sizeMismatch` for arrays of different lengths or an index out
    ///   of range; `.insufficientData` for an empty selection, a repeated or masked place, a
    ///   negative or non-finite count or area, or no incidents in the study area (PAI undefined).
    /// - Complexity: O(*m* log *m*) for *m* places (sorting for *n*\*).
    public init(
        selected: [Int], counts: [Double], areas: [Double]? = nil, included: [Bool]? = nil
    ) throws(GridError) {
        let m = counts.count
        guard (areas?.count ?? m) == m, (included?.count ?? m) == m else {
            throw GridError(.sizeMismatch, "counts, areas and study-area flags must have one value per place")
        }
        if let bad = counts.firstIndex(where: { !($0.isFinite && $0 >= 0) }) {
            throw GridError(.insufficientData, "count \(counts[bad]) of place \(bad) is not a finite, non-negative number")
        }
        if let areas, let bad = areas.firstIndex(where: { !($0.isFinite && $0 > 0) }) {
            throw GridError(.insufficientData, "area \(areas[bad]) of place \(bad) is not a positive number")
        }
        guard !selected.isEmpty else {
            throw GridError(.insufficientData, "no places were selected, so hit rate and PAI are undefined")
        }
        var chosen = [Bool](repeating: false, count: m)
        for place in selected {
            guard place >= 0, place < m else {
                throw GridError(.sizeMismatch, "selected place \(place) is not one of the \(m) places")
            }
            guard included?[place] ?? true else {
                throw GridError(.insufficientData, "selected place \(place) is outside the study area")
            }
            guard !chosen[place] else {
                throw GridError(.insufficientData, "place \(place) is selected twice")
            }
            chosen[place] = true
        }
        var n = 0.0, total = 0.0, a = 0.0, area = 0.0, places = 0
        var candidates: [(count: Double, area: Double)] = []
        for i in 0..<m where included?[i] ?? true {
            let size = areas?[i] ?? 1
            places += 1
            total += counts[i]
            area += size
            candidates.append((counts[i], size))
            if chosen[i] {
                n += counts[i]
                a += size
            }
        }
        guard total > 0 else {
            throw GridError(
                .insufficientData, "there are no incidents in the study area in this period, so hit rate and PAI are undefined")
        }
        let best = PredictiveAccuracy.bestCapture(candidates, area: a, equalAreas: areas == nil)
        selectedPlaces = selected.count
        studyPlaces = places
        captured = n
        self.total = total
        selectedArea = a
        studyArea = area
        hitRate = n / total
        areaShare = a / area
        pai = hitRate / areaShare
        bestCaptured = max(best, n)
        paiMaximum = bestCaptured / total / areaShare
        pei = n / bestCaptured
    }

    /// *n*\*: the largest counts filling `area` (whole places for equal areas, the fractional
    /// knapsack bound otherwise).
    static func bestCapture(_ places: [(count: Double, area: Double)], area: Double, equalAreas: Bool) -> Double {
        if equalAreas {
            let k = Int(area.rounded())
            return places.map(\.count).sorted(by: >).prefix(k).reduce(0, +)
        }
        let byRate = places.sorted { $0.count / $0.area > $1.count / $1.area }
        var left = area
        var sum = 0.0
        for place in byRate where left > 0 {
            let take = min(place.area, left)
            sum += place.count * take / place.area
            left -= take
        }
        return sum
    }
}
