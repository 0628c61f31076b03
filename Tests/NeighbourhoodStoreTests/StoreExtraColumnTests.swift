import Foundation
import GRDB
import NeighbourhoodGeometry
import NeighbourhoodIncidents
import Testing
@testable import NeighbourhoodStore

/// The extra columns of force extracts (schema `v6`): stored once per distinct name and
/// value, read back per incident, kept in step by re-imports and re-published months.
@Suite struct StoreExtraColumnTests {
    static let extraNames = ["offence_code", "knife_flag", "Notes"]

    /// Five rows of a force extract for July 2018: repeated values, empty ones, a comma and quotes.
    static func extract(knife3: String = "Y", code5: String = "34B") -> [FixtureRow] {
        func row(_ line: Int, _ id: String, _ code: String, _ knife: String, _ notes: String, _ type: String = "Robbery") -> FixtureRow {
            FixtureRow(
                line: line, crimeID: id, type: type, point: Point(x: 10 * Double(line), y: 10),
                extras: ["offence_code": code, "knife_flag": knife, "Notes": notes])
        }
        return [
            row(2, "c1", "8N", "Y", "seen, then \"lost\""),
            row(3, "c2", "8N", "", ""),
            row(4, "c3", "34A", knife3, "seen, then \"lost\""),
            row(5, "", "", "N", "", "Anti-social behaviour"),
            row(6, "c5", code5, "Y", "x"),
        ]
    }

    func count(_ store: IncidentStore, _ sql: String) throws -> Int {
        try store.queue.read { try Int.fetchOne($0, sql: sql) ?? -1 }
    }

    func readBack(_ store: IncidentStore, _ query: StoreQuery = StoreQuery(), reading: IncidentStore.Reading = .chosen)
        throws -> [[String]]
    {
        var out: [[String]] = []
        try store.forEachIncident(query, layers: [], reading: reading) { incident in
            out.append([incident.crimeID] + zip(incident.extraColumns, incident.extraValues).map { "\($0)=\($1)" })
        }
        return out
    }

    @Test func importColumnsLeavePoliceColumnsRepeatsAndBlankNamesOut() {
        let columns = ImportColumns(extra: ["offence_code", " crime id", "Knife Flag", "knife flag", "", "Context", "Zeta"])
        #expect(columns.extra == ["offence_code", "Knife Flag", "Zeta"])
        #expect(columns.collected == (ImportWriter.columns + ["offence_code", "Knife Flag", "Zeta"]).sorted())
        #expect(ImportColumns().collected == ImportWriter.columns)
    }

    @Test func extraValuesAreStoredOnceAndReadBackPerIncident() throws {
        let path = try temporaryFolder() + "/s.sqlite"
        let store = try IncidentStore(path: path)
        // A police.uk month (June: the extract below holds July) adds no extra values.
        let june = StoreImportTests.july.map { row in
            var row = row
            row.month = "2018-06"
            return row
        }
        try importRows(june, into: store, name: "police.csv", sha: "p")
        #expect(try count(store, "SELECT count(*) FROM incident_extras") == 0)
        let report = try importRows(
            Self.extract(), into: store, name: "extract.csv", sha: "e", extraColumns: Self.extraNames)
        #expect(report.rowsStored == 5 && report.isBalanced)
        // Names and distinct non-empty values once each; one row per non-empty cell.
        #expect(try count(store, "SELECT count(*) FROM extra_columns") == 3)
        #expect(try count(store, "SELECT count(*) FROM extra_values") == 7)  // 8N 34A 34B Y N, the note, x
        #expect(try count(store, "SELECT count(*) FROM incident_extras") == 11)
        let rows = try readBack(store)
        #expect(rows.prefix(9).allSatisfy { $0.count == 1 })  // police.uk rows have no extra columns
        #expect(Array(rows.dropFirst(9)) == [
            ["c1", "offence_code=8N", "knife_flag=Y", "Notes=seen, then \"lost\""],
            ["c2", "offence_code=8N", "knife_flag=", "Notes="],
            ["c3", "offence_code=34A", "knife_flag=Y", "Notes=seen, then \"lost\""],
            ["", "offence_code=", "knife_flag=N", "Notes="],
            ["c5", "offence_code=34B", "knife_flag=Y", "Notes=x"],
        ])
        // Rows read by id (postings) get the same values as rows read in a scan.
        let robbery = StoreQuery(crimeTypes: ["Robbery"])
        #expect(try readBack(store, robbery, reading: .postings) == readBack(store, robbery, reading: .scan))
        #expect(try readBack(store, robbery, reading: .postings).count == 6)
        #expect(try store.extraColumnNames() == Self.extraNames)
        #expect(try store.integrityCheck() == ["ok"])
    }

    @Test func reimportsAddNothingAndRepublishedMonthsReplaceExtraValues() throws {
        let path = try temporaryFolder() + "/s.sqlite"
        let store = try IncidentStore(path: path)
        try importRows(Self.extract(), into: store, name: "a.csv", sha: "a", extraColumns: Self.extraNames)
        let again = try importRows(Self.extract(), into: store, name: "a.csv", sha: "a", extraColumns: Self.extraNames)
        #expect(again.alreadyImported)
        #expect(try count(store, "SELECT count(*) FROM incident_extras") == 11)
        // Re-published: one knife flag cleared, one offence code changed; the same rows otherwise.
        let republished = Self.extract(knife3: "", code5: "34A")
        let report = try importRows(republished, into: store, name: "a-v2.csv", sha: "b", extraColumns: Self.extraNames)
        #expect(report.replaced.map(\.previousRows) == [5])
        #expect(report.added == 0 && report.removed == 0 && report.changed == 2 && report.unchanged == 3)
        // The old rows' values are gone with them; the new ones are read back.
        #expect(try count(store, "SELECT count(*) FROM incident_extras") == 10)
        #expect(try count(store, "SELECT count(*) FROM incident_extras WHERE incident_id NOT IN (SELECT id FROM incidents)") == 0)
        let rows = try readBack(store)
        #expect(rows.count == 5)
        #expect(rows[2] == ["c3", "offence_code=34A", "knife_flag=", "Notes=seen, then \"lost\""])
        #expect(rows[4] == ["c5", "offence_code=34A", "knife_flag=Y", "Notes=x"])
        #expect(try store.integrityCheck() == ["ok"])
    }
}
