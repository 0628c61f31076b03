import Foundation
internal import GRDB
import NeighbourhoodAnalytics

extension IncidentStore {
    /// When and under which name a file with this SHA-256 was imported, or `nil`.
    public func importedFile(sha256: String) throws -> (name: String, importedAt: String)? {
        try read("looking up earlier imports") { db in
            try Row.fetchOne(db, sql: "SELECT file_name, imported_at FROM imports WHERE sha256 = ?", arguments: [sha256])
                .map { ($0[0], $0[1]) }
        }
    }

    /// Imports one file in one transaction: either all of it is stored, with its provenance,
    /// or nothing (an error, or the process killed, leaves the store as it was).
    ///
    /// `body` streams the file's rows into the ``ImportWriter`` and returns the file's row
    /// outcomes. Afterwards, for every police force and month the file holds, rows of that
    /// force and month from earlier imports are deleted (the file re-publishes them), and
    /// the report says how many rows were added, removed, changed and kept, by identity key.
    /// A file whose SHA-256 is already in the store is not read again. A file whose
    /// SHA-256 is not known beforehand (``ImportSource/sha256`` empty: a file hashed as it is
    /// read, because no stored import has its size) is read, and if its hash, which the body
    /// gives as ``ImportWriter/fileSHA256``, turns out to be in the store after all, nothing
    /// is kept and the report says it was imported before.
    ///
    /// - Parameters:
    ///   - source: The file's name, size and SHA-256.
    ///   - columns: The columns the writer takes from the file's blocks: police.uk's, and the
    ///     file's extra columns, stored row by row (`incident_extras`).
    ///   - locators: Every layer of the store (see ``layerRecords()``), to assign new locations.
    ///   - body: Reads the file into the writer.
    /// - Throws: ``StoreError`` (e.g. ``StoreError/Code/full``), or whatever `body` throws;
    ///   either way nothing of this file is stored.
    public func importFile(
        _ source: ImportSource, columns: ImportColumns = ImportColumns(), locators: [LayerLocator],
        body: (ImportWriter) throws -> AssignmentTally
    ) throws -> ImportReport {
        var report = ImportReport(source: source, alreadyImported: false)
        let started = ContinuousClock.now
        let hashedWhileRead = source.sha256.isEmpty
        let isImported = "SELECT 1 FROM imports WHERE sha256 = ?"
        let writeback = BackgroundWriteback(path: path)
        defer { writeback.stop() }
        do {
            try queue.write { db in
                // A small page cache while importing: the import appends to its tables'
                // ends and touches few other pages, and the fewer dirty pages SQLite holds
                // when the transaction commits, the less the commit has to write (with the
                // usual 256 MiB, about a second more; BENCHMARKS.md).
                try db.execute(sql: "PRAGMA cache_size = \(Self.importCachePages)")
                defer { try? db.execute(sql: "PRAGMA cache_size = \(Self.cachePages)") }
                if !hashedWhileRead, try Bool.fetchOne(db, sql: isImported, arguments: [source.sha256]) == true {
                    report.alreadyImported = true
                    return
                }
                try db.execute(
                    sql: """
                        INSERT INTO imports (file_name, size, sha256, imported_at, seconds, rows_read, located,
                            no_location, rejected, rows_stored, rows_added, rows_removed, rows_changed,
                            rows_unchanged, replaced)
                        VALUES (?, ?, ?, ?, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, '')
                        """,
                    arguments: [
                        source.name, source.size, hashedWhileRead ? "pending \(UUID().uuidString)" : source.sha256,
                        ISO8601DateFormatter().string(from: Date()),
                    ])
                let importID = db.lastInsertedRowID
                let writer = try ImportWriter(db: db, importID: importID, locators: locators, columns: columns)
                let tally = try body(writer)
                if hashedWhileRead {
                    guard let sha256 = writer.fileSHA256, !sha256.isEmpty else {
                        throw StoreError(
                            .invalidInput, path: path,
                            detail: "the SHA-256 of \(source.name) was neither given nor worked out while it was read")
                    }
                    report.source.sha256 = sha256
                    // Rolls the transaction back: the same bytes are stored already.
                    if try Bool.fetchOne(db, sql: isImported, arguments: [sha256]) == true { throw ImportedBefore() }
                    try db.execute(sql: "UPDATE imports SET sha256 = ? WHERE id = ?", arguments: [sha256, importID])
                }
                try writer.finish()
                report.rowsRead = tally.rowsRead
                report.rejected = tally.rejected
                report.rejectReasons = tally.rejectReasons
                report.located = writer.located
                report.noLocation = writer.noLocation
                report.rowsStored = writer.located + writer.noLocation
                var deltas = writer.countDeltas()
                try replaceEarlierRows(db, importID: importID, forceMonths: writer.forceMonths, deltas: &deltas, report: &report)
                try applyCounts(db, deltas)
                try writer.storePostings()
                let elapsed = ContinuousClock.now - started
                try db.execute(
                    sql: """
                        UPDATE imports SET seconds = ?, rows_read = ?, located = ?, no_location = ?, rejected = ?,
                            rows_stored = ?, rows_added = ?, rows_removed = ?, rows_changed = ?, rows_unchanged = ?,
                            replaced = ? WHERE id = ?
                        """,
                    arguments: [
                        Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18,
                        report.rowsRead, report.located, report.noLocation, report.rejected, report.rowsStored,
                        report.added, report.removed, report.changed, report.unchanged,
                        report.replaced.map { "\($0.force) \($0.month): \($0.previousRows)" }.joined(separator: "; "),
                        importID,
                    ])
                for (reason, count) in tally.rejectReasons.sorted(by: { $0.key < $1.key }) {
                    try db.execute(
                        sql: "INSERT INTO import_rejects (import_id, reason, count) VALUES (?, ?, ?)",
                        arguments: [importID, reason, count])
                }
            }
        } catch is ImportedBefore {
            report = ImportReport(source: report.source, alreadyImported: true)
        } catch {
            throw StoreError.wrap(error, path: path, action: "importing \(source.name) (nothing of it was stored)")
        }
        return report
    }

    /// `importFile`'s way out of the transaction when a file hashed while read is found to
    /// be in the store already.
    private struct ImportedBefore: Error {}

    /// Whether any stored import has this size in bytes: only then can a file of that size
    /// be one imported before, so only then need it be hashed before it is read.
    public func hasImport(ofSize size: Int) throws -> Bool {
        try read("looking up earlier imports") { db in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM imports WHERE size = ? LIMIT 1", arguments: [size]) ?? false
        }
    }

    /// Records the force-months of this import in `force_months`; where an earlier import
    /// held one, compares identity keys, deletes that import's rows of the force-month and
    /// takes them off the counts. A force-month no import held before is all additions, with
    /// no pass over the stored rows.
    private func replaceEarlierRows(
        _ db: Database, importID: Int64, forceMonths: [ImportWriter.ForceMonth: Int],
        deltas: inout [ImportCounts.Key: Int], report: inout ImportReport
    ) throws {
        let holder = try db.makeStatement(sql: "SELECT import_id FROM force_months WHERE force_id = ? AND month = ?")
        let record = try db.makeStatement(sql: """
            INSERT INTO force_months (force_id, month, import_id, rows) VALUES (?, ?, ?, ?)
            ON CONFLICT (force_id, month) DO UPDATE SET import_id = excluded.import_id, rows = excluded.rows
            """)
        for (fm, rows) in forceMonths.sorted(by: { ($0.key.force, $0.key.month) < ($1.key.force, $1.key.month) }) {
            let earlier = try Int64.fetchOne(holder, arguments: [fm.force, fm.month])
            try record.execute(arguments: [fm.force, fm.month, importID, rows])
            guard let earlier, earlier != importID else {
                report.added += rows
                continue
            }
            // Both imports' rows of the force-month, as id ranges (IncidentRuns).
            let earlierRanges = try IncidentRuns.ranges(db, force: fm.force, month: fm.month, import: earlier)
            let newRanges = try IncidentRuns.ranges(db, force: fm.force, month: fm.month, import: importID)
            var old: [Int64: Int64] = [:]
            // The rows to delete, and the postings that list them.
            var removedIDs = Set<Int64>()
            var postings = Set<IncidentPostings.Key>()
            var previousRows = 0
            let oldRows = try FastStatement(db, "SELECT row_key, row_hash, id, location_id, type_id FROM incidents WHERE id BETWEEN ? AND ?")
            for range in earlierRanges {
                oldRows.bind(1, range.lowerBound)
                oldRows.bind(2, range.upperBound)
                while try oldRows.step() {
                    old[oldRows.int64(0)] = oldRows.int64(1)
                    removedIDs.insert(oldRows.int64(2))
                    if !oldRows.isNull(3) {
                        postings.insert(.init(kind: .location, value: oldRows.int64(3), importID: earlier))
                    }
                    postings.insert(.init(kind: .crimeType, value: oldRows.int64(4), importID: earlier))
                    previousRows += 1
                }
            }
            let newRows = try FastStatement(db, "SELECT row_key, row_hash FROM incidents WHERE id BETWEEN ? AND ?")
            for range in newRanges {
                newRows.bind(1, range.lowerBound)
                newRows.bind(2, range.upperBound)
                while try newRows.step() {
                    if let previous = old.removeValue(forKey: newRows.int64(0)) {
                        if previous == newRows.int64(1) { report.unchanged += 1 } else { report.changed += 1 }
                    } else {
                        report.added += 1
                    }
                }
            }
            report.removed += old.count
            // One query per layer and range, so SQLite looks locations up by the (layer, location) key.
            let gone = try FastStatement(db, """
                SELECT i.type_id, la.area_id, count(*) FROM incidents i
                JOIN location_areas la ON la.layer_id = ? AND la.location_id = i.location_id
                WHERE i.id BETWEEN ? AND ? GROUP BY 1, 2
                """)
            for layer in try Int64.fetchAll(db, sql: "SELECT id FROM layers") {
                for range in earlierRanges {
                    gone.bind(1, layer)
                    gone.bind(2, range.lowerBound)
                    gone.bind(3, range.upperBound)
                    while try gone.step() {
                        let key = ImportCounts.Key(layer: layer, month: fm.month, type: gone.int64(0), area: gone.int64(1))
                        deltas[key, default: 0] -= Int(gone.int64(2))
                    }
                }
            }
            let delete = try FastStatement(db, "DELETE FROM incidents WHERE id BETWEEN ? AND ?")
            for range in earlierRanges {
                delete.bind(1, range.lowerBound)
                delete.bind(2, range.upperBound)
                try delete.run()
                try ExtraColumns.remove(db, ids: range)
            }
            try IncidentRuns.remove(db, force: fm.force, month: fm.month, import: earlier)
            try IncidentPostings.remove(removedIDs, from: postings, db, path: path)
            let force = try String.fetchOne(db, sql: "SELECT name FROM forces WHERE id = ?", arguments: [fm.force]) ?? ""
            report.replaced.append(.init(
                force: force, month: MonthText.format(Int(fm.month)), previousRows: previousRows))
        }
    }

    /// Adds the count changes to `area_counts`, in key order (so SQLite walks its B-tree
    /// once), dropping cells that fall to zero.
    private func applyCounts(_ db: Database, _ deltas: [ImportCounts.Key: Int]) throws {
        let upsert = try FastStatement(db, """
            INSERT INTO area_counts (layer_id, month, type_id, area_id, n) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (layer_id, month, type_id, area_id) DO UPDATE SET n = n + excluded.n
            """)
        let dropEmpty = try FastStatement(db, """
            DELETE FROM area_counts WHERE layer_id = ? AND month = ? AND type_id = ? AND area_id = ? AND n = 0
            """)
        let ordered = deltas.filter { $0.value != 0 }.sorted {
            ($0.key.layer, $0.key.month, $0.key.type, $0.key.area) < ($1.key.layer, $1.key.month, $1.key.type, $1.key.area)
        }
        func bindKey(_ statement: FastStatement, _ key: ImportCounts.Key) {
            statement.bind(1, key.layer)
            statement.bind(2, key.month)
            statement.bind(3, key.type)
            statement.bind(4, key.area)
        }
        for (key, n) in ordered {
            bindKey(upsert, key)
            upsert.bind(5, n)
            try upsert.run()
            if n < 0 {
                bindKey(dropEmpty, key)
                try dropEmpty.run()
            }
        }
    }
}

/// Months as stored (ordinals: year × 12 + month − 1) and as written (`YYYY-MM`).
enum MonthText {
    static func format(_ ordinal: Int) -> String {
        guard ordinal >= 0 else { return "" }
        let year = ordinal / 12, month = ordinal % 12 + 1
        return String(format: "%04d-%02d", year, month)
    }
}
