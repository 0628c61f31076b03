import Foundation
import Testing

@testable import NeighbourhoodAnalytics

/// The shipped definitions (`geodata/indicators.json`) compiled against small inputs made for
/// the purpose: a force extract with offence codes and a knife flag, the same without them
/// (police.uk-like), and STATS19 casualty rows. Expected counts are worked out by hand from
/// the fixture rows (listed next to each expectation).
@Suite("Indicator definitions and compilation")
struct IndicatorDefinitionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func definitions() throws -> IndicatorSet {
        let bytes = try [UInt8](Data(contentsOf: root.appendingPathComponent("geodata/indicators.json")))
        return try IndicatorSet(json: bytes, source: "geodata/indicators.json")
    }

    /// geodata/crime-severity-weights-by-category.csv as category → weight.
    static func harmWeights() throws -> [String: Double] {
        let text = try String(contentsOf: root.appendingPathComponent("geodata/crime-severity-weights-by-category.csv"), encoding: .utf8)
        var table: [String: Double] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            table[String(f[0])] = Double(f[1])!
        }
        return table
    }

    /// A fixture as interned columns: column → distinct values, and per row its value ids.
    struct Interned {
        var columns: [String: [String]] = [:]
        var rows: [[String: Int32]] = []
        var raw: [[String: String]] = []

        init(_ name: String, rename: [String: String] = [:], drop: Set<String> = []) throws {
            for record in try IndicatorFixtures.rows(name) {
                var ids: [String: Int32] = [:]
                var rawRow: [String: String] = [:]
                for (header, value) in record where !drop.contains(header) {
                    let column = rename[header] ?? header
                    var values = columns[column, default: []]
                    let id = values.firstIndex(of: value) ?? { values.append(value); return values.count - 1 }()
                    columns[column] = values
                    ids[column] = Int32(id)
                    rawRow[column] = value
                }
                rows.append(ids)
                raw.append(rawRow)
            }
        }

        /// Per available indicator id: matched rows (indices) and total weight.
        func evaluate(_ compiled: CompiledIndicatorSet) -> [String: (rows: [Int], weight: Double)] {
            var out: [String: (rows: [Int], weight: Double)] = [:]
            for (k, indicator) in compiled.indicators.enumerated() {
                var matched: [Int] = []
                var total = 0.0
                for (i, row) in rows.enumerated() {
                    let ids = compiled.columns.map { row[$0]! }
                    if let w = compiled.weight(k, valueIDs: ids) {
                        matched.append(i)
                        total += w
                    }
                }
                out[indicator.definition.id] = (matched, total)
            }
            return out
        }
    }

    @Test("the shipped file has the required ids and validates")
    func shippedIds() throws {
        let set = try Self.definitions()
        #expect(set.indicators.map(\.id) == ["serious_violence", "possession_of_weapons", "knife_serious_violence", "neighbourhood_crime", "asb", "all_crime", "harm", "ksi"])
        #expect(set.shares.map(\.numerator) == ["knife_serious_violence"] && set.shares.map(\.denominator) == ["serious_violence"])
        #expect(set.weightTables["css"]?.file == "crime-severity-weights-by-category.csv")
    }

    @Test("force extract with offence codes and a knife flag: Home Office definitions are used")
    func forceExtract() throws {
        let input = try Interned("force-extract.csv", rename: ["crime_type": "crime_type"])
        let compiled = try Self.definitions().compile(columns: input.columns, weightTables: ["css": Self.harmWeights()])
        #expect(compiled.unavailable.map(\.id) == ["ksi"])
        #expect(compiled.columns == ["crime_type", "knife_flag", "offence_code"])
        let r = input.evaluate(compiled)
        // Row numbers are the fixture's c01…c20, 0-based here.
        #expect(r["serious_violence"]!.rows == [0, 2, 3, 4, 12, 15, 17, 18])  // 8N, 008N, 34B, 34A, 1, 5D, 4.10, 34B
        #expect(r["knife_serious_violence"]!.rows == [0, 2, 4, 12, 17, 18])  // Y, yes, true, y, 1, " Y "
        #expect(r["neighbourhood_crime"]!.rows == [3, 5, 7, 8, 18])  // 34B, 28E, 45, 39, 34B (not 34A, 30C)
        #expect(r["possession_of_weapons"]!.rows == [9])
        #expect(r["asb"]!.rows == [10, 11])
        #expect(r["all_crime"]!.rows.count == 18)
        let sv = compiled.indicators[compiled.index(of: "serious_violence")!]
        #expect(!sv.isProxy && sv.variant.name == "Home Office offence codes")
        #expect(compiled.shares.map(\.id) == ["knife_share_of_serious_violence"])
        // Harm: every non-ASB row weighted by its crime type's weight (case and spaces ignored).
        let weights = try Self.harmWeights()
        let expected = input.raw.filter { $0["crime_type"] != "Anti-social behaviour" }
            .map { row in weights.first { $0.key.lowercased() == row["crime_type"]!.trimmingCharacters(in: .whitespaces).lowercased() }!.value }
            .reduce(0, +)
        #expect(abs(r["harm"]!.weight - expected) < 1e-9)
        #expect(r["harm"]!.rows.count == 18)
        #expect(compiled.indicators[compiled.index(of: "harm")!].unweightedValues.isEmpty)
    }

    @Test("police.uk-like input: proxies flagged, knife indicator not available with the reason")
    func policeUKProxy() throws {
        let input = try Interned("force-extract.csv", drop: ["offence_code", "knife_flag"])
        let compiled = try Self.definitions().compile(columns: input.columns, weightTables: ["css": Self.harmWeights()])
        #expect(compiled.unavailable.map(\.id) == ["knife_serious_violence", "ksi"])
        let knife = compiled.unavailable[0].reason
        #expect(knife.contains("'knife_flag'") && knife.contains("police.uk street files have none"))
        #expect(compiled.shares.isEmpty)
        let r = input.evaluate(compiled)
        #expect(r["serious_violence"]!.rows == [0, 1, 2, 3, 4, 12, 13, 15, 17, 18])  // every V&SO and Robbery row
        #expect(r["neighbourhood_crime"]!.rows == [3, 4, 5, 6, 7, 8, 18])  // incl. business robbery 34A and burglary 30C
        let sv = compiled.indicators[compiled.index(of: "serious_violence")!]
        #expect(sv.isProxy && sv.proxyNotes.first!.contains("Over-counts"))
        let nc = compiled.indicators[compiled.index(of: "neighbourhood_crime")!]
        #expect(nc.isProxy && nc.proxyNotes.first!.contains("over-count"))
    }

    @Test("knife flag without offence codes: knife indicator inherits the proxy of serious violence")
    func knifeOnProxy() throws {
        let input = try Interned("force-extract.csv", drop: ["offence_code"])
        let compiled = try Self.definitions().compile(columns: input.columns, weightTables: ["css": Self.harmWeights()])
        let r = input.evaluate(compiled)
        #expect(r["knife_serious_violence"]!.rows == [0, 2, 4, 12, 17, 18])
        #expect(compiled.indicators[compiled.index(of: "knife_serious_violence")!].isProxy)
    }

    @Test("STATS19 casualty rows: KSI counts severities 1 and 2; crime indicators unavailable")
    func ksi() throws {
        let input = try Interned("stats19-casualties.csv")
        let compiled = try Self.definitions().compile(columns: input.columns, weightTables: ["css": Self.harmWeights()])
        #expect(compiled.indicators.map(\.definition.id) == ["ksi"])
        #expect(input.evaluate(compiled)["ksi"]!.rows == [0, 1, 4, 5, 7])  // 1, 2, 2, Serious, fatal
        // Collision rows only: the collision-severity variant, marked as a proxy.
        let collisions = try Self.definitions().compile(columns: ["accident_severity": ["3", "1"]])
        let k = collisions.indicators[collisions.index(of: "ksi")!]
        #expect(k.isProxy && k.variant.name == "collision severity")
        #expect(collisions.weight(collisions.index(of: "ksi")!, valueIDs: [1]) == 1)
        #expect(collisions.weight(collisions.index(of: "ksi")!, valueIDs: [0]) == nil)
        #expect(collisions.weight(collisions.index(of: "ksi")!, valueIDs: [7]) == nil)  // id out of range
    }

    @Test("a user's offence column name replaces offence_code")
    func renaming() throws {
        let input = try Interned("force-extract.csv", rename: ["offence_code": "HO code"])
        let set = try Self.definitions().renamingColumn("offence_code", to: "HO code")
        let compiled = try set.compile(columns: input.columns, weightTables: ["css": Self.harmWeights()])
        #expect(input.evaluate(compiled)["serious_violence"]!.rows.count == 8)
    }

    @Test("the serious violence offence codes are the lookup's homicide, violence with injury and robbery codes")
    func offenceCodesMatchLookup() throws {
        let path = Self.root.appendingPathComponent("../shared/data/lookups/home-office-offence-to-policeuk-category.csv").standardized.path
        guard FileManager.default.fileExists(atPath: path) else {
            Issue.record("\(path) is missing: the shared data folder must sit beside the repository")
            return
        }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var codes = Set<String>()
        for line in text.split(separator: "\n").dropFirst() {
            // index,group,code,"description",subgroup,category: the subgroup is the 2nd field from the end.
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            let subgroup = f[f.count - 2]
            if ["Homicide", "Violence with injury", "Robbery of business property", "Robbery of personal property"].contains(subgroup) {
                for c in f[2].split(separator: "/") { codes.insert(String(c)) }
            }
        }
        let sv = try Self.definitions().indicators[0]
        guard case .offenceCodes(let listed, _) = sv.variants[0].selector else { Issue.record("not an offence-code selector"); return }
        #expect(Set(listed) == codes)
    }

    @Test("bad definition files are clear errors")
    func badDefinitions() {
        func load(_ json: String) throws { _ = try IndicatorSet(json: Array(json.utf8), source: "x.json") }
        #expect(throws: GridError.self) { try load(#"{"version":1,"weightTables":{},"indicators":[{"id":"a","selector":{"indicator":"b"}}],"shares":[]}"#) }
        #expect(throws: GridError.self) { try load(#"{"version":1,"weightTables":{},"indicators":[{"id":"a","selector":{"indicator":"b"}},{"id":"b","selector":{"not":{"indicator":"a"}}}],"shares":[]}"#) }
        #expect(throws: GridError.self) { try load(#"{"version":1,"weightTables":{},"indicators":[{"id":"a","selector":{"bogus":1}}],"shares":[]}"#) }
        #expect(throws: GridError.self) { try load(#"{"version":1,"weightTables":{},"indicators":[{"id":"a","selector":{"crimeTypes":["x"]},"weight":{"table":"nope"}}],"shares":[]}"#) }
        do {
            try load(#"{"version":1,"weightTables":{},"indicators":[{"id":"a","selector":{"indicator":"b"}},{"id":"b","selector":{"indicator":"a"}}],"shares":[]}"#)
            Issue.record("a cycle must be rejected")
        } catch let e as GridError {
            #expect(e.message.contains("cycle") && e.message.hasPrefix("x.json"))
        } catch { Issue.record("unexpected \(error)") }
    }

    @Test("a minimal user file: one indicator, defaults for the rest")
    func minimalFile() throws {
        let set = try IndicatorSet(json: Array(#"{"indicators":[{"id":"burglary","selector":{"crimeTypes":["Burglary"]}}]}"#.utf8))
        #expect(set.version == 1 && set.shares.isEmpty && set.indicators[0].unit == "incidents")
        let compiled = try set.compile(columns: ["crime_type": ["Robbery", "BURGLARY"]])
        #expect(compiled.weight(0, valueIDs: [1]) == 1 && compiled.weight(0, valueIDs: [0]) == nil)
        #expect(compiled.rowClassCount == 2 && compiled.classWeights == [-1, 1])
    }

    @Test("definitions survive a JSON round trip")
    func roundTrip() throws {
        let set = try Self.definitions()
        let data = try JSONEncoder().encode(set)
        #expect(try IndicatorSet(json: [UInt8](data)) == set)
    }
}
