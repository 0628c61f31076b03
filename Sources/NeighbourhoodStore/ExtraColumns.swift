import Foundation
internal import GRDB
import NeighbourhoodAnalytics

/// The store's extra columns (schema `v6`): the columns of an imported file beyond those the
/// store keeps anyway (see ``ImportColumns``), and the `incidents.csv` fields of rejected rows.
///
/// - `extra_columns` and `extra_values` hold each column name and each value once;
/// - `import_extra_columns` lists an import's extra columns in header order (a file that has
///   a column but leaves it empty has it: that is not the same as lacking it);
/// - `incident_extras` holds one row per incident and non-empty value: (incident, column,
///   value); an empty value has no row. A police.uk file has no extra columns and adds no rows.
/// - `import_rejected_incidents` holds what `nbhd assign` writes to `incidents.csv` for a
///   rejected row: its line, Crime ID, month and crime type as far as they were read.
///
/// From schema `v7`, `incident_extras` also holds, under the police.uk names of
/// ``policeColumns`` (names no file's extra column can have: ``ImportColumns`` leaves
/// police.uk names out), what the rest of a row does not say of those columns: its `Falls
/// within` or `Reported by` when it is not the row's stored force (the value may be empty),
/// and its `Context` when not empty. A police.uk row, whose two force columns agree and whose
/// context is empty, has no such row. `imports.id_column` and `imports.header` name each
/// import's id column and its file's columns.
enum ExtraColumns {
    /// The police.uk columns kept in `incident_extras` only where a row needs it (schema `v7`).
    static let fallsWithin = "Falls within", reportedBy = "Reported by", context = "Context"
    static let policeColumns = [fallsWithin, reportedBy, context]

    /// Schema `v7`: each import's id column, by header name, whose values are its rows'
    /// Crime IDs (`''`: the file had none), and its file's header (a JSON array of the names),
    /// so that a column the file lacks reads as absent; NULL for imports made before `v7`
    /// (they kept the column named `Crime ID` only, and neither `Context` nor a `Reported
    /// by` unlike the force).
    static let addImportColumns = """
        ALTER TABLE imports ADD COLUMN id_column TEXT;
        ALTER TABLE imports ADD COLUMN header TEXT;
        """

    /// `header` as stored in `imports.header`: a JSON array of strings.
    static func encodeHeader(_ header: [String]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: header)) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// The names stored by ``encodeHeader(_:)``.
    static func decodeHeader(_ text: String) -> [String] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String] ?? []
    }

    static let createTables = """
        CREATE TABLE extra_columns (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
        CREATE TABLE extra_values (id INTEGER PRIMARY KEY, value TEXT NOT NULL UNIQUE);
        CREATE TABLE import_extra_columns (
            import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
            position INTEGER NOT NULL, column_id INTEGER NOT NULL REFERENCES extra_columns(id),
            PRIMARY KEY (import_id, position)) WITHOUT ROWID;
        CREATE TABLE incident_extras (
            incident_id INTEGER NOT NULL, column_id INTEGER NOT NULL, value_id INTEGER NOT NULL,
            PRIMARY KEY (incident_id, column_id)) WITHOUT ROWID;
        CREATE TABLE import_rejected_incidents (
            import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
            line INTEGER NOT NULL, crime_id BLOB, month INTEGER, crime_type BLOB,
            PRIMARY KEY (import_id, line)) WITHOUT ROWID;
        """

    /// Deletes the extra values of the incidents with ids in `range` (a replaced force-month).
    static func remove(_ db: Database, ids range: ClosedRange<Int64>) throws {
        let delete = try FastStatement(db, "DELETE FROM incident_extras WHERE incident_id BETWEEN ? AND ?")
        delete.bind(1, range.lowerBound)
        delete.bind(2, range.upperBound)
        try delete.run()
    }

    /// Each import's extra column names, in header order (imports without any are absent).
    static func columnsByImport(_ db: Database) throws -> [Int64: (ids: [Int64], names: [String])] {
        var out: [Int64: (ids: [Int64], names: [String])] = [:]
        let rows = try Row.fetchCursor(db, sql: """
            SELECT x.import_id, x.column_id, c.name FROM import_extra_columns x
            JOIN extra_columns c ON c.id = x.column_id ORDER BY x.import_id, x.position
            """)
        while let row = try rows.next() {
            out[row[0], default: ([], [])].ids.append(row[1])
            out[row[0], default: ([], [])].names.append(row[2])
        }
        return out
    }
}

/// An incident's stored extra values: its file's extra columns, and what `incident_extras`
/// keeps of its police.uk columns (``ExtraColumns/policeColumns``).
struct IncidentExtras {
    /// The extra column names of the incident's file, in header order.
    var names: [String] = []
    /// The incident's value in each of ``names`` (empty for an empty cell).
    var values: [String] = []
    /// Its `Falls within`, where kept (`nil`: the stored force).
    var fallsWithin: String?
    /// Its `Reported by`, where kept (`nil`: the stored force).
    var reportedBy: String?
    /// Its `Context`, where kept (`nil`: empty, for an import from `v7` on).
    var context: String?
}

/// Reads incidents' extra values, for incidents asked for in ascending id order (the order
/// ``IncidentStore/forEachIncident(_:layers:_:)`` reads them): one cursor over
/// `incident_extras` that moves forward with them, sought afresh only across a gap.
struct ExtraValueReader {
    /// Each import's extra columns (store ids and names), for imports that have any.
    private let columns: [Int64: (ids: [Int64], names: [String])]
    /// The store ids of ``ExtraColumns/policeColumns`` (`nil`: no row ever kept one).
    private let policeIDs: [Int64?]
    private let cursor: FastStatement
    private let valueText: FastStatement
    private var texts: [Int64: String] = [:]
    /// The row under the cursor: (incident, column, value), `nil` past the end.
    private var current: (incident: Int64, column: Int64, value: Int64)?
    /// The incident asked for last, -1 before the first.
    private var last: Int64 = -1

    /// Ids further apart than this are found by seeking, not by reading the rows between.
    private static let seekGap: Int64 = 512

    init(_ db: Database) throws {
        columns = try ExtraColumns.columnsByImport(db)
        policeIDs = try ExtraColumns.policeColumns.map {
            try Int64.fetchOne(db, sql: "SELECT id FROM extra_columns WHERE name = ?", arguments: [$0])
        }
        cursor = try FastStatement(db, """
            SELECT incident_id, column_id, value_id FROM incident_extras WHERE incident_id >= ?
            ORDER BY incident_id, column_id
            """)
        valueText = try FastStatement(db, "SELECT value FROM extra_values WHERE id = ?")
    }

    /// Whether no import has extra columns and no row kept a police.uk column (then nothing
    /// needs reading).
    var isEmpty: Bool { columns.isEmpty && policeIDs.allSatisfy { $0 == nil } }

    /// The extra column names of `importID`'s file and incident `id`'s values in them.
    mutating func values(incident id: Int64, import importID: Int64) throws -> IncidentExtras {
        let columns = columns[importID] ?? ([], [])
        // A sparse table (police.uk rows with a context now and then) is mostly ahead of
        // the id asked for: the cursor then waits there.
        if last < 0 || id < last || (current.map { id - $0.incident > Self.seekGap } ?? false) {
            cursor.reset()
            cursor.bind(1, id)
            try advance()
        }
        last = id
        while let row = current, row.incident < id { try advance() }
        var out = IncidentExtras(names: columns.names, values: [String](repeating: "", count: columns.ids.count))
        while let row = current, row.incident == id {
            if let k = columns.ids.firstIndex(of: row.column) {
                out.values[k] = try text(row.value)
            } else if row.column == policeIDs[0] {
                out.fallsWithin = try text(row.value)
            } else if row.column == policeIDs[1] {
                out.reportedBy = try text(row.value)
            } else if row.column == policeIDs[2] {
                out.context = try text(row.value)
            }
            try advance()
        }
        return out
    }

    private mutating func advance() throws {
        current = try cursor.step() ? (cursor.int64(0), cursor.int64(1), cursor.int64(2)) : nil
    }

    private mutating func text(_ id: Int64) throws -> String {
        if let text = texts[id] { return text }
        valueText.bind(1, id)
        var text = ""
        while try valueText.step() { text = valueText.text(0) }
        texts[id] = text
        return text
    }
}

/// Writes one import's extra values and rejected rows' `incidents.csv` fields, inside the
/// import's transaction; held by the ``ImportWriter``. Values go in 64 to a statement, as
/// the incidents do.
struct ExtraColumnWriter {
    /// (incident, column, value) triples per multi-row `INSERT`.
    private static let triplesPerStatement = 64

    private let db: Database
    private let importID: Int64
    private let columns: ImportColumns
    /// The store's id of each extra column, in ``ImportColumns/extra`` order.
    private let columnIDs: [Int64]
    /// The hash of each extra column's name, in that order.
    private let nameHashes: [UInt64]
    private var names: LookupTable
    /// The store's ids of ``ExtraColumns/policeColumns``, given when first needed.
    private var policeIDs: [Int64?] = [nil, nil, nil]
    private var values: LookupTable
    private let many: FastStatement
    private let one: FastStatement
    private let insertRejected: FastStatement
    /// (incident, column, value) triples not yet inserted.
    private var pending: [Int64] = []

    init(_ db: Database, importID: Int64, columns: ImportColumns) throws {
        self.db = db
        self.importID = importID
        self.columns = columns
        var names = try LookupTable(db, table: "extra_columns")
        let ids = try columns.extra.map { try names.id(of: $0) }
        self.names = names
        columnIDs = ids
        try db.execute(
            sql: "UPDATE imports SET id_column = ?, header = ? WHERE id = ?",
            arguments: [columns.idColumn ?? "", ExtraColumns.encodeHeader(columns.header), importID])
        nameHashes = columns.extra.map(ImportWriter.hash)
        let record = try FastStatement(db, "INSERT INTO import_extra_columns (import_id, position, column_id) VALUES (?, ?, ?)")
        for (k, id) in ids.enumerated() {
            record.bind(1, importID)
            record.bind(2, k)
            record.bind(3, id)
            try record.run()
        }
        values = try LookupTable(db, table: "extra_values", column: "value")
        let tuples = Array(repeating: "(?,?,?)", count: Self.triplesPerStatement).joined(separator: ",")
        many = try FastStatement(db, "INSERT INTO incident_extras (incident_id, column_id, value_id) VALUES " + tuples)
        one = try FastStatement(db, "INSERT INTO incident_extras (incident_id, column_id, value_id) VALUES (?,?,?)")
        insertRejected = try FastStatement(db, """
            INSERT INTO import_rejected_incidents (import_id, line, crime_id, month, crime_type) VALUES (?, ?, ?, ?, ?)
            """)
        pending.reserveCapacity(3 * Self.triplesPerStatement)
    }

    /// Whether the file has extra columns at all.
    var isEmpty: Bool { columnIDs.isEmpty }

    /// Stores the extra values of a block's rows, the first row being incident `firstID`,
    /// and returns each row's hash of them (by column name and value) to fold into the row's
    /// content hash; empty when the file has no extra columns.
    ///
    /// - Complexity: O(*n*·*k*) in the block's rows and extra columns, plus one look-up per
    ///   distinct value of the block.
    mutating func append(_ block: IncidentTable.Block, firstID: Int64) throws -> [UInt64] {
        guard !isEmpty else { return [] }
        var hashes = [UInt64](repeating: 0x6578_7472_61, count: block.count)
        for (k, position) in columns.extraPositions.enumerated() {
            // Per distinct value of the block: its store id (0: empty, not stored) and hash.
            let texts = block.columnValues[position]
            let ids = try texts.map { $0.isEmpty ? 0 : try values.id(of: $0) }
            let valueHashes = texts.map(ImportWriter.hash)
            let rows = block.columnIDs[position], column = columnIDs[k], name = nameHashes[k]
            for row in 0..<block.count {
                let value = Int(rows[row])
                hashes[row] = ImportWriter.mix(ImportWriter.mix(hashes[row], name), valueHashes[value])
                guard ids[value] != 0 else { continue }
                try add(firstID + Int64(row), column, ids[value])
            }
        }
        return hashes
    }

    /// Queues one `incident_extras` row, inserting a statement's worth when there are enough.
    private mutating func add(_ incident: Int64, _ column: Int64, _ value: Int64) throws {
        pending.append(incident)
        pending.append(column)
        pending.append(value)
        if pending.count == 3 * Self.triplesPerStatement {
            for (i, number) in pending.enumerated() { many.bind(Int32(i + 1), number) }
            try many.run()
            pending.removeAll(keepingCapacity: true)
        }
    }

    /// The store's id of police column `k` of ``ExtraColumns/policeColumns``.
    private mutating func policeID(_ k: Int) throws -> Int64 {
        if let id = policeIDs[k] { return id }
        let id = try names.id(of: ExtraColumns.policeColumns[k])
        policeIDs[k] = id
        return id
    }

    /// Stores what a block's rows say of `Falls within`, `Reported by` and `Context` beyond
    /// their stored force (see ``ExtraColumns``), the first row being incident `firstID`:
    /// a row's `Falls within` when empty while its `Reported by` is not (the force is then
    /// `Reported by`), its `Reported by` when `Falls within` is set and differs, its `Context`
    /// when not empty. These columns are in the rows' content hashes already.
    ///
    /// - Complexity: O(*n*) in the block's rows (a comparison of two value ids and one
    ///   length per row), plus one insert per stored value.
    mutating func appendPoliceValues(_ block: IncidentTable.Block, firstID: Int64) throws {
        let fallsWithin = columns.standard[ImportWriter.Column.fallsWithin.rawValue]
        let reportedBy = columns.standard[ImportWriter.Column.reportedBy.rawValue]
        let context = columns.standard[ImportWriter.Column.context.rawValue]
        let fallsWithinIDs = block.columnIDs[fallsWithin], reportedByIDs = block.columnIDs[reportedBy]
        let fallsWithinTexts = block.columnValues[fallsWithin], reportedByTexts = block.columnValues[reportedBy]
        // Per pair of value ids (a file mostly repeats one pair): the values to keep.
        var lastPair: (Int32, Int32) = (-1, -1)
        var keep: (fallsWithin: Int64?, reportedBy: Int64?) = (nil, nil)
        for row in 0..<block.count {
            let pair = (fallsWithinIDs[row], reportedByIDs[row])
            if pair != lastPair {
                lastPair = pair
                let f = fallsWithinTexts[Int(pair.0)], r = reportedByTexts[Int(pair.1)]
                keep.fallsWithin = f.isEmpty && !r.isEmpty ? try values.id(of: f) : nil
                keep.reportedBy = !f.isEmpty && r != f ? try values.id(of: r) : nil
            }
            if let value = keep.fallsWithin { try add(firstID + Int64(row), policeID(0), value) }
            if let value = keep.reportedBy { try add(firstID + Int64(row), policeID(1), value) }
        }
        if let texts = block.columnTexts[context] {
            var row = 0
            try texts.forEachValue { value in
                defer { row += 1 }
                guard !value.isEmpty else { return }
                try add(firstID + Int64(row), policeID(2), values.id(of: String(decoding: value, as: UTF8.self)))
            }
        } else {
            let ids = block.columnIDs[context], texts = block.columnValues[context]
            for row in 0..<block.count where !texts[Int(ids[row])].isEmpty {
                try add(firstID + Int64(row), policeID(2), values.id(of: texts[Int(ids[row])]))
            }
        }
    }

    /// Stores the `incidents.csv` fields of rejected rows.
    func appendRejected(_ rows: [RejectedIncident]) throws {
        for row in rows {
            insertRejected.bind(1, importID)
            insertRejected.bind(2, row.line)
            if let id = row.crimeID { insertRejected.bind(3, bytes: id, asText: true) } else { insertRejected.bindNull(3) }
            if let month = row.month { insertRejected.bind(4, month) } else { insertRejected.bindNull(4) }
            if let type = row.crimeType { insertRejected.bind(5, bytes: type, asText: true) } else { insertRejected.bindNull(5) }
            try insertRejected.run()
        }
    }

    /// Inserts the values still held.
    mutating func flush() throws {
        for start in stride(from: 0, to: pending.count, by: 3) {
            one.bind(1, pending[start])
            one.bind(2, pending[start + 1])
            one.bind(3, pending[start + 2])
            try one.run()
        }
        pending.removeAll(keepingCapacity: true)
    }
}

/// A rejected row as `nbhd assign` lists it in `incidents.csv` (status `rejected`): the
/// fields read before the row was found unreadable, each `nil` when not read.
public struct RejectedIncident: Sendable, Hashable {
    /// The row's physical line in its file (the header is line 1).
    public var line: Int
    /// The id field's bytes as written in `incidents.csv` (decoded, not trimmed).
    public var crimeID: [UInt8]?
    /// The month ordinal, when it was read.
    public var month: Int?
    /// The crime type field's bytes.
    public var crimeType: [UInt8]?

    /// Creates a rejected row.
    public init(line: Int, crimeID: [UInt8]?, month: Int?, crimeType: [UInt8]?) {
        self.line = line
        self.crimeID = crimeID
        self.month = month
        self.crimeType = crimeType
    }
}
