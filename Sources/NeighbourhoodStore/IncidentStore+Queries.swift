internal import GRDB
import NeighbourhoodIncidents

extension IncidentStore {
    /// The store's ids of `query`'s crime types (`nil`: no type filter).
    private func typeIDs(_ db: Database, _ query: StoreQuery) throws -> [Int64]? {
        guard let types = query.crimeTypes, !types.isEmpty else { return nil }
        return try Int64.fetchAll(
            db, sql: "SELECT id FROM crime_types WHERE name IN (\(placeholders(types.count)))",
            arguments: StatementArguments(types.sorted()))
    }

    /// The ids of the locations in `query`'s areas (`nil`: no area filter).
    private func locationIDs(_ db: Database, _ query: StoreQuery) throws -> [Int64]? {
        guard let areas = query.areas, !areas.isEmpty else { return nil }
        guard let layer = query.areaLayer,
              let layerID = try Int64.fetchOne(db, sql: "SELECT id FROM layers WHERE name = ?", arguments: [layer])
        else {
            let names = try String.fetchAll(db, sql: "SELECT name FROM layers ORDER BY name")
            throw StoreError(
                .notFound, path: path,
                detail: "--area needs a store layer (--store-layer NAME); the store has: \(names.isEmpty ? "no layers (add one with `nbhd layers add`)" : names.joined(separator: ", "))")
        }
        let codes = areas.sorted()
        return try Int64.fetchAll(
            db,
            sql: """
                SELECT la.location_id FROM location_areas la JOIN areas a ON a.id = la.area_id
                WHERE la.layer_id = ? AND (a.code IN (\(placeholders(codes.count))) OR a.parent IN (\(placeholders(codes.count))))
                ORDER BY la.location_id
                """,
            arguments: [layerID] + StatementArguments(codes) + StatementArguments(codes))
    }

    /// How `forEachIncident` finds a query's rows.
    enum IncidentPlan: Equatable {
        /// Read the months asked for (by the month index) and check each row.
        case scan
        /// Read these rows by id, from the postings of the query's areas or crime types.
        case rows([Int64])
    }

    /// Reading rows one by one by id costs more per row than reading them in a scan; above
    /// this share of the rows of the months asked for, the scan is chosen.
    static let postingShareLimit = 0.25

    /// How to choose an ``IncidentPlan``.
    enum Reading {
        /// Postings when they select few rows (see ``postingShareLimit``), else the scan.
        case chosen
        /// Always the scan.
        case scan
        /// Postings whenever the query filters by area or type.
        case postings
    }

    /// Chooses how to read `query`'s rows: by the postings of its locations (an area filter)
    /// or crime types (a type filter), unless they select more than ``postingShareLimit`` of
    /// the months' rows.
    func plan(
        _ db: Database, _ query: StoreQuery, types: [Int64]?, locations: [Int64]?, reading: Reading
    ) throws -> IncidentPlan {
        if reading == .scan { return .scan }
        let months = query.months.map { Int64($0.first.ordinal)...Int64($0.last.ordinal) }
        let ids: [Int64]
        if let locations {
            ids = try IncidentPostings.ids(db, kind: .location, values: locations, months: months, path: path)
        } else if let types {
            ids = try IncidentPostings.ids(db, kind: .crimeType, values: types, months: months, path: path)
        } else {
            return .scan
        }
        guard reading == .chosen else { return .rows(ids) }
        let rowsInMonths = try Int.fetchOne(
            db, sql: "SELECT coalesce(sum(rows), 0) FROM force_months WHERE month BETWEEN ? AND ?",
            arguments: [months?.lowerBound ?? Int64.min, months?.upperBound ?? Int64.max]) ?? 0
        return Double(ids.count) > Self.postingShareLimit * Double(rowsInMonths) ? .scan : .rows(ids)
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
    /// Month filters read the month index; area and crime type filters read the postings
    /// of the areas' locations or of the types (``IncidentPostings``) and then only the rows
    /// they list, unless those are a large part of the months asked for (see
    /// ``plan(_:_:types:locations:reading:)``).
    ///
    /// - Throws: ``StoreError``, or what `body` throws.
    /// - Complexity: O(*k*) in the rows read: those listed by the postings, else the rows of
    ///   the months asked for.
    public func forEachIncident(
        _ query: StoreQuery = StoreQuery(), layers: [StoredLayer] = [], _ body: (StoredIncident) throws -> Void
    ) throws {
        try forEachIncident(query, layers: layers, reading: .chosen, rejected: nil, body)
    }

    /// ``forEachIncident(_:layers:_:)``, calling `rejected` (unless `nil`) with each import's
    /// rejected rows (as ``forEachRejectedIncident(_:)`` gives them) in their place among the
    /// incidents, by import and line, as they are read: for a query that
    /// ``StoreQuery/takesEverything`` (the rows of a filtered query come without their
    /// imports' rejected rows in between).
    ///
    /// - Throws: ``StoreError``, or what `body` or `rejected` throws.
    /// - Complexity: as ``forEachIncident(_:layers:_:)``, plus O(*r*) in the rejected rows;
    ///   one rejected row is held at a time.
    public func forEachIncident(
        _ query: StoreQuery = StoreQuery(), layers: [StoredLayer] = [],
        rejected: ((_ importID: Int64, _ file: String, RejectedIncident) throws -> Void)?,
        _ body: (StoredIncident) throws -> Void
    ) throws {
        try forEachIncident(query, layers: layers, reading: .chosen, rejected: rejected, body)
    }

    /// ``forEachIncident(_:layers:_:)`` with the way of reading given, for tests that
    /// compare them.
    func forEachIncident(
        _ query: StoreQuery, layers: [StoredLayer], reading: Reading,
        rejected: ((Int64, String, RejectedIncident) throws -> Void)? = nil, _ body: (StoredIncident) throws -> Void
    ) throws {
        try read("reading incidents") { db in
            var rejectedRows = try rejected.map { _ in try RejectedIncidentCursor(db) }
            let types = try typeIDs(db, query), areaLocations = try locationIDs(db, query)
            let files = try names(db, "imports", column: "file_name")
            // Each import's id column ('': none) and header; NULL: imported before v7.
            var idColumns: [Int64: String?] = [:], headers: [Int64: [String]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, id_column, header FROM imports") {
                idColumns[row[0]] = row[1] as String?
                if let header = row[2] as String? { headers[row[0]] = ExtraColumns.decodeHeader(header) }
            }
            let forces = try names(db, "forces"), typeNames = try names(db, "crime_types")
            let outcomes = try names(db, "outcomes")
            let plan = try plan(db, query, types: types, locations: areaLocations, reading: reading)
            var locations = try StoredLocations(db, layers: layers, all: plan == .scan)
            let noAreas = [String?](repeating: nil, count: layers.count)
            var extras = try ExtraValueReader(db)
            let columns = "import_id, line, crime_id, month, force_id, type_id, outcome_id, location_id, id"
            let months = query.months.map { Int64($0.first.ordinal)...Int64($0.last.ordinal) }
            let typeSet = types.map(Set.init)
            let locationSet = areaLocations.map(Set.init)
            // Reads the current row of `statement` (the columns above) if it matches.
            func emit(_ statement: FastStatement) throws {
                let month = statement.int64(3), type = statement.int64(5)
                let locationID: Int64? = statement.value(7).isNull ? nil : statement.int64(7)
                if let months, !months.contains(month) { return }
                if let typeSet, !typeSet.contains(type) { return }
                if let locationSet, !(locationID.map(locationSet.contains) ?? false) { return }
                let location = try locationID.flatMap { try locations.location($0) }
                let importID = statement.int64(0)
                if let rejected { try rejectedRows?.emit(before: (importID, Int(statement.int64(1))), rejected) }
                let extra = extras.isEmpty ? IncidentExtras() : try extras.values(incident: statement.int64(8), import: importID)
                let force = forces[statement.int64(4)] ?? ""
                // An import from v7 on names its id column ('': none) and keeps contexts; one
                // before kept the column named Crime ID only, and no context.
                let idColumn: String?, context: String?
                if let named = idColumns[importID] ?? nil {
                    (idColumn, context) = (named.isEmpty ? nil : named, extra.context ?? "")
                } else {
                    (idColumn, context) = ("Crime ID", nil)
                }
                try body(StoredIncident(
                    file: files[importID] ?? "", line: Int(statement.int64(1)),
                    crimeID: CrimeIDCoding.unpack(statement.value(2)), month: Int(month),
                    force: force, crimeType: typeNames[type] ?? "",
                    outcome: outcomes[statement.int64(6)] ?? "",
                    easting: location?.easting, northing: location?.northing,
                    longitude: location?.longitude, latitude: location?.latitude,
                    street: location?.street ?? "", locationID: locationID, areas: location?.areas ?? noAreas,
                    importID: importID, extraColumns: extra.names, extraValues: extra.values,
                    idColumn: idColumn, fallsWithin: extra.fallsWithin ?? force, reportedBy: extra.reportedBy ?? force,
                    context: context, header: headers[importID]))
            }
            switch plan {
            case .rows(let ids):
                let fetch = try FastStatement(db, "SELECT \(columns) FROM incidents WHERE id = ?")
                for id in ids {
                    fetch.bind(1, id)
                    while try fetch.step() { try emit(fetch) }
                }
            case .scan:
                // Without a month filter, the table in id order; with one, the id ranges of
                // the months' runs (IncidentRuns), in id order.
                if let months {
                    let scan = try FastStatement(db, "SELECT \(columns) FROM incidents WHERE id BETWEEN ? AND ? ORDER BY id")
                    for range in try IncidentRuns.ranges(db, months: months) {
                        scan.bind(1, range.lowerBound)
                        scan.bind(2, range.upperBound)
                        while try scan.step() { try emit(scan) }
                    }
                } else {
                    let scan = try FastStatement(db, "SELECT \(columns) FROM incidents ORDER BY id")
                    while try scan.step() { try emit(scan) }
                }
            }
            if let rejected { try rejectedRows?.emit(before: (.max, .max), rejected) }
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

    /// Calls `body` with the stored rejected rows of every import, oldest import first, as
    /// `rejects.csv` lines (`file,line,reason,raw`, no header) in chunks of up to 1 MiB that
    /// split lines anywhere: write them one after another. Imports made before the store
    /// kept rejected rows (schema `v3`) have their counts only.
    public func forEachRejectedChunk(_ body: ([UInt8]) throws -> Void) throws {
        try read("reading rejected rows") { db in
            let chunks = try FastStatement(db, "SELECT csv FROM import_rejected_rows ORDER BY import_id, chunk")
            while try chunks.step() { try body(Array(chunks.blob(0))) }
        }
    }

    /// Rows rejected by every import, in total and by reason.
    public func rejectedRows() throws -> (total: Int, reasons: [String: Int]) {
        try read("reading rejected rows") { db in
            var reasons: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT reason, sum(count) FROM import_rejects GROUP BY reason") {
                reasons[row[0]] = row[1]
            }
            let total = try Int.fetchOne(db, sql: "SELECT coalesce(sum(rejected), 0) FROM imports") ?? 0
            return (total, reasons)
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
