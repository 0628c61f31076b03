import Foundation

/// Any key of a JSON object, to list the keys an object actually has.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }

    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension Decoder {
    /// Throws when the object being decoded has a key not in `known`: a misspelt key in a
    /// definitions file (`"wieght"`, `"proxyNotes"`) would otherwise be ignored silently and
    /// change what is counted without a word.
    ///
    /// - Throws: `DecodingError.dataCorrupted` naming the unknown keys and the known ones.
    /// - Complexity: O(keys of the object).
    func rejectUnknownKeys<Key: CodingKey & CaseIterable>(_: Key.Type) throws {
        let known = Set(Key.allCases.map(\.stringValue))
        let keys = try container(keyedBy: AnyCodingKey.self).allKeys.map(\.stringValue)
        let unknown = keys.filter { !known.contains($0) }.sorted()
        guard unknown.isEmpty else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: codingPath,
                debugDescription: "unknown key\(unknown.count == 1 ? "" : "s") \(unknown.map { "'\($0)'" }.joined(separator: ", ")); "
                    + "known keys are \(known.sorted().joined(separator: ", "))"))
        }
    }
}
