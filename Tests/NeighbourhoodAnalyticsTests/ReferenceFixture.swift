import Foundation
import Testing

/// A JSON fixture written by Tests/reference/make_local_stats_fixture.py, read by path.
struct ReferenceFixture {
    let object: [String: Any]

    init(_ name: String) throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent(name)
        let data = try Data(contentsOf: url)
        object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    init(object: [String: Any]) { self.object = object }

    subscript(_ key: String) -> ReferenceFixture {
        ReferenceFixture(object: object[key] as? [String: Any] ?? [:])
    }

    func doubles(_ key: String) -> [Double] {
        (object[key] as? [Any] ?? []).map { ($0 as? NSNumber)?.doubleValue ?? .nan }
    }

    func ints(_ key: String) -> [Int] {
        (object[key] as? [Any] ?? []).map { ($0 as? NSNumber)?.intValue ?? Int.min }
    }

    func double(_ key: String) -> Double { (object[key] as? NSNumber)?.doubleValue ?? .nan }
    func int(_ key: String) -> Int { (object[key] as? NSNumber)?.intValue ?? Int.min }
    func list(_ key: String) -> [Any] { object[key] as? [Any] ?? [] }
}

/// The largest absolute difference between two equally long arrays (∞ when lengths differ).
func largestDifference(_ a: [Double], _ b: [Double]) -> Double {
    guard a.count == b.count, !a.isEmpty else { return .infinity }
    return zip(a, b).map { abs($0 - $1) }.max()!
}

/// The largest difference relative to max(1, |reference|).
func largestRelativeDifference(_ a: [Double], _ reference: [Double]) -> Double {
    guard a.count == reference.count, !a.isEmpty else { return .infinity }
    return zip(a, reference).map { abs($0 - $1) / max(1, abs($1)) }.max()!
}
