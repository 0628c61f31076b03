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
