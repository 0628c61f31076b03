import Foundation
import Testing

/// `nbhd report` and `nbhd map` end to end on the bundled West Yorkshire data: the HTML
/// briefing loads in headless Chromium with no console error and no network request
/// (`Tests/reference/browser_check.py` over the DevTools protocol), stays under 5 MB, agrees
/// with `nbhd indicators`, and says plainly when there is nothing to map.
@Suite(.serialized) struct ReportCommandTests {
    static func path(_ relative: String) -> String { repositoryRoot.appendingPathComponent(relative).path }
    static func crime(_ month: String) -> String { path("geodata/crime/\(month)-west-yorkshire-street.csv.gz") }
    static let layerOptions = [
        "--boundaries", path("geodata/wy-lsoa-2011.geojson"), "--id-field", "LSOA11CD", "--name-field", "LSOA11NM",
        "--parent-field", "LAD11CD", "--definitions", path("geodata/indicators.json"),
        "--population", path("geodata/census-2011-lsoa-population.csv"),
    ]
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs `nbhd report`; returns status, stderr and the HTML (empty when not written).
    func report(_ files: [String], _ options: [String]) throws -> (status: Int32, err: String, html: String, path: String) {
        let out = try temporaryFolder() + "/report.html"
        let r = try run(nbhdExecutable(), ["report"] + files + Self.layerOptions + options + ["--out", out])
        let html = (try? readText(out)) ?? ""
        return (r.status, r.err, html, out)
    }

    static let header = "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context\n"

    @Test(.enabled(if: chromium != nil, "Debian's chromium is not installed (apt-get install chromium): the browser check cannot run"))
    func bundledReportLoadsInChromiumWithoutErrorsOrRequests() throws {
        let r = try report(["2017-07", "2018-07"].map(Self.crime), ["--period", "2018-07", "--baseline", "2017-07"])
        #expect(r.status == 0, "\(r.err)")
        let shot = try temporaryFolder() + "/report.png"
        let check = try run("/usr/bin/env", ["python3", Self.path("Tests/reference/browser_check.py"), r.path, shot])
        #expect(check.status == 0, "\(check.err)")
        let result = try JSONSerialization.jsonObject(with: Data(check.out.utf8)) as! [String: Any]
        #expect((result["console_errors"] as! [Any]).isEmpty, "\(result["console_errors"]!)")
        #expect((result["exceptions"] as! [Any]).isEmpty, "\(result["exceptions"]!)")
        #expect((result["log_errors"] as! [Any]).isEmpty, "\(result["log_errors"]!)")
        #expect((result["external_requests"] as! [Any]).isEmpty, "\(result["external_requests"]!)")
        let page = result["page"] as! [String: Any]
        #expect(page["svgs"] as! Int == 7)  // hotspot map + six computed indicators
        #expect(page["svgsWithoutLabel"] as! Int == 0)
        #expect(page["scripts"] as! Int == 0)
        #expect(page["tables"] as! Int >= 4)
        #expect((page["headings"] as! [String]).contains("Patrol hotspots"))
        let size = (try FileManager.default.attributesOfItem(atPath: shot)[.size] as? Int) ?? 0
        #expect(size > 100_000, "the screenshot is \(size) bytes")
    }

    @Test func bundledReportIsSelfContainedAndAgreesWithIndicators() throws {
        let r = try report([Self.crime("2017-07"), Self.crime("2018-07")], ["--period", "2018-07", "--baseline", "2017-07"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.html.utf8.count < 5_000_000)
        #expect(!r.html.contains("<script") && !r.html.contains("<link") && !r.html.contains("@import") && !r.html.contains("url("))
        let urls = r.html.components(separatedBy: "http").dropFirst().map { String($0.prefix(30)) }
        #expect(urls.allSatisfy { $0.hasPrefix("://www.w3.org/2000/svg\"") }, "\(Set(urls))")
        // The headline all-crime count and the force row of `nbhd indicators` on the same input.
        let folder = try temporaryFolder()
        let ind = try run(nbhdExecutable(), ["indicators", Self.crime("2017-07"), Self.crime("2018-07")] + Self.layerOptions
            + ["--period", "2018-07", "--baseline", "2017-07", "--force-id", "West Yorkshire", "--out", folder])
        #expect(ind.status == 0, "\(ind.err)")
        let rows = parseCSV(try readText(folder + "/indicators.csv"))
        let header = rows[0]
        let force = rows.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
            .first { $0["indicator"] == "all_crime" && $0["level"] == "force" }!
        let count = Int(force["count"]!)!
        var grouped = String(count)
        if count >= 1000 { grouped.insert(",", at: grouped.index(grouped.endIndex, offsetBy: -3)) }
        #expect(r.html.contains("<th scope=\"row\">All crime</th><td>\(grouped)</td>"))
        #expect(r.html.contains("Every month of the period has data."))
        #expect(r.html.contains("Reproduce this briefing") && r.html.contains("--period 2018-07"))
    }

    @Test func fromTheStoreTheReportEqualsTheOneFromFiles() throws {
        let months = [Self.crime("2017-07"), Self.crime("2018-07")]
        let store = try temporaryFolder() + "/wy.sqlite"
        let imported = try run(nbhdExecutable(), ["import"] + months + ["--store", store])
        #expect(imported.status == 0, "\(imported.err)")
        let options = ["--period", "2018-07", "--baseline", "2017-07"]
        let fromFiles = try report(months, options)
        let fromStore = try report([], options + ["--store", store])
        #expect(fromStore.status == 0, "\(fromStore.err)")
        // Only the inputs line and the command to reproduce differ.
        func lines(_ html: String) -> [String] { html.replacingOccurrences(of: "><", with: ">\n<").components(separatedBy: "\n") }
        let a = lines(fromFiles.html), b = lines(fromStore.html)
        #expect(a.count == b.count && a.count > 1_000)
        let differing = zip(a, b).filter { $0 != $1 }
        #expect(differing.count == 2, "\(differing.prefix(4))")
        #expect(differing.allSatisfy { $0.0.contains("2 input(s)") || $0.1.contains("--store \(store)") })
        let both = try run(nbhdExecutable(), ["report", Self.crime("2018-07"), "--store", store] + Self.layerOptions + options + ["--out", store + ".html"])
        #expect(both.status == 64 && both.err.contains("Give either incident files or --store, not both."))
    }

    @Test func aPeriodWithMissingMonthsSaysSo() throws {
        let r = try report([Self.crime("2018-07")], ["--period", "2018-06..2018-07", "--baseline", "2017-07"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.html.contains("No rows at all for 2018-06: figures cover 1 of 2 months"))
        #expect(r.html.contains("NO DATA for 2018-06: 1 of 2 months shown"))
        #expect(r.html.contains("No rows at all for any month of the baseline 2017-07"))
    }

    @Test func noDataForThePeriodDrawsNoMaps() throws {
        let folder = try temporaryFolder()
        try write(Self.header, to: folder + "/empty.csv")
        let r = try report([folder + "/empty.csv"], ["--period", "2018-07"])
        #expect(r.status == 0, "\(r.err)")
        #expect(!r.html.contains("<svg"))
        #expect(r.html.contains("No rows at all for any month of 2018-07"))
        #expect(r.html.contains("no maps are drawn rather than empty ones"))
    }

    @Test func zeroIncidentsInTheAreaSaysSoOnEveryMap() throws {
        let folder = try temporaryFolder()
        // Three incidents in Leeds city centre; the report is for Bradford (E08000032).
        var text = Self.header
        for i in 0..<3 { text += "id\(i),2018-07,West Yorkshire Police,West Yorkshire Police,-1.5491,53.7997,On or near Park Row,,,Burglary,,\n" }
        try write(text, to: folder + "/leeds.csv")
        let r = try report([folder + "/leeds.csv"], ["--period", "2018-07", "--area", "district:E08000032"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.html.contains("No incidents were recorded in the area in 2018-07: there are no hotspots to patrol."))
        let maps = r.html.components(separatedBy: "<svg").count - 1
        #expect(maps == 7)
        #expect(r.html.components(separatedBy: "there is nothing to shade").count - 1 >= 12)  // map note + caption
        #expect(!r.html.contains("class=\"legend-class\""))
    }

    @Test func oneNeighbourhoodGetsTablesNotAMap() throws {
        let r = try report([Self.crime("2018-07")], ["--period", "2018-07", "--area", "neighbourhood:E01011698"])
        #expect(r.status == 0, "\(r.err)")
        #expect(!r.html.contains("<svg"))
        #expect(r.html.contains("is a single neighbourhood: a map would have nothing to compare it with"))
        #expect(r.html.contains("<th scope=\"row\">All crime</th>"))
    }

    @Test func badAreaAndIndicatorAreClearErrors() throws {
        let r = try report([Self.crime("2018-07")], ["--period", "2018-07", "--area", "district:E0999"])
        #expect(r.status == 64)
        #expect(r.err.contains("no neighbourhood of") && r.err.contains("'E0999'"))
        let folder = try temporaryFolder()
        let m = try run(nbhdExecutable(), ["map", Self.crime("2018-07")] + Self.layerOptions
            + ["--period", "2018-07", "--indicator", "nope", "--out", folder + "/m.svg"])
        #expect(m.status == 65)
        #expect(m.err.contains("indicator 'nope' was not computed; available: serious_violence"))
        let bad = try run(nbhdExecutable(), ["map", Self.crime("2018-07")] + Self.layerOptions
            + ["--period", "2018-07", "--measure", "ratio", "--out", folder + "/m.svg"])
        #expect(bad.status == 64)
        #expect(bad.err.contains("--measure ratio needs --baseline"))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/rsvg-convert"), "rsvg-convert (Debian librsvg2-bin) is not installed"))
    func mapWritesSVGAndPNG() throws {
        let folder = try temporaryFolder()
        let r = try run(nbhdExecutable(), ["map", Self.crime("2017-07"), Self.crime("2018-07")] + Self.layerOptions + [
            "--period", "2018-07", "--baseline", "2017-07", "--indicator", "serious_violence", "--measure", "ratio",
            "--palette", "puor", "--hotspots", "gistar", "--labels", "3", "--districts", sharedData("boundaries/wy-districts-2013.geojson"),
            "--out", folder + "/m.svg", "--png", folder + "/m.png",
        ])
        #expect(r.status == 0, "\(r.err)")
        let svg = try readText(folder + "/m.svg")
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains("Rate ratio against 2017-07"))
        #expect(svg.contains("Gi* hot spot"))
        let png = try Data(contentsOf: URL(fileURLWithPath: folder + "/m.png"))
        #expect(png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
    }
}
