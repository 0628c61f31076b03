internal import GRDB
internal import GRDBSQLite

/// A prepared statement bound and stepped through SQLite's C API directly, for the import's
/// hot loop (millions of inserts) where building GRDB argument arrays per row would dominate.
/// Owned by one ``ImportWriter`` (or one count query), used on its thread only.
struct FastStatement {
    private let statement: Statement
    private let db: Database

    init(_ db: Database, _ sql: String) throws {
        self.db = db
        statement = try db.makeStatement(sql: sql)
    }

    private var handle: SQLiteStatement { statement.sqliteStatement }

    func bind(_ index: Int32, _ value: Int64) { sqlite3_bind_int64(handle, index, value) }
    func bind(_ index: Int32, _ value: Int) { sqlite3_bind_int64(handle, index, Int64(value)) }
    func bind(_ index: Int32, _ value: Double) { sqlite3_bind_double(handle, index, value) }
    func bindNull(_ index: Int32) { sqlite3_bind_null(handle, index) }

    /// Binds bytes as a BLOB (`asText == false`) or UTF-8 TEXT, copied by SQLite.
    func bind(_ index: Int32, bytes: [UInt8], asText: Bool) {
        bytes.withUnsafeBytes { bind(index, bytes: $0, asText: asText) }
    }

    /// Binds raw bytes as a BLOB (`asText == false`) or UTF-8 TEXT, copied by SQLite.
    func bind(_ index: Int32, bytes raw: UnsafeRawBufferPointer, asText: Bool) {
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        if asText {
            _ = sqlite3_bind_text(
                handle, index, raw.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(raw.count), transient)
        } else {
            _ = sqlite3_bind_blob(handle, index, raw.baseAddress, Int32(raw.count), transient)
        }
    }

    /// Binds `count` bytes at `start` as a BLOB without copying them (`SQLITE_STATIC`): they
    /// must stay where they are, unchanged, until the statement has run or the parameter is
    /// bound again.
    func bindUncopied(_ index: Int32, blob start: UnsafeRawPointer, count: Int) {
        _ = sqlite3_bind_blob(handle, index, start, Int32(count), nil)
    }

    /// Steps a query: true while it has a row (read it with ``int64(_:)``), false at the end,
    /// when the statement is reset.
    func step() throws -> Bool {
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW { return true }
        sqlite3_reset(handle)
        guard code == SQLITE_DONE else {
            throw DatabaseError(
                resultCode: ResultCode(rawValue: sqlite3_extended_errcode(db.sqliteConnection)),
                message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
        return false
    }

    /// Column `column` (from 0) of the current row, as an integer.
    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    /// Column `column` of the current row as a number, `nil` when NULL.
    func double(_ column: Int32) -> Double? {
        sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : sqlite3_column_double(handle, column)
    }

    /// Column `column` of the current row as UTF-8 text (empty when NULL).
    func text(_ column: Int32) -> String {
        guard let start = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    }

    /// Whether column `column` of the current row is NULL.
    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    /// Column `column` of the current row as a BLOB's bytes, valid until the next step.
    func blob(_ column: Int32) -> UnsafeRawBufferPointer {
        let start = sqlite3_column_blob(handle, column)
        return UnsafeRawBufferPointer(start: start, count: start == nil ? 0 : Int(sqlite3_column_bytes(handle, column)))
    }

    /// Column `column` of the current row as a GRDB value (for columns of several types).
    func value(_ column: Int32) -> DatabaseValue { DatabaseValue(sqliteStatement: handle, index: column) }

    /// Resets a query before its end, so that it can be bound and stepped afresh.
    func reset() { sqlite3_reset(handle) }

    /// Runs the statement once and resets it for the next row.
    func run() throws {
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard code == SQLITE_DONE || code == SQLITE_ROW else {
            throw DatabaseError(
                resultCode: ResultCode(rawValue: sqlite3_extended_errcode(db.sqliteConnection)),
                message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
    }
}
