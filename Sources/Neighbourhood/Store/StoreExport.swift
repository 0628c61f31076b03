/// Writes stored incidents to a text file, one row at a time (CSV and GeoJSON; GeoPackage
/// export streams features to ``GeoPackageWriter`` instead).
public protocol IncidentExportWriter {
    /// Writes one incident; `areaColumns` names the entries of ``StoredIncident/areas``.
    mutating func write(_ incident: StoredIncident) throws
    /// Finishes and closes the file.
    mutating func finish() throws
}

/// `nbhd export`: stored incidents as CSV, GeoJSON or GeoPackage.
public enum StoreExport {
    /// Export formats.
    public enum Format: String, CaseIterable, Sendable {
        /// One row per incident with the store's columns, one area id per layer and the
        /// imported files' extra columns (``IncidentStore/extraColumnNames()``).
        case csv
        /// RFC 7946 FeatureCollection of points (WGS84 longitude/latitude as imported); rows
        /// without location have `null` geometry.
        case geojson
        /// OGC GeoPackage 1.3: an `incidents` table of points in the store's working CRS
        /// (NULL geometry without location), with an R-tree index.
        case gpkg
    }

    /// The text writer for `format` at `path`, with one area column per layer (and for CSV,
    /// one column per name of `extraColumns`, empty where a row's file lacks it); `nil` for
    /// ``Format/gpkg``, which is not written row by row.
    ///
    /// - Throws: ``FormatError`` when the file cannot be created.
    public static func writer(
        for format: Format, path: String, layers: [StoredLayer], extraColumns: [String] = []
    ) throws -> (any IncidentExportWriter)? {
        switch format {
        case .csv: return try CSVIncidentWriter(path: path, layers: layers.map(\.name), extraColumns: extraColumns)
        case .geojson: return try GeoJSONIncidentWriter(path: path, layers: layers.map(\.name))
        case .gpkg: return nil
        }
    }

    /// Writes every incident of `query` in `store` to `path`; returns the number written.
    public static func run(store: IncidentStore, query: StoreQuery, format: Format, path: String) throws -> Int {
        if format == .gpkg { return try writeGeoPackage(store: store, query: query, path: path) }
        let layers = try store.layerRecords()
        let extra = format == .csv ? try store.extraColumnNames() : []
        guard var writer = try writer(for: format, path: path, layers: layers, extraColumns: extra) else { return 0 }
        var written = 0
        try store.forEachIncident(query, layers: layers) { incident in
            try writer.write(incident)
            written += 1
        }
        try writer.finish()
        return written
    }
}

extension StoreExport {
    /// Writes `area_id,area_name,parent_id,month,crime_type,count` (the columns of `nbhd
    /// assign`'s `counts.csv`) for `layer` from the store's count table; `query`'s areas
    /// match an area's own id or its parent's. Returns the number of cells written.
    public static func writeCounts(store: IncidentStore, layer: StoredLayer, query: StoreQuery, path: String) throws -> Int {
        let counts = try store.counts(layer: layer, query)
        let file = try OutputFile(path: path)
        var text: [UInt8] = Array("area_id,area_name,parent_id,month,crime_type,count\n".utf8)
        for cell in counts {
            text.append(csvField: cell.area)
            text.append(0x2C)
            text.append(csvField: cell.areaName)
            text.append(0x2C)
            text.append(csvField: cell.parent)
            text.append(0x2C)
            if let month = Month(ordinal: cell.month), cell.month >= 0 { text.append(month: month) }
            text.append(0x2C)
            text.append(csvField: cell.crimeType)
            text.append(0x2C)
            text.append(integer: cell.count)
            text.append(0x0A)
            try file.drain(&text)
        }
        try file.write(text)
        try file.close()
        return counts.count
    }
}

/// Appends the shared text of an incident's number fields.
private func appendOptional(_ value: Double?, decimals: Int, to line: inout [UInt8]) {
    if let value { line.append(fixed: value, decimals: decimals) }
}

/// CSV: `file,line,crime_id,month,force,crime_type,outcome,longitude,latitude,location,easting,northing,status,<layer>_id...,<extra column>...`.
struct CSVIncidentWriter: IncidentExportWriter {
    private let file: OutputFile
    private let extraColumns: [String]
    private var line: [UInt8] = []

    init(path: String, layers: [String], extraColumns: [String] = []) throws {
        file = try OutputFile(path: path)
        self.extraColumns = extraColumns
        var header: [UInt8] = Array("file,line,crime_id,month,force,crime_type,outcome,longitude,latitude,location,easting,northing,status".utf8)
        for layer in layers {
            header.append(0x2C)
            header.append(csvField: "\(layer)_id")
        }
        for name in extraColumns {
            header.append(0x2C)
            header.append(csvField: name)
        }
        header.append(0x0A)
        try file.write(header)
    }

    mutating func write(_ incident: StoredIncident) throws {
        line.removeAll(keepingCapacity: true)
        line.append(csvField: incident.file)
        line.append(0x2C)
        line.append(integer: incident.line)
        line.append(0x2C)
        line.append(csvField: incident.crimeID)
        line.append(0x2C)
        if let month = Month(ordinal: incident.month), incident.month >= 0 { line.append(month: month) }
        for text in [incident.force, incident.crimeType, incident.outcome] {
            line.append(0x2C)
            line.append(csvField: text)
        }
        line.append(0x2C)
        appendOptional(incident.longitude, decimals: 6, to: &line)
        line.append(0x2C)
        appendOptional(incident.latitude, decimals: 6, to: &line)
        line.append(0x2C)
        line.append(csvField: incident.street)
        line.append(0x2C)
        appendOptional(incident.easting, decimals: 2, to: &line)
        line.append(0x2C)
        appendOptional(incident.northing, decimals: 2, to: &line)
        line.append(0x2C)
        line.append(text: incident.locationID == nil ? "no_location" : "located")
        for area in incident.areas {
            line.append(0x2C)
            if let area { line.append(csvField: area) }
        }
        for name in extraColumns {
            line.append(0x2C)
            if let k = incident.extraColumns.firstIndex(of: name) { line.append(csvField: incident.extraValues[k]) }
        }
        line.append(0x0A)
        try file.write(line)
    }

    mutating func finish() throws { try file.close() }
}

/// GeoJSON FeatureCollection, one Feature per incident.
struct GeoJSONIncidentWriter: IncidentExportWriter {
    private let file: OutputFile
    private let layers: [String]
    private var first = true
    private var text: [UInt8] = []

    init(path: String, layers: [String]) throws {
        file = try OutputFile(path: path)
        self.layers = layers
        try file.write("{\"type\":\"FeatureCollection\",\"features\":[\n")
    }

    mutating func write(_ incident: StoredIncident) throws {
        text.removeAll(keepingCapacity: true)
        if !first { text.append(contentsOf: Array(",\n".utf8)) }
        first = false
        text.append(contentsOf: Array("{\"type\":\"Feature\",\"geometry\":".utf8))
        if let lon = incident.longitude, let lat = incident.latitude {
            text.append(contentsOf: Array("{\"type\":\"Point\",\"coordinates\":[".utf8))
            text.append(fixed: lon, decimals: 6)
            text.append(0x2C)
            text.append(fixed: lat, decimals: 6)
            text.append(contentsOf: Array("]}".utf8))
        } else {
            text.append(contentsOf: Array("null".utf8))
        }
        var properties: [(String, String?)] = [
            ("file", incident.file), ("line", String(incident.line)), ("crime_id", incident.crimeID),
            ("month", Month(ordinal: incident.month).map { "\($0)" }), ("force", incident.force),
            ("crime_type", incident.crimeType), ("outcome", incident.outcome), ("location", incident.street),
        ]
        for (k, layer) in layers.enumerated() { properties.append(("\(layer)_id", incident.areas[k])) }
        text.append(contentsOf: Array(",\"properties\":{".utf8))
        for (k, (key, value)) in properties.enumerated() {
            if k > 0 { text.append(0x2C) }
            text.append(contentsOf: Array(JSONText.quoted(key).utf8))
            text.append(0x3A)
            if key == "line", let value {
                text.append(contentsOf: Array(value.utf8))
            } else if let value {
                text.append(contentsOf: Array(JSONText.quoted(value).utf8))
            } else {
                text.append(contentsOf: Array("null".utf8))
            }
        }
        text.append(contentsOf: Array("}}".utf8))
        try file.write(text)
    }

    mutating func finish() throws {
        try file.write("\n]}\n")
        try file.close()
    }
}
