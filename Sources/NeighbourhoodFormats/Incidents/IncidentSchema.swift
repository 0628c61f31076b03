/// Column positions of one incident file, resolved from its header and ``IncidentColumns``.
public struct IncidentSchema: Sendable, Hashable {
    /// The header's column names, in order.
    public let header: [String]
    /// CRS of the coordinate columns: `EPSG:4326` for longitude/latitude.
    public let crs: String
    /// Whether the coordinates are degrees (checked against ±180/±90).
    public let isGeographic: Bool
    /// Position of the x (longitude/easting) column.
    public let xColumn: Int
    /// Position of the y (latitude/northing) column.
    public let yColumn: Int
    /// Position of the id column, if any.
    public let idColumn: Int?
    /// Position of the month column, if any.
    public let monthColumn: Int?
    /// Position of the crime type column, if any.
    public let typeColumn: Int?
    /// Position of the reported-area column, if any.
    public let reportedAreaColumn: Int?

    /// Resolves `columns` against `header`.
    ///
    /// - Throws: ``FormatError`` (`.missingColumn`) naming the missing column and listing the
    ///   header, or (`.malformed`) when the options contradict each other.
    public init(header: [String], columns: IncidentColumns, file: String) throws(FormatError) {
        self.header = header
        let normalised = header.map(IncidentSchema.normalise)
        func find(_ name: String) -> Int? { normalised.firstIndex(of: IncidentSchema.normalise(name)) }
        func require(_ name: String, option: String) throws(FormatError) -> Int {
            guard let i = find(name) else {
                throw FormatError(
                    .missingColumn, file: file, line: 1,
                    detail: "no column named '\(name)' (given by \(option)); columns are: \(header.joined(separator: ", "))")
            }
            return i
        }
        func optional(_ given: String?, option: String, defaults: [String]) throws(FormatError) -> Int? {
            if let given { return try require(given, option: option) }
            for name in defaults { if let i = find(name) { return i } }
            return nil
        }

        if (columns.longitude != nil || columns.latitude != nil) && (columns.x != nil || columns.y != nil) {
            throw FormatError(
                .malformed, file: file,
                detail: "give either --lon-column/--lat-column or --x-column/--y-column, not both")
        }
        if (columns.longitude == nil) != (columns.latitude == nil) {
            throw FormatError(.malformed, file: file, detail: "--lon-column and --lat-column go together")
        }
        if (columns.x == nil) != (columns.y == nil) {
            throw FormatError(.malformed, file: file, detail: "--x-column and --y-column go together")
        }
        if let lon = columns.longitude, let lat = columns.latitude {
            xColumn = try require(lon, option: "--lon-column")
            yColumn = try require(lat, option: "--lat-column")
            crs = "EPSG:4326"
            isGeographic = true
        } else if let x = columns.x, let y = columns.y {
            xColumn = try require(x, option: "--x-column")
            yColumn = try require(y, option: "--y-column")
            guard let given = columns.crs else {
                throw FormatError(
                    .malformed, file: file,
                    detail: "--x-column/--y-column need --crs (e.g. --crs EPSG:27700)")
            }
            crs = given
            isGeographic = false
        } else if let pair = IncidentSchema.detect(normalised, pairs: IncidentSchema.geographicNames) {
            (xColumn, yColumn) = pair
            crs = "EPSG:4326"
            isGeographic = true
        } else if let pair = IncidentSchema.detect(normalised, pairs: IncidentSchema.gridNames) {
            (xColumn, yColumn) = pair
            crs = columns.crs ?? "EPSG:27700"
            isGeographic = false
        } else {
            throw FormatError(
                .missingColumn, file: file, line: 1,
                detail: "no coordinate columns found (looked for Longitude/Latitude, lon/lat, Easting/Northing); "
                    + "name them with --lon-column/--lat-column or --x-column/--y-column --crs; "
                    + "columns are: \(header.joined(separator: ", "))")
        }
        idColumn = try optional(columns.id, option: "--id-column", defaults: ["Crime ID", "crime_id", "id"])
        monthColumn = try optional(columns.month, option: "--month-column", defaults: ["Month", "date"])
        typeColumn = try optional(
            columns.type, option: "--type-column", defaults: ["Crime type", "crime_type", "type", "category"])
        reportedAreaColumn = try optional(
            columns.reportedArea, option: "--reported-area-column", defaults: ["LSOA code", "lsoa_code"])
    }

    /// The column name as written in the header.
    public func name(of column: Int) -> String { header[column] }

    static let geographicNames = [
        ("longitude", "latitude"), ("lon", "lat"), ("lng", "lat"), ("long", "lat"),
    ]
    static let gridNames = [("easting", "northing"), ("bng_e", "bng_n")]

    static func detect(_ normalised: [String], pairs: [(String, String)]) -> (Int, Int)? {
        for (x, y) in pairs {
            if let i = normalised.firstIndex(of: x), let j = normalised.firstIndex(of: y) { return (i, j) }
        }
        return nil
    }

    /// A column name as matched: trimmed of spaces, tabs and a BOM, lower-cased.
    public static func normalise(_ name: String) -> String {
        name.trimmingCharacters(in: [" ", "\t", "\u{FEFF}", "\r"]).lowercased()
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Set<Character>) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
