import ArgumentParser
import Neighbourhood

extension Nbhd {
    /// `nbhd export`: stored incidents to a file.
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export stored incidents as CSV, GeoJSON or GeoPackage, with one area id column per store layer.",
            discussion: """
                Example:
                  nbhd export --store wy.sqlite --format geojson --months 2018-07 \\
                    --type Burglary --out burglary-2018-07.geojson
                --format gpkg writes an OGC GeoPackage with an 'incidents' point table in the
                store's working CRS (opens in QGIS and ArcGIS).
                """)

        @OptionGroup var storeFile: StoreFileOption

        @Option(help: "csv, geojson or gpkg.")
        var format: String = "csv"

        @Option(help: "Output file.")
        var out: String

        @Option(help: "Only these months, e.g. 2018-01..2018-06.")
        var months: String?

        @Option(name: .customLong("type"), help: "Only this crime type (repeatable).")
        var types: [String] = []

        @Option(name: .customLong("area"), help: "Only incidents in this area or district id of --store-layer (repeatable).")
        var areas: [String] = []

        @Option(name: .customLong("store-layer"), help: "The store layer --area ids belong to.")
        var layer: String?

        @Option(
            name: .customLong("counts-by"),
            help: "Write counts by area of this store layer, month and crime type (CSV, from the store's count table) instead of incidents.")
        var countsLayer: String?

        func validate() throws {
            if StoreExport.Format(rawValue: format) == nil {
                throw ValidationError("--format must be one of \(StoreExport.Format.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            if let months, MonthRange(parsing: months) == nil {
                throw ValidationError("--months '\(months)' is not a month or range like 2018-01..2018-06.")
            }
            if !areas.isEmpty, layer == nil, countsLayer == nil { throw ValidationError("--area needs --store-layer NAME.") }
            if countsLayer != nil, format != "csv" { throw ValidationError("--counts-by writes CSV only.") }
        }

        func run() throws {
            do {
                let store = try IncidentStore(path: storeFile.store, mode: .readOnly)
                let query = StoreQuery(
                    months: months.flatMap { MonthRange(parsing: $0) }, crimeTypes: types.isEmpty ? nil : Set(types),
                    areas: areas.isEmpty ? nil : Set(areas), areaLayer: layer)
                if let countsLayer {
                    guard let layer = try store.layerRecords().first(where: { $0.name == countsLayer }) else {
                        throw StoreError(.notFound, path: store.path, detail: "no layer named '\(countsLayer)' in the store (see `nbhd layers list`)")
                    }
                    let cells = try StoreExport.writeCounts(store: store, layer: layer, query: query, path: out)
                    printError("\(cells.formatted()) counts written to \(out)")
                    return
                }
                let n = try StoreExport.run(store: store, query: query, format: StoreExport.Format(rawValue: format)!, path: out)
                printError("\(n.formatted()) incidents written to \(out)")
            } catch let exit as ExitCode {
                throw exit
            } catch {
                throw ExitCodes.report(error)
            }
        }
    }
}
