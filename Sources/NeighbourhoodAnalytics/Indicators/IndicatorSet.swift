import Foundation

/// A set of indicator definitions, as read from `geodata/indicators.json` or the user's file.
///
/// JSON: `{"version": 1, "weightTables": {...}, "indicators": [...], "shares": [...]}`.
public struct IndicatorSet: Sendable, Hashable, Codable {
    /// Where a weight table comes from (loaded by the caller, e.g. with the Formats module's
    /// `CategoryWeightTable`, and passed to ``compile(columns:weightTables:)``).
    public struct WeightTableSource: Sendable, Hashable, Codable {
        /// File name, relative to the definitions file.
        public var file: String
        /// Header of the key column (e.g. `category`).
        public var keyColumn: String
        /// Header of the weight column (e.g. `weight`).
        public var weightColumn: String
        /// What the weights are and where they come from.
        public var description: String?

        /// Creates a source.
        public init(file: String, keyColumn: String = "category", weightColumn: String = "weight", description: String? = nil) {
            self.file = file
            self.keyColumn = keyColumn
            self.weightColumn = weightColumn
            self.description = description
        }

        private enum CodingKeys: String, CodingKey, CaseIterable { case file, keyColumn, weightColumn, description }

        /// Decodes a source; unknown keys are an error.
        public init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            file = try c.decode(String.self, forKey: .file)
            keyColumn = try c.decode(String.self, forKey: .keyColumn)
            weightColumn = try c.decode(String.self, forKey: .weightColumn)
            description = try c.decodeIfPresent(String.self, forKey: .description)
        }
    }

    /// One indicator expressed as a share of another (e.g. knife-enabled serious violence as a
    /// share of serious violence), computed per area from the two indicators' counts.
    public struct ShareDefinition: Sendable, Hashable, Codable {
        /// Stable identifier, e.g. `knife_share_of_serious_violence`.
        public var id: String
        /// Human label.
        public var label: String
        /// What it measures.
        public var description: String
        /// Id of the numerator indicator.
        public var numerator: String
        /// Id of the denominator indicator.
        public var denominator: String

        /// Creates a share definition.
        public init(id: String, label: String, description: String, numerator: String, denominator: String) {
            self.id = id
            self.label = label
            self.description = description
            self.numerator = numerator
            self.denominator = denominator
        }

        private enum CodingKeys: String, CodingKey, CaseIterable { case id, label, description, numerator, denominator }

        /// Decodes a share; unknown keys are an error.
        public init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decode(String.self, forKey: .id)
            label = try c.decode(String.self, forKey: .label)
            description = try c.decode(String.self, forKey: .description)
            numerator = try c.decode(String.self, forKey: .numerator)
            denominator = try c.decode(String.self, forKey: .denominator)
        }
    }

    /// Format version (1).
    public var version: Int
    /// Weight tables by id.
    public var weightTables: [String: WeightTableSource]
    /// The indicators, in output order.
    public var indicators: [IndicatorDefinition]
    /// Share indicators.
    public var shares: [ShareDefinition]

    /// Creates a set, checking it (see ``validate()``).
    ///
    /// - Throws: ``GridError/Code/insufficientData`` when the set is inconsistent.
    public init(version: Int = 1, weightTables: [String: WeightTableSource] = [:], indicators: [IndicatorDefinition], shares: [ShareDefinition] = []) throws(GridError) {
        self.version = version
        self.weightTables = weightTables
        self.indicators = indicators
        self.shares = shares
        try validate()
    }

    private enum Key: String, CodingKey, CaseIterable { case version, weightTables, indicators, shares }

    /// Decodes a set; `version` defaults to 1, `weightTables` and `shares` to empty.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(Key.self)
        let c = try decoder.container(keyedBy: Key.self)
        version = try c.decodeIfPresent(Int.self, forKey: .version) ?? 1
        weightTables = try c.decodeIfPresent([String: WeightTableSource].self, forKey: .weightTables) ?? [:]
        indicators = try c.decode([IndicatorDefinition].self, forKey: .indicators)
        shares = try c.decodeIfPresent([ShareDefinition].self, forKey: .shares) ?? []
    }

    /// Reads a set from JSON bytes and validates it.
    ///
    /// - Parameter source: Named in error messages (e.g. the file path).
    /// - Throws: ``GridError/Code/insufficientData`` with the JSON problem (key path and
    ///   reason) or the inconsistency found by ``validate()``.
    /// - Complexity: O(size of the JSON).
    public init(json: [UInt8], source: String = "indicator definitions") throws(GridError) {
        do {
            self = try JSONDecoder().decode(IndicatorSet.self, from: Data(json))
        } catch let error as DecodingError {
            throw GridError(.insufficientData, "\(source): \(Self.describe(error))")
        } catch {
            throw GridError(.insufficientData, "\(source): \(error)")
        }
        do { try validate() } catch { throw GridError(.insufficientData, "\(source): \(error.message)") }
    }

    /// Checks ids are unique, references and weight tables exist, and references have no cycle.
    ///
    /// - Throws: ``GridError/Code/insufficientData`` naming the first problem.
    /// - Complexity: O(size of the definitions).
    public func validate() throws(GridError) {
        var ids = Set<String>()
        for d in indicators {
            guard !d.id.isEmpty, ids.insert(d.id).inserted else {
                throw GridError(.insufficientData, "indicator id '\(d.id)' is empty or used twice")
            }
            guard !d.variants.isEmpty else { throw GridError(.insufficientData, "indicator '\(d.id)' has no variant") }
            if let w = d.weight, weightTables[w.table] == nil {
                throw GridError(.insufficientData, "indicator '\(d.id)' uses weight table '\(w.table)', which is not in weightTables (\(weightTables.keys.sorted().joined(separator: ", ")))")
            }
        }
        for d in indicators {
            for v in d.variants {
                for ref in v.selector.referencedIndicators where !ids.contains(ref) {
                    throw GridError(.insufficientData, "indicator '\(d.id)' refers to unknown indicator '\(ref)'")
                }
            }
        }
        for s in shares {
            guard ids.contains(s.numerator), ids.contains(s.denominator) else {
                throw GridError(.insufficientData, "share '\(s.id)' needs indicators '\(s.numerator)' and '\(s.denominator)'")
            }
        }
        // Cycles: depth-first over references.
        let byId = Dictionary(uniqueKeysWithValues: indicators.map { ($0.id, $0) })
        var state: [String: Int] = [:]  // 1 visiting, 2 done
        func visit(_ id: String, _ path: [String]) throws(GridError) {
            if state[id] == 2 { return }
            if state[id] == 1 {
                throw GridError(.insufficientData, "indicators refer to each other in a cycle: \((path + [id]).joined(separator: " → "))")
            }
            state[id] = 1
            for v in byId[id]!.variants {
                for ref in v.selector.referencedIndicators.sorted() { try visit(ref, path + [id]) }
            }
            state[id] = 2
        }
        for d in indicators { try visit(d.id, []) }
    }

    /// The set with every selector and weight column named `from` renamed `to`: how a user's
    /// column header (e.g. `HO_Code`) replaces the definitions' name (`offence_code`).
    public func renamingColumn(_ from: String, to: String) -> IndicatorSet {
        var copy = self
        for i in copy.indicators.indices {
            for j in copy.indicators[i].variants.indices {
                copy.indicators[i].variants[j].selector = copy.indicators[i].variants[j].selector.renamingColumn(from, to: to)
            }
            if copy.indicators[i].weight?.column == from { copy.indicators[i].weight?.column = to }
        }
        return copy
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ p: [any CodingKey]) -> String {
            p.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        }
        switch error {
        case .dataCorrupted(let c): return "\(path(c.codingPath)): \(c.debugDescription)"
        case .keyNotFound(let k, let c): return "\(path(c.codingPath)): missing key '\(k.stringValue)'"
        case .typeMismatch(_, let c), .valueNotFound(_, let c): return "\(path(c.codingPath)): \(c.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
