import NeighbourhoodIncidents

/// Which rows of an ``IncidentTable`` an analysis takes: crime types, a month range, and
/// whether duplicates and rows without location count.
public struct IncidentFilter: Sendable, Hashable {
    /// Crime types to keep, matched without regard to case or surrounding spaces; `nil` or
    /// empty keeps every type.
    public var crimeTypes: Set<String>?
    /// Months to keep; `nil` keeps every row, including rows without a month.
    public var months: MonthRange?
    /// Whether rows repeating an earlier row's id are dropped (the default).
    public var dropDuplicates: Bool
    /// Whether rows without location are kept (for force-level counts); located rows are
    /// always kept.
    public var keepRowsWithoutLocation: Bool

    /// Creates a filter; the default keeps every located, non-duplicate row.
    public init(
        crimeTypes: Set<String>? = nil, months: MonthRange? = nil, dropDuplicates: Bool = true,
        keepRowsWithoutLocation: Bool = false
    ) {
        self.crimeTypes = crimeTypes
        self.months = months
        self.dropDuplicates = dropDuplicates
        self.keepRowsWithoutLocation = keepRowsWithoutLocation
    }
}

extension IncidentTable {
    /// The positions of rows that pass `filter`, in input order.
    ///
    /// - Complexity: O(*n*).
    public func rows(passing filter: IncidentFilter) -> [Int] {
        let typeAllowed: [Bool]
        if let wanted = filter.crimeTypes, !wanted.isEmpty {
            let keys = Set(wanted.map(IncidentFilter.key))
            typeAllowed = crimeType.values.map { keys.contains(IncidentFilter.key($0)) }
        } else {
            typeAllowed = Array(repeating: true, count: crimeType.values.count)
        }
        var rows: [Int] = []
        rows.reserveCapacity(count)
        for i in 0..<count {
            if filter.dropDuplicates, isDuplicate[i] { continue }
            if !filter.keepRowsWithoutLocation, status[i] == .noLocation { continue }
            if !typeAllowed[Int(crimeType.ids[i])] { continue }
            if let range = filter.months, !(month[i] >= 0 && range.contains(ordinal: Int(month[i]))) { continue }
            rows.append(i)
        }
        return rows
    }

    /// Crime types asked for that no row has, for a warning (a typo would otherwise select
    /// nothing silently).
    public func unknownCrimeTypes(in filter: IncidentFilter) -> [String] {
        guard let wanted = filter.crimeTypes else { return [] }
        let present = Set(crimeType.values.map(IncidentFilter.key))
        return wanted.filter { !present.contains(IncidentFilter.key($0)) }.sorted()
    }
}

extension IncidentFilter {
    static func key(_ text: String) -> String {
        String(text.lowercased().drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
