import Foundation
import Testing

/// `nbhd hotspots` end to end: agreement with an independent Python check
/// (Tests/reference/check_hotspots.py: pyproj, shapely, numpy), well-formed outputs, bad input
/// and reproducible permutations.
@Suite(.serialized) struct HotspotCommandTests {
    /// One finished `nbhd hotspots` run.
    struct Run: Sendable {
        let folder: String
        let status: Int32
        let err: String

        func text(_ file: String) throws -> String { try readText(folder + "/" + file) }

        /// Deletes the output folder (some grids are tens of megabytes).
        func remove() { try? FileManager.default.removeItem(atPath: folder) }

        func json(_ file: String) throws -> [String: Any] {
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/" + file))) as! [String: Any]
        }

        /// The manifest's `parameters` entry `name`: its value and whether it was automatic.
        func parameter(_ name: String) throws -> (value: Any?, automatic: Bool) {
            let entry = (try json("manifest.json")["parameters"] as! [String: Any])[name] as! [String: Any]
            return (entry["value"], entry["automatic"] as? Bool ?? false)
        }

        /// grid.csv as header-keyed rows.
        func grid() throws -> [[String: String]] { try csvRecords(text("grid.csv")) }
    }

    static let crimeFiles = ["2016-07", "2017-07", "2018-07"].map {
        repositoryRoot.appendingPathComponent("geodata/crime/\($0)-west-yorkshire-street.csv.gz").path
    }
    static let july2018 = crimeFiles[2]
    static let studyArea = repositoryRoot.appendingPathComponent("geodata/wy-lsoa-2011.geojson").path
    static let studyAreaArguments = [
        "--study-area", studyArea, "--id-field", "LSOA11CD", "--name-field", "LSOA11NM", "--parent-field", "LAD11CD",
    ]
    static let violence = "Violence and sexual offences"

    /// The README example, run once for several tests.
    static let bundled = Result {
        try hotspots(
            crimeFiles + studyAreaArguments + [
                "--type", violence, "--months", "2018-07", "--evaluate-months", "2017-07", "--cell", "250",
                "--radius", "400",
            ])
    }

    /// Small synthetic inputs: one incident, 30 at one location, and a 5 x 5 lattice of one
    /// incident at each 100 m cell centre (easting/northing).
    static let synthetic = Result { () throws -> String in
        let folder = try temporaryFolder()
        let header = "Crime ID,Month,Longitude,Latitude,Crime type\n"
        try write(header + "a1,2018-07,-1.5491,53.8008,Burglary\n", to: folder + "/one.csv")
        try write(header + (1...30).map { "s\($0),2018-07,-1.5491,53.8008,Burglary\n" }.joined(), to: folder + "/same.csv")
        var lattice = "id,E,N,type\n"
        for i in 0..<5 { for j in 0..<5 { lattice += "l\(i)-\(j),\(430_050 + 100 * i),\(433_050 + 100 * j),Burglary\n" } }
        try write(lattice, to: folder + "/lattice.csv")
        return folder
    }
    static let latticeColumns = ["--x-column", "E", "--y-column", "N", "--crs", "EPSG:27700", "--id-column", "id", "--type-column", "type"]

    static func hotspots(_ arguments: [String]) throws -> Run {
        let folder = try temporaryFolder()
        let result = try run(nbhdExecutable(), ["hotspots"] + arguments + ["--out", folder])
        return Run(folder: folder, status: result.status, err: result.err)
    }

    /// Runs check_hotspots.py on `run`; requires pyproj, shapely and numpy.
    func pythonCheck(_ run: Run, inputs: [String], studyArea: String?, types: [String], months: String?) throws -> String {
        let probe = try NeighbourhoodTests.run("/usr/bin/env", ["python3", "-c", "import pyproj, shapely, numpy"])
        try #require(
            probe.status == 0,
            "pyproj/shapely missing: python3 -m pip install -r Tests/reference/requirements.txt (\(probe.err))")
        var arguments = ["python3", repositoryRoot.appendingPathComponent("Tests/reference/check_hotspots.py").path, "--out", run.folder]
        arguments += inputs.flatMap { ["--input", $0] } + types.flatMap { ["--type", $0] }
        if let studyArea { arguments += ["--study-area", studyArea] }
        if let months { arguments += ["--months", months] }
        let checked = try NeighbourhoodTests.run("/usr/bin/env", arguments)
        #expect(checked.status == 0, "\(checked.out)\n\(checked.err)")
        #expect(checked.out.contains("PASS"))
        return checked.out
    }

    /// No output file holds a NaN or an infinity in any spelling.
    func expectFiniteOutputs(_ run: Run) throws {
        let pattern = try NSRegularExpression(pattern: "(?i)\\b(nan|inf|infinity)\\b")
        for file in try FileManager.default.contentsOfDirectory(atPath: run.folder) {
            let text = try run.text(file)
            let hits = pattern.numberOfMatches(in: text, range: NSRange(text.startIndex..., in: text))
            #expect(hits == 0, "\(file) holds \(hits) nan/inf")
        }
    }

    // MARK: Agreement with the Python reference

    @Test func bundledDataAgreesWithIndependentPython() throws {
        let run = try Self.bundled.get()
        try #require(run.status == 0, "\(run.err)")
        let out = try pythonCheck(
            run, inputs: Self.crimeFiles, studyArea: Self.studyArea, types: [Self.violence], months: "2018-07")
        #expect(out.contains("10009 incidents after filtering"))
        #expect(out.contains("ok    automatic band"))
    }

    @Test func pointsExtentRecordsAutomaticCellAndSilvermanRadius() throws {
        let run = try Self.hotspots([Self.july2018, "--type", "Robbery"])
        defer { run.remove() }
        try #require(run.status == 0, "\(run.err)")
        #expect(try run.parameter("study_area").value as? String == "points' extent")
        #expect(try run.parameter("masked_cells").value as? Int == 0)
        for name in ["cell_m", "radius_m", "band_m"] {
            #expect(try run.parameter(name).automatic, "\(name) is not recorded as automatic")
        }
        // check_hotspots.py compares the automatic values with its own numpy rules.
        let out = try pythonCheck(run, inputs: [Self.july2018], studyArea: nil, types: ["Robbery"], months: nil)
        #expect(out.contains("ok    automatic cell"))
        #expect(out.contains("ok    automatic radius"))
        #expect(out.contains("ok    no study area: every cell is in"))
        try expectFiniteOutputs(run)
    }

    @Test func identicalPointsWithRadiusRunAndAgreeWithPython() throws {
        let same = try Self.synthetic.get() + "/same.csv"
        let run = try Self.hotspots([same, "--radius", "400"])
        defer { run.remove() }
        try #require(run.status == 0, "\(run.err)")
        try expectFiniteOutputs(run)
        let out = try pythonCheck(run, inputs: [same], studyArea: nil, types: [], months: nil)
        #expect(out.contains("30 incidents after filtering"))
        #expect(out.contains("ok    automatic cell"))
        let grid = try run.grid()
        #expect(grid.map { Int($0["count"]!)! }.reduce(0, +) == 30)
        #expect(grid.filter { $0["count"] != "0" }.count == 1)
    }

    // MARK: Well-formed outputs

    @Test func gridFilesMatchTheManifest() throws {
        let run = try Self.bundled.get()
        try #require(run.status == 0, "\(run.err)")
        try expectFiniteOutputs(run)
        let columns = try #require(try run.parameter("grid_columns").value as? Int)
        let rows = try #require(try run.parameter("grid_rows").value as? Int)
        let inside = try #require(try run.parameter("study_area_cells").value as? Int)
        let origin = try #require(try run.parameter("grid_origin").value as? [String]).compactMap(Double.init)
        let grid = try run.grid()
        #expect(grid.count == columns * rows)
        #expect(grid.filter { $0["in_study_area"] == "1" }.count == inside)

        let geojson = try run.json("grid.geojson")
        let features = try #require(geojson["features"] as? [[String: Any]])
        #expect(features.count == inside)
        let properties = features.compactMap { $0["properties"] as? [String: Any] }
        let ids = Set(properties.compactMap { $0["cell_id"] as? Int }.map(String.init))
        #expect(ids == Set(grid.filter { $0["in_study_area"] == "1" }.map { $0["cell_id"]! }))
        for key in ["count", "density", "gi_z", "gi_bin", "moran_class", "neighbourhood_id"] {
            #expect(properties.allSatisfy { !($0[key] is NSNull) && $0[key] != nil }, "\(key)")
        }

        let asc = try run.text("density.asc").split(separator: "\n")
        let header = Dictionary(uniqueKeysWithValues: asc.prefix(6).map { line -> (String, Double) in
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            return (parts[0].lowercased(), Double(parts[1])!)
        })
        #expect(header["ncols"] == Double(columns))
        #expect(header["nrows"] == Double(rows))
        #expect(header["xllcorner"] == origin[0])
        #expect(header["yllcorner"] == origin[1])
        #expect(header["cellsize"] == 250)
        #expect(asc.count == 6 + rows)
        let values = asc.dropFirst(6).map { $0.split(separator: " ") }
        #expect(values.allSatisfy { $0.count == columns })
        let nodata = values.joined().filter { $0 == "-9999" }.count
        #expect(nodata == columns * rows - inside)
        #expect(try run.text("density.prj").hasPrefix("PROJCS[\"British_National_Grid\""))
    }

    @Test func hotspotsTableIsTheTopCellsByGiZ() throws {
        let run = try Self.bundled.get()
        try #require(run.status == 0, "\(run.err)")
        let table = try csvRecords(run.text("hotspots.csv"))
        try #require(table.count == 20)
        #expect(table.map { Int($0["rank"]!)! } == Array(1...20))
        let z = table.map { Double($0["gi_z"]!)! }
        #expect(zip(z, z.dropFirst()).allSatisfy { $0 >= $1 }, "gi_z not descending: \(z)")
        // The same cells as the 20 largest gi_z in grid.csv.
        let grid = try run.grid()
        let ranked = grid.filter { $0["in_study_area"] == "1" }.map { (cell: $0["cell_id"]!, z: Double($0["gi_z"]!)!) }
            .sorted { $0.z > $1.z }
        #expect(abs(z[19] - ranked[19].z) <= 1e-12 * abs(ranked[19].z))
        #expect(Set(table.map { $0["cell_id"]! }).isSubset(of: Set(ranked.prefix(25).map(\.cell))))
        let byID = Dictionary(uniqueKeysWithValues: grid.map { ($0["cell_id"]!, $0) })
        for row in table {
            let cell = try #require(byID[row["cell_id"]!])
            #expect(row["count"] == cell["count"])
            #expect(row[Self.violence] == cell["count"])
            #expect(row["neighbourhood_id"] == cell["neighbourhood_id"] && row["district_id"] == cell["district_id"])
            let lon = Double(row["longitude"]!)!, lat = Double(row["latitude"]!)!
            #expect((-2.2 ... -1.1).contains(lon) && (53.5 ... 54.0).contains(lat), "\(lon), \(lat)")
        }
    }

    @Test func evaluationAndConcentrationAreConsistent() throws {
        let run = try Self.bundled.get()
        try #require(run.status == 0, "\(run.err)")
        let grid = try run.grid().filter { $0["in_study_area"] == "1" }
        let insideIncidents = Double(grid.map { Int($0["count"]!)! }.reduce(0, +))

        let evaluation = try run.json("evaluation.json")
        #expect(evaluation["study_area_cells"] as? Int == grid.count)
        let tops = try #require(evaluation["top"] as? [[String: Any]])
        #expect(tops.count == 4)
        for top in tops {
            let cells = try #require(top["cells"] as? Int)
            var pai: [Double] = []
            for period in ["selection_period", "evaluation_period"] {
                let p = try #require(top[period] as? [String: Any])
                let hit = p["hit_rate"] as! Double, share = p["area_share"] as! Double
                #expect(abs(p["pai"] as! Double - hit / share) <= 1e-12 * hit / share)
                #expect(abs(hit - (p["incidents_captured"] as! Double) / (p["incidents_total"] as! Double)) <= 1e-15)
                #expect(abs(share - Double(cells) / Double(grid.count)) <= 1e-15)
                #expect((0...1).contains(p["pei"] as! Double))
                pai.append(p["pai"] as! Double)
            }
            #expect(abs(top["rri"] as! Double - pai[1] / pai[0]) <= 1e-12 * pai[1] / pai[0])
        }
        let selection = try #require(tops.first?["selection_period"] as? [String: Any])
        #expect(selection["incidents_total"] as? Double == insideIncidents)

        let concentration = try run.json("concentration.json")
        for (name, places) in [("cells", grid.count), ("neighbourhoods", 1_388)] {
            let c = try #require(concentration[name] as? [String: Any])
            #expect(c["places"] as? Int == places)
            var shares = ["gini", "generalised_gini", "share_of_places_holding_25pc", "share_of_places_holding_50pc"]
                .map { c[$0] as! Double }
            shares += (c["share_of_incidents_in_top"] as! [String: Double]).values
            #expect(shares.count == 8)
            #expect(shares.allSatisfy { (0...1).contains($0) }, "\(name): \(shares)")
        }
        #expect((concentration["cells"] as! [String: Any])["incidents"] as? Double == insideIncidents)
    }

    @Test func manifestAddsUpAndChecksumsInputs() throws {
        let run = try Self.bundled.get()
        try #require(run.status == 0, "\(run.err)")
        let manifest = try run.json("manifest.json")
        let rows = try #require(manifest["rows"] as? [String: Any])
        let parts = ["assigned", "outside", "no_location", "rejected"].map { rows[$0] as! Int }
        #expect(parts.reduce(0, +) == rows["read"] as? Int)
        #expect(rows["read"] as? Int == 87_348)
        #expect(rows["balanced"] as? Bool == true)
        let inputs = try #require(manifest["inputs"] as? [[String: Any]])
        #expect(inputs.count == 4)
        for input in inputs {
            let path = input["path"] as! String, sha = input["sha256"] as! String
            #expect(sha.count == 64 && sha.allSatisfy(\.isHexDigit) && sha == sha.lowercased(), "\(sha)")
            let reference = try NeighbourhoodTests.run("/usr/bin/env", ["sha256sum", path])
            #expect(reference.out.hasPrefix(sha + " "), "\(path): \(reference.out)")
        }
        for output in manifest["outputs"] as! [String] {
            #expect(FileManager.default.fileExists(atPath: output), "\(output)")
        }
    }

    // MARK: Bad input

    /// A run that must fail, with its exit code and the words the message must hold.
    struct Refusal: Sendable, CustomTestStringConvertible {
        let name: String
        let arguments: [String]
        let status: Int32
        let words: [String]
        var testDescription: String { name }
    }

    static let refusals: [Refusal] = [
        Refusal(
            name: "no such crime type", arguments: [july2018, "--type", "Nonexistent", "--months", "2018-07"], status: 65,
            words: [
                "no incidents are left to map after filtering by --type 'Nonexistent'",
                "no incident has crime type 'Nonexistent'", "crime types in the files: Anti-social behaviour",
            ]),
        Refusal(
            name: "no such month", arguments: [july2018, "--months", "2019-01"], status: 65,
            words: ["after filtering by --months 2019-01 (the files hold 2018-07)"]),
        Refusal(
            name: "one incident, no radius", arguments: ["{synthetic}/one.csv", "--cell", "100"], status: 65,
            words: ["there is only one incident", "give --radius"]),
        Refusal(
            name: "one location, no radius", arguments: ["{synthetic}/same.csv"], status: 65,
            words: ["all 30 incidents are at one location", "give --radius"]),
        Refusal(
            name: "grid over the cell limit", arguments: [july2018] + studyAreaArguments + ["--cell", "0.5", "--radius", "400"],
            status: 65, words: ["with 0.5 m cells needs 128659 x 98228 cells, more than 50000000", "use a larger --cell"]),
        Refusal(
            name: "negative cell", arguments: [july2018, "--cell=-5"], status: 64,
            words: ["--cell must be a positive number of metres, not -5.0"]),
        Refusal(
            name: "zero radius", arguments: [july2018, "--radius", "0"], status: 64,
            words: ["--radius must be a positive number of metres, not 0.0"]),
        Refusal(
            name: "month 13", arguments: [july2018, "--months", "2018-13"], status: 64,
            words: ["--months '2018-13' is not a month or range like 2018-01..2018-06"]),
        Refusal(
            name: "month name", arguments: [july2018, "--evaluate-months", "July"], status: 64,
            words: ["--evaluate-months 'July' is not a month or range"]),
    ]

    @Test(arguments: refusals) func badInputIsRefusedClearly(_ refusal: Refusal) throws {
        let folder = try Self.synthetic.get()
        let run = try Self.hotspots(refusal.arguments.map { $0.replacingOccurrences(of: "{synthetic}", with: folder) })
        defer { run.remove() }
        #expect(run.status == refusal.status, "\(run.err)")
        for words in refusal.words { #expect(run.err.contains(words), "missing '\(words)' in: \(run.err)") }
        #expect(!run.err.contains("Fatal error"))
    }

    @Test func zeroVarianceGridHasNoHotspotAndWarnsOfASmallRadius() throws {
        let lattice = try Self.synthetic.get() + "/lattice.csv"
        let run = try Self.hotspots([lattice] + Self.latticeColumns + ["--cell", "100", "--radius", "10"])
        defer { run.remove() }
        try #require(run.status == 0, "\(run.err)")
        try expectFiniteOutputs(run)
        let grid = try run.grid()
        #expect(grid.count == 25)
        #expect(grid.allSatisfy { $0["count"] == "1" })
        #expect(grid.allSatisfy { $0["gi_bin"] == "0" && Double($0["gi_z"]!) == 0 && Double($0["gi_p"]!) == 1 })
        let warnings = try run.json("manifest.json")["warnings"] as! [String]
        for words in ["every study-area cell has the same value", "is smaller than a cell (100.0 m)"] {
            #expect(run.err.contains("warning: ") && run.err.contains(words), "\(run.err)")
            #expect(warnings.contains { $0.contains(words) }, "\(warnings)")
        }
    }

    @Test func weightColumnWeighsCellsAndDensity() throws {
        let folder = try temporaryFolder()
        // Three incidents in one 100 m cell weighing 1, 2.5 and 0.5, one in another weighing 4.
        try write(
            "id,E,N,type,harm\na,430050,433050,Robbery,1\nb,430060,433040,Robbery,2.5\nc,430040,433060,Robbery,0.5\n"
                + "d,430350,433350,Robbery,4\n", to: folder + "/w.csv")
        let arguments = [folder + "/w.csv"] + Self.latticeColumns + ["--cell", "100", "--radius", "200"]
        let weighted = try Self.hotspots(arguments + ["--weight-column", "harm", "--output", "counts"])
        defer { weighted.remove() }
        try #require(weighted.status == 0, "\(weighted.err)")
        let grid = try weighted.grid()
        let byCell = Dictionary(uniqueKeysWithValues: grid.map { ($0["cell_id"]!, $0) })
        let first = try #require(grid.first { $0["count"] == "3" })
        #expect(Double(first["weight"]!) == 4)
        #expect(grid.compactMap { Double($0["weight"]!) }.reduce(0, +) == 8)
        // Expected counts per cell sum to the total weight (the kernel integrates to 1;
        // the grid reaches past every point by the radius).
        let expected = grid.compactMap { Double($0["density"]!) }.reduce(0, +)
        #expect(abs(expected - 8) < 0.05 * 8, "\(expected)")
        #expect(byCell.count == grid.count)
        #expect(try weighted.parameter("weight_column").value as? String == "harm")
        // A weight that is not a number is refused, naming the column and the value.
        try write("id,E,N,type,harm\na,430050,433050,Robbery,heavy\n", to: folder + "/bad.csv")
        let bad = try Self.hotspots([folder + "/bad.csv"] + Self.latticeColumns + ["--radius", "200", "--weight-column", "harm"])
        defer { bad.remove() }
        #expect(bad.status == 65)
        #expect(bad.err.contains("'harm' holds 'heavy'"), "\(bad.err)")
    }

    @Test func radiusLargerThanTheStudyAreaWarns() throws {
        let folder = try Self.synthetic.get()
        let withArea = try Self.hotspots(
            [folder + "/same.csv"] + Self.studyAreaArguments + ["--cell", "1000", "--radius", "100000"])
        defer { withArea.remove() }
        try #require(withArea.status == 0, "\(withArea.err)")
        #expect(withArea.err.contains("is at least the grid's longer side"), "\(withArea.err)")
        try expectFiniteOutputs(withArea)
        let pointsOnly = try Self.hotspots(
            [folder + "/lattice.csv"] + Self.latticeColumns + ["--cell", "100", "--radius", "1000"])
        defer { pointsOnly.remove() }
        try #require(pointsOnly.status == 0, "\(pointsOnly.err)")
        #expect(pointsOnly.err.contains("is at least the longer side of the points' extent (400.0 m)"), "\(pointsOnly.err)")
        #expect((try pointsOnly.json("manifest.json")["warnings"] as! [String]).contains { $0.contains("points' extent") })
        try expectFiniteOutputs(pointsOnly)
    }

    // MARK: Permutations

    @Test func permutationsReproduceWithTheSameSeed() throws {
        let arguments = [Self.july2018] + Self.studyAreaArguments + [
            "--type", Self.violence, "--cell", "1000", "--radius", "1500", "--permutations", "99",
        ]
        let first = try Self.hotspots(arguments + ["--seed", "7"])
        let again = try Self.hotspots(arguments + ["--seed", "7"])
        let other = try Self.hotspots(arguments + ["--seed", "8"])
        defer { for run in [first, again, other] { run.remove() } }
        for run in [first, again, other] { try #require(run.status == 0, "\(run.err)") }
        #expect(try first.text("grid.csv") == again.text("grid.csv"))
        #expect(try first.parameter("seed").value as? String == "7")
        #expect(try first.parameter("permutations").value as? Int == 99)
        let a = try first.grid().filter { $0["in_study_area"] == "1" }.map { Double($0["gi_p_sim"]!)! }
        let b = try other.grid().filter { $0["in_study_area"] == "1" }.map { Double($0["gi_p_sim"]!)! }
        #expect(a.count == b.count && a.count > 1_000)
        #expect(a != b)
        // Pseudo p-values are (k + 1) / 100 for whole k.
        #expect(a.allSatisfy { p in p > 0 && p <= 1 && abs(p * 100 - (p * 100).rounded()) < 1e-9 })
        try expectFiniteOutputs(first)
    }
}

/// Header-keyed records of a CSV text (RFC 4180 quotes).
func csvRecords(_ text: String) -> [[String: String]] {
    var records: [[String]] = [], field = "", record: [String] = [], quoted = false
    var iterator = text.makeIterator()
    while let c = iterator.next() {
        if quoted {
            if c == "\"" {
                if let next = iterator.next() {
                    if next == "\"" { field.append("\"") } else {
                        quoted = false
                        if next == "," { record.append(field); field = "" } else if next == "\n" {
                            record.append(field); records.append(record); record = []; field = ""
                        } else { field.append(next) }
                    }
                } else { quoted = false }
            } else { field.append(c) }
        } else if c == "\"" { quoted = true } else if c == "," { record.append(field); field = "" } else if c == "\n" {
            record.append(field); records.append(record); record = []; field = ""
        } else { field.append(c) }
    }
    if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
    guard let header = records.first else { return [] }
    return records.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
}
