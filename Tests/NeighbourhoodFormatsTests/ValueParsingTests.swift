import Foundation
import NeighbourhoodIncidents
import Testing
@testable import NeighbourhoodFormats

func decimal(_ s: String) -> DecimalParse {
    let b = Array(s.utf8)
    return b.withUnsafeBufferPointer { parseDecimal($0, 0, $0.count) }
}

@Suite struct ValueParsingTests {
    @Test(arguments: [
        ("2018-07", "2018-07"), ("Feb-25", "2025-02"), ("feb-2025", "2025-02"), ("02/2025", "2025-02"),
        ("2/2025", "2025-02"), ("01/02/2025", "2025-02"), ("2025-02-01", "2025-02"), ("2025/02", "2025-02"),
        ("February 2025", "2025-02"), ("Sept 2024", "2024-09"), ("25-Feb", "2025-02"), (" 2018-07 ", "2018-07"),
        ("01-Feb-25", "2025-02"),
    ])
    func monthsAsPoliceUKAndSpreadsheetsWriteThem(text: String, expected: String) {
        #expect(Month(parsing: text)?.description == expected)
    }

    @Test(arguments: ["", "2018-13", "13/2025", "Foo-25", "2018", "July", "2018-07-01-02", "1/2/3/4", "Fbr 2025"])
    func notMonths(text: String) {
        #expect(Month(parsing: text) == nil)
    }

    @Test func decimals() {
        #expect(decimal("-1.409547") == .value(-1.409547))
        #expect(decimal(" 53.5 ") == .value(53.5))
        #expect(decimal("1e3") == .value(1000))
        #expect(decimal("+0.25") == .value(0.25))
        #expect(decimal("12345678901234567890.5") == .value(12345678901234567890.5))
        #expect(decimal("0.1") == .value(0.1))
        #expect(decimal("abc") == .notANumber)
        #expect(decimal("1.2.3") == .notANumber)
        #expect(decimal("") == .notANumber)
        #expect(decimal("-") == .notANumber)
        #expect(decimal("0x1p3") == .notANumber)
        #expect(decimal("NaN") == .notFinite)
        #expect(decimal("-inf") == .notFinite)
        #expect(decimal("1e999") == .notFinite)
    }

    @Test func fastPathIsCorrectlyRounded() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let v = Double.random(in: -180...180, using: &rng)
            let text = String(format: "%.6f", v)
            #expect(decimal(text) == .value(Double(text)!), "\(text)")
        }
    }
}
