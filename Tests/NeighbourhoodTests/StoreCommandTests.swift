import Foundation
import Testing

/// `nbhd import`, `layers`, `export` and `--store` on the analyses, against the CSV path and
/// against Python's sqlite3.
@Suite(.serialized) struct StoreCommandTests {
    let nbhd = nbhdExecutable()

    @Test func storeCountsEqualTheCSVsAndImportIsIdempotent() throws {
        let folder = try temporaryFolder()
        let store = folder + "/wy.sqlite"
        try makeBundledStore(store)
        let check = try checkStore(store, csvFiles: bundledMonths)
        #expect(check["integrity"] as? [String] == ["ok"])
        #expect(check["rows"] as? Int == 87_348)
        #expect(check["partial"] as? Int == 0 && check["duplicates"] as? Int == 0)
        // Counts by month and crime type: the store (read by Python) equals the CSV files (read by Python).
        #expect(check["by_month_type"] as? [String: Int] == check["csv_by_month_type"] as? [String: Int])
        #expect(check["counts_consistent"] as? Bool == true)
        #expect(check["postings_consistent"] as? Bool == true)
        #expect(check["runs_consistent"] as? Bool == true)
        // The store's count table equals the CSV path's counts.csv byte for byte.
        let csvRun = try run(nbhd, ["assign"] + bundledMonths + ["--boundaries"] + bundledLayerArguments + ["--out", folder + "/csv", "--no-incidents"])
        #expect(csvRun.status == 0, "\(csvRun.err)")
        let counted = try run(nbhd, ["export", "--store", store, "--counts-by", "lsoa", "--out", folder + "/store-counts.csv"])
        #expect(counted.status == 0, "\(counted.err)")
        let fromCSV = try readText(folder + "/csv/counts.csv")
        let fromStore = try readText(folder + "/store-counts.csv")
        #expect(fromCSV.count > 1000 && fromCSV == fromStore)
        // Importing the same files again adds nothing.
        let again = try run(nbhd, ["import"] + bundledMonths + ["--store", store])
        #expect(again.status == 0, "\(again.err)")
        #expect(again.err.components(separatedBy: "already imported").count - 1 == 3)
        #expect(try checkStore(store)["rows"] as? Int == 87_348)
        #expect(try checkStore(store)["imports"] as? Int == 3)
    }

    /// With two layers in the store when the months are imported, each layer's count table
    /// equals `nbhd assign`'s `counts.csv` for that layer (the import counts the first layer
    /// and the others by different paths).
    @Test func everyLayerOfTheStoreIsCountedAtImport() throws {
        let folder = try temporaryFolder()
        let store = folder + "/two-layers.sqlite"
        let wards = [
            sharedData("boundaries/wy-wards-2013.geojson"), "--id-field", "WD13CD", "--name-field", "WD13NM",
            "--parent-field", "LAD13CD",
        ]
        for (name, layer) in [("lsoa", bundledLayerArguments), ("ward", wards)] {
            let add = try run(nbhd, ["layers", "add"] + layer + ["--name", name, "--store", store])
            #expect(add.status == 0, "\(add.err)")
        }
        let imported = try run(nbhd, ["import"] + bundledMonths + ["--store", store])
        #expect(imported.status == 0, "\(imported.err)")
        for (name, layer) in [("lsoa", bundledLayerArguments), ("ward", wards)] {
            let csvRun = try run(nbhd, ["assign"] + bundledMonths + ["--boundaries"] + layer + ["--out", folder + "/csv-" + name, "--no-incidents"])
            #expect(csvRun.status == 0, "\(csvRun.err)")
            let counted = try run(nbhd, ["export", "--store", store, "--counts-by", name, "--out", folder + "/store-\(name).csv"])
            #expect(counted.status == 0, "\(counted.err)")
            let fromCSV = try readText(folder + "/csv-\(name)/counts.csv")
            let fromStore = try readText(folder + "/store-\(name).csv")
            #expect(fromCSV.count > 1000 && fromCSV == fromStore, "\(name)")
        }
        #expect(try checkStore(store)["counts_consistent"] as? Bool == true)
    }

    @Test func analysesGiveTheSameFilesFromTheStoreAsFromTheCSVs() throws {
        let folder = try temporaryFolder()
        let store = folder + "/wy.sqlite"
        try makeBundledStore(store)
        let runs: [(command: [String], files: [String])] = [
            (["assign"], ["counts.csv", "incidents.csv", "areas.geojson"]),
            (["hotspots", "--type", "Violence and sexual offences", "--months", "2018-07", "--evaluate-months", "2017-07",
              "--cell", "250", "--radius", "400"], ["grid.csv", "hotspots.csv", "areas.csv", "evaluation.json", "concentration.json"]),
            (["indicators", "--period", "2018-07", "--baseline", "2017-07",
              "--definitions", repositoryRoot.appendingPathComponent("geodata/indicators.json").path,
              "--population", repositoryRoot.appendingPathComponent("geodata/census-2011-lsoa-population.csv").path],
             ["indicators.csv", "indicators.geojson"]),
        ]
        for (command, files) in runs {
            try expectSameOutputs(
                command, files: bundledMonths, store: store, outputs: files, folder: folder, minimumBytes: 1000)
        }
    }

    /// Rejected rows are kept by the import: an unfiltered `assign --store` lists them in
    /// `rejects.csv` and counts them as the CSV path does; a filtered one leaves them out.
    @Test func rejectedRowsAreKeptAndListedLikeTheCSVs() throws {
        let folder = try temporaryFolder()
        let header = "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context"
        let force = "West Yorkshire Police,West Yorkshire Police"
        let lines = [
            header,
            "c1,2018-07,\(force),-1.548,53.797,On or near Park Row,,,Burglary,,",
            "c2,2018-13,\(force),-1.548,53.797,On or near Park Row,,,Burglary,,",
            ",2018-07,\(force),-1.549,53.798,On or near Briggate,,,Anti-social behaviour,,",
            "c3,2018-07,\(force),abc,53.797,On or near Park Row,,,Drugs,,",
            "c4,2018-07,\(force),-1.548,95.5,\"On or near \"\"The Headrow\"\", Leeds\",,,Robbery,,",
            "c5,2018-07,\(force),,,No Location,,,Robbery,,",
        ]
        let csv = folder + "/messy.csv"
        try (lines.joined(separator: "\n") + "\n").write(toFile: csv, atomically: true, encoding: .utf8)
        let store = folder + "/s.sqlite"
        let boundaries = ["--boundaries"] + bundledLayerArguments
        #expect(try run(nbhd, ["import", csv, "--store", store]).status == 0)
        let fromCSV = try run(nbhd, ["assign", csv] + boundaries + ["--out", folder + "/csv"])
        let fromStore = try run(nbhd, ["assign", "--store", store] + boundaries + ["--out", folder + "/store"])
        #expect(fromCSV.status == 0 && fromStore.status == 0, "\(fromCSV.err) \(fromStore.err)")
        let rejects = try String(contentsOfFile: folder + "/csv/rejects.csv", encoding: .utf8)
        #expect(rejects.split(separator: "\n").count == 4, "\(rejects)")
        #expect(try String(contentsOfFile: folder + "/store/rejects.csv", encoding: .utf8) == rejects)
        func total(_ run: String) throws -> [String: AnyHashable] {
            let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/\(run)/summary.json"))
            let total = (try JSONSerialization.jsonObject(with: data) as! [String: Any])["total"] as! [String: Any]
            var out: [String: AnyHashable] = [:]
            for key in ["rows_read", "assigned", "outside", "no_location", "rejected"] { out[key] = total[key] as? Int }
            out["reject_reasons"] = (total["reject_reasons"] as? [String: Int]).map { $0 as AnyHashable }
            return out
        }
        let expected = try total("csv")
        #expect(expected["rows_read"] == AnyHashable(6) && expected["rejected"] == AnyHashable(3))
        #expect(try total("store") == expected)
        // A filtered read has no rejected rows.
        let july = try run(nbhd, ["assign", "--store", store, "--months", "2018-07"] + boundaries + ["--out", folder + "/july"])
        #expect(july.status == 0, "\(july.err)")
        #expect(try String(contentsOfFile: folder + "/july/rejects.csv", encoding: .utf8) == "file,line,reason,raw\n")
    }

    @Test func filtersByMonthTypeAndArea() throws {
        let folder = try temporaryFolder()
        let store = folder + "/wy.sqlite"
        try makeBundledStore(store)
        let boundaries = ["--boundaries"] + bundledLayerArguments
        // Burglary in July 2018 in Leeds (E08000035) from the store...
        let filtered = try run(nbhd, [
            "assign", "--store", store, "--months", "2018-07", "--type", "Burglary", "--area", "E08000035",
            "--store-layer", "lsoa", "--out", folder + "/f",
        ] + boundaries)
        #expect(filtered.status == 0, "\(filtered.err)")
        // ...equals the rows of the CSV path's counts.csv for that month, type and district.
        let all = try run(nbhd, ["assign", bundledMonths[2], "--out", folder + "/all"] + boundaries)
        #expect(all.status == 0)
        func total(_ path: String, keep: (Substring) -> Bool) throws -> Int {
            try readText(path).split(separator: "\n").dropFirst().filter(keep)
                .map { Int($0.split(separator: ",").last!)! }.reduce(0, +)
        }
        let expected = try total(folder + "/all/counts.csv") { $0.contains(",E08000035,2018-07,Burglary,") }
        #expect(expected > 100)
        #expect(try total(folder + "/f/counts.csv") { _ in true } == expected)
        // An unknown layer is a usage error naming the store's layers.
        let unknown = try run(nbhd, ["export", "--store", store, "--area", "E08000035", "--store-layer", "wards", "--out", folder + "/x.csv"])
        #expect(unknown.status == 64)
        #expect(unknown.err.contains("lsoa"))
    }

    @Test func aRepublishedMonthReplacesItsRows() throws {
        let folder = try temporaryFolder()
        let store = folder + "/wy.sqlite"
        try makeBundledStore(store)
        // Re-publish July 2018: drop the last 100 rows, change one outcome, add one new crime.
        // Split bytes, not Characters: "\r\n" is one Character in Swift. Lines keep their "\r".
        let lines = try gunzip(bundledMonths[2]).split(separator: 0x0A, omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        var rows = Array(lines.dropLast())  // after the final newline
        rows.removeLast(100)
        let changedIndex = rows.firstIndex { $0.hasPrefix("1") || $0.hasPrefix("a") || $0.hasPrefix("b") }!
        var fields = rows[changedIndex].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[10] = "Court result unavailable"
        rows[changedIndex] = fields.joined(separator: ",")
        var added = rows[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        added[0] = String(repeating: "f", count: 64)
        rows.append(added.joined(separator: ","))
        let republished = folder + "/2018-07-west-yorkshire-street-v2.csv"
        try write(rows.joined(separator: "\n") + "\n", to: republished)
        let result = try run(nbhd, ["import", republished, "--store", store])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.err.contains("replaces West Yorkshire Police 2018-07 (31,635 rows before)"))
        #expect(result.err.contains("1 added, 100 removed, 1 changed, 31,534 unchanged"))
        let check = try checkStore(store, csvFiles: [bundledMonths[0], bundledMonths[1], republished])
        #expect(check["rows"] as? Int == 87_348 - 100 + 1)
        #expect(check["by_month_type"] as? [String: Int] == check["csv_by_month_type"] as? [String: Int])
        #expect(check["counts_consistent"] as? Bool == true)
        #expect(check["postings_consistent"] as? Bool == true)
        #expect(check["runs_consistent"] as? Bool == true)
    }

    @Test func exportWritesCSVGeoJSONAndGeoPackage() throws {
        let folder = try temporaryFolder()
        let store = folder + "/wy.sqlite"
        try makeBundledStore(store)
        let csv = try run(nbhd, ["export", "--store", store, "--months", "2018-07", "--out", folder + "/e.csv"])
        #expect(csv.status == 0, "\(csv.err)")
        let lines = try readText(folder + "/e.csv").split(separator: "\n")
        #expect(lines.first == "file,line,crime_id,month,force,crime_type,outcome,longitude,latitude,location,easting,northing,status,lsoa_id")
        #expect(lines.count == 31_636)
        let geojson = try run(nbhd, ["export", "--store", store, "--format", "geojson", "--type", "Robbery", "--out", folder + "/e.geojson"])
        #expect(geojson.status == 0, "\(geojson.err)")
        let parsed = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/e.geojson"))) as! [String: Any]
        let features = parsed["features"] as! [[String: Any]]
        let expected = try checkStore(store)["by_month_type"] as! [String: Int]
        #expect(features.count == expected.filter { $0.key.hasSuffix("|Robbery") }.values.reduce(0, +))
        #expect(features.allSatisfy { ($0["properties"] as! [String: Any])["crime_type"] as? String == "Robbery" })
        // GeoPackage: GDAL (an independent reader) sees the same rows as the CSV export.
        let gpkg = try run(nbhd, ["export", "--store", store, "--months", "2018-07", "--format", "gpkg", "--out", folder + "/e.gpkg"])
        #expect(gpkg.status == 0, "\(gpkg.err)")
        let info = try run("/usr/bin/ogrinfo", ["-so", "-al", folder + "/e.gpkg"])
        #expect(info.status == 0, "\(info.err)")
        #expect(info.out.contains("Feature Count: 31635"))
        #expect(info.out.contains("Geometry: Point"))
        #expect(info.out.contains("ID[\"EPSG\",27700]]"))
        let back = try run("/usr/bin/ogr2ogr", ["-f", "CSV", folder + "/g.csv", folder + "/e.gpkg", "-lco", "GEOMETRY=AS_XY"])
        #expect(back.status == 0, "\(back.err)")
        /// The named columns of a CSV file (quoted fields unquoted; no field here spans lines).
        func rows(_ path: String, _ columns: [String]) throws -> [String] {
            func fields(_ line: Substring) -> [String] {
                var out: [String] = [], field = "", quoted = false
                var chars = line.makeIterator()
                while let c = chars.next() {
                    if c == "\"" { quoted.toggle() } else if c == ",", !quoted { out.append(field); field = "" } else { field.append(c) }
                }
                return out + [field]
            }
            let table = try readText(path).split(separator: "\n").map(fields)
            let positions = columns.map { table[0].firstIndex(of: $0)! }
            return table.dropFirst().map { row in positions.map { row[$0] }.joined(separator: "|") }.sorted()
        }
        let keys = ["file", "line", "crime_id", "month", "force", "crime_type", "outcome", "location", "status", "lsoa_id"]
        #expect(try rows(folder + "/g.csv", keys) == rows(folder + "/e.csv", keys))
        let located = try rows(folder + "/g.csv", ["X", "Y"]).filter { $0 != "|" }
        #expect(located.count == 31_635 - 883)
    }

    @Test func storeErrorsHaveExitCodesAndMessages() throws {
        let folder = try temporaryFolder()
        let notAStore = folder + "/notes.sqlite"
        try write("not a database\n", to: notAStore)
        let refused = try run(nbhd, ["import", bundledMonths[0], "--store", notAStore])
        #expect(refused.status == 65)
        #expect(refused.err.contains("notes.sqlite"))
        #expect(try readText(notAStore) == "not a database\n")
        let missing = try run(nbhd, ["export", "--store", folder + "/none.sqlite", "--out", folder + "/x.csv"])
        #expect(missing.status == 66)
        let readOnly = try run(nbhd, ["import", bundledMonths[0], "--store", "/proc/nbhd.sqlite"])
        #expect(readOnly.status == 73 || readOnly.status == 66)
        #expect(readOnly.err.contains("/proc/nbhd.sqlite"))
    }
}

/// The bytes of a gzip file, through the system's gzip.
func gunzip(_ path: String) throws -> Data {
    let target = try temporaryFolder() + "/plain.csv"
    let (status, _, err) = try run("/bin/sh", ["-c", "gzip -dc \"$0\" > \"$1\"", path, target])
    guard status == 0 else { throw CheckFailed(message: "gzip: \(err)") }
    return try Data(contentsOf: URL(fileURLWithPath: target))
}
