import Foundation
import GRDB
import Testing
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
            for table in ["incidents", "locations", "location_rtree", "imports", "layers", "areas", "area_counts", "crime_types"] {
                #expect(tables.contains(table), "\(table)")
            }
            let indexes = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'incidents'")
            #expect(Set(indexes).isSuperset(of: ["incidents_by_month_force_type", "incidents_by_location"]))
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
