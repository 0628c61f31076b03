import Foundation
import Testing

@testable import NeighbourhoodAnalytics

/// The numpy reference on real West Yorkshire data, written by Tests/reference/make_evaluation_fixture.py.
struct EvaluationFixture: Decodable {
    struct Accuracy: Decodable { let captured, total, hitRate, pai, bestCaptured, pei: Double }
    struct Case: Decodable { let selected: [Int]; let period2: Accuracy; let paiPeriod1, rri: Double }
    struct Measures: Decodable {
        let places: Int
        let incidents, gini, generalizedGini: Double
        let placesHolding: [String: Int]
        let shareInTop: [String: Double]
    }
    let period1, period2, robbery2018: [Double]
    let evaluation: [String: Case]
    let concentration: [String: Measures]

    static func load() throws -> EvaluationFixture {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent("evaluation-reference.json")
        return try JSONDecoder().decode(EvaluationFixture.self, from: Data(contentsOf: url))
    }
}

@Suite("Hotspot evaluation and concentration")
struct EvaluationTests {
    /// Worked examples published with Bernasco and Steenbeek's R package `lorenzgini`
    /// (R/gini.R examples and the vignette "The 80-20 rule revisited", github.com/wsteenbeek/lorenzgini):
    /// gini(x, generalized = FALSE/TRUE, unbiased = FALSE).
    @Test(
        "Gini and generalised Gini: lorenzgini's worked examples",
        arguments: [
            ([10.0, 8, 2] + Array(repeating: 0.0, count: 7), 0.78, 0.78),  // 20 crimes ≥ 10 places: G′ = G
            ([5.0, 2, 1] + Array(repeating: 0.0, count: 7), 0.80, 0.75),  // 8 crimes < 10 places
            ([10.0] + Array(repeating: 0.0, count: 9), 0.90, 0.90),
            ([10.0] + Array(repeating: 0.0, count: 99), 0.99, 0.90),  // G′ = 10 (0.99 − 1) + 1
            // The paper's Figure 2 (10 places, 3 + 1 + 1 crimes): G = .78. Its caption gives
            // G′ = .58, but the paper's own geometry and formula give 2 (.78 − 1) + 1 = .56:
            // Lorenz area 0.89, line of maximal equality area 0.75, (0.89 − 0.75)/0.25 = 0.56.
            ([3.0, 1, 1] + Array(repeating: 0.0, count: 7), 0.78, 0.56),
        ])
    func publishedGini(counts: [Double], gini: Double, generalized: Double) throws {
        let c = try Concentration(counts: counts.reversed())
        #expect(abs(c.gini - gini) < 1e-12)
        #expect(abs(c.generalizedGini - generalized) < 1e-12)
    }

    @Test("concentration on real 250 m cells agrees with numpy", arguments: ["all2018", "robbery2018"])
    func concentrationMatchesNumpy(name: String) throws {
        let fixture = try EvaluationFixture.load()
        let expected = try #require(fixture.concentration[name])
        let c = try Concentration(counts: name == "all2018" ? fixture.period2 : fixture.robbery2018)
        #expect(c.places == expected.places && c.incidents == expected.incidents)
        #expect(abs(c.gini - expected.gini) < 1e-12)
        #expect(abs(c.generalizedGini - expected.generalizedGini) < 1e-9)  // numpy: trapezoid areas
        for (key, value) in expected.placesHolding {
            #expect(c.placesHolding(Double(key)!) == value, "\(key)")
            #expect(c.placeShare(holding: Double(key)!) == Double(value) / Double(c.places))
        }
        for (key, value) in expected.shareInTop {
            #expect(abs(c.incidentShare(inTop: Double(key)!) - value) < 1e-12, "\(key)")
        }
        let lorenz = c.lorenzCurve
        #expect(lorenz.count == c.places + 1)
        #expect(lorenz.first! == (0, 0) && lorenz.last! == (1, 1))
    }

    @Test("hit rate, PAI, PEI and RRI for the top 1, 5, 10 % agree with numpy", arguments: ["0.01", "0.05", "0.1"])
    func evaluationMatchesNumpy(fraction: String) throws {
        let fixture = try EvaluationFixture.load()
        let expected = try #require(fixture.evaluation[fraction])
        let selected = try HotspotSelection.top(fraction: Double(fraction)!, of: fixture.period1)
        #expect(selected == expected.selected)
        let r = try RecaptureRateIndex(selected: selected, period1: fixture.period1, period2: fixture.period2)
        let a = r.period2
        #expect(a.captured == expected.period2.captured && a.total == expected.period2.total)
        #expect(abs(a.hitRate - expected.period2.hitRate) < 1e-12)
        #expect(abs(a.pai - expected.period2.pai) < 1e-9)
        #expect(a.bestCaptured == expected.period2.bestCaptured)
        #expect(abs(a.pei - expected.period2.pei) < 1e-12)
        #expect(abs(r.period1.pai - expected.paiPeriod1) < 1e-9)
        #expect(abs(try #require(r.rri) - expected.rri) < 1e-12)
    }

    /// By hand from the definitions: 100 equal cells, 200 incidents; 5 cells selected holding
    /// 30; the 5 busiest cells hold 50. Hit rate 30/200 = 0.15, PAI 0.15 / 0.05 = 3,
    /// PAI* = 0.25 / 0.05 = 5, PEI = 3/5 = 0.6.
    @Test("PAI and PEI by hand")
    func paiByHand() throws {
        var counts = [Double](repeating: 0, count: 100)
        for (i, c) in [10.0, 10, 10, 10, 10, 6, 6, 6, 6, 6].enumerated() { counts[i] = c }
        for i in 10..<100 { counts[i] = 1 }  // 50 + 30 + 90 = 170; bring the total to 200:
        counts[99] = 31
        let a = try PredictiveAccuracy(selected: [5, 6, 7, 8, 9], counts: counts)
        #expect(a.total == 200 && a.captured == 30)
        #expect(abs(a.hitRate - 0.15) < 1e-15 && abs(a.areaShare - 0.05) < 1e-15)
        #expect(abs(a.pai - 3) < 1e-12)
        // Best five: 31, 10, 10, 10, 10 = 71.
        #expect(a.bestCaptured == 71)
        #expect(abs(a.paiMaximum - 71.0 / 200 / 0.05) < 1e-12 && abs(a.pei - 30.0 / 71) < 1e-15)
        // Unequal areas: the fractional-knapsack bound. Areas 1, 2, 4, 1; counts 4, 4, 4, 0.
        // Selecting place 1 (area 2, count 4): best of area 2 = place 0 (rate 4) + half of place 1 (rate 2) = 6.
        let u = try PredictiveAccuracy(selected: [1], counts: [4, 4, 4, 0], areas: [1, 2, 4, 1])
        #expect(u.bestCaptured == 6 && abs(u.pei - 4.0 / 6) < 1e-15)
        #expect(abs(u.pai - (4.0 / 12) / (2.0 / 8)) < 1e-15)
        // A mask: the study area is places 0-2 only.
        let m = try PredictiveAccuracy(selected: [0], counts: [4, 4, 4, 100], included: [true, true, true, false])
        #expect(m.total == 12 && m.studyPlaces == 3 && abs(m.pai - 1) < 1e-15)
    }

    @Test("selection ranks by score then index; 1 % of 32,000 is 320")
    func selectionRule() throws {
        #expect(HotspotSelection.count(fraction: 0.01, of: 32_000) == 320)
        #expect(HotspotSelection.count(fraction: 0.07, of: 100) == 7)
        #expect(HotspotSelection.count(fraction: 0.001, of: 10) == 1)
        #expect(HotspotSelection.count(fraction: 0.25, of: 10) == 3)
        let scores = [1.0, 5, 3, 5, 0, 3]
        #expect(try HotspotSelection.ranked(scores: scores) == [1, 3, 2, 5, 0, 4])
        #expect(try HotspotSelection.ranked(scores: scores, included: [true, false, true, true, true, true]) == [3, 2, 5, 0, 4])
        #expect(try HotspotSelection.top(fraction: 0.5, of: scores) == [1, 3, 2])
        #expect(throws: GridError.self) { try HotspotSelection.top(fraction: 0, of: scores) }
        #expect(throws: GridError.self) { try HotspotSelection.ranked(scores: [1, .nan]) }
        #expect(throws: GridError.self) { try HotspotSelection.top(fraction: 0.5, of: [1], included: [false]) }
    }

    @Test("degenerate input: clear errors, RRI undefined when period 1 has nothing, never NaN")
    func degenerate() throws {
        #expect(throws: GridError.self) { try Concentration(counts: []) }
        #expect(throws: GridError.self) { try Concentration(counts: [0, 0, 0]) }
        #expect(throws: GridError.self) { try Concentration(counts: [1, -1]) }
        #expect(throws: GridError.self) { try PredictiveAccuracy(selected: [0], counts: [0, 0]) }
        #expect(throws: GridError.self) { try PredictiveAccuracy(selected: [], counts: [1, 0]) }
        #expect(throws: GridError.self) { try PredictiveAccuracy(selected: [0, 0], counts: [1, 0]) }
        #expect(throws: GridError.self) { try PredictiveAccuracy(selected: [2], counts: [1, 0]) }
        #expect(throws: GridError.self) {
            try PredictiveAccuracy(selected: [1], counts: [1, 0], included: [true, false])
        }
        #expect(throws: GridError.self) { try RecaptureRateIndex(selected: [0], period1: [1], period2: [1, 2]) }
        let r = try RecaptureRateIndex(selected: [0], period1: [0, 3], period2: [2, 3])
        #expect(r.rri == nil && r.period1.pai == 0 && r.period1.pei == 0)
        // One place with everything: G = 0, and G′ = 0 too.
        let one = try Concentration(counts: [4])
        #expect(one.gini == 0 && one.generalizedGini == 0 && one.incidentShare(inTop: 0.01) == 1)
    }
}
