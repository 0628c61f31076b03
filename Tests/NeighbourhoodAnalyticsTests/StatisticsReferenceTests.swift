import Testing

@testable import NeighbourhoodAnalytics

/// The exact tests, intervals, special functions and funnel limits against scipy 1.17.1
/// (`Tests/reference/make_indicator_stats_fixture.py`).
@Suite("Indicator statistics against scipy")
struct StatisticsReferenceTests {
    @Test("binomial test p-value and Clopper–Pearson intervals reproduce scipy.binomtest to 1e-9")
    func binomialTest() throws {
        let rows = try IndicatorFixtures.rows("binomtest.csv")
        #expect(rows.count == 70)
        for row in rows {
            let k = Int(row["k"]!)!, n = Int(row["n"]!)!, p = Double(row["p"]!)!
            let result = try BinomialTest.twoSided(successes: k, trials: n, probability: p)
            #expect(IndicatorFixtures.close(result.pValue, Double(row["pvalue"]!)!, 1e-9), "p-value for \(k) of \(n) at \(p): \(result.pValue) vs \(row["pvalue"]!)")
            guard n > 0 else { continue }
            let ci = try BinomialTest.clopperPearson(successes: k, trials: n)
            #expect(IndicatorFixtures.close(ci.lower, Double(row["ci_low"]!)!, 1e-9), "lower for \(k) of \(n)")
            #expect(IndicatorFixtures.close(ci.upper, Double(row["ci_high"]!)!, 1e-9), "upper for \(k) of \(n)")
            let ci99 = try BinomialTest.clopperPearson(successes: k, trials: n, confidence: 0.99)
            #expect(IndicatorFixtures.close(ci99.lower, Double(row["ci99_low"]!)!, 1e-9))
            #expect(IndicatorFixtures.close(ci99.upper, Double(row["ci99_high"]!)!, 1e-9))
        }
    }

    @Test("Poisson rate ratio: conditional binomial p, ratio and exact interval, zero counts included")
    func rateRatio() throws {
        for row in try IndicatorFixtures.rows("rate_ratio.csv") {
            let x1 = Int(row["x1"]!)!, x2 = Int(row["x2"]!)!
            let t1 = Double(row["t1"]!)!, t2 = Double(row["t2"]!)!
            let rr = try PoissonRateRatio(count: x1, exposure: t1, baselineCount: x2, baselineExposure: t2)
            #expect(IndicatorFixtures.close(rr.pValue, Double(row["pvalue"]!)!, 1e-9), "p for \(x1)/\(t1) vs \(x2)/\(t2)")
            #expect(IndicatorFixtures.close(rr.estimate, IndicatorFixtures.number(row["rr"]), 1e-12))
            // Relative tolerance on the ratio scale: π/(1 − π) magnifies absolute errors in π.
            for (mine, theirs) in [(rr.lower, row["rr_low"]), (rr.upper, row["rr_high"])] {
                let ref = IndicatorFixtures.number(theirs)
                let tol = 1e-9 * max(1, abs(ref ?? 0).isFinite ? abs(ref ?? 0) : 1)
                #expect(IndicatorFixtures.close(mine, ref, tol), "interval for \(x1)/\(t1) vs \(x2)/\(t2): \(String(describing: mine)) vs \(theirs ?? "")")
            }
            #expect(!(rr.estimate?.isNaN ?? false) && !(rr.lower?.isNaN ?? false) && !(rr.upper?.isNaN ?? false))
        }
    }

    @Test("funnel limits equal Spiegelhalter's interpolated exact Poisson limits from scipy")
    func funnelLimits() throws {
        for row in try IndicatorFixtures.rows("funnel.csv") {
            let e = Double(row["expected"]!)!
            let limits = try FunnelLimits(expected: e)
            let tol = 1e-9 * max(1, e)
            #expect(IndicatorFixtures.close(limits.lower998, Double(row["lower998"]!)!, tol), "E = \(e)")
            #expect(IndicatorFixtures.close(limits.lower95, Double(row["lower95"]!)!, tol), "E = \(e)")
            #expect(IndicatorFixtures.close(limits.upper95, Double(row["upper95"]!)!, tol), "E = \(e)")
            #expect(IndicatorFixtures.close(limits.upper998, Double(row["upper998"]!)!, tol), "E = \(e)")
        }
    }

    @Test("special functions: incomplete beta and gamma, their inverses, binomial and Poisson")
    func specialFunctions() throws {
        for row in try IndicatorFixtures.rows("special.csv") {
            let a = Double(row["a"]!)!, b = Double(row["b"]!) ?? 0, x = Double(row["x"]!)!
            let expected = Double(row["value"]!)!
            let got: Double
            switch row["kind"]! {
            case "betainc": got = try IncompleteBeta.regularized(x: x, a: a, b: b).value
            case "betaincinv": got = try IncompleteBeta.inverse(p: x, a: a, b: b)
            case "gammainc": got = try IncompleteGamma.regularized(a: a, x: x).lower
            case "gammaincc": got = try IncompleteGamma.regularized(a: a, x: x).upper
            case "gammaincinv": got = try IncompleteGamma.inverse(a: a, p: x)
            case "binom_pmf": got = try BinomialDistribution(trials: Int(b), probability: x).pmf(Int(a))
            case "poisson_cdf": got = try PoissonDistribution(mean: x).cdf(Int(a))
            case "poisson_ppf": got = Double(try PoissonDistribution(mean: x).quantile(a))
            default: Issue.record("unknown kind \(row["kind"]!)"); continue
            }
            #expect(abs(got - expected) <= 1e-12 * max(1, abs(expected)), "\(row["kind"]!)(\(a), \(b), \(x)) = \(got), scipy \(expected)")
        }
    }

    @Test("bad parameters throw instead of returning NaN")
    func badParameters() {
        #expect(throws: GridError.self) { try IncompleteBeta.regularized(x: 0.5, a: 0, b: 1) }
        #expect(throws: GridError.self) { try IncompleteGamma.inverse(a: -1, p: 0.5) }
        #expect(throws: GridError.self) { try BinomialTest.twoSided(successes: 5, trials: 4, probability: 0.5) }
        #expect(throws: GridError.self) { try BinomialTest.clopperPearson(successes: 0, trials: 0) }
        #expect(throws: GridError.self) { try PoissonRateRatio(count: 1, exposure: 0, baselineCount: 1, baselineExposure: 1) }
        #expect(throws: GridError.self) { try FunnelLimits(expected: -1) }
        #expect(throws: GridError.self) { try PoissonDistribution(mean: 1).quantile(1) }
    }

    @Test("Benjamini–Hochberg: a hand-checked example")
    func benjaminiHochberg() {
        // m = 4, sorted p = 0.01, 0.02, 0.03, 0.5 → 4p/rank = 0.04, 0.04, 0.04, 0.5.
        let q = FalseDiscoveryRate.benjaminiHochberg([0.5, 0.01, 0.03, 0.02])
        #expect(zip(q, [0.5, 0.04, 0.04, 0.04]).allSatisfy { abs($0 - $1) < 1e-15 })
        #expect(FalseDiscoveryRate.benjaminiHochberg([]).isEmpty)
    }
}
