import NeighbourhoodGeometry

/// One incident row as read from a file, before projection and assignment.
public struct Incident: Sendable, Hashable {
    /// One-based physical line number where the row starts (the header is line 1).
    public var line: Int
    /// The police.uk `Crime ID`: empty for anti-social behaviour rows.
    public var crimeID: String
    /// The month, when the file has a month column.
    public var month: Month?
    /// The crime type (police.uk `Crime type`), or empty when the file has none.
    public var crimeType: String
    /// The location in the file's CRS (x = longitude or easting); `nil` for a row without one.
    public var location: Point?
    /// The area code written in the row itself (police.uk `LSOA code`), if any.
    public var reportedAreaID: String

    /// Creates an incident.
    public init(
        line: Int, crimeID: String = "", month: Month? = nil, crimeType: String = "",
        location: Point?, reportedAreaID: String = ""
    ) {
        self.line = line
        self.crimeID = crimeID
        self.month = month
        self.crimeType = crimeType
        self.location = location
        self.reportedAreaID = reportedAreaID
    }
}
