/// A closed range of calendar months, e.g. `2018-04..2019-03` (12 months).
public struct MonthRange: Hashable, Sendable, CustomStringConvertible {
    /// First month.
    public let first: Month
    /// Last month (not before `first`).
    public let last: Month

    /// Creates a range; `nil` when `last` is before `first`.
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

    /// Number of months, at least 1.
    public var count: Int { last.ordinal - first.ordinal + 1 }

    /// The months in order.
    public var months: [Month] { (first.ordinal...last.ordinal).compactMap { Month(ordinal: $0) } }

    /// Whether `month` lies in the range.
    public func contains(_ month: Month) -> Bool { first <= month && month <= last }

    /// `YYYY-MM` for one month, `YYYY-MM..YYYY-MM` otherwise.
    public var description: String { count == 1 ? first.description : "\(first)..\(last)" }

    /// Parses a month in any form ``Month/init(parsing:)`` accepts, or two of them joined by
    /// `..`, ` to `, an en dash `–`, or `/` (ISO 8601 interval style, tried only when both
    /// halves are months, so `02/2025` stays one month). `nil` when it is neither, or the range
    /// runs backwards.
    ///
    /// - Complexity: O(*n*) in the length of `text`.
    public init?<S: StringProtocol>(parsing text: S) {
        let s = String(text)
        for separator in ["..", " to ", "–", "/"] {
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
}
