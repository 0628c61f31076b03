/// A run of whole calendar months, both ends included: an analysis period.
///
/// Written `2018-01..2018-06` (or `2018-01...2018-06`), or a single month `2018-07`; either
/// end may be in any form ``Month/init(parsing:)`` accepts.
public struct MonthRange: Hashable, Sendable, CustomStringConvertible {
    /// The first month.
    public let first: Month
    /// The last month (not before ``first``).
    public let last: Month

    /// The range from `first` to `last`; `nil` when `last` is before `first`.
    public init?(first: Month, last: Month) {
        guard first <= last else { return nil }
        self.first = first
        self.last = last
    }

    /// A single month.
    public init(_ month: Month) {
        first = month
        last = month
    }

    /// Parses `2018-01..2018-06`, `2018-01...2018-06` or `2018-07`; `nil` when either end is not a
    /// month or the range runs backwards.
    public init?<S: StringProtocol>(parsing text: S) {
        let trimmed = String(text).trimmingSpaces
        var parts = [Substring(trimmed)]
        if let dot = trimmed.firstIndex(of: "."), trimmed[dot...].hasPrefix("..") {
            var rest = trimmed[dot...]
            while rest.first == "." { rest.removeFirst() }
            guard trimmed[dot...].count - rest.count <= 3 else { return nil }
            parts = [trimmed[..<dot], rest]
        }
        guard let a = Month(parsing: parts[0]), let b = Month(parsing: parts[parts.count - 1]) else { return nil }
        self.init(first: a, last: b)
    }

    /// Number of months in the range.
    public var count: Int { last.ordinal - first.ordinal + 1 }

    /// The months, in order.
    public var months: [Month] { (first.ordinal...last.ordinal).compactMap { Month(ordinal: $0) } }

    /// Whether `month` lies in the range.
    public func contains(_ month: Month) -> Bool { month >= first && month <= last }

    /// Whether the month with this ordinal lies in the range.
    public func contains(ordinal: Int) -> Bool { ordinal >= first.ordinal && ordinal <= last.ordinal }

    /// `2018-01..2018-06`, or `2018-07` for a single month.
    public var description: String { first == last ? first.description : "\(first)..\(last)" }
}

extension String {
    fileprivate var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
