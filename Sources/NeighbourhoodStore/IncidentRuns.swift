internal import GRDB

/// The store's index of incidents by month and force: one row per *run*, a stretch of
/// consecutive incident ids that one import stored for one (force, month), instead of one
/// index entry per incident.
///
/// A police.uk file holds one force and one month, so its rows make a single run; a file
/// whose months are interleaved makes more, never more than its rows. Incidents are only
/// ever appended (ids grow) and deleted a whole (force, month, import) at a time, so every
/// incident whose id lies in a run belongs to that run's force, month and import.
struct IncidentRuns {
    /// One run: ids `first...last` of an import, all of one force and month.
    struct Run: Equatable {
        var force: Int64
        var month: Int64
        var first: Int64
        var last: Int64
    }

    static let createTable = """
        CREATE TABLE incident_runs (
            month INTEGER NOT NULL, force_id INTEGER NOT NULL, import_id INTEGER NOT NULL,
            first_id INTEGER NOT NULL, last_id INTEGER NOT NULL,
            PRIMARY KEY (month, force_id, import_id, first_id)) WITHOUT ROWID;
        """

    private(set) var runs: [Run] = []

    /// Notes that incident `id` has this force and month. Ids come in increasing order, and
    /// no incident of another run may lie between two of one run (ids skipped are deleted
    /// ones, which belonged to other force-months).
    @inline(__always)
    mutating func add(id: Int64, force: Int64, month: Int64) {
        if let last = runs.last, last.force == force, last.month == month {
            runs[runs.count - 1].last = id
        } else {
            runs.append(Run(force: force, month: month, first: id, last: id))
        }
    }

    /// Stores the runs as `importID`'s.
    func insert(_ db: Database, importID: Int64) throws {
        let insert = try FastStatement(
            db, "INSERT INTO incident_runs (month, force_id, import_id, first_id, last_id) VALUES (?, ?, ?, ?, ?)")
        for run in runs {
            insert.bind(1, run.month)
            insert.bind(2, run.force)
            insert.bind(3, importID)
            insert.bind(4, run.first)
            insert.bind(5, run.last)
            try insert.run()
        }
    }

    /// The id ranges `import` stored for one force and month, in id order.
    static func ranges(_ db: Database, force: Int64, month: Int64, import importID: Int64) throws -> [ClosedRange<Int64>] {
        let select = try FastStatement(db, """
            SELECT first_id, last_id FROM incident_runs WHERE month = ? AND force_id = ? AND import_id = ? ORDER BY first_id
            """)
        select.bind(1, month)
        select.bind(2, force)
        select.bind(3, importID)
        var ranges: [ClosedRange<Int64>] = []
        while try select.step() { ranges.append(select.int64(0)...select.int64(1)) }
        return ranges
    }

    /// The id ranges of every incident in `months`, in id order.
    static func ranges(_ db: Database, months: ClosedRange<Int64>) throws -> [ClosedRange<Int64>] {
        let select = try FastStatement(db, "SELECT first_id, last_id FROM incident_runs WHERE month BETWEEN ? AND ?")
        select.bind(1, months.lowerBound)
        select.bind(2, months.upperBound)
        var ranges: [ClosedRange<Int64>] = []
        while try select.step() { ranges.append(select.int64(0)...select.int64(1)) }
        return ranges.sorted { $0.lowerBound < $1.lowerBound }
    }

    /// Forgets the runs of one force and month of an import (its incidents being deleted).
    static func remove(_ db: Database, force: Int64, month: Int64, import importID: Int64) throws {
        try db.execute(
            sql: "DELETE FROM incident_runs WHERE month = ? AND force_id = ? AND import_id = ?",
            arguments: [month, force, importID])
    }

    /// Fills `incident_runs` from the incidents already stored (a store from before `v4`).
    static func rebuild(_ db: Database) throws {
        let rows = try FastStatement(db, "SELECT id, import_id, force_id, month FROM incidents ORDER BY id")
        var current: (importID: Int64, runs: IncidentRuns)?
        while try rows.step() {
            let id = rows.int64(0), importID = rows.int64(1)
            if current?.importID != importID {
                if let current { try current.runs.insert(db, importID: current.importID) }
                current = (importID, IncidentRuns())
            }
            current!.runs.add(id: id, force: rows.int64(2), month: rows.int64(3))
        }
        if let current { try current.runs.insert(db, importID: current.importID) }
    }
}
