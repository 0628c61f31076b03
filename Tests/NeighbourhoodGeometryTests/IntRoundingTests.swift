import Testing
@testable import NeighbourhoodGeometry

/// `Int(flooring:)` and `Int(ceiling:)` stand in for `Int(x.rounded(.down))` and
/// `Int(x.rounded(.up))` in the index builder, whose output must not change: they must agree
/// for every value, exactly.
@Suite struct IntRoundingTests {
    static let values: [Double] = [
        0, -0.0, 0.5, -0.5, 1, -1, 1.5, -1.5, 2.999_999_999_999_999_6, -2.999_999_999_999_999_6,
        .ulpOfOne, -.ulpOfOne, .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
        0.999_999_999_999_999_9, -0.999_999_999_999_999_9, 4_503_599_627_370_495.5, -4_503_599_627_370_495.5,
        9_007_199_254_740_994, -9_007_199_254_740_994, 1e12, -1e12, 1e12 + 0.25, -1e12 - 0.25,
        Double(Int.max / 2), Double(Int.min),
    ]

    @Test(arguments: values)
    func flooringAndCeilingMatchRounding(value: Double) {
        #expect(Int(flooring: value) == Int(value.rounded(.down)))
        #expect(Int(ceiling: value) == Int(value.rounded(.up)))
    }

    @Test func agreeOnRandomValuesAtEveryScale() {
        var rng = SplitMix64(state: 3)
        for _ in 0..<100_000 {
            let scale = Double(sign: .plus, exponent: Int.random(in: -30...52, using: &rng), significand: 1)
            let value = Double.random(in: -scale...scale, using: &rng)
            #expect(Int(flooring: value) == Int(value.rounded(.down)), "\(value)")
            #expect(Int(ceiling: value) == Int(value.rounded(.up)), "\(value)")
        }
    }
}
