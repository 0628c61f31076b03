internal import GRDB

/// The stored locations that reading incidents back needs (position, street, and the area
/// code in each layer asked for): all read at once for a scan over many rows, or one by one,
/// and kept, for the few rows an area or type filter's postings list.
struct StoredLocations {
    /// One location as an incident read shows it.
    struct Location {
        var easting: Double
        var northing: Double
        var longitude: Double?
        var latitude: Double?
        var street: String
        /// Per layer asked for, the area code holding the location, or `nil`.
        var areas: [String?]
    }

    private var known: [Int64: Location] = [:]
    /// Every location is in `known` (else missing ones are read on demand).
    private let complete: Bool
    private let layers: [StoredLayer]
    private let one: FastStatement
    private let area: FastStatement

    /// Reads every location of the store now when `all`, else none until asked.
    init(_ db: Database, layers: [StoredLayer], all: Bool) throws {
        self.layers = layers
        complete = all
        one = try FastStatement(db, """
            SELECT l.easting, l.northing, l.lon, l.lat, s.name FROM locations l JOIN streets s ON s.id = l.street_id
            WHERE l.id = ?
            """)
        area = try FastStatement(db, """
            SELECT a.code FROM location_areas la JOIN areas a ON a.id = la.area_id WHERE la.layer_id = ? AND la.location_id = ?
            """)
        guard all else { return }
        var streets: [Int64: String] = [:]
        let streetRows = try FastStatement(db, "SELECT id, name FROM streets")
        while try streetRows.step() { streets[streetRows.int64(0)] = streetRows.text(1) }
        let rows = try FastStatement(db, "SELECT id, easting, northing, lon, lat, street_id FROM locations")
        let none = [String?](repeating: nil, count: layers.count)
        while try rows.step() {
            known[rows.int64(0)] = Location(
                easting: rows.double(1) ?? .nan, northing: rows.double(2) ?? .nan, longitude: rows.double(3),
                latitude: rows.double(4), street: streets[rows.int64(5)] ?? "", areas: none)
        }
        for (k, layer) in layers.enumerated() {
            var codes: [Int64: String] = [:]
            let areaRows = try FastStatement(db, "SELECT id, code FROM areas WHERE layer_id = ?")
            areaRows.bind(1, layer.id)
            while try areaRows.step() { codes[areaRows.int64(0)] = areaRows.text(1) }
            let rows = try FastStatement(db, "SELECT location_id, area_id FROM location_areas WHERE layer_id = ?")
            rows.bind(1, layer.id)
            while try rows.step() { known[rows.int64(0)]?.areas[k] = codes[rows.int64(1)] }
        }
    }

    /// The location with this id, or `nil` when the store has none.
    mutating func location(_ id: Int64) throws -> Location? {
        if let location = known[id] { return location }
        if complete { return nil }
        one.bind(1, id)
        var found: Location?
        while try one.step() {
            found = Location(
                easting: one.double(0) ?? .nan, northing: one.double(1) ?? .nan, longitude: one.double(2),
                latitude: one.double(3), street: one.text(4), areas: [])
        }
        guard var location = found else { return nil }
        for layer in layers {
            area.bind(1, layer.id)
            area.bind(2, id)
            var code: String?
            while try area.step() { code = area.text(0) }
            location.areas.append(code)
        }
        known[id] = location
        return location
    }
}
