/// Why a row was rejected. ``description`` is the sentence written to `rejects.csv`.
public enum RowProblem: Sendable, Hashable, CustomStringConvertible {
    /// The row's field count differs from the header's.
    case fieldCount(found: Int, expected: Int)
    /// A coordinate is not a number.
    case notANumber(column: String, value: String)
    /// A coordinate is NaN or infinite.
    case notFinite(column: String, value: String)
    /// A coordinate is outside its valid range.
    case outOfRange(column: String, value: String, range: String)
    /// One coordinate is present, the other empty.
    case halfLocation(empty: String, present: String, value: String)
    /// The month cannot be read.
    case badMonth(column: String, value: String)
    /// A quoted field never closes.
    case unterminatedQuote
    /// A line longer than the reader's limit.
    case oversizedLine(limit: Int)
    /// A field's bytes are not UTF-8 (e.g. a Latin-1 line in a UTF-8 file).
    case invalidUTF8(column: String, byte: UInt8)
    /// PROJ could not transform the point.
    case projectionFailed(x: Double, y: Double, crs: String)

    /// A sentence naming the column, the value and the rule it breaks.
    public var description: String {
        switch self {
        case let .fieldCount(found, expected):
            return "row has \(found) field\(found == 1 ? "" : "s"); the header has \(expected)"
        case let .notANumber(column, value):
            return "\(column) '\(value)' is not a number"
        case let .notFinite(column, value):
            return "\(column) '\(value)' is not a finite number"
        case let .outOfRange(column, value, range):
            return "\(column) '\(value)' is out of range (\(range))"
        case let .halfLocation(empty, present, value):
            return "\(empty) is empty but \(present) is '\(value)'"
        case let .badMonth(column, value):
            return "\(column) '\(value)' is not a month (expected e.g. 2018-07, Jul-18 or 07/2018)"
        case .unterminatedQuote:
            return "a quoted field opened on this line is never closed"
        case let .oversizedLine(limit):
            return "line is longer than \(limit) bytes; skipped"
        case let .invalidUTF8(column, byte):
            return "\(column) is not valid UTF-8 (byte 0x\(hex(byte))): the file mixes text encodings; save it as UTF-8"
        case let .projectionFailed(x, y, crs):
            return "PROJ cannot transform (\(x), \(y)) from \(crs)"
        }
    }

    /// A short machine-readable key for grouping (e.g. `not_a_number`).
    public var key: String {
        switch self {
        case .fieldCount: "field_count"
        case .notANumber: "not_a_number"
        case .notFinite: "not_finite"
        case .outOfRange: "out_of_range"
        case .halfLocation: "half_location"
        case .badMonth: "bad_month"
        case .unterminatedQuote: "unterminated_quote"
        case .oversizedLine: "oversized_line"
        case .invalidUTF8: "invalid_utf8"
        case .projectionFailed: "projection_failed"
        }
    }
}
