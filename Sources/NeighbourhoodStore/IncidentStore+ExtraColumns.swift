internal import GRDB

extension IncidentStore {
    /// Every extra column name of the stored imports (see ``ImportColumns``), each once, in
    /// the order first seen (import by import, in header order): the further columns of
    /// `nbhd export --format csv`.
    public func extraColumnNames() throws -> [String] {
        try read("reading extra columns") { db in
            var seen = Set<String>()
            return try String.fetchAll(db, sql: """
                SELECT c.name FROM import_extra_columns x JOIN extra_columns c ON c.id = x.column_id
                ORDER BY x.import_id, x.position
                """).filter { seen.insert($0).inserted }
        }
    }

    /// Calls `body` with the rejected rows of every import as `incidents.csv` lists them
    /// (``RejectedIncident``), with their import's id and file name, in import and line order.
    /// Imports made before the store kept them (schema `v6`) have none: their rejected rows
    /// are in ``forEachRejectedChunk(_:)`` only.
    ///
    /// - Throws: ``StoreError``, or what `body` throws.
    public func forEachRejectedIncident(_ body: (_ importID: Int64, _ file: String, RejectedIncident) throws -> Void) throws {
        try read("reading rejected rows") { db in
            var rows = try RejectedIncidentCursor(db)
            try rows.emit(before: (.max, .max), body)
        }
    }
}

/// The rejected rows of every import in import and line order (``RejectedIncident``, from
/// `import_rejected_incidents`), read a row at a time: so they can be merged in among the
/// stored incidents as they are read, with no more than one of them in memory.
struct RejectedIncidentCursor {
    private let rows: FastStatement
    /// The row under the cursor, `nil` past the end.
    private var current: (importID: Int64, file: String, row: RejectedIncident)?

    init(_ db: Database) throws {
        rows = try FastStatement(db, """
            SELECT r.import_id, i.file_name, r.line, r.crime_id, r.month, r.crime_type
            FROM import_rejected_incidents r JOIN imports i ON i.id = r.import_id ORDER BY r.import_id, r.line
            """)
        try advance()
    }

    /// Calls `body` with each row before (import, line) `position`, in order.
    mutating func emit(
        before position: (importID: Int64, line: Int), _ body: (Int64, String, RejectedIncident) throws -> Void
    ) throws {
        while let next = current, (next.importID, next.row.line) < position {
            try body(next.importID, next.file, next.row)
            try advance()
        }
    }

    private mutating func advance() throws {
        guard try rows.step() else {
            current = nil
            return
        }
        current = (rows.int64(0), rows.text(1), RejectedIncident(
            line: Int(rows.int64(2)), crimeID: rows.isNull(3) ? nil : Array(rows.blob(3)),
            month: rows.isNull(4) ? nil : Int(rows.int64(4)), crimeType: rows.isNull(5) ? nil : Array(rows.blob(5))))
    }
}
