import Foundation
import GRDB
import NeighbourhoodAnalytics
import NeighbourhoodGeometry
import Testing
@testable import NeighbourhoodStore

/// A file no stored import could equal (no import of its size) is hashed while it is read:
/// its SHA-256 comes from the import's body, and if it is in the store after all, nothing of
/// the file is kept.
@Suite struct StoreImportHashingTests {
    static let rows = [
        FixtureRow(line: 2, crimeID: "a1", type: "Burglary", point: Point(x: 10, y: 10)),
        FixtureRow(line: 3, type: "Anti-social behaviour", point: nil),
    ]

    func importHashedWhileRead(_ store: IncidentStore, name: String, sha: String?) throws -> ImportReport {
        try store.importFile(ImportSource(name: name, size: 99, sha256: ""), locators: []) { writer in
            try writer.append(makeBlock(Self.rows))
            writer.fileSHA256 = sha
            var tally = AssignmentTally()
            tally.rowsRead = 2
            tally.noLocation = 1
            tally.outside = 1
            return tally
        }
    }

    func count(_ path: String, _ sql: String) throws -> Int {
        try DatabaseQueue(path: path).read { try Int.fetchOne($0, sql: sql) ?? -1 }
    }

    @Test func theHashGivenAfterReadingIsRecordedAndADuplicateKeepsNothing() throws {
        let path = try temporaryFolder() + "/s.sqlite"
        let store = try IncidentStore(path: path)
        #expect(try store.hasImport(ofSize: 99) == false)
        let first = try importHashedWhileRead(store, name: "a.csv", sha: "aa")
        #expect(!first.alreadyImported && first.rowsStored == 2 && first.source.sha256 == "aa")
        #expect(try store.importedFile(sha256: "aa")?.name == "a.csv")
        #expect(try store.hasImport(ofSize: 99))
        #expect(try store.hasImport(ofSize: 98) == false)
        // The same bytes again, found only once read: rolled back, reported as imported before.
        let again = try importHashedWhileRead(store, name: "b.csv", sha: "aa")
        #expect(again.alreadyImported && again.rowsStored == 0 && again.source.sha256 == "aa")
        #expect(try count(path, "SELECT count(*) FROM imports") == 1)
        #expect(try count(path, "SELECT count(*) FROM incidents") == 2)
        #expect(try count(path, "SELECT count(*) FROM imports WHERE sha256 LIKE 'pending%'") == 0)
        // A body that never gives the hash stores nothing and says why.
        let error = #expect(throws: StoreError.self) { try importHashedWhileRead(store, name: "c.csv", sha: nil) }
        #expect(error?.description.contains("SHA-256 of c.csv was neither given nor worked out") == true)
        #expect(try count(path, "SELECT count(*) FROM imports") == 1)
        #expect(try store.integrityCheck() == ["ok"])
    }
}
