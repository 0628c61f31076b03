import Foundation
import Neighbourhood
import Testing

/// The row table kept for hotspots and indicators.
@Suite(.serialized) struct IncidentTableTests {
    static func collect(
        _ files: [String], layer: BoundaryLayer, extra: [String] = [], text: Set<String> = [], workers: Int = 2,
        blockSize: Int = 4 << 20, idHashes: Bool = true
    ) throws -> AssignmentResult {
        let job = AssignmentJob(
            assigner: try AreaAssigner(layer: layer),
            options: AssignmentOptions(
                writeIncidents: false, workers: workers, blockSize: blockSize,
                collection: IncidentCollection(extraColumns: extra, textColumns: text, idHashes: idHashes)))
        return try job.run(files: files)
    }

    /// The bundled West Yorkshire LSOAs, districts as parents.
    static func bundledLayer() throws -> BoundaryLayer {
        try GeoJSONLayerReader.read(
            path: repositoryRoot.appendingPathComponent("geodata/wy-lsoa-2011.geojson").path,
            fields: LayerFields(id: "LSOA11CD", parent: "LAD11CD"))
    }

    @Test func columnsCarriedAsTextGiveTheSameTable() throws {
        let folder = try temporaryFolder()
        let a = folder + "/a.csv", b = folder + "/b.csv"
        try write(
            """
            Crime ID,Month,Longitude,Latitude,Crime type,Knife
            c1,2018-07,-1.5491,53.7997,Robbery,Y
            "c2 ",2018-07,,,Burglary," n "
            ,2018-07,-1.5491,53.7997,Anti-social behaviour,
            c1,2018-07,-1.5491,53.7997,Robbery,Y
            bad,2018-07,abc,53.7,Robbery,N

            """, to: a)
        try write("Crime ID,Month,Longitude,Latitude,Crime type\nc2,2018-08,-1.5491,53.7997,Burglary\n", to: b)
        let layer = try Self.bundledLayer()
        let extra = ["Crime ID", "knife"]
        let interned = try #require(try Self.collect([a, b], layer: layer, extra: extra).table)
        let text = try #require(try Self.collect([a, b], layer: layer, extra: extra, text: ["Crime ID", "knife"]).table)
        #expect(text.count == 5 && interned.count == 5)
        for name in extra {
            let i = try #require(interned.columns[name]), t = try #require(text.columns[name])
            #expect((0..<5).map { t.value(at: $0) } == (0..<5).map { i.value(at: $0) })
            #expect(text.rowsWithColumn[name] == interned.rowsWithColumn[name])
        }
        #expect((0..<5).map { text.columns["Crime ID"]!.value(at: $0) } == ["c1", "c2", "", "c1", "c2"])
        #expect(text.isDuplicate == interned.isDuplicate)
        // Without id hashes: the same rows and values, none marked as a duplicate.
        let unhashed = try #require(
            try Self.collect([a, b], layer: layer, extra: extra, text: ["Crime ID"], idHashes: false).table)
        #expect(interned.isDuplicate.contains(true))
        #expect(unhashed.isDuplicate == Array(repeating: false, count: 5))
        for name in extra {
            #expect((0..<5).map { unhashed.columns[name]!.value(at: $0) } == (0..<5).map { interned.columns[name]!.value(at: $0) })
        }
    }

    @Test func smallFilesKeepColumnsDuplicatesAndRowsWithoutLocation() throws {
        let folder = try temporaryFolder()
        let a = folder + "/a.csv", b = folder + "/b.csv"
        try write(
            """
            Crime ID,Month,Longitude,Latitude,Crime type,Knife
            c1,2018-07,-1.5491,53.7997,Robbery,Y
            c2,2018-07,,,Burglary," n "
            ,2018-07,-1.5491,53.7997,Anti-social behaviour,
            ,2018-07,-1.5491,53.7997,Anti-social behaviour,
            c1,2018-07,-1.5491,53.7997,Robbery,Y
            bad,2018-07,abc,53.7,Robbery,N

            """, to: a)
        try write(
            "Crime ID,Month,Longitude,Latitude,Crime type\nc2,2018-08,-1.5491,53.7997,\"Burglary\"\nc3,,0.5,51.0,Robbery\n",
            to: b)
        let layer = try Self.bundledLayer()
        let result = try Self.collect([a, b], layer: layer, extra: ["knife"])
        let table = try #require(result.table)
        #expect(result.total.rejected == 1)
        #expect(table.count == 7)
        #expect(table.files == [a, b])
        #expect(table.file == [0, 0, 0, 0, 0, 1, 1])
        #expect(table.status == [.assigned, .noLocation, .assigned, .assigned, .assigned, .assigned, .outside])
        // c1 twice in a, c2 in both files: the later ones are duplicates; ASB rows have no id.
        #expect(table.isDuplicate == [false, false, false, false, true, true, false])
        #expect(table.duplicateCount == 2)
        #expect((0..<7).map { table.crimeType.value(at: $0) } == [
            "Robbery", "Burglary", "Anti-social behaviour", "Anti-social behaviour", "Robbery", "Burglary", "Robbery",
        ])
        let knife = try #require(table.columns["knife"])
        #expect((0..<7).map { knife.value(at: $0) } == ["Y", "n", "", "", "Y", "", ""])
        #expect(table.rowsWithColumn["knife"] == 5)
        #expect(table.monthValue(at: 5)?.description == "2018-08")
        #expect(table.monthValue(at: 6) == nil)
        #expect(table.point(at: 1) == nil)
        let centre = try #require(table.point(at: 0))
        // pyproj (EPSG:4326 → 27700, Helmert): (429796.34, 433804.93).
        #expect(abs(centre.x - 429_796.34) < 0.01 && abs(centre.y - 433_804.93) < 0.01, "\(centre)")
        #expect(table.area[0] >= 0 && table.area[6] == -1)
        #expect(layer.areas[Int(table.area[0])].parentID == "E08000035")
    }

    @Test func realMonthTableMatchesTheCountsAndFindsRepeatedIDs() throws {
        let layer = try RealDataAssignmentTests.lsoa2011.get()
        let file = sharedData("crime/west-yorkshire/2018-07-west-yorkshire-street.csv")
        let result = try Self.collect([file, file], layer: layer, blockSize: 1 << 20)
        let table = try #require(result.table)
        #expect(table.count == 2 * 31_635)
        // The second copy repeats every one of the 26,193 crime ids; ASB rows have none.
        #expect(table.duplicateCount == 26_193)
        var byType: [String: Int] = [:]
        for row in 0..<table.count where table.status[row] == .assigned {
            byType[table.crimeType.value(at: row), default: 0] += 1
        }
        let expected = result.counts.sorted.reduce(into: [String: Int]()) { $0[$1.key.crimeType, default: 0] += $1.count }
        #expect(byType == expected)
        #expect(byType["Anti-social behaviour"].map { $0 > 0 } == true)
        #expect(table.months.map(\.description) == ["2018-07"])
    }
}

@Suite struct IncidentFilterTests {
    @Test func filtersByTypeMonthDuplicatesAndLocation() throws {
        let folder = try temporaryFolder()
        let a = folder + "/a.csv"
        try write(
            """
            Crime ID,Month,Longitude,Latitude,Crime type
            c1,2018-06,-1.5491,53.7997,Robbery
            c2,2018-07,,,Robbery
            c3,2018-07,-1.5491,53.7997,Burglary
            c1,2018-07,-1.5491,53.7997,Robbery
            c4,,-1.5491,53.7997,Robbery
            c5,2018-08,-1.5491,53.7997,robbery

            """, to: a)
        let layer = try GeoJSONLayerReader.read(
            path: repositoryRoot.appendingPathComponent("geodata/wy-lsoa-2011.geojson").path,
            fields: LayerFields(id: "LSOA11CD"))
        let table = try #require(try IncidentTableTests.collect([a], layer: layer).table)
        #expect(table.rows(passing: IncidentFilter()) == [0, 2, 4, 5])
        #expect(table.rows(passing: IncidentFilter(crimeTypes: [" ROBBERY"])) == [0, 4, 5])
        let julyOn = MonthRange(parsing: "2018-07..2018-08")
        #expect(table.rows(passing: IncidentFilter(months: julyOn)) == [2, 5])
        #expect(table.rows(passing: IncidentFilter(months: julyOn, keepRowsWithoutLocation: true)) == [1, 2, 5])
        #expect(table.rows(passing: IncidentFilter(dropDuplicates: false)) == [0, 2, 3, 4, 5])
        #expect(table.unknownCrimeTypes(in: IncidentFilter(crimeTypes: ["Robbery", "Burgalry"])) == ["Burgalry"])
    }
}

@Suite struct NoAreasTests {
    @Test func pointsAreProjectedAndAllOutside() throws {
        let folder = try temporaryFolder()
        let a = folder + "/a.csv"
        try write("Month,Longitude,Latitude,Crime type\n2018-07,-1.5491,53.7997,Robbery\n2018-07,,,Robbery\n", to: a)
        let job = AssignmentJob(
            assigner: try AreaAssigner(noAreasIn: "EPSG:27700"),
            options: AssignmentOptions(writeIncidents: false, collection: IncidentCollection()))
        let result = try job.run(files: [a])
        #expect(result.total.outside == 1 && result.total.noLocation == 1 && result.total.isBalanced)
        let table = try #require(result.table)
        #expect(table.area == [-1, -1])
        #expect(abs(table.x[0] - 429_796.34) < 0.01)
        #expect(throws: ProjectionError.self) { try AreaAssigner(noAreasIn: "EPSG:4326") }
    }
}

@Suite struct InputChecksumTests {
    @Test func checksumsWhileReadingMatchSha256sum() throws {
        let plain = sharedData("crime/west-yorkshire/2016-07-west-yorkshire-street.csv")
        let gzip = repositoryRoot.appendingPathComponent("geodata/crime/2016-07-west-yorkshire-street.csv.gz").path
        let job = AssignmentJob(
            assigner: try AreaAssigner(noAreasIn: "EPSG:27700"),
            options: AssignmentOptions(writeIncidents: false, blockSize: 1 << 20, checksumInputs: true))
        let result = try job.run(files: [plain, gzip])
        // sha256sum of the two files.
        #expect(result.files[0].checksum?.sha256 == "dc96429481805915d9e660e0c313eabc0e5d05d6cfb9e873f33ceb4c50eabf1c")
        #expect(result.files[1].checksum?.sha256 == "5f2fb8367642fbf9e238c67465650b80095d652367eddb4e39a984be333b24b7")
        #expect(result.files[0].checksum == (try FileChecksum(path: plain)))
        #expect(result.files[1].checksum?.bytes == 1_135_158)
    }
}
