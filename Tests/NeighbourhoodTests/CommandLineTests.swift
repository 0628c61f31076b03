import Foundation
import Testing

/// The `nbhd` executable: help, exit codes and the summary file.
@Suite struct CommandLineTests {
    @Test func helpShowsARealExample() throws {
        let (status, out, _) = try run(nbhdExecutable(), ["assign", "--help"])
        #expect(status == 0)
        #expect(out.contains("nbhd assign geodata/crime/2018-07-west-yorkshire-street.csv.gz"))
    }

    @Test func bundledDataEndToEnd() throws {
        let out = try temporaryFolder()
        let (status, stdout, stderr) = try run(nbhdExecutable(), [
            "assign", repositoryRoot.appendingPathComponent("geodata/crime/2018-07-west-yorkshire-street.csv.gz").path,
            "--boundaries", repositoryRoot.appendingPathComponent("geodata/wy-lsoa-2011.geojson").path,
            "--id-field", "LSOA11CD", "--name-field", "LSOA11NM", "--parent-field", "LAD11CD",
            "--out", out, "--json",
        ])
        #expect(status == 0, "\(stderr)")
        #expect(stderr.contains("totals add up"))
        let summary = try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as! [String: Any]
        let total = summary["total"] as! [String: Any]
        #expect(total["rows_read"] as? Int == 31_635)
        #expect(total["no_location"] as? Int == 883)
        #expect(total["adds_up"] as? Bool == true)
        let sum = ["assigned", "outside", "no_location", "rejected"].map { total[$0] as! Int }.reduce(0, +)
        #expect(sum == 31_635)
        for file in ["incidents.csv", "counts.csv", "areas.geojson", "rejects.csv", "summary.json"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + file), "\(file)")
        }
        let areas = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/areas.geojson"))) as! [String: Any]
        let features = areas["features"] as! [[String: Any]]
        #expect(features.count == 1_388)
        let totals = features.map { ($0["properties"] as! [String: Any])["total"] as! Int }.reduce(0, +)
        #expect(totals == total["assigned"] as! Int)
    }

    @Test func exitCodesTellWhatWentWrong() throws {
        let out = try temporaryFolder()
        let boundaries = sharedData("boundaries/wy-lsoa-2011.geojson")
        let missing = try run(nbhdExecutable(), ["assign", "/no/such.csv", "--boundaries", boundaries, "--out", out])
        #expect(missing.status == 66)
        #expect(missing.err.contains("nbhd: error: /no/such.csv: cannot open: No such file or directory"))
        let badColumn = try run(nbhdExecutable(), [
            "assign", sharedData("crime/west-yorkshire/2018-07-west-yorkshire-street.csv"), "--boundaries", boundaries,
            "--out", out, "--lon-column", "Lon", "--lat-column", "Latitude",
        ])
        #expect(badColumn.status == 65)
        #expect(badColumn.err.contains("no column named 'Lon' (given by --lon-column)"))
        let usage = try run(nbhdExecutable(), ["assign", "x.csv", "--boundaries", boundaries, "--out", out, "--x-column", "E", "--y-column", "N"])
        #expect(usage.status == 64)
        let crs = try run(nbhdExecutable(), [
            "assign", sharedData("crime/west-yorkshire/2018-07-west-yorkshire-street.csv"), "--boundaries", boundaries,
            "--out", out, "--working-crs", "EPSG:4326",
        ])
        #expect(crs.status == 78)
        #expect(crs.err.contains("is in degrees"))
    }
}

@Suite("Working CRS chosen by where the boundaries lie")
struct WorkingCRSCommandTests {
    @Test("a layer outside Great Britain is assigned in its UTM zone, and summary.json says why")
    func outsideGreatBritain() throws {
        let folder = try temporaryFolder()
        try write("""
            {"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"code":"W"},"geometry":{"type":"Polygon","coordinates":[[[2.30,48.80],[2.35,48.80],[2.35,48.90],[2.30,48.90],[2.30,48.80]]]}},
            {"type":"Feature","properties":{"code":"E"},"geometry":{"type":"Polygon","coordinates":[[[2.35,48.80],[2.40,48.80],[2.40,48.90],[2.35,48.90],[2.35,48.80]]]}}]}
            """, to: folder + "/paris.geojson")
        try write("Crime ID,Month,Longitude,Latitude,Crime type\na,2024-01,2.32,48.85,Burglary\nb,2024-01,2.38,48.85,Burglary\nc,2024-01,2.45,48.85,Burglary\n", to: folder + "/p.csv")
        let result = try run(nbhdExecutable(), [
            "assign", folder + "/p.csv", "--boundaries", folder + "/paris.geojson", "--id-field", "code", "--out", folder + "/out",
        ])
        #expect(result.status == 0, "\(result.err)")
        let summary = try readText(folder + "/out/summary.json")
        #expect(summary.contains("\"working_crs\": \"EPSG:32631\""))
        #expect(summary.contains("UTM zone 31N of its centre (2.35 E, 48.85 N)"))
        let counts = try readText(folder + "/out/counts.csv")
        #expect(counts == "area_id,area_name,parent_id,month,crime_type,count\nW,W,,2024-01,Burglary,1\nE,E,,2024-01,Burglary,1\n")
        #expect(result.err.contains("outside      1"))
    }

    @Test("West Yorkshire in British National Grid metres chooses EPSG:27700; --working-crs overrides")
    func greatBritainAndOverride() throws {
        let folder = try temporaryFolder()
        let file = sharedData("crime/west-yorkshire/2018-07-west-yorkshire-street.csv")
        let layer = sharedData("boundaries/wy-msoa-2011-bng27700.geojson")
        let automatic = try run(nbhdExecutable(), ["assign", file, "--boundaries", layer, "--out", folder + "/a", "--no-incidents"])
        #expect(automatic.status == 0, "\(automatic.err)")
        let summary = try readText(folder + "/a/summary.json")
        #expect(summary.contains("\"working_crs\": \"EPSG:27700\""))
        #expect(summary.contains("\"working_crs_rule\": \"the layer lies within British National Grid's area of use"))
        let given = try run(nbhdExecutable(), [
            "assign", file, "--boundaries", layer, "--out", folder + "/b", "--no-incidents", "--working-crs", "EPSG:32630",
        ])
        #expect(given.status == 0, "\(given.err)")
        #expect(try readText(folder + "/b/summary.json").contains("\"working_crs_rule\": \"given\""))
    }
}
