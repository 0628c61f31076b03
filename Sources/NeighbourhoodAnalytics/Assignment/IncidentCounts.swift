import NeighbourhoodIncidents

/// Incident counts by area, month and crime type: the table behind `counts.csv`.
///
/// Cells are keyed internally by one packed integer (area position, month ordinal, crime-type
/// position), so adding millions of rows and sorting the table stay cheap.
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

    private var cells: [UInt64: Int] = [:]
    private var typeNames: [String] = []
    private var typePositions: [String: Int] = [:]

    /// An empty table.
    public init() {}

    private mutating func typePosition(_ name: String) -> Int {
        if let p = typePositions[name] { return p }
        typeNames.append(name)
        typePositions[name] = typeNames.count - 1
        return typeNames.count - 1
    }

    private static func pack(area: Int, month: Month?, type: Int) -> UInt64 {
        UInt64(area) << 40 | UInt64(month.map { $0.ordinal + 1 } ?? 0) << 24 | UInt64(type)
    }

    private func unpack(_ packed: UInt64) -> Key {
        let m = Int((packed >> 24) & 0xFFFF)
        return Key(
            area: Int(packed >> 40), month: m == 0 ? nil : Month(ordinal: m - 1),
            crimeType: typeNames[Int(packed & 0xFF_FFFF)])
    }

    /// Adds `count` incidents to a cell.
    public mutating func add(_ key: Key, count: Int = 1) {
        let packed = IncidentCounts.pack(area: key.area, month: key.month, type: typePosition(key.crimeType))
        cells[packed, default: 0] += count
    }

    /// Adds many cells whose crime types are positions in `typeNames`.
    ///
    /// - Parameter cells: `(area, month ordinal + 1 or 0, type position, count)` tuples.
    public mutating func add(cells batch: [(area: Int, monthCode: Int, type: Int, count: Int)], typeNames names: [String]) {
        let mapped = names.map { typePosition($0) }
        cells.reserveCapacity(cells.count + batch.count)
        for cell in batch {
            let packed = UInt64(cell.area) << 40 | UInt64(cell.monthCode) << 24 | UInt64(mapped[cell.type])
            cells[packed, default: 0] += cell.count
        }
    }

    /// Adds every cell of another table.
    public mutating func merge(_ other: IncidentCounts) {
        for (packed, value) in other.cells { add(other.unpack(packed), count: value) }
    }

    /// The number of non-zero cells.
    public var cellCount: Int { cells.count }

    /// The cells in key order: area position, month, crime type.
    public var sorted: [(key: Key, count: Int)] {
        let typeRank = Dictionary(uniqueKeysWithValues: typeNames.sorted().enumerated().map { ($1, $0) })
        let ranked = typeNames.map { typeRank[$0]! }
        return cells.map { (packed: $0.key, count: $0.value) }
            .sorted { a, b in
                let ah = a.packed >> 24, bh = b.packed >> 24
                if ah != bh { return ah < bh }
                return ranked[Int(a.packed & 0xFF_FFFF)] < ranked[Int(b.packed & 0xFF_FFFF)]
            }
            .map { (unpack($0.packed), $0.count) }
    }

    /// Total per area position.
    public func totalsByArea() -> [Int: Int] {
        var totals: [Int: Int] = [:]
        for (packed, value) in cells { totals[Int(packed >> 40), default: 0] += value }
        return totals
    }

    /// Totals per area position and crime type.
    public func totalsByAreaAndType() -> [Int: [String: Int]] {
        var totals: [Int: [Int: Int]] = [:]
        for (packed, value) in cells { totals[Int(packed >> 40), default: [:]][Int(packed & 0xFF_FFFF), default: 0] += value }
        return totals.mapValues { byType in
            Dictionary(uniqueKeysWithValues: byType.map { (typeNames[$0.key], $0.value) })
        }
    }

    /// The crime types present, sorted.
    public var crimeTypes: [String] { typeNames.sorted() }

    /// The sum of all cells.
    public var total: Int { cells.values.reduce(0, +) }
}
