import Foundation
import GRDB
import NeighbourhoodAnalytics
import NeighbourhoodGeometry
import Testing
@testable import NeighbourhoodStore

/// Rows whose identities the reading thread worked out (knowing the forces' ids from the
/// writer) are stored with the same keys and hashes as rows whose identities the writer
/// worked out.
@Suite struct StoreForceIDTests {
    static let first = [
        FixtureRow(line: 2, crimeID: "a1", force: "West Yorkshire Police", type: "Burglary", point: Point(x: 10, y: 10)),
        FixtureRow(line: 3, force: "Durham Constabulary", type: "Anti-social behaviour", point: nil),
        FixtureRow(line: 4, crimeID: "a2", force: "", type: "Drugs", point: nil),
    ]
    static let second = [
        FixtureRow(line: 5, crimeID: "b1", force: "West Yorkshire Police", type: "Robbery", point: Point(x: 20, y: 10)),
        FixtureRow(line: 6, force: "Durham Constabulary", type: "Anti-social behaviour", point: nil),
        FixtureRow(line: 7, force: "Durham Constabulary", type: "Anti-social behaviour", point: nil),
        FixtureRow(line: 8, crimeID: "b2", force: "", type: "Drugs", point: Point(x: 30, y: 10)),
    ]

    func keys(_ path: String) throws -> [[Int64]] {
        try DatabaseQueue(path: path).read { db in
            try Row.fetchAll(db, sql: "SELECT line, force_id, row_key, row_hash FROM incidents ORDER BY id").map {
                [$0[0], $0[1], $0[2], $0[3]]
            }
        }
    }

    func store(readerPrepared: Bool) throws -> (path: String, usedReader: Bool) {
        let path = try temporaryFolder() + "/s.sqlite"
        let store = try IncidentStore(path: path)
        var usedReader = false
        _ = try store.importFile(ImportSource(name: "a.csv", size: 7, sha256: "aa"), locators: []) { writer in
            try writer.append(makeBlock(Self.first))
            let block = makeBlock(Self.second)
            let prepared = ImportWriter.prepare(block, forces: readerPrepared ? writer.forceIDs : nil)
            usedReader = prepared.identities != nil
            try writer.append(block, prepared: prepared)
            var tally = AssignmentTally()
            tally.rowsRead = 7
            tally.noLocation = 4
            tally.outside = 3
            return tally
        }
        return (path, usedReader)
    }

    @Test func identitiesFromTheReadingThreadAreTheWritersOwn() throws {
        let writer = try store(readerPrepared: false), reader = try store(readerPrepared: true)
        #expect(!writer.usedReader && reader.usedReader)
        let expected = try keys(writer.path)
        #expect(expected.count == 7)
        #expect(try keys(reader.path) == expected)
        // An empty `Falls within` falls back to `Reported by` (the fixture gives both the same).
        #expect(expected[6][1] != 0)
    }

    @Test func aBlockWithAForceNotYetKnownIsLeftToTheWriter() throws {
        let forces = ImportForceIDs()
        forces.record([("West Yorkshire Police", 1)])
        let prepared = ImportWriter.prepare(makeBlock(Self.second), forces: forces)
        #expect(prepared.identities == nil)
        forces.record([("Durham Constabulary", 2), ("", 3)])
        #expect(ImportWriter.prepare(makeBlock(Self.second), forces: forces).identities?.forces == [1, 2, 2, 3])
    }
}
