import Foundation
import GRDB
import NeighbourhoodGeometry
import NeighbourhoodIncidents
import Testing
@testable import NeighbourhoodStore

/// Imports: identity, idempotence, re-published months, provenance, full disk, layers, counts.
@Suite struct StoreImportTests {
    /// 6 crimes and 3 ASB rows (two of them identical) for July 2018, one without location.
    static let july: [FixtureRow] = [
        FixtureRow(line: 2, crimeID: "c1", type: "Burglary", outcome: "Under investigation", point: Point(x: 10, y: 10)),
        FixtureRow(line: 3, crimeID: "c2", type: "Burglary", point: Point(x: 10, y: 10)),
        FixtureRow(line: 4, crimeID: "c3", type: "Drugs", point: Point(x: 30, y: 10), street: "On or near Briggate"),
        FixtureRow(line: 5, crimeID: "c4", type: "Drugs", point: Point(x: 150, y: 10)),
        FixtureRow(line: 6, crimeID: "c5", type: "Robbery", point: nil),
        FixtureRow(line: 7, crimeID: "c6", type: "Robbery", point: Point(x: 60, y: 40)),
        FixtureRow(line: 8, type: "Anti-social behaviour", point: Point(x: 10, y: 10)),
        FixtureRow(line: 9, type: "Anti-social behaviour", point: Point(x: 10, y: 10)),
        FixtureRow(line: 10, type: "Anti-social behaviour", point: Point(x: 30, y: 10)),
    ]

    func rtree(_ path: String) throws -> [String] {
        try DatabaseQueue(path: path).read { try String.fetchAll($0, sql: "SELECT rtreecheck('location_rtree')") }
    }

    func count(_ path: String, _ sql: String) throws -> Int {
        try DatabaseQueue(path: path).read { try Int.fetchOne($0, sql: sql) ?? -1 }
    }

    @Test func crimeIDsCarriedAsTextStoreTheSameKeysAsValueIDs() throws {
        // Packed police.uk ids (one repeated), ids stored as text (63 digits, uppercase,
        // non-ASCII), rows without an id and identical ASB rows.
        let hex = String(repeating: "0123456789abcdef", count: 4), other = String(repeating: "f", count: 63) + "0"
        let rows = Self.july + [
            FixtureRow(line: 11, crimeID: hex, point: Point(x: 10, y: 10)),
            FixtureRow(line: 12, crimeID: hex, point: Point(x: 10, y: 10)),
            FixtureRow(line: 13, crimeID: other, point: nil),
            FixtureRow(line: 14, crimeID: String(repeating: "A", count: 64), point: Point(x: 30, y: 10)),
            FixtureRow(line: 15, crimeID: "é-ид", point: Point(x: 30, y: 10)),
        ]
        let folder = try temporaryFolder()
        var stored: [[String]] = []
        for asText in [false, true] {
            let path = folder + "/s-\(asText).sqlite"
            let report = try importRows(rows, into: try IncidentStore(path: path), name: "f.csv", sha: "aa", crimeIDAsText: asText)
            #expect(report.rowsStored == rows.count)
            stored.append(try DatabaseQueue(path: path).read {
                try String.fetchAll($0, sql: "SELECT row_key || ' ' || row_hash || ' ' || typeof(crime_id) || ' ' || quote(crime_id) FROM incidents ORDER BY id")
            })
        }
        #expect(stored[0].count == rows.count)
        #expect(stored[0] == stored[1])
    }

    @Test func columnsCarriedAsTextStoreTheSameRowsAndLocationsAsValueIDs() throws {
        // Coordinates repeated and distinct, blank, unreadable as numbers and non-ASCII;
        // LSOAs repeated and blank; a row without location.
        var rows = Self.july
        let coordinates = [
            ("-1.548567", "53.801277"), ("-1.548567", "53.801277"), ("-1.5", "53.8"), ("-1.54e0", "5.38E1"),
            ("", ""), ("x", "53.79"), ("−1.5", "53,8"), ("-1.548567", "53.801277"), ("-1.6", "53.9"),
        ]
        for k in rows.indices {
            (rows[k].longitude, rows[k].latitude) = coordinates[k]
            rows[k].lsoaCode = k % 3 == 0 ? "" : "E0101068\(k % 2)"
            rows[k].lsoaName = k % 3 == 0 ? "" : "Leeds 11\(k % 2)A"
            rows[k].point = rows[k].point.map { Point(x: $0.x + Double(k), y: $0.y) }
        }
        let folder = try temporaryFolder()
        var stored: [[String]] = []
        for textColumns: Set<String> in [[], ["Latitude", "Longitude"], ImportWriter.textColumns] {
            let path = folder + "/s-\(stored.count).sqlite"
            let report = try importRows(rows, into: try IncidentStore(path: path), name: "f.csv", sha: "aa", textColumns: textColumns)
            #expect(report.rowsStored == rows.count)
            stored.append(try DatabaseQueue(path: path).read {
                try String.fetchAll($0, sql: "SELECT row_key || ' ' || row_hash || ' ' || quote(crime_id) || ' ' || coalesce(location_id, '-') FROM incidents ORDER BY id")
                    + String.fetchAll($0, sql: "SELECT id || ' ' || quote(lon) || ' ' || quote(lat) || ' ' || easting FROM locations ORDER BY id")
            })
        }
        #expect(stored[0].count == rows.count + 8)
        #expect(stored[0].contains { $0.hasSuffix(" -1.548567 53.801277 11.0") })
        #expect(stored[0].contains { $0.contains(" NULL 53.79 ") })
        #expect(stored[1] == stored[0])
        #expect(stored[2] == stored[0])
        // The columns the writer looks up once per distinct value are never carried as text.
        #expect(ImportWriter.textColumns.isDisjoint(with: ["Falls within", "Reported by", "Last outcome category", "Location"]))
        #expect(ImportWriter.textColumns.isSubset(of: ImportWriter.columns))
    }

    @Test func importStoresEveryRowWithProvenanceAndIsIdempotent() throws {
        let path = try temporaryFolder() + "/s.sqlite"
        let store = try IncidentStore(path: path)
        let report = try importRows(Self.july, into: store, name: "2018-07.csv", sha: "aa")
        #expect(!report.alreadyImported)
        #expect(report.rowsStored == 9 && report.located == 8 && report.noLocation == 1 && report.isBalanced)
        #expect(report.added == 9 && report.replaced.isEmpty)
        let again = try importRows(Self.july, into: store, name: "copy-of-2018-07.csv", sha: "aa")
        #expect(again.alreadyImported)
        #expect(try count(path, "SELECT count(*) FROM incidents") == 9)
        #expect(try count(path, "SELECT count(*) FROM imports") == 1)
        // Text stored once: 4 types, 1 force, 2 streets; 5 distinct map points (a point with
        // two street names is two locations).
        #expect(try count(path, "SELECT count(*) FROM crime_types") == 4)
        #expect(try count(path, "SELECT count(*) FROM forces") == 1)
        #expect(try count(path, "SELECT count(*) FROM streets") == 2)
        #expect(try count(path, "SELECT count(*) FROM locations") == 5)
        #expect(try count(path, "SELECT count(*) FROM location_rtree") == 5)
        // The R*Tree answers a box query: points with 0 <= easting <= 40.
        #expect(try count(path, "SELECT count(*) FROM location_rtree WHERE min_e >= 0 AND max_e <= 40") == 3)
        // Keys are distinct even for the two identical ASB rows.
        #expect(try count(path, "SELECT count(DISTINCT row_key) FROM incidents") == 9)
        let provenance = try store.imports()
        #expect(provenance.count == 1)
        #expect(provenance[0]["file_name"] == "2018-07.csv")
        #expect(provenance[0]["sha256"] == "aa")
        #expect(provenance[0]["rows_read"] == "9" && provenance[0]["rows_stored"] == "9")
        var read: [StoredIncident] = []
        try store.forEachIncident { read.append($0) }
        #expect(read.map(\.line) == Self.july.map(\.line))
        #expect(read[0].crimeID == "c1" && read[0].outcome == "Under investigation" && read[0].street == "On or near Park Row")
        #expect(read[4].easting == nil && read[4].locationID == nil)
    }

    @Test func aRepublishedMonthReplacesTheOldRowsAndReportsTheChange() throws {
        let path = try temporaryFolder() + "/s.sqlite"
        let store = try IncidentStore(path: path)
        try importRows(Self.july, into: store, name: "2018-07.csv", sha: "aa")
        var republished = Self.july
        republished[1].outcome = "Investigation complete; no suspect identified"  // c2 changed
        republished.remove(at: 3)  // c4 withdrawn
        republished.remove(at: 6)  // the second of the two identical ASB rows withdrawn
        republished.append(FixtureRow(line: 11, crimeID: "c7", type: "Drugs", point: Point(x: 30, y: 10)))
        let report = try importRows(republished, into: store, name: "2018-07-v2.csv", sha: "bb")
        #expect(report.replaced == [.init(force: "West Yorkshire Police", month: "2018-07", previousRows: 9)])
        #expect(report.added == 1)
        #expect(report.removed == 2)
        #expect(report.changed == 1)
        #expect(report.unchanged == 6)
        #expect(try count(path, "SELECT count(*) FROM incidents") == 8)
        #expect(try count(path, "SELECT count(*) FROM incidents WHERE import_id = 1") == 0)
        // Another month of the same force is added alongside, not replaced.
        let august = Self.july.map { var r = $0; r.month = "2018-08"; return r }
        let third = try importRows(august, into: store, name: "2018-08.csv", sha: "cc")
        #expect(third.replaced.isEmpty && third.added == 9)
        #expect(try count(path, "SELECT count(*) FROM incidents") == 17)
    }

    @Test func aFullDiskLeavesTheStoreAsItWas() throws {
        let path = try temporaryFolder() + "/s.sqlite"
        do {
            let store = try IncidentStore(path: path)
            try importRows(Self.july, into: store, name: "2018-07.csv", sha: "aa")
        }
        // SQLite's max_page_count caps the file as a full disk would.
        let pages = try count(path, "PRAGMA page_count")
        let small = try IncidentStore(path: path, maxPageCount: pages + 2)
        let many = (0..<20_000).map { FixtureRow(line: $0 + 2, crimeID: "x\($0)", month: "2018-08", point: Point(x: Double($0), y: 1)) }
        let error = #expect(throws: StoreError.self) { try importRows(many, into: small, name: "big.csv", sha: "dd") }
        #expect(error?.code == .full)
        #expect(error?.description.contains("disk is full") == true)
        #expect(error?.description.contains("big.csv") == true)
        #expect(try count(path, "SELECT count(*) FROM incidents") == 9)
        #expect(try count(path, "SELECT count(*) FROM imports") == 1)
        #expect(try small.integrityCheck() == ["ok"])
        // With room again, the same import completes.
        let roomy = try IncidentStore(path: path)
        #expect(try importRows(many, into: roomy, name: "big.csv", sha: "dd").rowsStored == 20_000)
        #expect(try count(path, "SELECT count(*) FROM incidents") == 20_009)
        // 20,000 new locations: the R-tree was packed afresh, and answers like SQLite's own.
        #expect(try rtree(path) == ["ok"])
        #expect(try count(path, "SELECT count(*) FROM location_rtree") == 20_005)
        #expect(try count(path, "SELECT count(*) FROM location_rtree WHERE min_e >= 100 AND max_e <= 199 AND min_n >= 0") == 101)
        // A few new locations later go in by SQLite's own inserts into the packed tree.
        let few = (0..<3).map { FixtureRow(line: $0 + 2, crimeID: "y\($0)", month: "2018-09", point: Point(x: 150.5 + Double($0), y: 2)) }
        try importRows(few, into: roomy, name: "few.csv", sha: "ee")
        #expect(try rtree(path) == ["ok"])
        #expect(try count(path, "SELECT count(*) FROM location_rtree WHERE min_e >= 100 AND max_e <= 199 AND min_n >= 0") == 104)
        #expect(try count(path, """
            SELECT count(*) FROM locations l JOIN location_rtree r ON r.id = l.id
            WHERE r.min_e <= l.easting AND l.easting <= r.max_e AND r.min_n <= l.northing AND l.northing <= r.max_n
            """) == 20_008)
    }

    @Test func layersAssignStoredAndLaterIncidentsAndKeepCounts() throws {
        let path = try temporaryFolder() + "/s.sqlite"
        let store = try IncidentStore(path: path)
        try importRows(Self.july, into: store, name: "2018-07.csv", sha: "aa")
        // Two squares: A covers x 0..50, B covers x 50..100 (y 0..100); x = 150 is outside.
        let areas = [square(0, 0, 50), square(50, 0, 50)]
        let index = AreaIndex(areas: areas)
        let added = try store.addLayer(
            name: "beats", fileName: "beats.geojson", fileExtension: "geojson", content: Array("{}".utf8), sha256: "ee",
            fields: (nil, nil, nil),
            areas: [StoredArea(code: "A", name: "Alpha", parent: "D1"), StoredArea(code: "B", name: "Beta", parent: "D1")],
            index: index)
        #expect(added.locations == 5 && added.locationsInAreas == 4 && !added.replaced)
        let layer = added.layer
        func counts() throws -> [String: Int] {
            var out: [String: Int] = [:]
            for c in try store.counts(layer: layer) { out["\(c.area) \(c.crimeType)", default: 0] += c.count }
            return out
        }
        // A: c1, c2 (Burglary), c3 (Drugs), 3 ASB; B: c6 (Robbery, at x = 60); c4 outside, c5 no location.
        #expect(try counts() == ["A Burglary": 2, "A Drugs": 1, "A Anti-social behaviour": 3, "B Robbery": 1])
        // A later import is assigned at import time and counted.
        let locators = [LayerLocator(layerID: layer.id, index: index, areaIDs: try store.areaIDs(of: layer))]
        try importRows([FixtureRow(line: 2, crimeID: "d1", month: "2018-08", type: "Drugs", point: Point(x: 70, y: 5))],
                       into: store, name: "2018-08.csv", sha: "ff", locators: locators)
        #expect(try counts()["B Drugs"] == 1)
        // Filters: by area (own id or parent), month and type.
        let inB = try store.counts(layer: layer, StoreQuery(areas: ["B"]))
        #expect(inB.map(\.count).reduce(0, +) == 2)
        #expect(try store.counts(layer: layer, StoreQuery(areas: ["D1"])).map(\.count).reduce(0, +) == 8)
        let july = MonthRange(parsing: "2018-07")!
        #expect(try store.counts(layer: layer, StoreQuery(months: july, crimeTypes: ["Drugs"])).map(\.count) == [1])
        var rowsInA = 0
        try store.forEachIncident(StoreQuery(areas: ["A"], areaLayer: "beats"), layers: [layer]) {
            #expect($0.areas == ["A"])
            rowsInA += 1
        }
        #expect(rowsInA == 6)
        // A re-published month moves the counts with it.
        var republished = Self.july
        republished.removeAll { $0.type == "Anti-social behaviour" }
        try importRows(republished, into: store, name: "2018-07-v2.csv", sha: "gg", locators: locators)
        #expect(try counts()["A Anti-social behaviour"] == nil)
        #expect(try counts()["A Burglary"] == 2)
        // Replacing the layer (B now covers everything east of 0) re-assigns stored locations.
        let wide = AreaIndex(areas: [square(-1000, -1000, 500), square(0, 0, 1000)])
        let replaced = try store.addLayer(
            name: "beats", fileName: "beats2.geojson", fileExtension: "geojson", content: Array("{}".utf8), sha256: "hh",
            fields: (nil, nil, nil), areas: [StoredArea(code: "A", name: nil, parent: nil), StoredArea(code: "B", name: nil, parent: nil)],
            index: wide)
        #expect(replaced.replaced && replaced.locationsInAreas == 6)
        let after = try store.counts(layer: replaced.layer)
        #expect(after.allSatisfy { $0.area == "B" })
        // Every located stored row is counted once.
        #expect(after.map(\.count).reduce(0, +) == (try count(path, "SELECT count(*) FROM incidents WHERE location_id IS NOT NULL")))
        try store.removeLayer(name: "beats")
        #expect(try store.layerRecords().isEmpty)
        #expect(try count(path, "SELECT count(*) FROM area_counts") == 0)
    }
}
