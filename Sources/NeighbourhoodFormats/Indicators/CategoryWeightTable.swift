/// A table of weights per category (e.g. police.uk crime type → Crime Severity Score weight,
/// or a Cambridge Crime Harm Index table), read from a CSV with a key and a weight column.
public struct CategoryWeightTable: Sendable, Hashable {
    /// Weight per key, keys as written in the file (trimmed).
    public let weights: [String: Double]

    /// Reads `path`.
    ///
    /// - Parameters:
    ///   - keyColumn: Header of the key column (default `category`).
    ///   - weightColumn: Header of the weight column (default `weight`).
    /// - Throws: ``FormatError`` naming file and line: a missing column, an empty key, a key
    ///   given twice, or a weight that is not a finite number ≥ 0 (thousands separators
    ///   allowed).
    /// - Complexity: O(file size).
    public init(path: String, keyColumn: String = "category", weightColumn: String = "weight") throws(FormatError) {
        let table = try SimpleCSVTable(path: path)
        let k = try table.column(keyColumn, role: "category key")
        let w = try table.column(weightColumn, role: "weight")
        var weights: [String: Double] = [:]
        var seen: [String: Int] = [:]
        for (line, record) in table.records {
            let key = table.field(record, k)
            guard !key.isEmpty else { throw FormatError(.malformed, file: path, line: line, detail: "the \(keyColumn) is empty") }
            let text = table.field(record, w)
            guard let value = Double(text.filter { $0 != "," }), value.isFinite, value >= 0 else {
                throw FormatError(.malformed, file: path, line: line, detail: "weight '\(text)' for '\(key)' is not a number ≥ 0")
            }
            let folded = key.lowercased()
            if let earlier = seen[folded] {
                throw FormatError(.malformed, file: path, line: line, detail: "'\(key)' is given a weight twice (first on line \(earlier))")
            }
            seen[folded] = line
            weights[key] = value
        }
        self.weights = weights
    }
}
