/// Levine's Recapture Rate Index: how well hotspots chosen on one period keep their share of
/// incidents in the next, `RRI = PAI(t2) / PAI(t1)` for the same places (Levine 2008, "The
/// 'hottest' part of a hotspot: comments on 'The utility of hotspot mapping for predicting
/// spatial patterns of crime'", *Security Journal* 21).
///
/// The selected area is the same in both periods, so RRI = (*n₂* / *N₂*) / (*n₁* / *N₁*): above 1
/// when the hotspots hold a larger share of incidents in the second period than in the first.
public struct RecaptureRateIndex: Sendable, Hashable {
    /// The selection evaluated on period 1 (the period the hotspots were chosen on).
    public let period1: PredictiveAccuracy
    /// The selection evaluated on period 2.
    public let period2: PredictiveAccuracy
    /// PAI(t2) / PAI(t1), or `nil` when the selected places had no incident in period 1
    /// (PAI(t1) = 0, so the ratio is undefined).
    public let rri: Double?

    /// Evaluates `selected` places on two periods.
    ///
    /// - Parameters:
    ///   - selected: Distinct study-area places, usually the top *k* % by period-1 counts or density.
    ///   - period1: Incidents per place in the period the selection was made on.
    ///   - period2: Incidents per place in the following period.
    ///   - areas: Area per place, or `nil` for equal places.
    ///   - included: Study-area flags, or `nil` for all.
    /// - Throws: ``GridError`` as ``PredictiveAccuracy/init(selected:counts:areas:included:)``
    ///   for either period, and `.sizeMismatch` when the periods have different lengths.
    /// - Complexity: O(*m* log *m*).
    public init(
        selected: [Int], period1: [Double], period2: [Double], areas: [Double]? = nil, included: [Bool]? = nil
    ) throws(GridError) {
        guard period1.count == period2.count else {
            throw GridError(.sizeMismatch, "the two periods have \(period1.count) and \(period2.count) places")
        }
        self.period1 = try PredictiveAccuracy(selected: selected, counts: period1, areas: areas, included: included)
        self.period2 = try PredictiveAccuracy(selected: selected, counts: period2, areas: areas, included: included)
        rri = self.period1.pai > 0 ? self.period2.pai / self.period1.pai : nil
    }
}
