import Testing

@testable import NeighbourhoodAnalytics

@Suite("Normal distribution, FDR and the seeded generator")
struct StatisticsTests {
    /// Far in the tails Φ is ill-conditioned: rounding z / √2 alone moves erfc by about
    /// 2 (z/√2)² × 1.1e-16 relative. Against mpmath both this and scipy are within 3.6e-14 at
    /// |z| = 20 (opposite signs), so the two are compared to 1e-13 relative.
    @Test("cdf and upper tail agree with scipy to 1e-13 relative")
    func normalCDF() throws {
        let fixture = try ReferenceFixture("statistics-reference.json")["cdf"]
        let x = fixture.doubles("x")
        #expect(x.count > 10)
        for (value, reference) in zip(x.map(NormalDistribution.cdf), fixture.doubles("cdf")) {
            #expect(abs(value - reference) <= 1e-13 * reference + 1e-300, "cdf \(value) vs \(reference)")
        }
        for (value, reference) in zip(x.map(NormalDistribution.survival), fixture.doubles("sf")) {
            #expect(abs(value - reference) <= 1e-13 * reference + 1e-300, "sf \(value) vs \(reference)")
        }
        #expect(NormalDistribution.twoSidedPValue(1.959963984540054) - 0.05 < 1e-15)
    }

    @Test("the quantile (AS 241) agrees with scipy norm.ppf to 1e-12 and inverts the cdf")
    func normalQuantile() throws {
        let fixture = try ReferenceFixture("statistics-reference.json")["ppf"]
        let p = fixture.doubles("p")
        for (value, reference) in zip(p.map(NormalDistribution.quantile), fixture.doubles("z")) {
            #expect(abs(value - reference) <= 1e-12 * max(1, abs(reference)), "ppf \(value) vs \(reference)")
        }
        #expect(NormalDistribution.quantile(0) == -.infinity && NormalDistribution.quantile(1) == .infinity)
        #expect(NormalDistribution.quantile(1.5).isNaN)
        for q in stride(from: 0.001, to: 1, by: 0.0137) {
            #expect(abs(NormalDistribution.cdf(NormalDistribution.quantile(q)) - q) < 1e-15)
        }
    }

    @Test("Benjamini–Hochberg q-values agree with scipy false_discovery_control")
    func benjaminiHochberg() throws {
        let cases = try ReferenceFixture("statistics-reference.json").list("fdr")
        #expect(cases.count == 2)
        for item in cases {
            let fixture = ReferenceFixture(object: item as! [String: Any])
            let p = fixture.doubles("p")
            let q = FalseDiscoveryRate.benjaminiHochberg(p)
            #expect(largestDifference(q, fixture.doubles("q")) < 1e-15)
            // Significant at α exactly when q ≤ α (no p here sits on a boundary).
            for level in [0.01, 0.05, 0.1] {
                #expect(FalseDiscoveryRate.significant(p, level: level) == q.map { $0 <= level })
            }
        }
        #expect(FalseDiscoveryRate.benjaminiHochberg([]) == [])
        #expect(FalseDiscoveryRate.benjaminiHochberg([.nan, 0.01]) == [1, 0.02])
    }

    @Test("the generator reproduces an independent Python xoshiro256**/SplitMix64/Lemire")
    func generatorOutputs() throws {
        let cases = try ReferenceFixture("statistics-reference.json").list("generator")
        #expect(cases.count == 4)
        for item in cases {
            let fixture = item as! [String: Any]
            let seed = UInt64(fixture["seed"] as! String)!
            var generator = (fixture["stream"] as? String).map { SeededGenerator(seed: seed, stream: UInt64($0)!) }
                ?? SeededGenerator(seed: seed)
            #expect((0..<8).map { _ in generator.next() } == (fixture["next"] as! [String]).map { UInt64($0)! })
            #expect((0..<20).map { _ in Int(generator.next(below: 10)) } == fixture["below_10"] as! [Int])
            #expect(
                (0..<10).map { _ in generator.next(below: 3_000_000_000_000_000_000) }
                    == (fixture["below_3e18"] as! [String]).map { UInt64($0)! })
        }
    }
}
