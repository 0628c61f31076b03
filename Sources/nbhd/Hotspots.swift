import ArgumentParser
import Foundation
import Neighbourhood

extension Nbhd {
    /// `nbhd hotspots`: density, Gi* and local Moran on a grid, and a patrol table.
    struct Hotspots: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Map hotspots: kernel density, Getis-Ord Gi* with FDR, local Moran's I and a patrol table.",
            discussion: """
                Grids are in metres (the working CRS, British National Grid by default), aligned \
                to whole multiples of the cell size, over the study area (--study-area) or the \
                points' extent. Every parameter chosen automatically is written to manifest.json.

                Writes to --out DIR:
                  grid.csv            every cell: centre, study-area flag, count, weight, density,
                                      gi_z, gi_p, gi_p_sim, gi_bin, moran_class, neighbourhood, district
                  grid.geojson        study-area cells as WGS84 polygons with the same fields
                  hotspots.gpkg       with --format gpkg, instead of grid.geojson: tables grid
                                      (as grid.geojson) and areas (as areas.csv, with shapes),
                                      in the working CRS
                  density.asc (.prj)  the density surface as an ESRI ASCII grid (opens in QGIS)
                  hotspots.csv        the top cells: rank, neighbourhood, street location, counts by type
                  areas.csv           with a study area: Gi* and local Moran over neighbourhood counts
                  concentration.json  Gini, generalised Gini, share of places holding half of incidents
                  evaluation.json     with --evaluate-months: hit rate, PAI, PEI, RRI of the top cells
                  rejects.csv, manifest.json

                Example (the bundled West Yorkshire data):
                  nbhd hotspots geodata/crime/*.csv.gz --study-area geodata/wy-lsoa-2011.geojson \\
                    --id-field LSOA11CD --name-field LSOA11NM --parent-field LAD11CD \\
                    --type "Violence and sexual offences" --months 2018-07 --evaluate-months 2017-07 \\
                    --cell 250 --radius 400 --out out/hotspots
                """
        )

        @Argument(help: "Incident CSV files (police.uk street files, or any CSV with coordinates; .gz read directly).")
        var files: [String] = []

        @OptionGroup var store: StoreOptions

        @OptionGroup var boundaries: BoundaryOptions
        @OptionGroup var incidents: IncidentOptions

        @Option(name: .customLong("type"), help: "Crime type to include (repeat for several; default: all).")
        var types: [String] = []

        @Option(help: "Months to map, e.g. 2018-01..2018-06 or 2018-07 (default: all rows).")
        var months: String?

        @Option(name: .customLong("evaluate-months"), help: "A second period whose incidents test the hotspots (PAI, PEI, RRI).")
        var evaluateMonths: String?

        @Option(help: "Cell side in metres (default: shorter side of the extent / 250, rounded).")
        var cell: Double?

        @Option(help: "Kernel search radius in metres (default: the spatial Silverman rule).")
        var radius: Double?

        @Option(help: "Kernel: \(Kernel.allCases.map(\.rawValue).joined(separator: ", ")).")
        var kernel: String = Kernel.quartic.rawValue

        @Option(help: "Density as 'density' (per km²) or 'counts' (expected incidents per cell).")
        var output: String = KernelDensity.Output.density.rawValue

        @Option(help: "Gi* distance band in metres, inclusive (default: smallest giving every cell a neighbour).")
        var band: Double?

        @Option(name: .customLong("area-band"), help: "Band in metres for Gi* over neighbourhoods (areas.csv; default: smallest giving every area a neighbour).")
        var areaBand: Double?

        @Flag(help: "Use queen contiguity (8 surrounding cells) instead of a distance band.")
        var queen = false

        @Option(help: "Conditional permutations for pseudo p-values (e.g. 999; default: analytic only).")
        var permutations: Int?

        @Option(help: "Seed for the permutations.")
        var seed: UInt64 = 0

        @Option(help: "Rows in hotspots.csv.")
        var top: Int = 20

        @Option(name: .customLong("rank-by"), help: "Measure for hotspots.csv: gi_z, density or count.")
        var rankBy: String = HotspotMeasure.giZ.rawValue

        @Option(name: .customLong("weight-column"), help: "Numeric column weighting each incident (e.g. harm).")
        var weightColumn: String?

        @Option(help: "Output folder (created if missing).")
        var out: String

        @Option(help: "Worker threads (default: all cores).")
        var workers: Int?

        @Option(help: LayerFormat.help)
        var format: LayerFormat = .geojson

        func validate() throws {
            if files.isEmpty, store.store == nil { throw ValidationError("Give at least one incident file, or --store.") }
            if !files.isEmpty, store.store != nil { throw ValidationError("Give either incident files or --store, not both.") }
            if Kernel(rawValue: kernel) == nil {
                throw ValidationError("--kernel must be one of \(Kernel.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            if KernelDensity.Output(rawValue: output) == nil { throw ValidationError("--output must be density or counts.") }
            if HotspotMeasure(rawValue: rankBy) == nil { throw ValidationError("--rank-by must be gi_z, density or count.") }
            for (name, value) in [("--cell", cell), ("--radius", radius), ("--band", band), ("--area-band", areaBand)] {
                if let value, !(value.isFinite && value > 0) {
                    throw ValidationError("\(name) must be a positive number of metres, not \(value).")
                }
            }
            if queen, band != nil { throw ValidationError("Give either --band or --queen, not both.") }
            if let months, MonthRange(parsing: months) == nil {
                throw ValidationError("--months '\(months)' is not a month or range like 2018-01..2018-06.")
            }
            if let evaluateMonths, MonthRange(parsing: evaluateMonths) == nil {
                throw ValidationError("--evaluate-months '\(evaluateMonths)' is not a month or range like 2018-01..2018-06.")
            }
            if let permutations, permutations < 1 { throw ValidationError("--permutations must be at least 1.") }
            if top < 0 { throw ValidationError("--top must not be negative.") }
            if let workers, workers < 1 { throw ValidationError("--workers must be at least 1.") }
        }

        func run() throws {
            do {
                try hotspots()
            } catch let exit as ExitCode {
                throw exit
            } catch {
                throw ExitCodes.report(error)
            }
        }

        private func hotspots() throws {
            let started = ContinuousClock.now
            let assigner = try boundaries.makeAssigner()
            try format.checkCRS(assigner.workingCRS)
            try makeDirectory(out)
            let loading = IncidentLoading(
                files: files, incidents: incidents, workers: workers, store: store.store == nil ? nil : store)
            let (result, table) = try loading.load(
                assigner: assigner, extraColumns: weightColumn.map { [$0] } ?? [], rejectsPath: out + "/rejects.csv")

            let period = months.flatMap { MonthRange(parsing: $0) }
            let filter = IncidentFilter(crimeTypes: types.isEmpty ? nil : Set(types), months: period)
            let rows = table.rows(passing: filter)
            var warnings = table.unknownCrimeTypes(in: filter).map { "no incident has crime type '\($0)'" }
            if rows.isEmpty { throw GridError(.insufficientData, nothingLeftMessage(table: table, period: period)) }
            let points = rows.map { Point(x: table.x[$0], y: table.y[$0]) }
            let weights = try weightColumn.map { try Self.weights(column: $0, rows: rows, table: table) }

            var parameters = HotspotAnalysis.Parameters(
                cellSize: cell, kernel: Kernel(rawValue: kernel)!, radius: radius,
                output: KernelDensity.Output(rawValue: output)!,
                neighbourhood: queen ? .queen : band.map { .band($0) } ?? .automaticBand)
            if let permutations { parameters.permutations = try ConditionalPermutation(permutations: permutations, seed: seed) }
            let run = try HotspotAnalysis(parameters: parameters).run(points: points, weights: weights, assigner: assigner)
            warnings += run.warnings
            let cells = run.cells
            let measure = HotspotMeasure(rawValue: rankBy)!

            let outputs = HotspotOutputs(assigner: assigner)
            var written: [String] = []
            func path(_ name: String) -> String {
                written.append(out + "/" + name)
                return out + "/" + name
            }
            try outputs.writeGridCSV(cells, to: path("grid.csv"))
            var layers: [FeatureLayer] = []
            switch format {
            case .geojson: try outputs.writeGridGeoJSON(cells, to: path("grid.geojson"))
            case .gpkg: layers.append(try outputs.gridLayer(cells))
            }
            let grid = cells.grid
            try ESRIASCIIGrid.write(
                path: path("density.asc"), columns: grid.columns, rows: grid.rows, xllCorner: grid.originX,
                yllCorner: grid.originY, cellSize: grid.cellSize, values: cells.density, hasData: cells.inStudyArea)
            try ESRIASCIIGrid.writeProjection(
                try CoordinateReferenceSystem.esriWKT(assigner.workingCRS), path: path("density.prj"))
            let ranks = cells.top(top, by: measure, rows: rows, table: table)
            let types = Set(rows.map { table.crimeType.value(at: $0) }).sorted()
            try outputs.writeHotspotsCSV(ranks, cells: cells, measure: measure, crimeTypes: types, to: path("hotspots.csv"))

            let insideCounts = run.studyGrid.insideCells.map { Double(cells.count[$0]) }
            var areaCounts: [Double]?
            var areaStatistics: AreaHotspots?
            if assigner.layer.count > 0 {
                var perArea = [Double](repeating: 0, count: assigner.layer.count)
                for (k, row) in rows.enumerated() where table.area[row] >= 0 {
                    perArea[Int(table.area[row])] += weights?[k] ?? 1
                }
                areaCounts = perArea
                if assigner.layer.count >= 3 {
                    let stats = try AreaHotspots(
                        counts: perArea, assigner: assigner, band: areaBand, permutations: parameters.permutations)
                    try outputs.writeAreasCSV(stats, to: path("areas.csv"))
                    if format == .gpkg { layers.append(try outputs.areasLayer(stats)) }
                    areaStatistics = stats
                }
            }
            if format == .gpkg { try writeGeoPackage(layers, to: path("hotspots.gpkg")) }
            try writeText(
                try HotspotReports.concentrationJSON(cellCounts: insideCounts, areaCounts: areaCounts),
                to: path("concentration.json"))

            if let evaluateMonths, let second = MonthRange(parsing: evaluateMonths) {
                let secondRows = table.rows(passing: IncidentFilter(crimeTypes: filter.crimeTypes, months: second))
                let secondCounts = try CellCounts(
                    points: secondRows.map { Point(x: table.x[$0], y: table.y[$0]) }, grid: grid)
                let scores: [Double]
                switch measure {
                case .giZ: scores = cells.giZ ?? cells.density
                case .density: scores = cells.density
                case .count: scores = cells.count.map(Double.init)
                }
                try writeText(
                    try HotspotReports.evaluationJSON(
                        scores: scores.map { $0.isFinite ? $0 : -.greatestFiniteMagnitude }, period1: cells.count.map(Double.init),
                        period2: secondCounts.counts.map(Double.init), included: cells.inStudyArea,
                        labels: (period?.description ?? "all", second.description), measure: measure),
                    to: path("evaluation.json"))
            }

            var manifest = RunManifest(command: "nbhd", arguments: Array(CommandLine.arguments.dropFirst()))
            manifest.rows = result
            try manifest.addInputs(files + [boundaries.path, boundaries.parentLayer].compactMap { $0 })
            manifest.duplicates = table.duplicateCount
            manifest.parameters = manifestParameters(run: run, rows: rows.count, working: assigner.workingCRSChoice)
            if let a = areaStatistics {
                manifest.parameters.append(.init(
                    "area_band_m", .number(a.band), automatic: a.bandIsAutomatic,
                    rule: a.bandIsAutomatic ? "smallest distance between area interior points giving every area a neighbour" : nil))
            }
            manifest.warnings = warnings
            manifest.outputs = written + [out + "/rejects.csv", out + "/manifest.json"]
            try writeText(manifest.json, to: out + "/manifest.json")

            IncidentLoading.printTally(result, duplicates: table.duplicateCount, hasAreas: assigner.layer.count > 0)
            let hot = (cells.giBin ?? []).filter { $0 > 0 }.count
            printError(
                "\(rows.count.formatted()) incidents on \(grid.columns) x \(grid.rows) cells of \(Int(grid.cellSize)) m "
                    + "(\(run.studyGrid.insideCount.formatted()) in the study area), radius "
                    + String(format: "%.0f", run.density.parameters.radius) + " m; "
                    + "\(hot) cells hot at 90 % or more after FDR, in \(String(format: "%.2f", seconds(since: started))) s")
            for warning in warnings { printError("warning: \(warning)") }
            printError("outputs in \(out)")
        }

        private func manifestParameters(run: HotspotAnalysis.Run, rows: Int, working: WorkingCRSChoice) -> [RunManifest.Parameter] {
            let d = run.density.parameters
            var list: [RunManifest.Parameter] = [
                .init("crime_types", types.isEmpty ? .none : .list(types)),
                .init("months", months.flatMap { MonthRange(parsing: $0) }.map { .text($0.description) } ?? .none),
                .init("evaluate_months", evaluateMonths.flatMap { MonthRange(parsing: $0) }.map { .text($0.description) } ?? .none),
                .init("incidents_mapped", .integer(rows)),
                .init("working_crs", .text(working.crs), automatic: working.isAutomatic, rule: working.isAutomatic ? working.rule : nil),
                .init("study_area", .text(boundaries.path ?? "points' extent")),
                .init(
                    "cell_m", .number(run.cells.grid.cellSize), automatic: run.cellSizeIsAutomatic,
                    rule: run.cellSizeIsAutomatic ? "shorter side of the extent / 250, rounded down to 1, 2 or 5 x 10^k m" : nil),
                .init("grid_origin", .list(["\(run.cells.grid.originX)", "\(run.cells.grid.originY)"])),
                .init("grid_columns", .integer(run.cells.grid.columns)),
                .init("grid_rows", .integer(run.cells.grid.rows)),
                .init("study_area_cells", .integer(run.studyGrid.insideCount)),
                .init("masked_cells", .integer(run.studyGrid.maskedCount)),
                .init("kernel", .text(d.kernel.rawValue)),
                .init(
                    "radius_m", .number(d.radius), automatic: d.radiusIsAutomatic,
                    rule: d.radiusIsAutomatic ? "0.9 min(SD, sqrt(1/ln 2) Dm) n^-0.2 (spatial Silverman, as ArcGIS)" : nil),
                .init("density_output", .text(run.cells.densityUnit)),
                .init("density_evaluation", .text(d.evaluation)),
                .init("weight_column", weightColumn.map { .text($0) } ?? .none),
            ]
            if let s = run.statistics {
                list.append(.init(
                    "neighbours", .text(queen ? "queen" : "distance band, inclusive, self included for Gi*"),
                    automatic: false))
                list.append(.init(
                    "band_m", s.band.map { .number($0) } ?? .none, automatic: s.bandIsAutomatic,
                    rule: s.bandIsAutomatic ? "smallest distance giving every study-area cell a neighbour" : nil))
                list.append(.init("neighbours_min", .integer(s.cardinality.minimum)))
                list.append(.init("neighbours_max", .integer(s.cardinality.maximum)))
                list.append(.init("gi_correction", .text("Benjamini-Hochberg FDR at 90/95/99 % into gi_bin; gi_z and gi_p unadjusted")))
                list.append(.init("moran_weights", .text("row-standardised, self excluded; classes at p <= 0.05 unadjusted")))
                list.append(.init("permutations", permutations.map { .integer($0) } ?? .none))
                list.append(.init("seed", permutations == nil ? .none : .text(String(seed))))
            }
            return list
        }

        /// Why no incident passed the filters, naming each filter and what the data holds.
        private func nothingLeftMessage(table: IncidentTable, period: MonthRange?) -> String {
            var filters: [String] = []
            if !types.isEmpty {
                let unknown = table.unknownCrimeTypes(in: IncidentFilter(crimeTypes: Set(types)))
                let named = types.map { "'\($0)'" }.joined(separator: ", ")
                filters.append(
                    "--type \(named)"
                        + (unknown.isEmpty ? "" : " (no incident has crime type \(unknown.map { "'\($0)'" }.joined(separator: ", ")))"))
            }
            if let period {
                let months = table.months
                let held = months.first.map { first in
                    months.count == 1 ? "\(first)" : "\(first)..\(months.last!)"
                } ?? "no months"
                filters.append("--months \(period) (the files hold \(held))")
            }
            let present = table.crimeType.values.filter { !$0.isEmpty }.sorted()
            return "no incidents are left to map after filtering by "
                + (filters.isEmpty ? "location (every row lacks coordinates)" : filters.joined(separator: " and "))
                + (types.isEmpty || present.isEmpty ? "" : "; crime types in the files: \(present.joined(separator: ", "))")
        }

        /// Each row's weight from `column`; a non-numeric or negative value is an error.
        static func weights(column: String, rows: [Int], table: IncidentTable) throws -> [Double] {
            guard let values = table.columns[column], (table.rowsWithColumn[column] ?? 0) > 0 else {
                throw FormatError(.missingColumn, file: table.files.first ?? "", detail: "no column named '\(column)' (given by --weight-column)")
            }
            let parsed = values.values.map { Double($0.trimmingCharacters(in: .whitespaces)) }
            return try rows.map { row in
                let id = Int(values.ids[row])
                guard let w = parsed[id], w.isFinite, w >= 0 else {
                    throw FormatError(
                        .malformed, file: table.files[Int(table.file[row])],
                        detail: "--weight-column '\(column)' holds '\(values.values[id])', not a non-negative number")
                }
                return w
            }
        }
    }
}

/// Writes `text` to `path`.
func writeText(_ text: String, to path: String) throws {
    let file = try OutputFile(path: path)
    try file.write(text)
    try file.close()
}
