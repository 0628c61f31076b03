import Foundation
import Testing

/// `nbhd indicators` end to end: the bundled data against an independent Python computation,
/// small files made for the purpose (a force extract with offence codes and a knife flag, an
/// admissions table with NHS suppression), disclosure control, duplicates, missing months, bad
/// input and the output files' shape. Expected values are worked out by hand from the files
/// written here, or by `Tests/reference/check_indicators.py` (standard library + numpy).
@Suite struct IndicatorCommandTests {
    // MARK: - Files and runs

    static func path(_ relative: String) -> String { repositoryRoot.appendingPathComponent(relative).path }
    static let boundaries = path("geodata/wy-lsoa-2011.geojson")
    static func crime(_ month: String) -> String { path("geodata/crime/\(month)-west-yorkshire-street.csv.gz") }
    static let layerOptions = [
        "--boundaries", boundaries, "--id-field", "LSOA11CD", "--name-field", "LSOA11NM", "--parent-field", "LAD11CD",
        "--definitions", path("geodata/indicators.json"), "--population", path("geodata/census-2011-lsoa-population.csv"),
    ]

    /// Runs `nbhd indicators FILES OPTIONS --out DIR`; returns the status, stderr and folder.
    func indicators(_ files: [String], _ options: [String]) throws -> (status: Int32, err: String, out: String) {
        let out = try temporaryFolder()
        let result = try run(nbhdExecutable(), ["indicators"] + files + Self.layerOptions + options + ["--out", out])
        return (result.status, result.err, out)
    }

    /// `indicators.csv` (or any CSV) as rows keyed by header.
    func table(_ path: String) throws -> [[String: String]] {
        let rows = parseCSV(try readText(path))
        guard let header = rows.first else { return [] }
        return rows.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    /// The rows of one indicator keyed by `level/area_id`.
    func rows(_ table: [[String: String]], _ indicator: String) -> [String: [String: String]] {
        var byKey: [String: [String: String]] = [:]
        for row in table where row["indicator"] == indicator { byKey["\(row["level"]!)/\(row["area_id"]!)"] = row }
        return byKey
    }

    func manifest(_ folder: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/manifest.json"))) as! [String: Any]
    }

    /// Neighbourhood id → district id, from the boundary layer itself.
    static func districts() throws -> [(area: String, district: String)] {
        let layer = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: boundaries))) as! [String: Any]
        return (layer["features"] as! [[String: Any]]).map {
            let p = $0["properties"] as! [String: Any]
            return (p["LSOA11CD"] as! String, p["LAD11CD"] as! String)
        }
    }

    // MARK: - Bundled data against the independent reference

    /// Period, baseline and the files given to nbhd. The last case asks for 2018-06..2018-07
    /// when only July has data: the reference finds 2018-06 missing on its own and uses t = 1.
    @Test(arguments: [
        ("2018-07", "2017-07", ["2016-07", "2017-07", "2018-07"]),
        ("2017-07", "2016-07", ["2016-07", "2017-07", "2018-07"]),
        ("2018-06..2018-07", "2017-07", ["2017-07", "2018-07"]),
    ])
    func bundledDataAgreesWithTheIndependentCheck(period: String, baseline: String, months: [String]) throws {
        let probe = try run("/usr/bin/env", ["python3", "-c", "import numpy"])
        try #require(probe.status == 0, "numpy missing: python3 -m pip install -r Tests/reference/requirements.txt")
        let files = months.map(Self.crime)
        let assigned = try temporaryFolder()
        let assign = try run(nbhdExecutable(), ["assign"] + files + Array(Self.layerOptions.prefix(8)) + ["--out", assigned])
        try #require(assign.status == 0, "\(assign.err)")
        let (status, err, out) = try indicators(files, ["--period", period, "--baseline", baseline])
        try #require(status == 0, "\(err)")
        let checked = try run("/usr/bin/env", [
            "python3", Self.path("Tests/reference/check_indicators.py"),
            "--incidents", assigned + "/incidents.csv", "--indicators", out + "/indicators.csv",
            "--manifest", out + "/manifest.json", "--boundaries", Self.boundaries, "--id-field", "LSOA11CD",
            "--parent-field", "LAD11CD", "--period", period, "--baseline", baseline,
            "--population", Self.path("geodata/census-2011-lsoa-population.csv"),
            "--weights", Self.path("geodata/crime-severity-weights-by-category.csv"),
        ])
        #expect(checked.status == 0, "\(checked.out)\n\(checked.err)")
        #expect(checked.out.contains("PASS"))
    }

    // MARK: - A force extract with offence codes and a knife flag

    /// Three neighbourhoods (points taken from the July 2018 file and assigned by nbhd assign):
    /// A in Bradford (E08000032), B in Leeds (E08000035), C in Kirklees (E08000034).
    static let pointA = "-1.900548,53.928583", pointB = "-1.705940,53.827978", pointC = "-1.710308,53.762907"
    static let areaA = "E01010646", areaB = "E01011590", areaC = "E01011055"

    static func forceExtract(knifeColumn: Bool) -> String {
        // id, month, location, crime type, Home Office code, knife flag
        let rows: [(String, String, String, String, String, String)] = [
            ("k1", "2018-07", pointA, "Violence and sexual offences", "8N", "Y"),  // SV, knife
            ("k2", "2018-07", pointA, "Robbery", "34B", " yes "),  // SV, knife, neighbourhood crime
            ("k3", "2018-07", pointA, "Violence and sexual offences", "105A", "Y"),  // no injury: not SV
            ("k4", "2018-07", pointA, "Violence and sexual offences", "1", "N"),  // SV (homicide)
            ("k5", "2018-07", pointA, "Possession of weapons", "10A", "Y"),  // weapons, not SV
            ("k6", "2018-07", pointB, "Violence and sexual offences", "008N", "true"),  // SV (leading zeros), knife
            ("k7", "2018-07", pointB, "Violence and sexual offences", "37.1", ""),  // SV
            ("k8", "2018-07", pointB, "Burglary", "28A", ""),  // neighbourhood crime
            ("k9", "2018-07", pointC, "Violence and sexual offences", "5D", "0"),  // SV
            ("k10", "2018-07", ",", "Robbery", "34A", "1"),  // SV, knife, no location: force only
            ("k11", "2018-06", pointA, "Violence and sexual offences", "8N", "N"),  // baseline SV
            ("k12", "2018-06", pointB, "Robbery", "34B", "Y"),  // baseline SV, knife
        ]
        var text = "Crime ID,Month,Longitude,Latitude,Crime type,HO Offence" + (knifeColumn ? ",Knife\n" : "\n")
        for r in rows {
            text += "\(r.0),\(r.1),\(r.2),\(r.3),\(r.4)" + (knifeColumn ? ",\(r.5)\n" : "\n")
        }
        return text
    }

    static let extractOptions = [
        "--period", "2018-07", "--baseline", "2018-06", "--column", "offence_code=HO Offence", "--column", "knife_flag=Knife",
    ]

    @Test func forceExtractCountsOffenceCodesAndKnifeFlags() throws {
        let input = try temporaryFolder() + "/extract.csv"
        try write(Self.forceExtract(knifeColumn: true), to: input)
        let (status, err, out) = try indicators([input], Self.extractOptions)
        try #require(status == 0, "\(err)")
        let all = try table(out + "/indicators.csv")
        // Hand counts from the rows above: [key: (period, baseline)].
        let expected: [String: [String: (Double, Double)]] = [
            "serious_violence": [
                "neighbourhood/\(Self.areaA)": (3, 1), "neighbourhood/\(Self.areaB)": (2, 1), "neighbourhood/\(Self.areaC)": (1, 0),
                "district/E08000032": (3, 1), "district/E08000035": (2, 1), "district/E08000034": (1, 0),
                "district/E08000036": (0, 0), "force/force": (7, 2),
            ],
            "knife_serious_violence": [
                "neighbourhood/\(Self.areaA)": (2, 0), "neighbourhood/\(Self.areaB)": (1, 1), "neighbourhood/\(Self.areaC)": (0, 0),
                "district/E08000032": (2, 0), "force/force": (4, 1),
            ],
            "possession_of_weapons": ["neighbourhood/\(Self.areaA)": (1, 0), "force/force": (1, 0)],
            "neighbourhood_crime": ["neighbourhood/\(Self.areaA)": (1, 0), "neighbourhood/\(Self.areaB)": (1, 1), "force/force": (2, 1)],
            "all_crime": ["force/force": (10, 2)],
        ]
        for (indicator, cells) in expected {
            let byKey = rows(all, indicator)
            #expect(byKey.count == 1_388 + 5 + 1, "\(indicator)")
            for (key, (count, baseline)) in cells {
                #expect(Double(byKey[key]?["count"] ?? "") == count, "\(indicator) \(key)")
                #expect(Double(byKey[key]?["baseline_count"] ?? "") == baseline, "\(indicator) \(key)")
            }
        }
        // Serious violence used the offence codes, not the crime types (the proxy would count
        // k3 as well: 4 in A).
        let m = try manifest(out)
        let defs = (m["definitions"] as! [String: Any])["indicators"] as! [[String: Any]]
        let sv = defs.first { $0["id"] as? String == "serious_violence" }!
        #expect(sv["variant"] as? String == "Home Office offence codes")
        #expect(sv["proxy"] as? Bool == false)
        #expect(defs.first { $0["id"] as? String == "knife_serious_violence" }?["available"] as? Bool == true)

        // shares.csv: knife share of serious violence with Clopper–Pearson bounds in closed
        // form: 1 of 2 → [1 − √0.975, √0.975]; 2 of 3 → upper 0.975^(1/3); 0 of 1 → [0, 0.975].
        let shares = try table(out + "/shares.csv").filter { $0["share_id"] == "knife_share_of_serious_violence" }
        func share(_ level: String, _ id: String) -> [String: Double] {
            let row = shares.first { $0["level"] == level && $0["area_id"] == id } ?? [:]
            return row.compactMapValues { Double($0) }
        }
        let a = share("neighbourhood", Self.areaA), b = share("neighbourhood", Self.areaB)
        let c = share("neighbourhood", Self.areaC), force = share("force", "force")
        #expect(a["numerator"] == 2 && a["denominator"] == 3)
        #expect(abs((a["share"] ?? 0) - 2.0 / 3) < 1e-15)
        #expect(abs((a["upper"] ?? 0) - pow(0.975, 1.0 / 3)) < 1e-9)
        #expect(abs((b["share"] ?? 0) - 0.5) < 1e-15)
        #expect(abs((b["lower"] ?? 0) - (1 - 0.975.squareRoot())) < 1e-9)
        #expect(abs((b["upper"] ?? 0) - 0.975.squareRoot()) < 1e-9)
        #expect(c["share"] == 0 && c["lower"] == 0 && abs((c["upper"] ?? 0) - 0.975) < 1e-9)
        #expect(force["numerator"] == 4 && force["denominator"] == 7)
    }

    @Test func withoutAKnifeColumnTheKnifeIndicatorIsNotAvailableNotZero() throws {
        let input = try temporaryFolder() + "/extract.csv"
        try write(Self.forceExtract(knifeColumn: false), to: input)
        let (status, err, out) = try indicators([input], Self.extractOptions)
        try #require(status == 0, "\(err)")
        #expect(err.contains("warning: knife_serious_violence not available"))
        let defs = (try manifest(out)["definitions"] as! [String: Any])["indicators"] as! [[String: Any]]
        let knife = try #require(defs.first { $0["id"] as? String == "knife_serious_violence" })
        #expect(knife["available"] as? Bool == false)
        #expect((knife["reason"] as? String ?? "").contains("Knife"))
        let all = try table(out + "/indicators.csv")
        #expect(rows(all, "knife_serious_violence").isEmpty)
        #expect(rows(all, "serious_violence")["force/force"]?["count"] == "7")  // the rest still counted
        #expect(try table(out + "/shares.csv").isEmpty)
        let geojson = try readText(out + "/indicators.geojson")
        #expect(!geojson.contains("knife_serious_violence"))
    }

    // MARK: - Area-level admissions with NHS suppression

    @Test func admissionsTableKeepsSuppressedCellsAsSuppressed() throws {
        let areas = try Self.districts()
        // Every neighbourhood had 2 admissions in July 2018, except A ('*'), B ('<5') and C
        // (3 in June, '<5' in July: a lower bound of 3 over June–July).
        var text = "area_id,period,count\n"
        for (area, _) in areas {
            switch area {
            case Self.areaA: text += "\(area),2018-07,*\n"
            case Self.areaB: text += "\(area),2018-07,<5\n"
            case Self.areaC: text += "\(area),2018-06,3\n\(area),2018-07,<5\n"
            default: text += "\(area),2018-07,2\n"
            }
        }
        let folder = try temporaryFolder()
        try write(text, to: folder + "/admissions.csv")
        try write(Self.forceExtract(knifeColumn: true), to: folder + "/extract.csv")
        let (status, err, out) = try indicators([folder + "/extract.csv"], [
            "--period", "2018-06..2018-07", "--area-table", "sharp_admissions=\(folder)/admissions.csv",
            "--indicator", "sharp_admissions",
        ])
        try #require(status == 0, "\(err)")
        let byKey = rows(try table(out + "/indicators.csv"), "sharp_admissions")
        #expect(byKey.count == 1_388 + 5 + 1)
        for area in [Self.areaA, Self.areaB] {
            let row = byKey["neighbourhood/\(area)"] ?? [:]
            #expect(row["count"] == "suppressed_at_source", "\(area)")
            #expect(row["rate_per_1000"] == "suppressed_at_source", "\(area)")
            #expect(row["rank"] == "", "\(area)")
        }
        #expect(byKey["neighbourhood/\(Self.areaC)"]?["count"] == ">=3")
        #expect(byKey["neighbourhood/\(Self.areaC)"]?["rank"] == "")
        // Districts: the sum of their members, a lower bound where a member is suppressed.
        var members: [String: Int] = [:]
        for (_, district) in areas { members[district, default: 0] += 1 }
        #expect(byKey["district/E08000032"]?["count"] == ">=\(2 * (members["E08000032"]! - 1))")
        #expect(byKey["district/E08000035"]?["count"] == ">=\(2 * (members["E08000035"]! - 1))")
        #expect(byKey["district/E08000034"]?["count"] == ">=\(2 * (members["E08000034"]! - 1) + 3)")
        #expect(byKey["force/force"]?["count"] == ">=\(2 * (areas.count - 3) + 3)")
        // Wakefield has no suppressed member: an exact total and rate (its residents summed),
        // but no share, as the force total is only a lower bound.
        let population = try table(Self.path("geodata/census-2011-lsoa-population.csv"))
        let residentsOf = Dictionary(uniqueKeysWithValues: population.map { ($0["lsoa11cd"]!, Double($0["population"]!)!) })
        let wakefield = byKey["district/E08000036"] ?? [:]
        let wakefieldResidents = areas.filter { $0.district == "E08000036" }.map { residentsOf[$0.area]! }.reduce(0, +)
        #expect(wakefield["count"] == "\(2 * members["E08000036"]!)")
        let wakefieldRate = Double(wakefield["rate_per_1000"] ?? "") ?? .nan
        #expect(abs(wakefieldRate - Double(2 * members["E08000036"]!) * 1000 / wakefieldResidents) <= 1e-12 * wakefieldRate)
        #expect(wakefield["share_of_parent"] == "")
        // A published neighbourhood: 2 × 1,000 / its 2011 residents.
        let other = areas.first { ![Self.areaA, Self.areaB, Self.areaC].contains($0.area) }!.area
        let residents = residentsOf[other]!
        let rate = Double(byKey["neighbourhood/\(other)"]?["rate_per_1000"] ?? "") ?? .nan
        #expect(abs(rate - 2 * 1000 / residents) <= 1e-12 * rate)
        // No suppressed area is ever written as 0 anywhere.
        for area in [Self.areaA, Self.areaB, Self.areaC] {
            for (column, value) in byKey["neighbourhood/\(area)"] ?? [:] where column != "notes" {
                #expect(value != "0", "\(area) \(column)")
            }
        }
        let features = try geoJSONFeatures(out)
        let a = features.first { $0["area_id"] as? String == Self.areaA }
        #expect(a?["sharp_admissions_count"] is NSNull)
        #expect(a?["sharp_admissions_flag"] as? String == "not_available")
    }

    // MARK: - Disclosure control

    @Test func suppressBelowFiveWithholdsEverySmallCount() throws {
        let files = [Self.crime("2017-07"), Self.crime("2018-07")]
        let plain = try indicators(files, ["--period", "2018-07", "--baseline", "2017-07"])
        let suppressed = try indicators(files, ["--period", "2018-07", "--baseline", "2017-07", "--suppress-below", "5"])
        try #require(plain.status == 0 && suppressed.status == 0, "\(suppressed.err)")
        let before = try table(plain.out + "/indicators.csv"), after = try table(suppressed.out + "/indicators.csv")
        try #require(before.count == after.count)
        var withheld = 0
        for (b, a) in zip(before, after) {
            #expect(a["area_id"] == b["area_id"] && a["indicator"] == b["indicator"])
            for column in ["count", "baseline_count"] {
                let original = Double(b[column]!)!
                if original < 5 {
                    #expect(a[column] == "suppressed", "\(a["area_id"]!) \(a["indicator"]!) \(column)")
                    withheld += 1
                } else {
                    #expect(a[column] == b[column], "\(a["area_id"]!) \(a["indicator"]!) \(column)")
                }
            }
            if Double(b["count"]!)! < 5 {
                for column in ["value", "rate_per_1000", "share_of_parent", "rate_ratio", "p_value", "q_value", "flag"] {
                    #expect(a[column] == "suppressed", "\(a["area_id"]!) \(a["indicator"]!) \(column)")
                }
                #expect(a["rank"] == "")
            }
            // No number below 5 is left in a count column.
            for column in ["count", "baseline_count"] {
                if let n = Double(a[column]!) { #expect(n >= 5) }
            }
        }
        #expect(withheld > 1_000)  // the bundled data has many small counts
        let parameters = try manifest(suppressed.out)["parameters"] as! [String: Any]
        #expect((parameters["suppress_below"] as? [String: Any])?["value"] as? Int == 5)
    }

    // MARK: - Duplicates

    @Test func theSameFileTwiceCountsCrimesOnceButASBTwice() throws {
        let file = Self.crime("2018-07")
        let once = try indicators([file], ["--period", "2018-07"])
        let twice = try indicators([file, file], ["--period", "2018-07"])
        try #require(once.status == 0 && twice.status == 0, "\(twice.err)")
        // Crime-ID rows in the file, counted independently of nbhd.
        let lines = try run("/bin/sh", ["-c", "gzip -dc '\(file)' | tail -n +2 | cut -d, -f1"]).out.split(separator: "\n", omittingEmptySubsequences: false)
        let withID = lines.filter { !$0.isEmpty }.count
        #expect(withID == 26_193)
        let tally = try manifest(twice.out)["rows"] as! [String: Any]
        #expect(tally["repeated_ids_dropped"] as? Int == withID)
        #expect((try manifest(once.out)["rows"] as! [String: Any])["repeated_ids_dropped"] as? Int == 0)
        // Documented: ASB rows have no Crime ID and are never deduplicated, so a repeated file
        // doubles ASB; every other indicator is unchanged, area by area.
        let a = try table(once.out + "/indicators.csv"), b = try table(twice.out + "/indicators.csv")
        try #require(a.count == b.count)
        for (x, y) in zip(a, b) {
            let factor = x["indicator"] == "asb" ? 2.0 : 1.0
            #expect(Double(y["count"]!) == Double(x["count"]!)! * factor, "\(x["indicator"]!) \(x["area_id"]!)")
        }
        #expect(rows(b, "asb")["force/force"]?["count"] == "10884")
    }

    // MARK: - Missing months

    @Test func aMissingMonthIsReportedAndLeftOutOfTheExposure() throws {
        let (status, err, out) = try indicators(
            [Self.crime("2017-07"), Self.crime("2018-07")], ["--period", "2018-06..2018-07", "--baseline", "2017-07"])
        try #require(status == 0, "\(err)")
        #expect(err.contains("no rows at all for 2018-06 in the period"))
        let parameters = try manifest(out)["parameters"] as! [String: Any]
        #expect((parameters["period_missing_months"] as? [String: Any])?["value"] as? [String] == ["2018-06"])
        #expect((parameters["baseline_missing_months"] as? [String: Any])?["value"] as? [String] == [])
        // One month with data against one: the ratio is the ratio of the counts (two months of
        // exposure would halve it).
        for row in try table(out + "/indicators.csv") where row["level"] == "force" && row["indicator"] != "harm" {
            let x = Double(row["count"]!)!, y = Double(row["baseline_count"]!)!
            let ratio = Double(row["rate_ratio"]!)!
            #expect(abs(ratio - x / y) <= 1e-12 * ratio, "\(row["indicator"]!)")
        }
    }

    // MARK: - Bad input

    enum BadInput: String, CaseIterable, Sendable {
        case unknownPeriod, reversedPeriod, badBaseline, unknownDefinitionKey, twoSelectingKeys, populationWithoutIDColumn
    }

    @Test(arguments: BadInput.allCases)
    func badInputFailsWithAClearMessage(_ bad: BadInput) throws {
        let folder = try temporaryFolder()
        try write(Self.forceExtract(knifeColumn: true), to: folder + "/extract.csv")
        var options = ["--period", "2018-07"]
        let expected: (status: Int32, message: String)
        let definitions = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Self.path("geodata/indicators.json")))) as! [String: Any]
        func writeDefinitions(_ change: (inout [[String: Any]]) -> Void) throws {
            var copy = definitions
            var list = copy["indicators"] as! [[String: Any]]
            change(&list)
            copy["indicators"] = list
            try JSONSerialization.data(withJSONObject: copy).write(to: URL(fileURLWithPath: folder + "/indicators.json"))
            try FileManager.default.copyItem(
                atPath: Self.path("geodata/crime-severity-weights-by-category.csv"),
                toPath: folder + "/crime-severity-weights-by-category.csv")
            options += ["--definitions", folder + "/indicators.json"]
        }
        switch bad {
        case .unknownPeriod:
            options = ["--period", "2018-13"]
            expected = (64, "--period '2018-13' is not a month or range")
        case .reversedPeriod:
            options = ["--period", "2018-07..2018-01"]
            expected = (64, "--period '2018-07..2018-01'")
        case .badBaseline:
            options += ["--baseline", "last year"]
            expected = (64, "--baseline 'last year' is not a month or range")
        case .unknownDefinitionKey:
            try writeDefinitions { $0[0]["wieght"] = ["table": "css"] }
            expected = (65, ".indicators[0]: unknown key 'wieght'")
        case .twoSelectingKeys:
            try writeDefinitions { $0[4]["selector"] = ["crimeTypes": ["Anti-social behaviour"], "indicator": "all_crime"] }
            expected = (65, "a selector has one selecting key")
        case .populationWithoutIDColumn:
            try write("code,population\n\(Self.areaA),1500\n", to: folder + "/population.csv")
            options += ["--population", folder + "/population.csv"]
            expected = (65, "no column named 'lsoa11cd'")
        }
        let (status, err, _) = try indicators([folder + "/extract.csv"], options)
        #expect(status == expected.status, "\(err)")
        #expect(err.contains(expected.message), "\(err)")
    }

    // MARK: - Output files

    func geoJSONFeatures(_ folder: String) throws -> [[String: Any]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/indicators.geojson"))
        let collection = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        #expect(collection["type"] as? String == "FeatureCollection")
        return (collection["features"] as! [[String: Any]]).map { $0["properties"] as! [String: Any] }
    }

    @Test func outputsHoldNoNaNOrInfinityAndTheGeoJSONHasEveryNeighbourhood() throws {
        let (status, err, out) = try indicators(
            [Self.crime("2017-07"), Self.crime("2018-07")], ["--period", "2018-07", "--baseline", "2017-07"])
        try #require(status == 0, "\(err)")
        #expect(err.range(of: #"\b(nan|inf)\b"#, options: [.regularExpression, .caseInsensitive]) == nil, "\(err)")
        for file in ["indicators.csv", "shares.csv", "indicators.geojson", "manifest.json"] {
            let text = try readText(out + "/" + file)
            for row in parseCSV(text) {
                for field in row {
                    let bare = field.trimmingCharacters(in: .whitespaces).lowercased()
                    #expect(!["nan", "inf", "-inf", "+inf", "infinity", "-infinity"].contains(bare), "\(file): \(field)")
                }
            }
            #expect(text.range(of: #"[:,\[]\s*-?(nan|inf)"#, options: [.regularExpression, .caseInsensitive]) == nil, "\(file)")
        }
        let features = try geoJSONFeatures(out)
        #expect(features.count == 1_388)
        #expect(Set(features.compactMap { $0["area_id"] as? String }).count == 1_388)
        // Zero baselines exist in this data, so some ratios are infinite: blank with a note.
        let infinite = try table(out + "/indicators.csv").filter { $0["baseline_count"] == "0" && $0["count"] != "0" }
        #expect(!infinite.isEmpty)
        for row in infinite {
            #expect(row["rate_ratio"] == "" && row["notes"]!.contains("infinite"))
        }
        for f in features {
            #expect(f["serious_violence_count"] is NSNumber)
            let ratio = f["serious_violence_rate_ratio"]
            #expect(ratio is NSNumber || ratio is NSNull)
        }
    }
}

/// RFC 4180 fields: quoted fields may hold commas, doubled quotes and newlines.
func parseCSV(_ text: String) -> [[String]] {
    var rows: [[String]] = [], row: [String] = [], field = ""
    var quoted = false, atStart = true
    var chars = text.makeIterator()
    var pending: Character? = nil
    while let c = pending ?? chars.next() {
        pending = nil
        if quoted {
            if c == "\"" {
                if let n = chars.next() {
                    if n == "\"" { field.append("\"") } else { quoted = false; pending = n }
                } else {
                    quoted = false
                }
            } else {
                field.append(c)
            }
            continue
        }
        switch c {
        case "\"" where atStart: quoted = true; atStart = false
        case ",": row.append(field); field = ""; atStart = true
        case "\n", "\r\n":
            row.append(field); rows.append(row); row = []; field = ""; atStart = true
        default: field.append(c); atStart = false
        }
    }
    if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
    return rows
}
