import Foundation

/// Reads the small files under `Fixtures/indicators/` by path (the folder is excluded from the
/// build).
enum IndicatorFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/indicators")

    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// The rows of a simple CSV (no quoted fields) as dictionaries keyed by the header.
    static func rows(_ name: String) throws -> [[String: String]] {
        let text = try String(contentsOfFile: path(name), encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        let header = lines.removeFirst().split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return lines.map { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return Dictionary(uniqueKeysWithValues: zip(header, fields))
        }
    }

    /// A fixture number: `inf` for +∞.
    static func number(_ text: String?) -> Double? {
        guard let text, !text.isEmpty else { return nil }
        if text == "inf" { return .infinity }
        return Double(text)
    }

    /// `|a − b| ≤ tolerance`, with equal infinities equal.
    static func close(_ a: Double?, _ b: Double?, _ tolerance: Double) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case let (a?, b?):
            if a.isInfinite || b.isInfinite { return a == b }
            return abs(a - b) <= tolerance
        default: return false
        }
    }
}
