import Foundation
import NeighbourhoodAnalytics
import NeighbourhoodGeometry
import Testing
@testable import NeighbourhoodStore

/// Rejected rows merged in among the stored incidents as they are read
/// (``IncidentStore/forEachIncident(_:layers:rejected:_:)``), one at a time, in the order
/// `nbhd assign` lists them in `incidents.csv`: by import, then line.
@Suite struct StoreRejectedMergeTests {
    /// Imports `rows` with rejected rows at `rejectedLines`.
    func importFile(
        _ rows: [FixtureRow], rejectedLines: [Int], into store: IncidentStore, name: String
    ) throws {
        _ = try store.importFile(ImportSource(name: name, size: rows.count, sha256: name), locators: []) { writer in
            try writer.append(makeBlock(rows))
            let rejected = rejectedLines.map {
                RejectedIncident(line: $0, crimeID: Array("r\($0)".utf8), month: nil, crimeType: nil)
            }
            try writer.appendRejected(Array(rejectedLines.map { "\(name),\($0),bad,\"x\"\n" }.joined().utf8), incidents: rejected)
            var tally = AssignmentTally()
            tally.rowsRead = rows.count + rejectedLines.count
            tally.outside = rows.count
            tally.rejected = rejectedLines.count
            return tally
        }
    }

    @Test func rejectedRowsComeInTheirPlaceByImportAndLine() throws {
        let store = try IncidentStore(path: try temporaryFolder() + "/s.sqlite")
        let point = Point(x: 430_000, y: 433_000)
        try importFile(
            [2, 4, 6].map { FixtureRow(line: $0, crimeID: "a\($0)", point: point) }, rejectedLines: [3, 7, 9],
            into: store, name: "a.csv")
        try importFile(
            [3, 4].map { FixtureRow(line: $0, crimeID: "b\($0)", month: "2018-08", point: point) }, rejectedLines: [2],
            into: store, name: "b.csv")
        var seen: [String] = []
        try store.forEachIncident(StoreQuery(), rejected: { _, file, row in
            seen.append("\(file):\(row.line):\(String(decoding: row.crimeID ?? [], as: UTF8.self)) rejected")
        }) { incident in
            seen.append("\(incident.file):\(incident.line):\(incident.crimeID)")
        }
        #expect(seen == [
            "a.csv:2:a2", "a.csv:3:r3 rejected", "a.csv:4:a4", "a.csv:6:a6", "a.csv:7:r7 rejected", "a.csv:9:r9 rejected",
            "b.csv:2:r2 rejected", "b.csv:3:b3", "b.csv:4:b4",
        ])
        // Without the callback, the incidents alone; forEachRejectedIncident gives the rejected alone.
        var incidents = 0, rejected: [Int] = []
        try store.forEachIncident(StoreQuery()) { _ in incidents += 1 }
        try store.forEachRejectedIncident { _, _, row in rejected.append(row.line) }
        #expect(incidents == 5)
        #expect(rejected == [3, 7, 9, 2])
    }
}
