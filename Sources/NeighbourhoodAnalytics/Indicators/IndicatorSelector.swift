/// Which input rows an indicator counts: a tree of conditions on row columns.
///
/// In JSON each node is an object with exactly one of these keys:
///
/// | JSON | case | matches rows whose … |
/// |---|---|---|
/// | `{"crimeTypes": ["Robbery", …]}` | ``crimeTypes(_:)`` | police.uk crime type (pseudo-column `crime_type`) is one of these |
/// | `{"offenceCodes": ["8N", …], "column": "offence_code"}` | ``offenceCodes(_:column:)`` | Home Office offence code is one of these (`column` defaults to `offence_code`) |
/// | `{"column": "knife_flag", "values": ["y", …]}` | ``column(_:values:)`` | named column's value is one of these |
/// | `{"indicator": "serious_violence"}` | ``indicator(_:)`` | row is counted by that indicator (its chosen variant) |
/// | `{"anyOf": [ … ]}` | ``anyOf(_:)`` | any sub-selector matches |
/// | `{"allOf": [ … ]}` | ``allOf(_:)`` | every sub-selector matches |
/// | `{"not": { … }}` | ``not(_:)`` | the sub-selector does not match |
///
/// Values compare after trimming spaces and tabs, ignoring ASCII case. Offence codes also
/// ignore leading zeros (`008N` matches `8N`).
public indirect enum IndicatorSelector: Sendable, Hashable, Codable {
    /// Rows whose crime type is one of these.
    case crimeTypes([String])
    /// Rows whose offence code, in `column`, is one of these.
    case offenceCodes([String], column: String)
    /// Rows whose value in the named column is one of these.
    case column(String, values: [String])
    /// Rows that another indicator counts.
    case indicator(String)
    /// Rows matched by any of the selectors (none: no row).
    case anyOf([IndicatorSelector])
    /// Rows matched by all of the selectors (none: every row).
    case allOf([IndicatorSelector])
    /// Rows the selector does not match.
    case not(IndicatorSelector)

    /// The pseudo-column name under which callers supply the crime type's values.
    public static let crimeTypeColumn = "crime_type"
    /// The column offence codes are read from unless a selector names another.
    public static let defaultOffenceCodeColumn = "offence_code"

    private enum Key: String, CodingKey, CaseIterable {
        case crimeTypes, offenceCodes, column, values, indicator, anyOf, allOf, not
    }

    /// Decodes one node; exactly one selecting key must be present.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(Key.self)
        let c = try decoder.container(keyedBy: Key.self)
        let selecting = c.allKeys.filter { [.crimeTypes, .offenceCodes, .values, .indicator, .anyOf, .allOf, .not].contains($0) }
        guard selecting.count <= 1 else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "a selector has one selecting key, this one has \(selecting.map(\.stringValue).sorted().joined(separator: ", ")): combine them with allOf or anyOf"))
        }
        if let v = try c.decodeIfPresent([String].self, forKey: .crimeTypes) {
            self = .crimeTypes(v)
        } else if let v = try c.decodeIfPresent([String].self, forKey: .offenceCodes) {
            self = .offenceCodes(v, column: try c.decodeIfPresent(String.self, forKey: .column) ?? Self.defaultOffenceCodeColumn)
        } else if let v = try c.decodeIfPresent([String].self, forKey: .values) {
            guard let name = try c.decodeIfPresent(String.self, forKey: .column) else {
                throw DecodingError.dataCorruptedError(forKey: .values, in: c, debugDescription: "a 'values' selector needs a 'column'")
            }
            self = .column(name, values: v)
        } else if let v = try c.decodeIfPresent(String.self, forKey: .indicator) {
            self = .indicator(v)
        } else if let v = try c.decodeIfPresent([IndicatorSelector].self, forKey: .anyOf) {
            self = .anyOf(v)
        } else if let v = try c.decodeIfPresent([IndicatorSelector].self, forKey: .allOf) {
            self = .allOf(v)
        } else if let v = try c.decodeIfPresent(IndicatorSelector.self, forKey: .not) {
            self = .not(v)
        } else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "a selector needs one of crimeTypes, offenceCodes, column + values, indicator, anyOf, allOf, not"))
        }
    }

    /// Encodes the node in the form it is read.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        switch self {
        case .crimeTypes(let v): try c.encode(v, forKey: .crimeTypes)
        case .offenceCodes(let v, let column):
            try c.encode(v, forKey: .offenceCodes)
            try c.encode(column, forKey: .column)
        case .column(let name, let values):
            try c.encode(name, forKey: .column)
            try c.encode(values, forKey: .values)
        case .indicator(let id): try c.encode(id, forKey: .indicator)
        case .anyOf(let v): try c.encode(v, forKey: .anyOf)
        case .allOf(let v): try c.encode(v, forKey: .allOf)
        case .not(let v): try c.encode(v, forKey: .not)
        }
    }

    /// The row columns this selector reads directly (not through referenced indicators).
    public var columns: Set<String> {
        switch self {
        case .crimeTypes: return [Self.crimeTypeColumn]
        case .offenceCodes(_, let column): return [column]
        case .column(let name, _): return [name]
        case .indicator: return []
        case .anyOf(let v), .allOf(let v): return v.reduce(into: []) { $0.formUnion($1.columns) }
        case .not(let v): return v.columns
        }
    }

    /// The indicators this selector refers to.
    public var referencedIndicators: Set<String> {
        switch self {
        case .indicator(let id): return [id]
        case .anyOf(let v), .allOf(let v): return v.reduce(into: []) { $0.formUnion($1.referencedIndicators) }
        case .not(let v): return v.referencedIndicators
        default: return []
        }
    }

    /// The same selector with every column named `from` renamed `to` (e.g. the user's offence
    /// column header in place of `offence_code`).
    public func renamingColumn(_ from: String, to: String) -> IndicatorSelector {
        switch self {
        case .crimeTypes: return self
        case .offenceCodes(let v, let column): return .offenceCodes(v, column: column == from ? to : column)
        case .column(let name, let values): return .column(name == from ? to : name, values: values)
        case .indicator: return self
        case .anyOf(let v): return .anyOf(v.map { $0.renamingColumn(from, to: to) })
        case .allOf(let v): return .allOf(v.map { $0.renamingColumn(from, to: to) })
        case .not(let v): return .not(v.renamingColumn(from, to: to))
        }
    }
}

/// How selector values are compared with row values.
enum SelectorValue {
    /// Trimmed of spaces and tabs, ASCII-lowercased.
    static func normalized(_ s: String) -> String {
        var scalars = Substring(s)
        while let f = scalars.first, f == " " || f == "\t" { scalars.removeFirst() }
        while let l = scalars.last, l == " " || l == "\t" || l == "\r" { scalars.removeLast() }
        return String(scalars.map { $0.isASCII ? Character($0.lowercased()) : $0 })
    }

    /// ``normalized(_:)`` without leading zeros (`008N` → `8n`, `0` stays `0`).
    static func offenceCode(_ s: String) -> String {
        var n = Substring(normalized(s))
        while n.count > 1, n.first == "0", let second = n.dropFirst().first, second != "." { n.removeFirst() }
        return String(n)
    }
}
