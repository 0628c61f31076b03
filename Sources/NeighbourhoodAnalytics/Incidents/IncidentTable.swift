import NeighbourhoodGeometry
import NeighbourhoodIncidents

/// Every readable row of one or more incident files, kept column by column so that millions
/// of rows cost tens of bytes each: the input to hotspots and indicators.
///
/// Rows are in input order. Rejected rows are not kept (they are counted and written to
/// `rejects.csv` by the reader); rows without location are kept with `NaN` coordinates so
/// that force-level counts include them.
public struct IncidentTable: Sendable {
    /// Text values of one column, stored as small integer ids into ``values``.
    public struct Column: Sendable, Hashable {
        /// Each row's value id.
        public internal(set) var ids: [Int32] = []
        /// The distinct values, by id. The empty string stands for a blank or missing cell.
        public internal(set) var values: [String] = []
        var positions: [String: Int32] = [:]

        /// An empty column.
        public init() {}

        /// The value of row `row`.
        public func value(at row: Int) -> String { values[Int(ids[row])] }

        /// The id of `value`, adding it when new.
        mutating func id(of value: String) -> Int32 {
            if let id = positions[value] { return id }
            let id = Int32(values.count)
            values.append(value)
            positions[value] = id
            return id
        }
    }

    /// Easting (working CRS), `NaN` for rows without location.
    public internal(set) var x: [Double] = []
    /// Northing (working CRS), `NaN` for rows without location.
    public internal(set) var y: [Double] = []
    /// Position of the containing area in the boundary layer, or -1.
    public internal(set) var area: [Int32] = []
    /// Month ordinal (``NeighbourhoodIncidents/Month/ordinal``), or -1 when unknown.
    public internal(set) var month: [Int32] = []
    /// Each row's status: assigned, outside or no location.
    public internal(set) var status: [IncidentStatus] = []
    /// Whether the row repeats the id of an earlier row (police.uk's `Crime ID`); rows without
    /// an id (police.uk ASB) are never duplicates.
    public internal(set) var isDuplicate: [Bool] = []
    /// The crime type column (empty string when the input has none).
    public internal(set) var crimeType = Column()
    /// Further columns asked for by name (e.g. an offence code or knife flag), by name.
    public internal(set) var columns: [String: Column] = [:]
    /// Per extra column, the number of rows whose file had that column at all.
    public internal(set) var rowsWithColumn: [String: Int] = [:]
    /// Index of each row's source file in ``files``.
    public internal(set) var file: [Int32] = []
    /// The source files, in input order.
    public internal(set) var files: [String] = []

    /// An empty table that will hold the named extra columns.
    public init(extraColumns: [String] = []) {
        for name in extraColumns {
            columns[name] = Column()
            rowsWithColumn[name] = 0
        }
    }

    /// Number of rows.
    public var count: Int { x.count }

    /// Number of rows marked as duplicates.
    public var duplicateCount: Int { isDuplicate.reduce(0) { $0 + ($1 ? 1 : 0) } }

    /// The month of row `row`, if known.
    public func monthValue(at row: Int) -> Month? { month[row] < 0 ? nil : Month(ordinal: Int(month[row])) }

    /// The point of row `row`, or `nil` without location.
    public func point(at row: Int) -> Point? {
        x[row].isNaN ? nil : Point(x: x[row], y: y[row])
    }

    /// The distinct months present, sorted.
    public var months: [Month] {
        var seen = Set<Int32>()
        for m in month where m >= 0 { seen.insert(m) }
        return seen.sorted().compactMap { Month(ordinal: Int($0)) }
    }
}
