import ArgumentParser
import Neighbourhood

/// Options for reading incidents from a store instead of CSV files (assign, hotspots,
/// indicators); months and crime types are filtered with each command's own options.
struct StoreOptions: ParsableArguments {
    @Option(help: "Read incidents from this store (made by `nbhd import`) instead of CSV files.")
    var store: String?

    @Option(name: .customLong("area"), help: "With --store: only incidents in this area or district id of --store-layer (repeatable).")
    var areas: [String] = []

    @Option(
        name: .customLong("store-layer"),
        help: "With --store and --area: the store layer the area ids belong to (see `nbhd layers list`).")
    var layer: String?

    func validate() throws {
        if store == nil, !areas.isEmpty || layer != nil {
            throw ValidationError("--area and --store-layer filter a store: give --store too.")
        }
        if !areas.isEmpty, layer == nil {
            throw ValidationError("--area needs --store-layer NAME (a layer of the store, see `nbhd layers list`).")
        }
    }

    /// The store query for these options and the command's months and types.
    func query(months: MonthRange? = nil, types: [String] = []) -> StoreQuery {
        StoreQuery(
            months: months, crimeTypes: types.isEmpty ? nil : Set(types),
            areas: areas.isEmpty ? nil : Set(areas), areaLayer: layer)
    }

    /// Opens the store for reading.
    func open() throws -> IncidentStore? {
        try store.map { try IncidentStore(path: $0, mode: .readOnly) }
    }
}

/// The store file option of `import`, `layers` and `export`.
struct StoreFileOption: ParsableArguments {
    @Option(help: "The store file (created when missing).")
    var store: String = "incidents.sqlite"
}
