/// A calendar month, the time resolution of police.uk data.
public struct Month: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Four-digit year.
    public let year: Int
    /// Month of the year, 1 to 12.
    public let month: Int

    /// Creates a month; `nil` when `month` is not 1 to 12 or `year` is not 1000 to 9999.
    public init?(year: Int, month: Int) {
        guard (1...12).contains(month), (1000...9999).contains(year) else { return nil }
        self.year = year
        self.month = month
    }

    /// Months since January of year 0: a dense integer key, `year * 12 + month - 1`.
    public var ordinal: Int { year * 12 + month - 1 }

    /// The month with the given ``ordinal``.
    public init?(ordinal: Int) {
        self.init(year: ordinal / 12, month: ordinal % 12 + 1)
    }

    /// `YYYY-MM`, as police.uk writes months.
    public var description: String {
        let m = month < 10 ? "0\(month)" : "\(month)"
        return "\(year)-\(m)"
    }

    /// Chronological order.
    public static func < (a: Month, b: Month) -> Bool { a.ordinal < b.ordinal }
}
