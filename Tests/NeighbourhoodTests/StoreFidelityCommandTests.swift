import Foundation
import Testing

/// What the store keeps of a row beyond police.uk's usual columns (schema `v7`): a force
/// extract's own id column, `Falls within` and `Reported by` where they differ, non-empty
/// contexts; and what it refuses (selectors on the LSOA columns it does not keep). Each
/// analysis from `--store` is compared with the same analysis on the CSV files.
@Suite(.serialized) struct StoreFidelityCommandTests {
    let nbhd = nbhdExecutable()

    /// The header and first `rows` rows of a bundled month, as lines.
    static func monthLines(_ month: String, rows: Int) throws -> [String] {
        let lines = try gunzip(month).split(separator: 0x0A, omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
            .map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 }
        return Array(lines[0...rows])
    }

    /// Rewrites the unquoted rows of `lines` (police.uk's 12 columns) with `change`, which
    /// gets the row's number (from 1) and its fields.
    static func rewrite(_ lines: [String], _ change: (Int, inout [String]) -> Void) -> [String] {
        var out = [lines[0]]
        for (i, line) in lines.enumerated().dropFirst() {
            var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if !line.contains("\""), fields.count == 12 { change(i, &fields) }
            out.append(fields.joined(separator: ","))
        }
        return out
    }

    /// A definitions file of one indicator per (id, column, values).
    static func definitions(_ indicators: [(String, String, [String])], to path: String) throws {
        let list: [[String: Any]] = indicators.map { id, column, values in
            ["id": id, "label": id, "description": id, "unit": "offences",
             "variants": [["name": column, "selector": ["column": column, "values": values]]]]
        }
        let data = try JSONSerialization.data(withJSONObject: ["version": 1, "indicators": list], options: [.sortedKeys])
        try data.write(to: URL(fileURLWithPath: path))
    }

    /// Runs one SQL query on a store with the sqlite3 shell and returns its output.
    func sql(_ store: String, _ query: String) throws -> String {
        let result = try run("/usr/bin/env", ["sqlite3", store, query])
        #expect(result.status == 0, "\(result.err)")
        return result.out.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func anIDColumnGivenByIDColumnIsStoredAsTheCrimeID() throws {
        let folder = try temporaryFolder()
        let file = folder + "/2018-07-extract.csv"
        var lines = try Self.monthLines(bundledMonths[2], rows: 3000)
        lines[0] = lines[0].replacingOccurrences(of: "Crime ID,", with: "Ref,")
        try write(lines.joined(separator: "\n") + "\n", to: file)
        let store = folder + "/s.sqlite"
        let imported = try run(nbhd, ["import", file, "--id-column", "Ref", "--store", store])
        #expect(imported.status == 0, "\(imported.err)")
        // The ids are stored as Crime IDs (police.uk's 64 hex digits packed into 32 bytes).
        let withID = lines.dropFirst().filter { !$0.hasPrefix(",") }.count
        #expect(try sql(store, "SELECT count(*) FROM incidents WHERE length(crime_id) = 32") == String(withID))
        #expect(withID > 1000)
        #expect(try sql(store, "SELECT id_column FROM imports") == "Ref")
        // incidents.csv shows them as the CSV path does; indicators count repeated ids once as it does.
        try expectSameOutputs(
            ["assign"], files: [file], csvOptions: ["--id-column", "Ref"], store: store,
            outputs: ["incidents.csv", "counts.csv", "areas.geojson"], folder: folder)
        let incidents = try readText(folder + "/store-assign/incidents.csv").split(separator: "\n")
        #expect(incidents.filter { $0.split(separator: ",", omittingEmptySubsequences: false)[2].count == 64 }.count == withID)
        let definitions = folder + "/defs.json"
        let someID = String(lines.dropFirst().first { !$0.hasPrefix(",") }!.prefix(64))
        try Self.definitions([("by_ref", "Ref", [someID]), ("unable", "Last outcome category", ["Unable to prosecute suspect"])], to: definitions)
        try expectSameOutputs(
            ["indicators", "--period", "2018-07", "--definitions", definitions], files: [file],
            csvOptions: ["--id-column", "Ref"], store: store, outputs: ["indicators.csv", "indicators.geojson"], folder: folder)
        let byRef = try readText(folder + "/store-indicators/indicators.csv").split(separator: "\n").filter { $0.contains(",by_ref,") }
        #expect(!byRef.isEmpty)

        // A re-published extract is matched by its ids, as police.uk files are: the rows
        // whose outcome changed are `changed`, none added or removed (matched by content,
        // as before v7, each would be one removed and one added).
        var changed = 0
        let republished = Self.rewrite(lines) { i, fields in
            guard !fields[0].isEmpty, i % 10 == 0, fields[10] != "Offender sent to prison" else { return }
            fields[10] = "Offender sent to prison"
            changed += 1
        }
        let second = folder + "/2018-07-extract-v2.csv"
        try write(republished.joined(separator: "\n") + "\n", to: second)
        let again = try run(nbhd, ["import", second, "--id-column", "Ref", "--store", store])
        #expect(again.status == 0, "\(again.err)")
        #expect(again.err.contains("0 added, 0 removed, \(changed.formatted()) changed"), "\(again.err)")
        #expect(changed > 100)
    }

    @Test func aCrimeIDColumnBesideTheIDColumnIsRefusedFromTheStore() throws {
        let folder = try temporaryFolder()
        let file = folder + "/extract.csv"
        let lines = try Self.monthLines(bundledMonths[2], rows: 200)
        try write(([lines[0] + ",Ref"] + lines.dropFirst().enumerated().map { "\($1),R\($0)" }).joined(separator: "\n") + "\n", to: file)
        let store = folder + "/s.sqlite"
        let imported = try run(nbhd, ["import", file, "--id-column", "Ref", "--store", store])
        #expect(imported.status == 0, "\(imported.err)")
        #expect(try sql(store, "SELECT crime_id FROM incidents ORDER BY id LIMIT 1") == "R0")
        // The store keeps Ref as the Crime ID: a selector on the file's own Crime ID column
        // works on the CSVs and is refused from the store, never read as something else.
        let definitions = folder + "/defs.json"
        try Self.definitions([("one", "Crime ID", [String(lines[1].prefix(64))])], to: definitions)
        let arguments = ["indicators", "--period", "2018-07", "--definitions", definitions, "--boundaries"] + bundledLayerArguments
        #expect(try run(nbhd, arguments + [file, "--id-column", "Ref", "--out", folder + "/csv"]).status == 0)
        let fromStore = try run(nbhd, arguments + ["--store", store, "--out", folder + "/store"])
        #expect(fromStore.status == 65)
        #expect(fromStore.err.contains("column 'Crime ID'") && fromStore.err.contains("id column 'Ref'"), "\(fromStore.err)")
    }

    @Test func forcesThatDifferAndContextsReadBackAsInTheFiles() throws {
        let folder = try temporaryFolder()
        let file = folder + "/2018-07-mixed.csv"
        var context = 0, reported = 0, fallsWithin = 0
        let lines = Self.rewrite(try Self.monthLines(bundledMonths[2], rows: 3000)) { i, fields in
            if i % 7 == 0 {
                fields[2] = "British Transport Police"
                reported += 1
            } else if i % 11 == 0 {
                fields[3] = ""
                fallsWithin += 1
            }
            if i % 13 == 0 {
                fields[11] = i % 2 == 0 ? "Seen by a patrol" : " seen by a PATROL "
                context += 1
            }
        }
        try write(lines.joined(separator: "\n") + "\n", to: file)
        let store = folder + "/s.sqlite"
        let imported = try run(nbhd, ["import", file, "--store", store])
        #expect(imported.status == 0, "\(imported.err)")
        // Only the rows that need it cost a row of incident_extras.
        let kept = try sql(store, """
            SELECT n.name, count(*) FROM incident_extras x JOIN extra_columns n ON n.id = x.column_id GROUP BY n.name ORDER BY n.name
            """)
        #expect(kept == "Context|\(context)\nFalls within|\(fallsWithin)\nReported by|\(reported)")
        #expect(reported > 100 && fallsWithin > 100 && context > 100)
        let definitions = folder + "/defs.json"
        try Self.definitions([
            ("btp", "Reported by", ["British Transport Police"]),
            ("wyp_reported", "Reported by", ["West Yorkshire Police"]),
            ("wyp_falls", "Falls within", ["West Yorkshire Police"]),
            ("patrol", "Context", ["seen by a patrol"]),
        ], to: definitions)
        try expectSameOutputs(
            ["indicators", "--period", "2018-07", "--definitions", definitions], files: [file], store: store,
            outputs: ["indicators.csv", "indicators.geojson"], folder: folder)
        let indicators = try readText(folder + "/store-indicators/indicators.csv")
        for id in ["btp", "wyp_reported", "wyp_falls", "patrol"] { #expect(indicators.contains(",\(id),"), "\(id)") }
        #expect(!(try readText(folder + "/store-indicators/manifest.json")).contains("not available"))
        let check = try checkStore(store)
        #expect(check["extras_consistent"] as? Bool == true)
        #expect(check["integrity"] as? [String] == ["ok"])
    }

    @Test func policeUKMonthsKeepNothingMoreAndRefuseLSOASelectors() throws {
        let folder = try temporaryFolder()
        let store = folder + "/s.sqlite"
        let imported = try run(nbhd, ["import", bundledMonths[2], "--store", store])
        #expect(imported.status == 0, "\(imported.err)")
        // The month's non-empty contexts (none) are all it keeps beyond the usual columns.
        let contexts = String(decoding: try gunzip(bundledMonths[2]), as: UTF8.self).split(separator: "\n").dropFirst()
            .filter { !$0.hasSuffix(",") && !$0.hasSuffix(",\r") }.count
        #expect(try sql(store, "SELECT count(*) FROM incident_extras") == String(contexts))
        #expect(try sql(store, "SELECT id_column FROM imports") == "Crime ID")

        let definitions = folder + "/defs.json"
        try Self.definitions([("lsoa", "LSOA code", ["E01011698"])], to: definitions)
        let arguments = ["indicators", "--period", "2018-07", "--definitions", definitions, "--boundaries"] + bundledLayerArguments
        let fromCSV = try run(nbhd, arguments + [bundledMonths[2], "--out", folder + "/csv"])
        #expect(fromCSV.status == 0, "\(fromCSV.err)")
        let fromStore = try run(nbhd, arguments + ["--store", store, "--out", folder + "/store"])
        #expect(fromStore.status == 65)
        #expect(fromStore.err.contains("column 'LSOA code'") && fromStore.err.contains("run this analysis on the CSV files"), "\(fromStore.err)")
        // Other columns the store keeps in its own way are refused too, never read as absent.
        try Self.definitions([("months", "Month", ["2018-07"])], to: definitions)
        let month = try run(nbhd, arguments + ["--store", store, "--out", folder + "/store"])
        #expect(month.status == 65 && month.err.contains("column 'Month'"), "\(month.err)")

        // assign cannot check rows against the area they name (LSOA code): it says so.
        let assign = try run(nbhd, ["assign", "--store", store, "--boundaries"] + bundledLayerArguments + ["--out", folder + "/a"])
        #expect(assign.status == 0, "\(assign.err)")
        #expect(assign.err.contains("not checked"), "\(assign.err)")
        #expect(try readText(folder + "/a/summary.json").contains("\"named_area_not_checked\": \"the store does not keep LSOA code"))
    }

    @Test func contextsOfImportsMadeBeforeV7AreRefused() throws {
        let folder = try temporaryFolder()
        let store = folder + "/s.sqlite"
        #expect(try run(nbhd, ["import", bundledMonths[2], "--store", store]).status == 0)
        // As an import before v7 left it: no id column, no header, no contexts.
        _ = try sql(store, "UPDATE imports SET id_column = NULL, header = NULL")
        let definitions = folder + "/defs.json"
        try Self.definitions([("patrol", "Context", ["x"])], to: definitions)
        let result = try run(
            nbhd, ["indicators", "--period", "2018-07", "--definitions", definitions, "--boundaries"] + bundledLayerArguments
                + ["--store", store, "--out", folder + "/o"])
        #expect(result.status == 65)
        #expect(result.err.contains("column 'Context'") && result.err.contains("schema v7"), "\(result.err)")
    }
}
