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

    /// Parses a month in any form ``Month/init(parsing:)`` accepts, or two of them joined by
    /// `..`, `...`, ` to `, an en dash `–`, or `/` (ISO 8601 interval style, tried only when
    /// both halves are months, so `02/2025` stays one month). `nil` when it is neither, or the
    /// range runs backwards.
    ///
    /// - Complexity: O(*n*) in the length of `text`.
    public init?<S: StringProtocol>(parsing text: S) {
        let s = String(text).trimmingSpaces
        for separator in ["...", "..", " to ", "–", "/"] {
            guard let r = s.firstRange(of: separator) else { continue }
            let a = s[s.startIndex..<r.lowerBound], b = s[r.upperBound...]
            if let m1 = Month(parsing: a), let m2 = Month(parsing: b) {
                guard let range = MonthRange(first: m1, last: m2) else { return nil }
                self = range
                return
            }
            if separator != "/" { return nil }
        }
        guard let m = Month(parsing: s) else { return nil }
        self.init(m)
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
