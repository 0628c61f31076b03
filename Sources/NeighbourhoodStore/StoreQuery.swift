import NeighbourhoodIncidents

/// Which stored incidents an analysis or export takes: months, crime types and areas.
public struct StoreQuery: Sendable, Hashable {
    /// Months to keep; `nil` keeps all.
    public var months: MonthRange?
    /// Crime types to keep (exact names as stored); `nil` or empty keeps all.
    public var crimeTypes: Set<String>?
    /// Area ids to keep (an area's own id or its parent's id, e.g. an LSOA or a district),
    /// in ``areaLayer``; `nil` or empty keeps all.
    public var areas: Set<String>?
    /// The store layer whose areas ``areas`` names.
    public var areaLayer: String?

    /// Whether the query takes every stored incident (no month, type or area filter): only
    /// then do rejected rows, which have no month, type or place to filter by, belong to it.
    public var takesEverything: Bool {
        months == nil && (crimeTypes ?? []).isEmpty && (areas ?? []).isEmpty
    }

    /// Creates a query; the default takes every stored incident.
    public init(months: MonthRange? = nil, crimeTypes: Set<String>? = nil, areas: Set<String>? = nil, areaLayer: String? = nil) {
        self.months = months
        self.crimeTypes = crimeTypes
        self.areas = areas
        self.areaLayer = areaLayer
    }
}

/// One stored incident, as read back.
public struct StoredIncident: Sendable, Hashable {
    /// The file it was imported from.
    public var file: String
    /// Its physical line in that file (the header is line 1).
    public var line: Int
    /// The row's Crime ID (the value of its file's id column, ``idColumn``), or empty.
    public var crimeID: String
    /// Month ordinal (``NeighbourhoodIncidents/Month/ordinal``), or -1.
    public var month: Int
    /// The force (`Falls within`, else `Reported by`).
    public var force: String
    /// The crime type.
    public var crimeType: String
    /// The last outcome category, or empty.
    public var outcome: String
    /// Position in the store's working CRS, `nil` without location.
    public var easting: Double?
    /// Northing, `nil` without location.
    public var northing: Double?
    /// Longitude as imported, if any.
    public var longitude: Double?
    /// Latitude as imported, if any.
    public var latitude: Double?
    /// Police.uk's `Location` text (e.g. `On or near Park Row`).
    public var street: String
    /// The location's row id, `nil` without location.
    public var locationID: Int64?
    /// For each layer asked for, the area id (code) holding the location, or `nil`.
    public var areas: [String?]
    /// The row id of the import that stored it (imports are numbered in the order made).
    public var importID: Int64 = 0
    /// The extra columns of its file (see ``ImportColumns``; none for police.uk files and for
    /// imports made before the store kept them, schema `v6`), by header name, in header order.
    public var extraColumns: [String] = []
    /// The incident's value in each of ``extraColumns`` (empty for an empty cell).
    public var extraValues: [String] = []
    /// The header name of its file's id column (`Crime ID` in police.uk files; e.g. `Ref`
    /// in a force extract read with `--id-column Ref`), `nil` when the file had none.
    /// Imports made before schema `v7` kept the column named `Crime ID` only: `Crime ID`.
    public var idColumn: String? = "Crime ID"
    /// Its own `Falls within` (imports before schema `v7`: the force).
    public var fallsWithin: String = ""
    /// Its own `Reported by` (imports before schema `v7`: the force).
    public var reportedBy: String = ""
    /// Its `Context`; `nil` for imports made before schema `v7`, which did not keep it.
    public var context: String?
    /// Its file's header (column names as read, a byte order mark dropped); `nil` for
    /// imports made before schema `v7`.
    public var header: [String]?
}

/// One cell of the store's count table.
public struct StoredCount: Sendable, Hashable {
    /// Area id (code).
    public var area: String
    /// Area name.
    public var areaName: String
    /// Parent id.
    public var parent: String
    /// Month ordinal.
    public var month: Int
    /// Crime type.
    public var crimeType: String
    /// Number of incidents.
    public var count: Int
}
