internal import GRDB

/// Incident rows on their way into the `incidents` table, inserted 64 to a statement: one
/// multi-row `INSERT` costs SQLite one statement start and reset for 64 rows instead of 64,
/// the bulk of its per-row cost when each row is small.
struct IncidentRowBuffer {
    /// One row of the `incidents` table but its import id (bound once per statement); plain
    /// values only, so buffering a row copies bytes and nothing else.
    struct Row {
        var line: Int
        var month: Int64
        var force: Int64
        var type: Int64
        var outcome: Int64
        /// 0 when the row has no location.
        var location: Int64
        var crimeID: CrimeIDValue
        var key: UInt64
        var hash: UInt64
    }

    /// A Crime ID as stored: none (NULL), 32 packed bytes (BLOB), or other text (TEXT, kept
    /// aside by the buffer: `text` is its position there).
    struct CrimeIDValue {
        enum Kind: UInt8 { case none, packed, text }
        var kind: Kind
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var text = 0
    }

    static let rowsPerStatement = 64
    private static let columns = 10

    private let many: FastStatement
    private let one: FastStatement
    private var rows: [Row] = []
    /// Crime IDs of buffered rows that are not police.uk ids.
    private var texts: [[UInt8]] = []

    init(_ db: Database, importID: Int64) throws {
        let names = "(import_id, line, month, force_id, type_id, outcome_id, location_id, status, crime_id, row_key, row_hash)"
        let tuple = "(?1,?,?,?,?,?,?,?,?,?,?)"
        let rest = Array(repeating: tuple, count: Self.rowsPerStatement - 1)
        // ?1 is the import id in every tuple; the other parameters are numbered in order.
        many = try FastStatement(db, "INSERT INTO incidents \(names) VALUES (?,?,?,?,?,?,?,?,?,?,?)," + rest.joined(separator: ","))
        one = try FastStatement(db, "INSERT INTO incidents \(names) VALUES (?,?,?,?,?,?,?,?,?,?,?)")
        // SQLite keeps bindings across resets: the import id is bound once.
        many.bind(1, importID)
        one.bind(1, importID)
        rows.reserveCapacity(Self.rowsPerStatement)
    }

    /// Adds a row; inserts a full statement's worth when there is one.
    @inline(__always)
    mutating func append(_ row: Row, text: [UInt8]? = nil) throws {
        var row = row
        if let text {
            row.crimeID.text = texts.count
            texts.append(text)
        }
        rows.append(row)
        if rows.count == Self.rowsPerStatement {
            try rows.withUnsafeBufferPointer { rows in
                for k in rows.indices { bind(rows, k, to: many, at: Int32(2 + k * Self.columns)) }
                try many.run()
            }
            rows.removeAll(keepingCapacity: true)
            texts.removeAll(keepingCapacity: true)
        }
    }

    /// Inserts the rows still held, one statement each.
    mutating func flush() throws {
        try rows.withUnsafeBufferPointer { rows in
            for k in rows.indices {
                bind(rows, k, to: one, at: 2)
                try one.run()
            }
        }
        rows.removeAll(keepingCapacity: true)
        texts.removeAll(keepingCapacity: true)
    }

    /// Where a row's packed Crime ID lies within it.
    private static let packedOffset = MemoryLayout<Row>.offset(of: \Row.crimeID.words)!

    /// Binds row `k` of `rows`; its packed Crime ID is bound where it lies in `rows`, not
    /// copied (SQLite would copy it twice, into a buffer of its own and into the record), so
    /// `rows` must stay put until the statement has run.
    @inline(__always)
    private func bind(_ rows: UnsafeBufferPointer<Row>, _ k: Int, to statement: FastStatement, at first: Int32) {
        let row = rows[k]
        statement.bind(first, row.line)
        statement.bind(first + 1, row.month)
        statement.bind(first + 2, row.force)
        statement.bind(first + 3, row.type)
        statement.bind(first + 4, row.outcome)
        if row.location > 0 {
            statement.bind(first + 5, row.location)
            statement.bind(first + 6, StoreSchema.located)
        } else {
            statement.bindNull(first + 5)
            statement.bind(first + 6, StoreSchema.noLocation)
        }
        switch row.crimeID.kind {
        case .none:
            statement.bindNull(first + 7)
        case .packed:
            statement.bindUncopied(
                first + 7, blob: UnsafeRawPointer(rows.baseAddress! + k) + Self.packedOffset,
                count: MemoryLayout.size(ofValue: row.crimeID.words))
        case .text:
            statement.bind(first + 7, bytes: texts[row.crimeID.text], asText: true)
        }
        statement.bind(first + 8, Int64(bitPattern: row.key))
        statement.bind(first + 9, Int64(bitPattern: row.hash))
    }
}
