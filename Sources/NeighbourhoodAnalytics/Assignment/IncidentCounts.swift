import NeighbourhoodIncidents

/// Incident counts by area, month and crime type: the table behind `counts.csv`.
///
/// Keys pack an area position (from 0), a month ordinal (or none) and a crime-type
/// position into one integer, so counting a row is one hash-table increment.
public struct IncidentCounts: Sendable {
    /// One cell of the table.
    public struct Key: Hashable, Sendable, Comparable {
        /// Area position in the layer.
        public var area: Int
        /// Month, if known.
        public var month: Month?
        /// Crime type (empty when the input has none).
        public var crimeType: String

        /// Creates a key.
        public init(area: Int, month: Month?, crimeType: String) {
            self.area = area
            self.month = month
            self.crimeType = crimeType
        }

        /// Area, then month (unknown first), then crime type.
        public static func < (a: Key, b: Key) -> Bool {
            if a.area != b.area { return a.area < b.area }
            let am = a.month?.ordinal ?? -1, bm = b.month?.ordinal ?? -1
            if am != bm { return am < bm }
            return a.crimeType < b.crimeType
        }
    }

    /// The counts.
    public private(set) var cells: [Key: Int] = [:]

    /// An empty table.
    public init() {}

    /// Adds `count` incidents to a cell.
    public mutating func add(_ key: Key, count: Int = 1) {
        cells[key, default: 0] += count
    }

    /// Adds every cell of another table.
    public mutating func merge(_ other: IncidentCounts) {
        for (key, value) in other.cells { cells[key, default: 0] += value }
    }

    /// The cells in key order.
    public var sorted: [(key: Key, count: Int)] {
        cells.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// Total per area position.
    public func totalsByArea() -> [Int: Int] {
        var totals: [Int: Int] = [:]
        for (key, value) in cells { totals[key.area, default: 0] += value }
        return totals
    }

    /// Totals per area position and crime type.
    public func totalsByAreaAndType() -> [Int: [String: Int]] {
        var totals: [Int: [String: Int]] = [:]
        for (key, value) in cells { totals[key.area, default: [:]][key.crimeType, default: 0] += value }
        return totals
    }

    /// The crime types present, sorted.
    public var crimeTypes: [String] { Set(cells.keys.map(\.crimeType)).sorted() }

    /// The sum of all cells.
    public var total: Int { cells.values.reduce(0, +) }
}
