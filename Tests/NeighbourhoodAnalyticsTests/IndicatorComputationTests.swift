import NeighbourhoodIncidents
import Testing

@testable import NeighbourhoodAnalytics

/// Small hand-checkable cases. Exact p-values, intervals and funnel limits quoted here were
/// computed with scipy 1.17.1 (`binomtest`, `poisson.ppf/cdf`), not with this code.
@Suite("Per-area indicator computation")
struct IndicatorComputationTests {
    // A1, A2 in district D1; A3 in D2. Populations 1,000, 2,000, 500.
    let frame = AreaFrame(
        areas: ["A1", "A2", "A3"], parent: ["A1": "D1", "A2": "D1", "A3": "D2"],
        population: ["A1": 1000, "A2": 2000, "A3": 500], forceId: "WY")

    func months(_ a: String, _ b: String) -> MonthRange {
        MonthRange(first: Month(parsing: a)!, last: Month(parsing: b)!)!
    }

    /// Period: 3 months, A1 10, A2 5, A3 0, 2 unplaced. Baseline: 12 months, A1 20, A2 40, A3 4.
    func input(missing: [Month] = []) -> IndicatorInput {
        IndicatorInput(
            indicatorId: "serious_violence",
            period: .init(months: months("2018-07", "2018-09"), missingMonths: missing,
                          byArea: ["A1": .init(count: 10), "A2": .init(count: 5)], unplaced: .init(count: 2)),
            baseline: .init(months: months("2017-07", "2018-06"),
                            byArea: ["A1": .init(count: 20), "A2": .init(count: 40), "A3": .init(count: 4)]))
    }

    func row(_ r: IndicatorComputation.Result, _ id: String) -> IndicatorRow {
        r.rows.first { $0.areaId == id }!
    }

    func close(_ f: Figure, _ x: Double, _ tol: Double = 1e-9) -> Bool {
        guard let v = f.number else { return false }
        return abs(v - x) <= tol * max(1, abs(x))
    }

    @Test("counts, rates, shares, ranks and district / force aggregation")
    func basicFigures() throws {
        let r = try IndicatorComputation(frame: frame).compute(input())
        #expect(r.rows.map(\.areaId) == ["A1", "A2", "A3", "D1", "D2", "WY"])
        #expect(r.rows.map(\.level) == [.neighbourhood, .neighbourhood, .neighbourhood, .district, .district, .force])
        #expect(row(r, "D1").count == .value(15))
        #expect(row(r, "WY").count == .value(17))  // 15 + 0 + 2 unplaced
        #expect(close(row(r, "A1").ratePer1000, 10))
        #expect(close(row(r, "A2").ratePer1000, 2.5))
        #expect(close(row(r, "D1").ratePer1000, 5))
        #expect(close(row(r, "WY").ratePer1000, 17.0 / 3.5))
        #expect(close(row(r, "A1").shareOfParent, 10.0 / 15))
        #expect(close(row(r, "D1").shareOfParent, 15.0 / 17))
        #expect(row(r, "A3").shareOfParent == .notAvailable("the parent's total is 0"))
        #expect(r.rows.map(\.rank) == [1, 2, 3, 1, 2, nil])
        #expect(row(r, "A1").parentId == "D1" && row(r, "D1").parentId == "WY" && row(r, "WY").parentId == nil)
    }

    @Test("baseline: scaled rate, rate ratio, exact interval and p-value (scipy binomtest)")
    func baselineComparison() throws {
        let r = try IndicatorComputation(frame: frame).compute(input())
        let a1 = row(r, "A1")
        #expect(close(a1.baselineRatePer1000, 5))  // 20 × 3/12 per 1,000 of 1,000
        #expect(close(a1.rateRatio, 2))
        #expect(close(a1.pValue, 0.10526613344065265))
        #expect(close(a1.rateRatioLower, 0.8360238600953321))
        #expect(close(a1.rateRatioUpper, 4.476732176976819))
        let a3 = row(r, "A3")  // 0 against 4: ratio 0, p = 1
        #expect(close(a3.rateRatio, 0) && close(a3.rateRatioLower, 0))
        #expect(close(a3.rateRatioUpper, 6.059467437463764))
        #expect(close(a3.pValue, 1))
        #expect(close(row(r, "WY").pValue, 0.782233337337609))
        // Benjamini–Hochberg over A1..A3: p = 0.1053, 0.1897, 1 → q = 0.2845, 0.2845, 1.
        #expect(close(a1.qValue, 0.18965807123293488 * 1.5))
        #expect(close(row(r, "A2").qValue, 0.18965807123293488 * 1.5))
        #expect(close(a3.qValue, 1))
        #expect(r.correction.contains("Benjamini"))
    }

    @Test("a missing month shortens the period's exposure and is carried into the result")
    func missingMonths() throws {
        let august = Month(year: 2018, month: 8)!
        let r = try IndicatorComputation(frame: frame).compute(input(missing: [august]))
        #expect(r.missingMonths == [august])
        #expect(close(row(r, "A1").pValue, 0.006852230380517752))  // binomtest(10, 30, 2/14)
        #expect(close(row(r, "A1").rateRatioLower, 1.2540357901429982))
        #expect(close(row(r, "A1").rateRatio, 3))
    }

    @Test("funnel flags against the parent's rate (Spiegelhalter limits from scipy)")
    func funnel() throws {
        let r = try IndicatorComputation(frame: frame).compute(input())
        let a1 = row(r, "A1")  // E = 5 · 1,000 / 1,000 … = 15/3,000 × 1,000 = 5; upper 95 % 9.3766
        #expect(abs(a1.funnel!.expected - 5) < 1e-12)
        #expect(abs(a1.funnel!.upper95 - 9.376558587662768) < 1e-9)
        // 10 lies above the interpolated limit, but P(X ≥ 10 | 5) = 0.0318 > 0.025: not flagged.
        #expect(a1.flag == .flagged(.within))
        #expect(row(r, "A2").flag == .flagged(.within))
        // D1 against the force's placed rate: E = 15/3,500 × 3,000.
        #expect(abs(row(r, "D1").funnel!.expected - 15.0 / 3500 * 3000) < 1e-12)
        #expect(row(r, "D1").flag == .flagged(.within))
        #expect(row(r, "WY").flag == .notAvailable("the force has no parent to compare with"))
    }

    @Test("--suppress-below: small counts and everything computed from them are suppressed")
    func suppression() throws {
        let r = try IndicatorComputation(frame: frame, options: .init(suppressBelow: 5)).compute(input())
        let a3 = row(r, "A3")
        #expect(a3.count == .suppressed && a3.ratePer1000 == .suppressed && a3.shareOfParent == .suppressed)
        #expect(a3.baselineCount == .suppressed && a3.rateRatio == .suppressed && a3.pValue == .suppressed)
        #expect(a3.flag == .suppressed && a3.rank == nil)
        #expect(row(r, "A2").count == .value(5))  // 5 is not below 5
        #expect(row(r, "D2").count == .suppressed)
        #expect(r.rows.map(\.rank) == [1, 2, nil, 1, nil, nil])
        #expect(r.suppressBelow == 5)
    }

    @Test("equal rates share a rank (competition ranking)")
    func ties() throws {
        let f = AreaFrame(areas: ["a", "b", "c", "d"], parent: [:], population: ["a": 1000, "b": 2000, "c": 1500, "d": 100], forceId: "F")
        let i = IndicatorInput(indicatorId: "x", period: .init(months: months("2018-07", "2018-07"),
            byArea: ["a": .init(count: 2), "b": .init(count: 4), "c": .init(count: 6), "d": .init(count: 0)]))
        let r = try IndicatorComputation(frame: f).compute(i)
        #expect(r.rows.map(\.rank) == [2, 2, 1, 4, nil])
        #expect(row(r, "a").baselineCount == .notAvailable("no baseline period"))
    }

    @Test("area-level counts with cells suppressed at source: lower bounds, no test")
    func suppressedAtSource() throws {
        let i = IndicatorInput(
            indicatorId: "sharp_object_admissions",
            period: .init(months: months("2018-04", "2019-03"),
                          byArea: ["A1": .init(count: 7), "A2": .init(count: 0, suppressedCells: 1), "A3": .init(count: 3, suppressedCells: 1)]),
            baseline: .init(months: months("2017-04", "2018-03"), byArea: ["A1": .init(count: 9), "A2": .init(count: 6), "A3": .init(count: 5)]),
            absentAreaIsZero: false)
        let r = try IndicatorComputation(frame: frame).compute(i)
        #expect(row(r, "A2").count == .suppressedAtSource)
        #expect(row(r, "A3").count == .lowerBound(3))
        #expect(row(r, "A3").ratePer1000 == .lowerBound(6))
        #expect(row(r, "D1").count == .lowerBound(7))
        #expect(row(r, "WY").count == .lowerBound(10))
        #expect(row(r, "A1").pValue.number != nil)
        #expect(row(r, "A2").pValue.number == nil && row(r, "D1").rateRatio.number == nil)
        #expect(row(r, "A3").rank == nil)
    }

    @Test("a missing population gives no rate, named, and the district's rate is not available")
    func missingPopulation() throws {
        var f = frame
        f.population["A2"] = nil
        let r = try IndicatorComputation(frame: f).compute(input())
        #expect(row(r, "A2").ratePer1000 == .notAvailable("no population for this area"))
        #expect(row(r, "D1").ratePer1000 == .notAvailable("no population for 1 member area(s)"))
        #expect(row(r, "A1").ratePer1000.number != nil)
    }

    @Test("weighted indicator: rates and ratio from weights, no Poisson test or funnel")
    func weighted() throws {
        let i = IndicatorInput(
            indicatorId: "harm", isWeighted: true,
            period: .init(months: months("2018-07", "2018-07"), byArea: ["A1": .init(count: 2, weighted: 1000)]),
            baseline: .init(months: months("2017-07", "2017-07"), byArea: ["A1": .init(count: 4, weighted: 500)]))
        let r = try IndicatorComputation(frame: frame).compute(i)
        #expect(row(r, "A1").value == .value(1000) && row(r, "A1").count == .value(2))
        #expect(close(row(r, "A1").ratePer1000, 1000))
        #expect(close(row(r, "A1").rateRatio, 2))
        #expect(row(r, "A1").pValue.number == nil)
        if case .notAvailable = row(r, "A1").flag {} else { Issue.record("weighted rows must not be flagged") }
    }

    @Test("share indicator: knife-enabled share of serious violence with an exact interval")
    func share() throws {
        let c = try IndicatorComputation(frame: frame)
        let period = months("2018-07", "2018-07")
        let sv = try c.compute(.init(indicatorId: "serious_violence", period: .init(months: period, byArea: ["A1": .init(count: 10), "A2": .init(count: 4)])))
        let knife = try c.compute(.init(indicatorId: "knife_serious_violence", period: .init(months: period, byArea: ["A1": .init(count: 3)])))
        let rows = IndicatorComputation.shares(numerator: knife, denominator: sv)
        let a1 = rows.first { $0.areaId == "A1" }!
        #expect(a1.share == .value(0.3))
        // scipy: binomtest(3, 10).proportion_ci(method='exact')
        #expect(close(a1.lower, 0.06673951117773447) && close(a1.upper, 0.652452850060008))
        #expect(rows.first { $0.areaId == "A3" }!.share == .notAvailable("the denominator is 0"))
    }

    @Test("invalid set-ups are errors, not NaN")
    func invalid() {
        #expect(throws: GridError.self) { try IndicatorComputation(frame: frame, options: .init(suppressBelow: 0)) }
        #expect(throws: GridError.self) {
            try IndicatorComputation(frame: AreaFrame(areas: ["a", "a"], parent: [:], population: [:], forceId: "F"))
        }
        let all = months("2018-07", "2018-07")
        #expect(throws: GridError.self) {
            try IndicatorComputation(frame: frame).compute(.init(indicatorId: "x", period: .init(months: all, missingMonths: all.months, byArea: [:])))
        }
    }

    @Test(
        "funnel flags use exact Poisson tails, not the interpolated drawing limits",
        arguments: [
            // (expected, observed, flag); tails by direct summation of the Poisson pmf.
            (5.0, 10.0, FunnelLimits.Flag.within),  // P(X ≥ 10) = 0.03183
            (5.0, 11.0, .high95),  // P(X ≥ 11) = 0.01370
            (0.1, 1.0, .within),  // P(X ≥ 1) = 0.09516
            (0.1, 2.0, .high95),  // P(X ≥ 2) = 0.004679
            (0.1, 3.0, .high998),  // P(X ≥ 3) = 0.0001547
            (5.0, 0.0, .low95),  // P(X ≤ 0) = 0.006738
            (7.5, 0.0, .low998),  // P(X ≤ 0) = 0.000553
            (9.0, 1.0, .low95),  // P(X ≤ 1) = 0.001234
            (0.0, 0.0, .within),
            (0.0, 1.0, .high998),
        ])
    func exactFlags(expected: Double, observed: Double, flag: FunnelLimits.Flag) throws {
        #expect(try FunnelLimits(expected: expected).flag(observed: observed) == flag)
    }
}
