import NeighbourhoodIncidents

/// Counts that arrive already aggregated per area and period (e.g. hospital admissions for
/// assault by a sharp object per LSOA or MSOA), with small-number suppression kept as such.
///
/// CSV with an area id, a period and a count column. Periods are months or month ranges
/// (`2018-07`, `2018-04..2019-03`, `2018-04 to 2019-03`, `2018-04/2019-03`). A count is a
/// whole number ≥ 0 (thousands separators allowed) or a suppression marker: `*`, `c`, `..`,
/// `x`, `-`, `:`, `<N` (e.g. `<5`, `< 5`) or an empty cell. A suppressed cell is never read
/// as zero.
public struct AreaCountTable: Sendable {
    /// One cell's value.
    public enum Value: Sendable, Hashable {
        /// A published count.
        case count(Int)
        /// Suppressed at source (the marker as written, e.g. `*` or `<5`; empty for a blank
        /// cell). `upperBound` is the largest value it can hide when the marker says (`<5` → 4).
        case suppressed(marker: String, upperBound: Int?)
    }

    /// One row of the table.
    public struct Entry: Sendable, Hashable {
        /// Area id as written (trimmed).
        public let areaId: String
        /// The period the count covers.
        public let period: MonthRange
        /// The count or its suppression.
        public let value: Value
        /// Physical line in the file.
        public let line: Int
    }

    /// Totals per area over one period (see ``totals(over:)``).
    public struct Totals: Sendable, Hashable {
        /// Sum of the published counts per area (suppressed cells add nothing, so with any
        /// suppressed cell this is a lower bound).
        public var known: [String: Int] = [:]
        /// Number of suppressed cells per area (0 entries omitted).
        public var suppressedCells: [String: Int] = [:]
        /// Rows whose period overlaps the requested one only in part: not added anywhere.
        public var straddling: [Entry] = []
        /// Months of the requested period that no row covers, for any area.
        public var monthsWithoutData: [Month] = []
    }

    /// The rows, in file order.
    public let entries: [Entry]
    /// The file read.
    public let path: String

    /// Reads `path`.
    ///
    /// - Parameters:
    ///   - areaColumn: Header of the area id column (default `area_id`).
    ///   - periodColumn: Header of the period column (default `period`).
    ///   - countColumn: Header of the count column (default `count`).
    /// - Throws: ``FormatError`` naming file, line and reason: a missing column, an empty area
    ///   id, a period that is not a month or month range, a count that is neither a whole
    ///   number ≥ 0 nor a suppression marker, or the same area and period twice.
    /// - Complexity: O(file size).
    public init(path: String, areaColumn: String = "area_id", periodColumn: String = "period", countColumn: String = "count") throws(FormatError) {
        let table = try SimpleCSVTable(path: path)
        let a = try table.column(areaColumn, role: "area id")
        let p = try table.column(periodColumn, role: "period")
        let c = try table.column(countColumn, role: "count")
        var entries: [Entry] = []
        var seen: [String: Int] = [:]
        for (line, record) in table.records {
            let area = table.field(record, a)
            guard !area.isEmpty else { throw FormatError(.malformed, file: path, line: line, detail: "the \(areaColumn) is empty") }
            let periodText = table.field(record, p)
            guard let period = MonthRange(parsing: periodText) else {
                throw FormatError(.malformed, file: path, line: line, detail: "period '\(periodText)' is not a month (2018-07) or a month range (2018-04..2019-03)")
            }
            let countText = table.field(record, c)
            guard let value = Self.value(countText) else {
                throw FormatError(.malformed, file: path, line: line, detail: "count '\(countText)' is not a whole number ≥ 0 nor a suppression marker (*, <5, c, .., x, -, blank)")
            }
            let key = "\(area)\u{0}\(period)"
            if let earlier = seen[key] {
                throw FormatError(.malformed, file: path, line: line, detail: "area \(area) has a second row for \(period) (first on line \(earlier))")
            }
            seen[key] = line
            entries.append(Entry(areaId: area, period: period, value: value, line: line))
        }
        self.entries = entries
        self.path = path
    }

    /// Reads one count cell; `nil` when it is neither a count nor a marker.
    static func value(_ text: String) -> Value? {
        let t = text.trimmingSpaces
        if let n = Int(t.filter { $0 != "," }), n >= 0 { return .count(n) }
        let lower = t.lowercased()
        if ["", "*", "c", "..", "x", "-", ":", "~", "s", "supp", "suppressed"].contains(lower) {
            return .suppressed(marker: t, upperBound: nil)
        }
        if lower.hasPrefix("<") {
            let rest = String(lower.dropFirst()).trimmingSpaces
            if let n = Int(rest), n > 0 { return .suppressed(marker: t, upperBound: n - 1) }
        }
        return nil
    }

    /// Totals per area over `period`: rows whose period lies inside it are added; rows that
    /// straddle its edge are listed, not added; months no row covers are listed.
    ///
    /// - Complexity: O(rows + months).
    public func totals(over period: MonthRange) -> Totals {
        var totals = Totals()
        var covered = Set<Int>()
        for e in entries {
            let inside = period.contains(e.period.first) && period.contains(e.period.last)
            let disjoint = e.period.last < period.first || e.period.first > period.last
            if disjoint { continue }
            if !inside {
                totals.straddling.append(e)
                continue
            }
            for m in e.period.first.ordinal...e.period.last.ordinal { covered.insert(m) }
            switch e.value {
            case .count(let n): totals.known[e.areaId, default: 0] += n
            case .suppressed:
                totals.known[e.areaId, default: 0] += 0
                totals.suppressedCells[e.areaId, default: 0] += 1
            }
        }
        totals.monthsWithoutData = period.months.filter { !covered.contains($0.ordinal) }
        return totals
    }
}
