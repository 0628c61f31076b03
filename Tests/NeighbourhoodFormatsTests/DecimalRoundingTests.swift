import Foundation
import Testing
@testable import NeighbourhoodFormats

/// `strtod`'s reading of `text`: the reference every parse must match bit for bit.
private func strtodValue(_ text: String) -> Double {
    text.withCString { strtod($0, nil) }
}

/// Whether ``parseDecimal(_:_:_:)`` reads `text` as exactly `strtod`'s value (same bits,
/// so the sign of zero counts too).
private func agreesWithStrtod(_ text: String) -> Bool {
    guard case .value(let v) = decimal(text) else { return false }
    return v.bitPattern == strtodValue(text).bitPattern
}

/// `digits` with a decimal point placed `fraction` digits from the right (leading zeros
/// added as needed), e.g. ("12345", 7) → "0.0012345".
private func withPoint(_ digits: String, fraction: Int) -> String {
    guard fraction > 0 else { return digits }
    let padded = String(repeating: "0", count: max(0, fraction + 1 - digits.count)) + digits
    let cut = padded.index(padded.endIndex, offsetBy: -fraction)
    return padded[..<cut] + "." + padded[cut...]
}

@Suite struct DecimalRoundingTests {
    @Test(arguments: [
        // Past 2^53: the exact integer path, ties to even.
        "9007199254740992", "9007199254740993", "9007199254740995", "9007199254740997", "18014398509481985",
        "18446744073709551615", "9999999999999999999", "1000000000000000001", "1844674407370955161.5",
        // Halfway between neighbouring doubles, and just off halfway.
        "4503599627370496.5", "4503599627370497.5", "4503599627370497.4999", "2251799813685248.25",
        "2251799813685248.75", "1125899906842624.125", "1125899906842624.375", "1125899906842624.1250000001",
        // Coordinates as GIS tools write them.
        "-1.232987107819402", "54.678913345181610", "54.675679579608136", "-0.0000000000000000001",
        "0.3000000000000000444", "0.1000000000000000055511151231257827", "123456.78901234567",
        // Scales at and beyond the exact path's range (-19...19), and exponents.
        "9999999999999999999e19", "9999999999999999999e-19", "1234567890123456789e-20", "1e19", "1e-19",
        "12345678901234567e5", "12345678901234567E-5", "1.2345678901234567e+10", "-0", "-0.0", "0e5",
        "2.2250738585072014e-308", "1.7976931348623157e308", "4.9406564584124654e-324",
    ])
    func edgeCasesMatchStrtod(text: String) {
        #expect(agreesWithStrtod(text), "\(text): \(decimal(text)) vs \(strtodValue(text))")
    }

    @Test func randomDecimalsMatchStrtod() {
        var rng = SplitMix64(state: 20_261_202)
        for _ in 0..<200_000 {
            let length = Int.random(in: 1...19, using: &rng)
            var digits = String(UInt64.random(in: 1...9, using: &rng))
            for _ in 1..<length { digits += String(UInt64.random(in: 0...9, using: &rng)) }
            var text = withPoint(digits, fraction: Int.random(in: 0...(length + 3), using: &rng))
            if Bool.random(using: &rng) { text = "-" + text }
            if Int.random(in: 0..<4, using: &rng) == 0 { text += "e\(Int.random(in: -25...25, using: &rng))" }
            #expect(agreesWithStrtod(text), "\(text): \(decimal(text)) vs \(strtodValue(text))")
        }
    }

    @Test func randomDoublesPrintedAt17DigitsMatchStrtod() {
        var rng = SplitMix64(state: 7)
        for _ in 0..<100_000 {
            let v = Double(bitPattern: UInt64.random(in: 0x3C00_0000_0000_0000...0x4400_0000_0000_0000, using: &rng))
            for format in ["%.16e", "%.17g", "%.15f"] {
                let text = String(format: format, v)
                #expect(agreesWithStrtod(text), "\(text): \(decimal(text)) vs \(strtodValue(text))")
            }
        }
    }

    /// Exact midpoints between neighbouring doubles of 2^50 to 2^54 (written with at most 19
    /// digits), and the decimals one unit in their last digit either side.
    @Test func halfwayCasesRoundToEven() {
        var rng = SplitMix64(state: 11)
        for _ in 0..<20_000 {
            let n = UInt64.random(in: (1 << 52)..<(1 << 53), using: &rng)
            // Doubles n × 2^-k, k = 0...3; midpoints (2n + 1) × 2^-(k+1) = (2n + 1) × 5^(k+1) / 10^(k+1).
            for k in 0...3 {
                var five: UInt64 = 1
                for _ in 0...k { five *= 5 }
                let middle = (2 * n + 1) * five
                for m in [middle - 1, middle, middle + 1] {
                    let text = withPoint(String(m), fraction: k + 1)
                    #expect(agreesWithStrtod(text), "\(text): \(decimal(text)) vs \(strtodValue(text))")
                }
            }
            // Above 2^53 neighbouring doubles are 2 apart: odd integers are midpoints.
            for m in [2 * n + 1, 4 * n + 2, 4 * n + 1, 4 * n + 3] {
                #expect(agreesWithStrtod(String(m)), "\(m)")
            }
        }
    }

    @Test func everyScaleOfTheExactPathMatchesStrtod() {
        var rng = SplitMix64(state: 3)
        for scale in -19...19 {
            for _ in 0..<2_000 {
                let mantissa = UInt64.random(in: 1...UInt64.max, using: &rng) >> UInt64.random(in: 0...63, using: &rng)
                guard let v = nearestDouble(mantissa: mantissa, scale: scale) else {
                    Issue.record("no value for \(mantissa)e\(scale)")
                    continue
                }
                #expect(v.bitPattern == strtodValue("\(mantissa)e\(scale)").bitPattern, "\(mantissa)e\(scale)")
            }
        }
        #expect(nearestDouble(mantissa: 1, scale: 20) == nil)
        #expect(nearestDouble(mantissa: 1, scale: -20) == nil)
        #expect(nearestDouble(mantissa: 0, scale: -5)?.bitPattern == 0)
    }
}
