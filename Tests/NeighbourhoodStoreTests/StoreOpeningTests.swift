import Foundation
import GRDB
import Testing
import NeighbourhoodIncidents
@testable import NeighbourhoodStore

/// Opening stores: new, foreign, damaged, newer, read-only.
@Suite struct StoreOpeningTests {
    @Test func newStoreIsStampedAndMigrated() throws {
        let path = try temporaryFolder() + "/new.sqlite"
        let store = try IncidentStore(path: path)
        #expect(try store.integrityCheck() == ["ok"])
        // Checked with a plain SQLite connection, not through the store.
        let db = try DatabaseQueue(path: path)
        try db.read { db in
            #expect(try Int32.fetchOne(db, sql: "PRAGMA application_id") == IncidentStore.applicationID)
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            for table in ["incidents", "locations", "location_rtree", "imports", "layers", "areas", "area_counts", "crime_types", "force_months", "incident_runs"] {
                #expect(tables.contains(table), "\(table)")
            }
            let indexes = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'incidents'")
            // No index on incidents: each costs on every imported row (BENCHMARKS.md); months
            // and force-months are found through incident_runs.
            #expect(indexes == [])
        }
        // A rollback journal with full syncs: a killed import is rolled back on the next open.
        let (journal, synchronous) = try store.queue.read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA synchronous"))
        }
        #expect(journal == "delete")
        #expect(synchronous == 2)
        // Reopening an existing store works, read-only too.
        _ = try IncidentStore(path: path)
        _ = try IncidentStore(path: path, mode: .readOnly)
    }

    /// A store made before `force_months` existed gains it, filled from its incidents, and
    /// its next import of the same force and month replaces the old rows.
    @Test func aVersionOneStoreIsUpgradedInPlace() throws {
        let path = try temporaryFolder() + "/v1.sqlite"
        let old = try DatabaseQueue(path: path)
        try old.write { try $0.execute(sql: "PRAGMA application_id = \(IncidentStore.applicationID)") }
        try StoreSchema.migrator.migrate(old, upTo: "v1: incidents, locations, layers, provenance")
        try old.write { db in
            try db.execute(sql: """
                INSERT INTO forces (id, name) VALUES (1, 'West Yorkshire Police');
                INSERT INTO crime_types (id, name) VALUES (1, 'Burglary');
                INSERT INTO outcomes (id, name) VALUES (1, '');
                INSERT INTO imports VALUES (1, 'a.csv', 10, 'aa', '2026-01-01', 0, 3, 0, 3, 0, 3, 3, 0, 0, 0, '');
                INSERT INTO incidents (import_id, line, month, force_id, type_id, outcome_id, location_id, status, crime_id, row_key, row_hash)
                VALUES (1, 2, 24222, 1, 1, 1, NULL, 2, NULL, 11, 1), (1, 3, 24222, 1, 1, 1, NULL, 2, NULL, 12, 2),
                       (1, 4, 24223, 1, 1, 1, NULL, 2, NULL, 13, 3);
                """)
        }
        try old.close()
        let store = try IncidentStore(path: path)
        let rows = try store.queue.read { db in
            try Row.fetchAll(db, sql: "SELECT force_id, month, import_id, rows FROM force_months ORDER BY month").map {
                [$0[0], $0[1], $0[2], $0[3]] as [Int64]
            }
        }
        #expect(rows == [[1, 24222, 1, 2], [1, 24223, 1, 1]])
        #expect(try store.integrityCheck() == ["ok"])
    }

    /// A store made before `incident_runs` existed gains them, one per stretch of ids of one
    /// import, force and month (ids deleted in between do not split a stretch), loses the
    /// month index, and reads months and replaces force-months through them.
    @Test func aVersionThreeStoreGainsIncidentRuns() throws {
        let path = try temporaryFolder() + "/v3.sqlite"
        let old = try DatabaseQueue(path: path)
        try old.write { try $0.execute(sql: "PRAGMA application_id = \(IncidentStore.applicationID)") }
        try StoreSchema.migrator.migrate(old, upTo: "v3: incidents by location and crime type, rejected rows")
        try old.write { db in
            try db.execute(sql: """
                INSERT INTO forces (id, name) VALUES (1, 'West Yorkshire Police'), (2, 'Durham Constabulary');
                INSERT INTO crime_types (id, name) VALUES (1, 'Burglary');
                INSERT INTO outcomes (id, name) VALUES (1, '');
                INSERT INTO imports VALUES (1, 'a.csv', 10, 'aa', '2026-01-01', 0, 5, 0, 5, 0, 5, 5, 0, 0, 0, '');
                INSERT INTO imports VALUES (2, 'b.csv', 10, 'bb', '2026-01-02', 0, 2, 0, 2, 0, 2, 2, 0, 0, 0, '');
                INSERT INTO incidents (id, import_id, line, month, force_id, type_id, outcome_id, location_id, status, crime_id, row_key, row_hash)
                VALUES (1, 1, 2, 24222, 1, 1, 1, NULL, 2, NULL, 11, 1), (2, 1, 3, 24222, 1, 1, 1, NULL, 2, NULL, 12, 2),
                       (4, 1, 5, 24222, 1, 1, 1, NULL, 2, NULL, 13, 3), (5, 1, 6, 24223, 1, 1, 1, NULL, 2, NULL, 14, 4),
                       (6, 1, 7, 24222, 1, 1, 1, NULL, 2, NULL, 15, 5),
                       (7, 2, 2, 24222, 2, 1, 1, NULL, 2, NULL, 16, 6), (8, 2, 3, 24222, 2, 1, 1, NULL, 2, NULL, 17, 7);
                """)
        }
        try old.close()
        let store = try IncidentStore(path: path)
        let (runs, indexes) = try store.queue.read { db in
            (try Row.fetchAll(db, sql: "SELECT import_id, force_id, month, first_id, last_id FROM incident_runs ORDER BY first_id").map {
                [$0[0], $0[1], $0[2], $0[3], $0[4]] as [Int64]
            }, try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'incidents'"))
        }
        #expect(runs == [[1, 1, 24222, 1, 4], [1, 1, 24223, 5, 5], [1, 1, 24222, 6, 6], [2, 2, 24222, 7, 8]])
        #expect(indexes == [])
        var lines: [Int] = []
        try store.forEachIncident(StoreQuery(months: MonthRange(parsing: "2018-07")!)) { lines.append($0.line) }
        #expect(lines == [2, 3, 5, 7, 2, 3])
        #expect(try store.integrityCheck() == ["ok"])
    }

    /// A store made before extra columns were kept gains their tables in place; its rows
    /// read back without extra columns, and files with extra columns import into it.
    @Test func aVersionFourStoreGainsExtraColumns() throws {
        let path = try temporaryFolder() + "/v4.sqlite"
        let old = try DatabaseQueue(path: path)
        try old.write { try $0.execute(sql: "PRAGMA application_id = \(IncidentStore.applicationID)") }
        try StoreSchema.migrator.migrate(old, upTo: "v4: incidents by month and force in runs, not an index")
        try old.close()
        let before = try IncidentStore(path: path)
        // The store as a v4 nbhd left it: one import (the extra-column tables dropped again).
        try importRows(StoreImportTests.july, into: before, name: "a.csv", sha: "a")
        try before.queue.write { db in
            try db.execute(sql: """
                DROP TABLE extra_columns; DROP TABLE extra_values; DROP TABLE import_extra_columns;
                DROP TABLE incident_extras; DROP TABLE import_rejected_incidents;
                DELETE FROM grdb_migrations WHERE identifier LIKE 'v6:%';
                """)
        }
        let store = try IncidentStore(path: path)
        let applied = try store.queue.read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations") }
        #expect(applied.contains("v6: extra columns of force extracts"))
        var rows = 0
        try store.forEachIncident { incident in
            rows += 1
            #expect(incident.extraColumns.isEmpty && incident.extraValues.isEmpty)
        }
        #expect(rows == StoreImportTests.july.count)
        let report = try importRows(
            StoreExtraColumnTests.extract(), into: store, name: "b.csv", sha: "b",
            extraColumns: StoreExtraColumnTests.extraNames)
        #expect(report.replaced.map(\.previousRows) == [StoreImportTests.july.count])
        var extras: [[String]] = []
        try store.forEachIncident { extras.append($0.extraValues) }
        #expect(extras.first == ["8N", "Y", "seen, then \"lost\""] && extras.count == 5)
        #expect(try store.integrityCheck() == ["ok"])
    }

    @Test func anotherApplicationsDatabaseIsRefusedAndKept() throws {
        let path = try temporaryFolder() + "/foreign.sqlite"
        let foreign = try DatabaseQueue(path: path)
        try foreign.write { try $0.execute(sql: "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers VALUES (1, 'x')") }
        try foreign.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let error = #expect(throws: StoreError.self) { try IncidentStore(path: path) }
        #expect(error?.code == .notAStore)
        #expect(error?.description.contains("another application") == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func aFileThatIsNotSQLiteIsRefused() throws {
        let path = try temporaryFolder() + "/notes.sqlite"
        try Data(String(repeating: "police.uk street CSV, not a database\n", count: 200).utf8).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: StoreError.self) { try IncidentStore(path: path) }
        #expect(error?.code == .notAStore)
    }

    @Test func aDamagedStoreIsReportedAsCorrupt() throws {
        let path = try temporaryFolder() + "/damaged.sqlite"
        let store = try IncidentStore(path: path)
        try importRows((1...3000).map { FixtureRow(line: $0 + 1, crimeID: "id\($0)", point: .init(x: Double($0), y: 5)) },
                       into: store, name: "a.csv", sha: "a")
        // Overwrite pages in the middle of the file (not the header) with garbage.
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        let size = try handle.seekToEnd()
        try handle.seek(toOffset: size / 2)
        try handle.write(contentsOf: Data(repeating: 0xA5, count: 16_384))
        try handle.close()
        var failed = false
        do {
            let reopened = try IncidentStore(path: path)
            let check = try reopened.integrityCheck()
            failed = check != ["ok"]
            if !failed { try reopened.forEachIncident { _ in } }
        } catch let error as StoreError {
            failed = [.corrupt, .notAStore].contains(error.code)
            #expect(error.description.contains(path))
        }
        #expect(failed)
    }

    @Test func aStoreFromANewerVersionIsLeftUntouched() throws {
        let path = try temporaryFolder() + "/newer.sqlite"
        _ = try IncidentStore(path: path)
        let db = try DatabaseQueue(path: path)
        try db.write { try $0.execute(sql: "INSERT INTO grdb_migrations VALUES ('v9: something from the future')") }
        try db.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        for mode in [IncidentStore.Mode.readWrite, .readOnly] {
            let error = #expect(throws: StoreError.self) { try IncidentStore(path: path, mode: mode) }
            #expect(error?.code == .newerSchema)
            #expect(error?.description.contains("v9: something from the future") == true)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func aMissingStoreCannotBeReadAndAMissingFolderCannotBeCreated() throws {
        let folder = try temporaryFolder()
        let missing = #expect(throws: StoreError.self) { try IncidentStore(path: folder + "/none.sqlite", mode: .readOnly) }
        #expect(missing?.code == .cannotOpen)
        let noFolder = #expect(throws: StoreError.self) { try IncidentStore(path: folder + "/no/such/folder/s.sqlite") }
        #expect(noFolder?.code == .readOnly)
        #expect(noFolder?.description.contains("not writable") == true)
    }

    @Test func aReadOnlyFolderIsAClearError() throws {
        // /proc refuses new files even for root, so this holds in CI containers too.
        let error = #expect(throws: StoreError.self) { try IncidentStore(path: "/proc/nbhd-test.sqlite") }
        #expect(error?.code == .readOnly || error?.code == .cannotOpen)
        #expect(error?.description.hasPrefix("/proc/nbhd-test.sqlite: ") == true)
    }
}
