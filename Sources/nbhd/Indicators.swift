import ArgumentParser
import Foundation
import Neighbourhood

extension Nbhd {
    /// `nbhd indicators`: Police and Crime Plan indicators per neighbourhood, district and force.
    struct Indicators: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Place-based indicators: counts, rates, change against a baseline with exact tests, funnel flags.",
            discussion: """
                Indicators come from a definitions file (default geodata/indicators.json; see \
                docs/indicators.md): serious_violence, possession_of_weapons, knife_serious_violence, \
                neighbourhood_crime, asb, all_crime, harm, ksi. Those the input cannot give (e.g. \
                knife crime from police.uk files, which have no knife flag) are listed as not \
                available with the reason, never as zero.

                Rows repeating an earlier Crime ID are counted once; rows without location count \
                at force level only; months of a period with no rows at all are reported as \
                missing and left out of the rate-ratio exposure.

                Writes to --out DIR: indicators.csv, shares.csv, indicators.geojson (with --format \
                gpkg: indicators.gpkg, table areas, in the working CRS), rejects.csv, \
                manifest.json; prints a short force-level table on stderr.

                Example (the bundled West Yorkshire data):
                  nbhd indicators geodata/crime/*.csv.gz --boundaries geodata/wy-lsoa-2011.geojson \\
                    --id-field LSOA11CD --name-field LSOA11NM --parent-field LAD11CD \\
                    --period 2018-07 --baseline 2017-07 --out out/indicators
                """
        )

        @Argument(help: "Incident CSV files (police.uk street files, force extracts, STATS19 rows; .gz read directly).")
        var files: [String] = []

        @OptionGroup var store: StoreOptions

        @OptionGroup var boundaries: BoundaryOptions
        @OptionGroup var incidents: IncidentOptions
        @OptionGroup var inputs: IndicatorInputOptions
        private var period: String { inputs.period }
        private var baseline: String? { inputs.baseline }
        private var definitions: String { inputs.definitions }
        private var population: String { inputs.population }
        private var populationIDColumn: String { inputs.populationIDColumn }
        private var populationColumn: String { inputs.populationColumn }

        @Option(name: .customLong("indicator"), help: "Only this indicator id (repeat for several; default: all).")
        var only: [String] = []

        @Option(name: .customLong("column"), help: "Map a definitions column to the input's header, e.g. offence_code='Offence Code' (repeatable).")
        var columnMaps: [String] = []

        @Option(name: .customLong("area-table"), help: "An area-level indicator as ID=FILE (CSV: area_id, period, count; '*', '<5' kept as suppressed).")
        var areaTables: [String] = []

        @Option(name: .customLong("suppress-below"), help: "Disclosure control: counts below N (and figures from them) written as 'suppressed'.")
        var suppressBelow: Int?

        @Option(name: .customLong("force-id"), help: "Id written on the force-total row.")
        var forceID: String = "force"

        @Option(help: "Output folder (created if missing).")
        var out: String

        @Option(help: "Worker threads (default: all cores).")
        var workers: Int?

        @Option(help: LayerFormat.help)
        var format: LayerFormat = .geojson

        func validate() throws {
            if files.isEmpty, store.store == nil { throw ValidationError("Give at least one incident file, or --store.") }
            if !files.isEmpty, store.store != nil { throw ValidationError("Give either incident files or --store, not both.") }
            if boundaries.path == nil { throw ValidationError("Give the neighbourhoods with --boundaries FILE.") }
            if let suppressBelow, suppressBelow < 1 { throw ValidationError("--suppress-below must be at least 1.") }
            for map in columnMaps + areaTables where !map.contains("=") {
                throw ValidationError("'\(map)' should be NAME=VALUE.")
            }
            if let workers, workers < 1 { throw ValidationError("--workers must be at least 1.") }
        }

        func run() throws {
            do {
                try indicators()
            } catch let exit as ExitCode {
                throw exit
            } catch {
                throw ExitCodes.report(error)
            }
        }

        private static func pair(_ text: String) -> (String, String) {
            let i = text.firstIndex(of: "=")!
            return (String(text[..<i]), String(text[text.index(after: i)...]))
        }

        private func indicators() throws {
            let started = ContinuousClock.now
            var laps: [(String, Double)] = []
            var lapStart = started
            func lap(_ name: String) {
                laps.append((name, seconds(since: lapStart)))
                lapStart = ContinuousClock.now
            }
            let columnNames = Dictionary(columnMaps.map(Self.pair), uniquingKeysWith: { $1 })
            let defs = try IndicatorDefinitions(path: definitions, columnNames: columnNames)
            let assigner = try boundaries.makeAssigner()
            try format.checkCRS(assigner.workingCRS)
            try makeDirectory(out)
            lap("read_definitions_and_boundaries")
            let (result, table) = try IncidentLoading(
                files: files, incidents: incidents, workers: workers, store: store.store == nil ? nil : store)
                .load(assigner: assigner, extraColumns: defs.columns, rejectsPath: out + "/rejects.csv")
            lap("read_incidents")

            let populations = try PopulationTable(
                path: population, idColumn: populationIDColumn, populationColumn: populationColumn)
            var parents: [String: String] = [:]
            for (i, area) in assigner.layer.areas.enumerated() { parents[area.id] = assigner.parentIDs[i] }
            let frame = AreaFrame(
                areas: assigner.layer.areas.map(\.id), parent: parents, population: populations.populations, forceId: forceID)
            let areaInputs = try areaTables.map(Self.pair).map { id, path in (id: id, table: try AreaCountTable(path: path)) }
            let run = IndicatorRun(
                definitions: defs, period: MonthRange(parsing: period)!, baseline: baseline.flatMap { MonthRange(parsing: $0) },
                options: IndicatorComputation.Options(suppressBelow: suppressBelow), only: Set(only))
            let output = try run.compute(table: table, frame: frame, areaTables: areaInputs)
            lap("count_and_compute")

            let writer = IndicatorOutputs(assigner: assigner)
            let layerFile = format == .gpkg ? "indicators.gpkg" : "indicators.geojson"
            let written = ["indicators.csv", "shares.csv", layerFile].map { out + "/" + $0 }
            try writer.writeCSV(output, to: written[0])
            try writer.writeSharesCSV(output, to: written[1])
            switch format {
            case .geojson: try writer.writeGeoJSON(output, to: written[2])
            case .gpkg: try writeGeoPackage([try writer.areasLayer(output)], to: written[2])
            }
            lap("write_outputs")

            var manifest = RunManifest(command: "nbhd", arguments: Array(CommandLine.arguments.dropFirst()))
            manifest.rows = result
            try manifest.addInputs(files + [boundaries.path, boundaries.parentLayer].compactMap { $0 })
            lap("checksum_inputs")
            manifest.duplicates = table.duplicateCount
            manifest.parameters = [
                .init(
                    "working_crs", .text(assigner.workingCRS), automatic: assigner.workingCRSChoice.isAutomatic,
                    rule: assigner.workingCRSChoice.isAutomatic ? assigner.workingCRSChoice.rule : nil)
            ] + parameters(run: run, output: output, areasWithoutPopulation: frame.areas.filter { populations.populations[$0] == nil }.count)
            manifest.sections = [("seconds", "{" + laps.map { "\"\($0.0)\": \(String(format: "%.3f", $0.1))" }.joined(separator: ", ") + "}"), ("definitions", definitionsJSON(defs, output)), ("population", try sourceJSON(population))]
            manifest.warnings = warnings(output, frame: frame, populations: populations)
            manifest.outputs = written + [out + "/rejects.csv", out + "/manifest.json"]
            try writeText(manifest.json, to: out + "/manifest.json")

            IncidentLoading.printTally(result, duplicates: table.duplicateCount, hasAreas: assigner.layer.count > 0)
            printTable(output)
            for warning in manifest.warnings { printError("warning: \(warning)") }
            printError("done in \(String(format: "%.2f", seconds(since: started))) s; outputs in \(out)")
        }

        private func parameters(run: IndicatorRun, output: IndicatorRun.Output, areasWithoutPopulation: Int) -> [RunManifest.Parameter] {
            [
                .init("period", .text(run.period.description)),
                .init("period_missing_months", .list(output.missingMonths.map(\.description))),
                .init("baseline", run.baseline.map { .text($0.description) } ?? .none),
                .init("baseline_missing_months", .list(output.baselineMissingMonths.map(\.description))),
                .init("rows_without_month", .integer(output.rowsWithoutMonth)),
                .init("rows_in_period_at_force_level_only", .integer(output.unplacedInPeriod)),
                .init("duplicates", .text("rows repeating an earlier row's id (Crime ID) counted once; rows without an id (police.uk ASB) never deduplicated")),
                .init("suppress_below", run.options.suppressBelow.map { .integer($0) } ?? .none),
                .init("confidence", .number(run.options.confidence)),
                .init("multiple_comparisons", .text(run.options.correctionName + "; funnel flags per area, uncorrected (99.8 % limits are the conservative ones)")),
                .init("rate_ratio_test", .text("exact conditional binomial test of two Poisson counts with exposures the months with data (Przyborowski and Wilenski 1940); Clopper-Pearson interval transformed to the ratio")),
                .init("funnel", .text("Spiegelhalter (2005) exact Poisson limits at 95 % and 99.8 % around the parent's rate times the population")),
                .init("areas_without_population", .integer(areasWithoutPopulation)),
                .init("force_id", .text(forceID)),
            ]
        }

        private func definitionsJSON(_ defs: IndicatorDefinitions, _ output: IndicatorRun.Output) -> String {
            var items: [String] = []
            for indicator in output.compiled.indicators {
                let notes = indicator.proxyNotes.map(quoted).joined(separator: ", ")
                let unweighted = indicator.unweightedValues.map(quoted).joined(separator: ", ")
                items.append(
                    "{\"id\": \(quoted(indicator.definition.id)), \"available\": true, \"variant\": \(quoted(indicator.variant.name)), "
                        + "\"proxy\": \(indicator.isProxy), \"proxy_notes\": [\(notes)], \"weighted\": \(indicator.isWeighted), "
                        + "\"unweighted_values\": [\(unweighted)]}")
            }
            for missing in output.compiled.unavailable {
                items.append("{\"id\": \(quoted(missing.id)), \"available\": false, \"reason\": \(quoted(missing.reason))}")
            }
            let tables = defs.weightTableFiles.map { "{\"path\": \(quoted($0.path)), \"sha256\": \(quoted($0.sha256))}" }
            return "{\"path\": \(quoted(defs.source.path)), \"sha256\": \(quoted(defs.source.sha256)), "
                + "\"weight_tables\": [\(tables.joined(separator: ", "))], \"indicators\": [\(items.joined(separator: ", "))]}"
        }

        private func sourceJSON(_ path: String) throws -> String {
            let sum = try FileChecksum(path: path)
            return "{\"path\": \(quoted(path)), \"sha256\": \(quoted(sum.sha256)), \"id_column\": \(quoted(populationIDColumn)), \"population_column\": \(quoted(populationColumn))}"
        }

        private func warnings(_ output: IndicatorRun.Output, frame: AreaFrame, populations: PopulationTable) -> [String] {
            var list: [String] = []
            if !output.missingMonths.isEmpty {
                list.append("no rows at all for \(output.missingMonths.map(\.description).joined(separator: ", ")) in the period: reported as missing, not as zero")
            }
            if !output.baselineMissingMonths.isEmpty {
                list.append("no rows at all for \(output.baselineMissingMonths.map(\.description).joined(separator: ", ")) in the baseline")
            }
            for missing in output.compiled.unavailable { list.append("\(missing.id) not available: \(missing.reason)") }
            let without = frame.areas.filter { populations.populations[$0] == nil }.count
            if without > 0 { list.append("\(without) of \(frame.areas.count) areas have no population in \(population): no rates for them") }
            return list
        }

        private func printTable(_ output: IndicatorRun.Output) {
            func text(_ f: Figure) -> String {
                switch f {
                case .value(let v) where !v.isFinite: return "infinite"
                case .value(let v): return v == v.rounded() && abs(v) < 1e12 ? String(Int(v)) : String(format: "%.3g", v)
                case .lowerBound(let v): return ">=\(Int(v))"
                case .notAvailable: return "-"
                default: return f.status
                }
            }
            printError("indicator                 count   per 1,000   baseline   ratio   p        high NBHDs")
            for result in output.results {
                guard let force = result.rows.first(where: { $0.level == .force }) else { continue }
                let high = result.rows.filter {
                    $0.level == .neighbourhood && ($0.flag.description == "high_99.8" || $0.flag.description == "high_95")
                }.count
                let cells = [text(force.count), text(force.ratePer1000), text(force.baselineCount), text(force.rateRatio), text(force.pValue)]
                let name = result.indicatorId.padding(toLength: 24, withPad: " ", startingAt: 0)
                printError("\(name)  " + cells.map { $0.padding(toLength: 9, withPad: " ", startingAt: 0) }.joined(separator: "  ") + "  \(high)")
            }
        }
    }
}

private func quoted(_ s: String) -> String {
    var bytes: [UInt8] = []
    bytes.append(jsonString: s)
    return String(decoding: bytes, as: UTF8.self)
}
