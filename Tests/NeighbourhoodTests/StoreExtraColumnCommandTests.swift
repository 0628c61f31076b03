import Foundation
import Testing

/// Force extracts through the store: their extra columns (offence code, knife flag, ...) and
/// rejected rows give the same outputs from `--store` as from the CSV files.
@Suite(.serialized) struct StoreExtraColumnCommandTests {
    let nbhd = nbhdExecutable()

    /// A force extract from the first `rows` rows of a bundled month: police.uk's columns
    /// plus `offence_code`, `knife_flag`, `Notes` and `severity`, with empty values, quoted
    /// values holding commas and quotes, and rejected rows in the middle and at the end.
    static func forceExtract(from month: String, rows: Int, to path: String) throws {
        let lines = try gunzip(month).split(separator: 0x0A, omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
            .map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 }
        let codes = ["8N", "008N", "34B", "10A", "", "28E", "4.1", "99"]
        let knives = ["Y", " yes ", "", "N", "true", "0", "\"y\""]
        let notes = ["\"a, b\"", "\"say \"\"hi\"\"\"", ""]
        var out = [lines[0] + ",offence_code,knife_flag,Notes,severity"]
        let force = "West Yorkshire Police,West Yorkshire Police"
        let label = String(lines[1].split(separator: ",", omittingEmptySubsequences: false)[1])
        let rejected = [
            "r1,\(label),\(force),abc,53.797,On or near Park Row,,,Burglary,,,8N,Y,x,1",
            "r2,2018-13,\(force),-1.548,53.797,On or near Park Row,,,Robbery,,,34B,Y,x,1",
            "r3,\(label),West Yorkshire Police",
            "r4,\(label),\(force),,53.797,On or near Park Row,,,Robbery,,,34B,Y,x,1",
        ]
        for (i, line) in lines[1...rows].enumerated() {
            if i == 10 { out += rejected.prefix(2) }
            if i == rows / 2 { out += rejected.suffix(2) }
            out.append(line + ",\(codes[i % codes.count]),\(knives[i % knives.count]),\(notes[i % notes.count]),\(i % 5 + 1)")
        }
        out.append("r5,\(label),\"West Yorkshire Police,\(force),-1.548,53.797,x,,,Robbery,,,34B,Y,x,1")
        try write(out.joined(separator: "\n") + "\n", to: path)
    }

    @Test func forceExtractsGiveTheSameOutputsFromTheStoreAsFromTheCSVs() throws {
        let folder = try temporaryFolder()
        let files = [folder + "/2017-07-extract.csv", folder + "/2018-07-extract.csv"]
        try Self.forceExtract(from: bundledMonths[1], rows: 3000, to: files[0])
        try Self.forceExtract(from: bundledMonths[2], rows: 3000, to: files[1])
        let store = folder + "/s.sqlite"
        let imported = try run(nbhd, ["import"] + files + ["--store", store])
        #expect(imported.status == 0, "\(imported.err)")
        let again = try run(nbhd, ["import"] + files + ["--store", store])
        #expect(again.err.contains("already imported"))
        let boundaries = ["--boundaries"] + bundledLayerArguments
        let runs: [(command: [String], files: [String])] = [
            (["indicators", "--period", "2018-07", "--baseline", "2017-07",
              "--definitions", repositoryRoot.appendingPathComponent("geodata/indicators.json").path,
              "--population", repositoryRoot.appendingPathComponent("geodata/census-2011-lsoa-population.csv").path],
             ["indicators.csv", "shares.csv", "indicators.geojson", "rejects.csv"]),
            (["assign"], ["incidents.csv", "counts.csv", "areas.geojson", "rejects.csv"]),
            (["hotspots", "--type", "Violence and sexual offences", "--months", "2018-07", "--weight-column", "severity",
              "--cell", "250", "--radius", "400"], ["grid.csv", "hotspots.csv", "areas.csv", "rejects.csv"]),
        ]
        for (command, outputs) in runs {
            try expectSameOutputs(command, files: files, store: store, outputs: outputs, folder: folder)
        }
        // The indicators that need the extract's columns were computed, not left out.
        let indicators = try readText(folder + "/store-indicators/indicators.csv")
        let manifest = try readText(folder + "/store-indicators/manifest.json")
        #expect(indicators.contains("knife_serious_violence"))
        #expect(!manifest.contains("knife_serious_violence not available"))
        #expect(manifest.contains("\"variant\": \"offence_codes\"") || manifest.contains("offence"))
        // incidents.csv lists the rejected rows in place (5 per file, one of them multi-line).
        let incidents = try readText(folder + "/store-assign/incidents.csv").split(separator: "\n")
        #expect(incidents.filter { $0.hasSuffix(",rejected") }.count == 10)
        // A filtered read leaves rejected rows out, as it leaves them out of rejects.csv and
        // the counts: the CSV path's lines of that month's file less its rejected ones.
        let july = try run(nbhd, ["assign", "--store", store, "--months", "2018-07"] + boundaries + ["--out", folder + "/july"])
        #expect(july.status == 0, "\(july.err)")
        let julyLines = try readText(folder + "/july/incidents.csv").split(separator: "\n")
        let csvJuly = try readText(folder + "/csv-assign/incidents.csv").split(separator: "\n")
            .filter { !$0.hasSuffix(",rejected") && ($0.hasPrefix("file,") || $0.hasPrefix(files[1] + ",")) }
        #expect(julyLines == csvJuly)
        // Export carries the extra columns.
        let export = try run(nbhd, ["export", "--store", store, "--out", folder + "/e.csv"])
        #expect(export.status == 0, "\(export.err)")
        let exported = try readText(folder + "/e.csv").split(separator: "\n")
        #expect(exported[0].hasSuffix(",status,offence_code,knife_flag,Notes,severity"))
        #expect(exported.count == 6001)
        #expect(exported[1].hasSuffix(",8N,Y,\"a, b\",1"))
        #expect(exported[2].hasSuffix(",008N,yes,\"say \"\"hi\"\"\",2"))
        let check = try checkStore(store)
        #expect(check["integrity"] as? [String] == ["ok"])
        #expect(check["extras_consistent"] as? Bool == true)
        #expect(check["rows"] as? Int == 6000)
    }

    /// A re-published extract month replaces the rows and their extra values: the analyses
    /// from the store then equal those from the new file.
    @Test func aRepublishedExtractReplacesItsExtraValues() throws {
        let folder = try temporaryFolder()
        let first = folder + "/2018-07-extract.csv", second = folder + "/2018-07-extract-v2.csv"
        try Self.forceExtract(from: bundledMonths[2], rows: 2000, to: first)
        // v2: every knife flag cleared, one offence code changed.
        var lines = try readText(first).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for k in 1..<(lines.count - 2) where lines[k].hasSuffix(",1") || lines[k].hasSuffix(",3") {
            var fields = lines[k].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 16 else { continue }
            fields[13] = ""
            lines[k] = fields.joined(separator: ",")
        }
        try write(lines.joined(separator: "\n"), to: second)
        let store = folder + "/s.sqlite"
        #expect(try run(nbhd, ["import", first, "--store", store]).status == 0)
        let republished = try run(nbhd, ["import", second, "--store", store])
        #expect(republished.status == 0, "\(republished.err)")
        #expect(republished.err.contains("0 added, 0 removed"))
        #expect(!republished.err.contains(" 0 changed"))
        let arguments = ["indicators", "--period", "2018-07", "--boundaries"] + bundledLayerArguments
        let fromCSV = try run(nbhd, arguments + [second, "--out", folder + "/csv"])
        let fromStore = try run(nbhd, arguments + ["--store", store, "--out", folder + "/store"])
        #expect(fromCSV.status == 0 && fromStore.status == 0, "\(fromCSV.err) \(fromStore.err)")
        for file in ["indicators.csv", "shares.csv"] {
            #expect(try readText(folder + "/csv/" + file) == readText(folder + "/store/" + file), "\(file)")
        }
        let check = try checkStore(store)
        #expect(check["extras_consistent"] as? Bool == true)
        #expect(check["counts_consistent"] as? Bool == true)
    }
}
