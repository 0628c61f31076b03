internal import GRDB
import NeighbourhoodIncidents

extension IncidentStore {
    /// The SQL condition and arguments selecting `query`'s incidents (alias `i`).
    private func condition(_ db: Database, _ query: StoreQuery) throws -> (String, StatementArguments) {
        var clauses: [String] = []
        var arguments: StatementArguments = []
        if let months = query.months {
            clauses.append("i.month BETWEEN ? AND ?")
            arguments += [months.first.ordinal, months.last.ordinal]
        }
        if let types = query.crimeTypes, !types.isEmpty {
            let ids = try Int64.fetchAll(
                db, sql: "SELECT id FROM crime_types WHERE name IN (\(placeholders(types.count)))",
                arguments: StatementArguments(types.sorted()))
            clauses.append("i.type_id IN (\(ids.isEmpty ? "NULL" : ids.map(String.init).joined(separator: ",")))")
        }
        if let areas = query.areas, !areas.isEmpty {
            guard let layer = query.areaLayer,
                  let layerID = try Int64.fetchOne(db, sql: "SELECT id FROM layers WHERE name = ?", arguments: [layer])
            else {
                let names = try String.fetchAll(db, sql: "SELECT name FROM layers ORDER BY name")
                throw StoreError(
                    .notFound, path: path,
                    detail: "--area needs a store layer (--store-layer NAME); the store has: \(names.isEmpty ? "no layers (add one with `nbhd layers add`)" : names.joined(separator: ", "))")
            }
            let codes = areas.sorted()
            clauses.append("""
                i.location_id IN (SELECT la.location_id FROM location_areas la JOIN areas a ON a.id = la.area_id
                    WHERE la.layer_id = ? AND (a.code IN (\(placeholders(codes.count))) OR a.parent IN (\(placeholders(codes.count)))))
                """)
            arguments += [layerID]
            arguments += StatementArguments(codes)
            arguments += StatementArguments(codes)
        }
        return (clauses.isEmpty ? "1" : clauses.joined(separator: " AND "), arguments)
    }

    private func placeholders(_ n: Int) -> String { Array(repeating: "?", count: n).joined(separator: ",") }

    private func names(_ db: Database, _ table: String, column: String = "name") throws -> [Int64: String] {
        var out: [Int64: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, \(column) FROM \(table)") { out[row[0]] = row[1] }
        return out
    }

    /// Calls `body` with every incident of `query`, in import order (file by file, line by
    /// line), with the area id of each of `layers`.
    ///
    /// - Throws: ``StoreError``, or what `body` throws.
    /// - Complexity: O(*n*) in the stored incidents that match.
    public func forEachIncident(
        _ query: StoreQuery = StoreQuery(), layers: [StoredLayer] = [], _ body: (StoredIncident) throws -> Void
    ) throws {
        try read("reading incidents") { db in
            let (whereClause, arguments) = try condition(db, query)
            let files = try names(db, "imports", column: "file_name")
            let forces = try names(db, "forces"), types = try names(db, "crime_types")
            let outcomes = try names(db, "outcomes"), streets = try names(db, "streets")
            let areaCodes = try names(db, "areas", column: "code")
            var locations: [Int64: (e: Double, n: Double, lon: Double?, lat: Double?, street: String, areas: [String?])] = [:]
            let locationRows = try Row.fetchCursor(db, sql: "SELECT id, easting, northing, lon, lat, street_id FROM locations")
            while let row = try locationRows.next() {
                locations[row[0]] = (row[1], row[2], row[3], row[4], streets[row[5]] ?? "", Array(repeating: nil, count: layers.count))
            }
            for (k, layer) in layers.enumerated() {
                let rows = try Row.fetchCursor(
                    db, sql: "SELECT location_id, area_id FROM location_areas WHERE layer_id = ?", arguments: [layer.id])
                while let row = try rows.next() { locations[row[0]]?.areas[k] = areaCodes[row[1]] }
            }
            let cursor = try Row.fetchCursor(
                db,
                sql: """
                    SELECT i.import_id, i.line, i.crime_id, i.month, i.force_id, i.type_id, i.outcome_id, i.location_id
                    FROM incidents i WHERE \(whereClause) ORDER BY i.id
                    """,
                arguments: arguments)
            let noAreas = [String?](repeating: nil, count: layers.count)
            while let row = try cursor.next() {
                let locationID: Int64? = row[7]
                let location = locationID.flatMap { locations[$0] }
                try body(StoredIncident(
                    file: files[row[0]] ?? "", line: row[1], crimeID: CrimeIDCoding.unpack(row[2]), month: row[3],
                    force: forces[row[4]] ?? "", crimeType: types[row[5]] ?? "", outcome: outcomes[row[6]] ?? "",
                    easting: location?.e, northing: location?.n, longitude: location?.lon, latitude: location?.lat,
                    street: location?.street ?? "", locationID: locationID, areas: location?.areas ?? noAreas))
            }
        }
    }

    /// Incident counts by area, month and crime type for a layer, from the count table kept
    /// up to date by every import (no pass over the incidents), ordered by area (in the
    /// layer's order), month and crime type. Filters as `query` (its ``StoreQuery/areas``
    /// match an area's own id or its parent's).
    ///
    /// The count table is read by its key with integers only; area and type texts are read
    /// once and shared by the cells, and the order is made in memory.
    ///
    /// - Complexity: O(*c* log *c*) in the count table's cells for the layer.
    public func counts(layer: StoredLayer, _ query: StoreQuery = StoreQuery()) throws -> [StoredCount] {
        try read("counting incidents") { db in
            var areas: [Int64: (code: String, name: String, parent: String, position: Int)] = [:]
            let areaRows = try Row.fetchCursor(
                db, sql: "SELECT id, code, coalesce(name, ''), coalesce(parent, ''), position FROM areas WHERE layer_id = ?",
                arguments: [layer.id])
            let wanted = query.areas.flatMap { $0.isEmpty ? nil : $0 }
            while let row = try areaRows.next() {
                let code: String = row[1], parent: String = row[3]
                if let wanted, !wanted.contains(code), !wanted.contains(parent) { continue }
                areas[row[0]] = (code, row[2], parent, row[4])
            }
            // Types ranked by name in SQLite's byte order.
            var types = try names(db, "crime_types")
            if let wantedTypes = query.crimeTypes, !wantedTypes.isEmpty { types = types.filter { wantedTypes.contains($0.value) } }
            let byName = types.sorted { $0.value.utf8.lexicographicallyPrecedes($1.value.utf8) }
            var rank: [Int64: Int] = [:]
            for (k, type) in byName.enumerated() { rank[type.key] = k }

            var sql = "SELECT area_id, month, type_id, n FROM area_counts WHERE layer_id = ?"
            if query.months != nil { sql += " AND month BETWEEN ? AND ?" }
            let statement = try FastStatement(db, sql)
            statement.bind(1, layer.id)
            if let months = query.months {
                statement.bind(2, months.first.ordinal)
                statement.bind(3, months.last.ordinal)
            }
            var cells: [(position: Int, month: Int, rank: Int, area: Int64, type: Int64, n: Int)] = []
            while try statement.step() {
                let area = statement.int64(0), type = statement.int64(2)
                guard let position = areas[area]?.position, let k = rank[type] else { continue }
                cells.append((position, Int(statement.int64(1)), k, area, type, Int(statement.int64(3))))
            }
            cells.sort { ($0.position, $0.month, $0.rank) < ($1.position, $1.month, $1.rank) }
            return cells.map { cell in
                let area = areas[cell.area]!
                return StoredCount(
                    area: area.code, areaName: area.name, parent: area.parent, month: cell.month,
                    crimeType: types[cell.type]!, count: cell.n)
            }
        }
    }

    /// Provenance: one entry per import, oldest first.
    public func imports() throws -> [[String: String]] {
        try read("reading provenance") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM imports ORDER BY id").map { row in
                var out: [String: String] = [:]
                for column in row.columnNames {
                    let value: DatabaseValue = row[column]
                    switch value.storage {
                    case .string(let text): out[column] = text
                    case .int64(let number): out[column] = String(number)
                    case .double(let number): out[column] = String(number)
                    default: out[column] = ""
                    }
                }
                return out
            }
        }
    }
}
