import Foundation
import GRDB
import NeighbourhoodGeometry
import NeighbourhoodIncidents
import Testing
@testable import NeighbourhoodStore

/// The postings that serve area and crime type filters (`incident_postings`): their byte
/// layout, their upkeep through re-published months, and reads through them against the scan.
@Suite struct StorePostingTests {
    @Test func theByteLayoutRoundTripsAndRefusesDamage() throws {
        let segments = [
            PostingCoding.Segment(month: -1, ids: [1]),
            PostingCoding.Segment(month: 24_222, ids: [3, 4, 130, 20_000_000]),
            PostingCoding.Segment(month: 24_223, ids: [Int64(1) << 40, (Int64(1) << 40) + 1]),
        ]
        let bytes = PostingCoding.encode(segments)
        #expect(PostingCoding.decode(bytes) == segments)
        // month + 1 = 0, one id, delta 1: three single bytes.
        #expect(Array(bytes.prefix(3)) == [0, 1, 1])
        #expect(PostingCoding.decode([]) == [])
        // Cut short anywhere but between segments, or a varint left open: refused.
        let boundaries = Set((0...segments.count).map { PostingCoding.encode(Array(segments.prefix($0))).count })
        #expect(boundaries.count == 4)
        for cut in 0..<bytes.count where !boundaries.contains(cut) {
            #expect(PostingCoding.decode(Array(bytes.prefix(cut))) == nil, "cut at \(cut)")
        }
        #expect(PostingCoding.decode([0x80]) == nil)
        #expect(PostingCoding.decode([1, 200, 1]) == nil)  // claims 200 ids, holds 1 byte
    }

    /// Rows of two forces and two months in one file, 40 map points (some outside the
    /// layer), five crime types, some without location; seeded.
    static func rows(count: Int, seed: UInt64, months: [String], forces: [String], idPrefix: String) -> [FixtureRow] {
        var state = seed
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        let types = ["Burglary", "Drugs", "Robbery", "Anti-social behaviour", "Possession of weapons"]
        return (0..<count).map { k in
            let type = types[next(types.count)]
            let x = Double(next(8)) * 25 + 5, y = Double(next(5)) * 25 + 5
            let point: Point? = next(20) == 0 ? nil : Point(x: x, y: y)
            return FixtureRow(
                line: k + 2, crimeID: type == "Anti-social behaviour" ? "" : "\(idPrefix)\(k)",
                month: months[next(months.count)], force: forces[next(forces.count)], type: type, point: point)
        }
    }

    /// The postings table as text, one line per row.
    func postings(_ store: IncidentStore) throws -> [String] {
        try store.queue.read { db in
            try String.fetchAll(db, sql: """
                SELECT kind || ' ' || value || ' ' || import_id || ' ' || first_month || ' ' || last_month || ' ' || hex(ids)
                FROM incident_postings ORDER BY kind, value, import_id
                """)
        }
    }

    @Test func postingsFollowRepublishedMonthsAndReadLikeTheScan() throws {
        let path = try temporaryFolder() + "/s.sqlite"
        let store = try IncidentStore(path: path)
        // Beats: A and B (district D1), C (district D2) over x 0..150; x 150..200 is outside.
        let index = AreaIndex(areas: [square(0, 0, 50), square(50, 0, 50), square(100, 0, 50)])
        let added = try store.addLayer(
            name: "beats", fileName: "beats.geojson", fileExtension: "geojson", content: Array("{}".utf8), sha256: "l1",
            fields: (nil, nil, nil),
            areas: [StoredArea(code: "A", name: nil, parent: "D1"), StoredArea(code: "B", name: nil, parent: "D1"),
                    StoredArea(code: "C", name: nil, parent: "D2")],
            index: index)
        let locators = [LayerLocator(layerID: added.layer.id, index: index, areaIDs: try store.areaIDs(of: added.layer))]
        let forces = ["West Yorkshire Police", "North Yorkshire Police"]
        try importRows(
            Self.rows(count: 400, seed: 1, months: ["2018-07", "2018-08"], forces: forces, idPrefix: "a"),
            into: store, name: "a.csv", sha: "a", locators: locators)
        // Re-publishes West Yorkshire's July only: part of the first file's rows go.
        let republished = try importRows(
            Self.rows(count: 150, seed: 2, months: ["2018-07"], forces: [forces[0]], idPrefix: "b"),
            into: store, name: "b.csv", sha: "b", locators: locators)
        #expect(republished.replaced.count == 1)
        try importRows(
            Self.rows(count: 120, seed: 3, months: ["2018-09"], forces: [forces[1]], idPrefix: "c"),
            into: store, name: "c.csv", sha: "c", locators: locators)

        // Upkept postings equal postings built afresh from the stored rows.
        let upkept = try postings(store)
        try store.queue.write { db in
            try db.execute(sql: "DELETE FROM incident_postings")
            try IncidentPostings.rebuild(db, path: path)
        }
        #expect(try postings(store) == upkept)

        // Every stored row is in exactly one type posting, and once in its location's if located.
        try store.queue.read { db in
            var byType: [Int64] = [], byLocation: [Int64] = []
            for row in try Row.fetchAll(db, sql: "SELECT kind, ids FROM incident_postings") {
                let ids = PostingCoding.decode([UInt8](row[1] as Data))!.flatMap(\.ids)
                if row[0] as Int64 == 1 { byLocation += ids } else { byType += ids }
            }
            #expect(byType.sorted() == (try Int64.fetchAll(db, sql: "SELECT id FROM incidents ORDER BY id")))
            #expect(byLocation.sorted() == (try Int64.fetchAll(db, sql: "SELECT id FROM incidents WHERE location_id IS NOT NULL ORDER BY id")))
        }

        let july = MonthRange(parsing: "2018-07")!, summer = MonthRange(parsing: "2018-07..2018-08")!
        let queries = [
            StoreQuery(areas: ["A"], areaLayer: "beats"),
            StoreQuery(areas: ["D1"], areaLayer: "beats"),
            StoreQuery(months: july, areas: ["B", "C"], areaLayer: "beats"),
            StoreQuery(crimeTypes: ["Possession of weapons"]),
            StoreQuery(months: summer, crimeTypes: ["Drugs", "Robbery"]),
            StoreQuery(months: july, crimeTypes: ["Burglary"], areas: ["D2"], areaLayer: "beats"),
            StoreQuery(crimeTypes: ["No such type"]),
        ]
        for query in queries {
            func read(_ reading: IncidentStore.Reading) throws -> [StoredIncident] {
                var out: [StoredIncident] = []
                try store.forEachIncident(query, layers: [added.layer], reading: reading) { out.append($0) }
                return out
            }
            let scanned = try read(.scan)
            #expect(try read(.postings) == scanned, "\(query)")
            #expect(try read(.chosen) == scanned, "\(query)")
            if query.crimeTypes != ["No such type"] { #expect(!scanned.isEmpty, "\(query)") }
            for incident in scanned {
                if let types = query.crimeTypes { #expect(types.contains(incident.crimeType)) }
                if let months = query.months { #expect(months.contains(ordinal: incident.month)) }
            }
        }
    }

    /// A store made before postings gains them at its next opening for writing.
    @Test func aVersionTwoStoreGainsPostings() throws {
        let path = try temporaryFolder() + "/v2.sqlite"
        do {
            let store = try IncidentStore(path: path)
            try importRows(
                Self.rows(count: 60, seed: 4, months: ["2018-07"], forces: ["West Yorkshire Police"], idPrefix: "d"),
                into: store, name: "d.csv", sha: "d")
        }
        let expected = try postings(try IncidentStore(path: path))
        #expect(!expected.isEmpty)
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "DROP TABLE incident_postings; DROP TABLE import_rejected_rows")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier LIKE 'v3:%'")
        }
        #expect(throws: StoreError.self) { try IncidentStore(path: path, mode: .readOnly) }
        #expect(try postings(try IncidentStore(path: path)) == expected)
    }
}
