/// Which columns of an incident CSV hold what: the user's choice, or police.uk's layout.
///
/// Every name is optional. Unset coordinate columns are found by their usual names
/// (`Longitude`/`Latitude`, `lon`/`lat`, `lng`, `long`; or `Easting`/`Northing`), matched
/// without regard to case or surrounding spaces. Set names must exist in the header.
public struct IncidentColumns: Sendable, Hashable {
    /// Longitude column (WGS84 degrees).
    public var longitude: String?
    /// Latitude column (WGS84 degrees).
    public var latitude: String?
    /// Projected x (easting) column; needs ``crs`` unless the column is `Easting` (then BNG).
    public var x: String?
    /// Projected y (northing) column.
    public var y: String?
    /// CRS of the x/y columns (e.g. `EPSG:27700`).
    public var crs: String?
    /// Crime type column; default `Crime type` when present.
    public var type: String?
    /// Month column; default `Month` when present.
    public var month: String?
    /// Incident id column; default `Crime ID` when present.
    public var id: String?
    /// Column naming the area the source assigned (default `LSOA code` when present).
    public var reportedArea: String?

    /// No columns named: police.uk's layout is detected from the header.
    public init(
        longitude: String? = nil, latitude: String? = nil, x: String? = nil, y: String? = nil,
        crs: String? = nil, type: String? = nil, month: String? = nil, id: String? = nil,
        reportedArea: String? = nil
    ) {
        self.longitude = longitude
        self.latitude = latitude
        self.x = x
        self.y = y
        self.crs = crs
        self.type = type
        self.month = month
        self.id = id
        self.reportedArea = reportedArea
    }
}
