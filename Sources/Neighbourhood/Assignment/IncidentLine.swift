import NeighbourhoodGeometry
import NeighbourhoodIncidents

/// The layout of `incidents.csv`, written by the CSV path (`AssignmentWorker`) and the
/// store path (``StoredIncidentLoader``) alike, so the two stay byte-identical.
public enum IncidentLine {
    /// The header line, with its line break.
    public static let header = "file,line,crime_id,month,crime_type,easting,northing,area_id,parent_id,status\n"

    /// Appends what follows the crime type field: `,easting,northing,area_id,parent_id,status`
    /// and the line break. Coordinates are written for assigned and outside rows only, to the
    /// centimetre; the area and parent fields (already CSV-quoted) for assigned rows only.
    static func appendLocation(
        status: IncidentStatus, point: Point, areaField: [UInt8]?, parentField: [UInt8]?, to line: inout [UInt8]
    ) {
        line.append(0x2C)
        if status == .assigned || status == .outside {
            line.append(fixed: point.x, decimals: 2)
            line.append(0x2C)
            line.append(fixed: point.y, decimals: 2)
        } else {
            line.append(0x2C)
        }
        line.append(0x2C)
        if let areaField {
            line.append(contentsOf: areaField)
            line.append(0x2C)
            line.append(contentsOf: parentField ?? [])
        } else {
            line.append(0x2C)
        }
        line.append(0x2C)
        line.append(text: status.rawValue)
        line.append(0x0A)
    }
}
