import ArgumentParser
import Foundation
import Neighbourhood

extension Nbhd {
    /// `nbhd assign`: every incident row into its area, with nothing lost.
    struct Assign: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Assign incidents to the areas of a boundary layer and count them.",
            discussion: """
                Every input row ends up in exactly one of: assigned, outside, no_location, \
                rejected; summary.json says how many of each, per file and in total.

                Writes to --out DIR:
                  incidents.csv   every row: file, line, crime_id, month, crime_type, easting,
                                  northing, area_id, parent_id, status (skip with --no-incidents)
                  counts.csv      area_id, area_name, parent_id, month, crime_type, count
                  areas.geojson   boundaries (WGS84) with total and per-type counts
                  assign.gpkg     with --format gpkg, instead of areas.geojson: tables areas
                                  (as areas.geojson) and incidents (located rows as points),
                                  in the working CRS
                  rejects.csv     file, line, reason and raw text of every rejected row
                  summary.json    row outcomes per file and in total, boundary file, CRS, durations

                Example (the bundled West Yorkshire data):
                  nbhd assign geodata/crime/2018-07-west-yorkshire-street.csv.gz \\
                    --boundaries geodata/wy-lsoa-2011.geojson \\
                    --id-field LSOA11CD --name-field LSOA11NM --parent-field LAD11CD --out out/

                Exit codes: 0 done; 64 bad arguments; 65 malformed input (or rows rejected with \
                --fail-on-reject); 66 input missing; 73 cannot write output; 78 unknown CRS.
                """
        )

        @Argument(help: "Incident CSV files (police.uk street files, or any CSV with coordinates; .gz read directly).")
        var files: [String] = []

        @OptionGroup var store: StoreOptions

        @Option(help: "With --store: only these months, e.g. 2018-01..2018-06.")
        var months: String?

        @Option(name: .customLong("type"), help: "With --store: only this crime type (repeatable).")
        var types: [String] = []

        @OptionGroup var boundaries: BoundaryOptions
        @OptionGroup var incidents: IncidentOptions

        @Option(help: "Output folder (created if missing).")
        var out: String

        @Flag(name: .customLong("no-incidents"), help: "Do not write incidents.csv.")
        var noIncidents = false

        @Flag(help: "Print summary.json on stdout.")
        var json = false

        @Flag(name: .customLong("fail-on-reject"), help: "Exit with 65 when any row is rejected.")
        var failOnReject = false

        @Option(help: "Worker threads (default: all cores).")
        var workers: Int?

        @Option(help: LayerFormat.help)
        var format: LayerFormat = .geojson

        func validate() throws {
            if files.isEmpty, store.store == nil { throw ValidationError("Give at least one incident file, or --store.") }
            if !files.isEmpty, store.store != nil { throw ValidationError("Give either incident files or --store, not both.") }
            if store.store == nil, months != nil || !types.isEmpty {
                throw ValidationError("--months and --type filter a store: give --store too.")
            }
            if let months, MonthRange(parsing: months) == nil {
                throw ValidationError("--months '\(months)' is not a month or range like 2018-01..2018-06.")
            }
            if boundaries.path == nil { throw ValidationError("Give the boundary layer with --boundaries FILE.") }
            if let workers, workers < 1 { throw ValidationError("--workers must be at least 1.") }
        }

        func run() throws {
            do {
                try assign()
            } catch let exit as ExitCode {
                throw exit
            } catch {
                throw ExitCodes.report(error)
            }
        }

        private func assign() throws {
            let clock = ContinuousClock()
            let started = clock.now
            var durations: [(String, Double)] = []
            func lap(_ name: String, since: ContinuousClock.Instant) {
                let d = clock.now - since
                durations.append((name, Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18))
            }

            let assigner = try boundaries.makeAssigner()
            try format.checkCRS(assigner.workingCRS)
            lap("read_project_and_index_boundaries", since: started)

            try makeDirectory(out)
            let paths = OutputPaths(folder: out)
            let incidentsFile = noIncidents ? nil : try OutputFile(path: paths.incidents)
            let rejectsFile = try OutputFile(path: paths.rejects)
            var options = AssignmentOptions(columns: incidents.columns, writeIncidents: !noIncidents)
            if let workers { options.workers = workers }
            if format == .gpkg, !noIncidents { options.collection = IncidentCollection(extraColumns: ["Crime ID"]) }
            let job = AssignmentJob(assigner: assigner, options: options)
            let progress = ProgressLine()
            let assignStart = clock.now
            let result: AssignmentResult
            if let opened = try store.open() {
                try incidentsFile?.write(IncidentLine.header)
                try rejectsFile.write("file,line,reason,raw\n")
                let query = store.query(months: months.flatMap { MonthRange(parsing: $0) }, types: types)
                var loaded = try StoredIncidentLoader(store: opened, assigner: assigner).load(
                    query, incidentLine: incidentsFile.map { file in { try file.write($0) } })
                loaded.table = nil
                result = loaded
                // Rejected rows have no month, type or place: they belong to unfiltered reads.
                if query.takesEverything { try opened.forEachRejectedChunk { try rejectsFile.write($0) } }
            } else {
                result = try job.run(
                    files: files, incidents: incidentsFile, rejects: rejectsFile,
                    progress: { progress.update("\($0.file): \($0.rows.formatted()) rows") })
            }
            progress.clear()
            try incidentsFile?.close()
            try rejectsFile.close()
            lap("assign", since: assignStart)

            let writeStart = clock.now
            let outputs = AssignmentOutputs(assigner: assigner)
            let areasPath = format == .gpkg ? paths.geoPackage : paths.areas
            switch format {
            case .geojson:
                try outputs.writeCountsAndAreas(result.counts, countsPath: paths.counts, areasPath: paths.areas)
            case .gpkg:
                try outputs.writeCounts(result.counts, to: paths.counts)
                let writer = try GeoPackageWriter(path: paths.geoPackage)
                try writer.write(try outputs.areasLayer(result.counts))
                if let table = result.table {
                    try writer.write(try outputs.incidentsLayer(), features: outputs.incidentFeatures(table))
                }
                try writer.close()
            }
            lap("write_counts_and_areas", since: writeStart)
            lap("total", since: started)
            var written = [paths.counts, areasPath, paths.rejects, paths.summary]
            if !noIncidents { written.insert(paths.incidents, at: 0) }
            var info = AssignmentOutputs.RunInfo(fields: boundaries.fields, durations: durations, outputs: written)
            if store.store != nil { info.namedAreaNotChecked = Self.namedAreaNotChecked }
            let summary = outputs.summaryJSON(result, info: info)
            let summaryFile = try OutputFile(path: paths.summary)
            try summaryFile.write(summary)
            try summaryFile.close()

            printHumanSummary(result, assigner: assigner, seconds: durations.last?.1 ?? 0)
            if json { print(summary, terminator: "") }
            if failOnReject, result.total.rejected > 0 {
                throw ExitCode(ExitCodes.dataError)
            }
        }

        /// Why a read from a store checks no row against the area it names.
        static let namedAreaNotChecked = "the store does not keep LSOA code, the area each row names; run on the CSV files for this check"

        private func printHumanSummary(_ result: AssignmentResult, assigner: AreaAssigner, seconds: Double) {
            let t = result.total
            func pct(_ n: Int, _ of: Int) -> String {
                of == 0 ? "0.0%" : String(format: "%.1f%%", 100 * Double(n) / Double(of))
            }
            var lines = [
                "\(t.rowsRead.formatted()) rows from \(result.files.count) file(s) against \(assigner.layer.count.formatted()) areas of \(assigner.layer.source) in \(String(format: "%.2f", seconds)) s",
                "  assigned     \(t.assigned.formatted()) (\(pct(t.assigned, t.rowsRead)))",
                "  outside      \(t.outside.formatted())",
                "  no location  \(t.noLocation.formatted())",
                "  rejected     \(t.rejected.formatted())\(t.rejected > 0 ? " (see rejects.csv)" : "")",
            ]
            if store.store != nil {
                lines.append("  rows against the area they name: not checked (\(Self.namedAreaNotChecked))")
            } else if t.namedAreaChecked > 0 {
                lines.append(
                    "  \(t.namedAreaDiffers.formatted()) of \(t.namedAreaChecked.formatted()) located rows (\(pct(t.namedAreaDiffers, t.namedAreaChecked))) lie outside the area their row names")
            }
            lines.append(t.isBalanced ? "  totals add up" : "  TOTALS DO NOT ADD UP")
            lines.append("  outputs in \(out)")
            for line in lines { printError(line) }
        }
    }
}

/// The files `nbhd assign` writes in its output folder.
struct OutputPaths {
    let folder: String
    var incidents: String { folder + "/incidents.csv" }
    var counts: String { folder + "/counts.csv" }
    var areas: String { folder + "/areas.geojson" }
    var geoPackage: String { folder + "/assign.gpkg" }
    var rejects: String { folder + "/rejects.csv" }
    var summary: String { folder + "/summary.json" }
}

func makeDirectory(_ path: String) throws {
    do {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    } catch {
        throw FormatError(.cannotWrite, file: path, detail: "cannot create folder: \(error.localizedDescription)")
    }
}
