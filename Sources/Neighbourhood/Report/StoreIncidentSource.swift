/// Incidents from an incident store (made by `nbhd import`), for `nbhd report --store` and
/// `nbhd map --store`: the stored rows are placed in the report's own areas with
/// ``StoredIncidentLoader``, exactly as the CSV path would place them.
public struct StoreIncidentSource: IncidentSource {
    /// The store file.
    public var path: String
    /// Which stored incidents to take (all by default: the report chooses its periods).
    public var query: StoreQuery

    /// Creates a source reading `path`.
    public init(path: String, query: StoreQuery = StoreQuery()) {
        self.path = path
        self.query = query
    }

    /// The store.
    public var inputs: [String] { [path] }

    /// Reads the stored rows. Rows rejected at import were counted there (`nbhd import`
    /// reports them), so the tally here has none.
    ///
    /// - Throws: ``StoreError`` when the store cannot be opened or read.
    public func load(assigner: AreaAssigner, extraColumns: [String]) throws -> LoadedIncidents {
        let store = try IncidentStore(path: path, mode: .readOnly)
        let result = try StoredIncidentLoader(store: store, assigner: assigner).load(query, extraColumns: extraColumns)
        return LoadedIncidents(table: result.table ?? IncidentTable(extraColumns: extraColumns), tally: result.total)
    }
}
