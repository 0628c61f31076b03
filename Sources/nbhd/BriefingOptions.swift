import ArgumentParser
import Foundation
import Neighbourhood

/// Options shared by `nbhd report` and `nbhd map`: the indicator inputs (period, baseline,
/// definitions, population; shared with `nbhd indicators`), the area, the hotspot grid and
/// the map's classes and palette.
struct BriefingOptions: ParsableArguments {
    @Option(help: "Read incidents from this store (made by `nbhd import`) instead of CSV files.")
    var store: String?

    @OptionGroup var inputs: IndicatorInputOptions
    var period: String { inputs.period }
    var baseline: String? { inputs.baseline }
    var definitions: String { inputs.definitions }
    var population: String { inputs.population }
    var populationIDColumn: String { inputs.populationIDColumn }
    var populationColumn: String { inputs.populationColumn }

    @Option(help: "Area covered: force, district:ID (e.g. district:E08000035) or neighbourhood:ID.")
    var area: String = "force"

    @Option(name: .customLong("force-name"), help: "The force's name, shown as the area and used as the force row's id.")
    var forceName: String = "West Yorkshire"

    @Option(help: "District boundaries to draw (any boundary format); default: dissolve the neighbourhoods by --parent-field.")
    var districts: String?

    @Option(name: .customLong("districts-id-field"), help: "Id property of --districts (default: detected).")
    var districtsIDField: String?

    @Option(name: .customLong("type"), help: "Crime type for the hotspots (repeat for several; default: all).")
    var types: [String] = []

    @Option(help: "Hotspot cell side in metres.")
    var cell: Double = 250

    @Option(help: "Hotspot kernel radius in metres.")
    var radius: Double = 400

    @Option(help: "Rows in the patrol table.")
    var top: Int = 10

    @Option(help: "What maps shade: rate (per 1,000 residents), count, or ratio (against --baseline, diverging).")
    var measure: String = "rate"

    @Option(help: "Classification: jenks (natural breaks) or quantile.")
    var method: String = "jenks"

    @Option(help: "Number of classes (1-7; ratio maps use up to 3 each side of 1).")
    var classes: Int = 5

    @Option(help: "Palette: ylorrd or viridis (sequential), puor or rdbu (diverging, for ratio).")
    var palette: String = "ylorrd"

    @Option(help: "Worker threads (default: all cores).")
    var workers: Int?

    func validate() throws {
        if BriefingScope(parsing: area) == nil {
            throw ValidationError("--area '\(area)' should be force, district:ID or neighbourhood:ID.")
        }
        guard let m = BriefingRequest.Measure(rawValue: measure) else {
            throw ValidationError("--measure '\(measure)' should be rate, count or ratio.")
        }
        if m == .ratio, baseline == nil { throw ValidationError("--measure ratio needs --baseline.") }
        if !["jenks", "quantile"].contains(method) { throw ValidationError("--method '\(method)' should be jenks or quantile.") }
        if Palette(rawValue: palette) == nil { throw ValidationError("--palette '\(palette)' should be ylorrd, viridis, puor or rdbu.") }
        if !(1...7).contains(classes) { throw ValidationError("--classes must be between 1 and 7.") }
        if !(cell > 0) || !(radius > 0) { throw ValidationError("--cell and --radius must be positive numbers of metres.") }
        if top < 1 { throw ValidationError("--top must be at least 1.") }
        if let workers, workers < 1 { throw ValidationError("--workers must be at least 1.") }
    }

    /// Checks that incidents come from files or `--store`, not both or neither.
    func validateInputs(files: [String]) throws {
        if files.isEmpty, store == nil { throw ValidationError("Give at least one incident file, or --store.") }
        if !files.isEmpty, store != nil { throw ValidationError("Give either incident files or --store, not both.") }
    }

    /// The request for `files` (or `--store`) read with `incidents` into `assigner`'s areas.
    func request(files: [String], incidents: IncidentOptions, assigner: AreaAssigner, command: String) throws -> BriefingRequest {
        let defs = try IndicatorDefinitions(path: definitions)
        let populations = try PopulationTable(path: population, idColumn: populationIDColumn, populationColumn: populationColumn)
        var request = BriefingRequest(
            assigner: assigner,
            source: store.map { StoreIncidentSource(path: $0) as any IncidentSource }
                ?? CSVIncidentSource(files: files, columns: incidents.columns, workers: workers),
            definitions: defs, population: populations.populations, period: MonthRange(parsing: period)!,
            baseline: baseline.flatMap { MonthRange(parsing: $0) })
        request.scope = BriefingScope(parsing: area)!
        request.forceName = forceName
        request.hotspotTypes = Set(types)
        request.cellSize = cell
        request.radius = radius
        request.top = top
        request.measure = BriefingRequest.Measure(rawValue: measure)!
        request.method = method == "quantile" ? .quantile : .naturalBreaks
        request.classes = classes
        request.palette = Palette(rawValue: palette)!
        request.command = command
        if let districts {
            let layer = try BoundaryLayerReader.read(path: districts, fields: LayerFields(id: districtsIDField))
            request.districtLayer = try AreaAssigner(layer: layer, workingCRS: assigner.workingCRS).workingLayer
        }
        return request
    }
}

/// The command line as typed, quoted for a POSIX shell, to reproduce a run.
func reproducibleCommand() -> String {
    let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=,+@%")
    return (["nbhd"] + CommandLine.arguments.dropFirst()).map { arg in
        !arg.isEmpty && arg.allSatisfy { safe.contains($0) } ? arg : "'" + arg.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }.joined(separator: " ")
}
