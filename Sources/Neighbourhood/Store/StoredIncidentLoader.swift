/// Reads incidents back from an ``IncidentStore`` in the shapes the CSV path produces: an
/// ``IncidentTable`` for hotspots and indicators, ``IncidentCounts`` and per-row lines for
/// `nbhd assign`, so every analysis gives the same results from the store as from the files.
///
/// Areas come from `assigner`: each distinct stored location is located once with the same
/// index and the same working-CRS position as the CSV path used, so the answers agree
/// exactly whichever layers the store holds.
public struct StoredIncidentLoader {
    /// The store.
    public let store: IncidentStore
    /// The areas to assign to (an assigner without areas gives `outside` for every point).
    public let assigner: AreaAssigner

    /// Creates a loader.
    public init(store: IncidentStore, assigner: AreaAssigner) {
        self.store = store
        self.assigner = assigner
    }

    /// Where the store keeps a column asked for, for the rows of one import.
    enum ColumnSource: Equatable {
        /// The file has no such column: absent, as for the CSV path.
        case absent
        /// The row's Crime ID (the file's id column).
        case crimeID
        case fallsWithin, reportedBy, context, outcome, street
        /// The file's extra column at this position.
        case extra(Int)
    }

    /// Where the rows of `incident`'s import keep column `name`: a police.uk column the
    /// store keeps (the Crime ID also under the name of its file's id column), else the
    /// file's extra column of that name (matched as a file's header is, the first of the
    /// name); ``ColumnSource/absent`` when its file has no such column.
    ///
    /// - Throws: ``StoreError`` (`.invalidInput`) naming the column and saying to run on the
    ///   CSV files, for a column the file has but the store does not keep (``unkeptColumns``,
    ///   and any column of the file's header the store keeps in its own way: coordinates,
    ///   month, crime type), and for `Context` of an import made before schema `v7`: an
    ///   answer from the store would differ from the CSV path's.
    static func source(of name: String, _ incident: StoredIncident, store: String) throws -> ColumnSource {
        let key = IncidentSchema.normalise(name)
        if let id = incident.idColumn, key == IncidentSchema.normalise(id) { return .crimeID }
        func refuse(_ why: String, orElse: String = "") -> StoreError {
            StoreError(
                .invalidInput, path: store,
                detail: "column '\(name)' of \(incident.file) is not in the store (\(why)): run this analysis on the CSV files\(orElse)")
        }
        // Imports from v7 on know their header: a column the file lacks is absent.
        if let header = incident.header, !header.contains(where: { IncidentSchema.normalise($0) == key }) {
            return .absent
        }
        switch key {
        case IncidentSchema.normalise("Crime ID"):
            // The file's id column is another one (`--id-column`): its ids are the stored ones.
            throw refuse("the store keeps the file's id column '\(incident.idColumn ?? "")' as its Crime IDs, not this one")
        case IncidentSchema.normalise("Falls within"): return .fallsWithin
        case IncidentSchema.normalise("Reported by"): return .reportedBy
        case IncidentSchema.normalise("Last outcome category"): return .outcome
        case IncidentSchema.normalise("Location"): return .street
        case IncidentSchema.normalise("Context"):
            guard incident.context != nil else {
                throw refuse("imported before the store kept contexts, schema v7", orElse: ", or import them into a new store")
            }
            return .context
        default: break
        }
        if let k = incident.extraColumns.firstIndex(where: { IncidentSchema.normalise($0) == key }) { return .extra(k) }
        if unkeptColumns.contains(key) {
            throw refuse("areas come from the boundary layers, not from the rows' LSOA columns")
        }
        if incident.header != nil {
            throw refuse("the store keeps it in its own way: coordinates, month or crime type")
        }
        return .absent
    }

    /// Normalised names of police.uk columns the store does not keep (their values are on
    /// almost every row, and storing them would double an import's SQLite work): a selector
    /// on one is refused from a store.
    static let unkeptColumns: Set<String> = Set(["LSOA code", "LSOA name", "lsoa_code"].map(IncidentSchema.normalise))

    /// `incident`'s value of a column kept as `source`; `nil` for an absent one.
    static func value(_ source: ColumnSource, _ incident: StoredIncident) -> String? {
        switch source {
        case .absent: return nil
        case .crimeID: return incident.crimeID
        case .fallsWithin: return incident.fallsWithin
        case .reportedBy: return incident.reportedBy
        case .context: return incident.context ?? ""
        case .outcome: return incident.outcome
        case .street: return incident.street
        case .extra(let k): return incident.extraValues[k]
        }
    }

    /// Loads the incidents of `query` in import order.
    ///
    /// - Parameters:
    ///   - query: Months, types and areas to take.
    ///   - extraColumns: Further columns to keep; those the store holds (`Crime ID` or the
    ///     file's id column, `Falls within`, `Reported by`, `Context`, `Last outcome
    ///     category`, `Location`, and the extra columns of each imported file) are filled,
    ///     others are absent (as for a file without them), but those the store does not
    ///     keep (`LSOA code`, `LSOA name`, ...), which are refused.
    ///   - incidentLine: Called with each row's `incidents.csv` line (as `nbhd assign`
    ///     writes it), or `nil` to skip. A query that ``StoreQuery/takesEverything`` lists
    ///     the rejected rows too (status `rejected`), in their place among their file's rows,
    ///     as `nbhd assign` on the files does; a filtered one leaves them out, as it leaves
    ///     them out of the counts (a rejected row has no month, type or place to filter by).
    /// - Returns: The row outcomes (one summary for the store), counts and the table.
    /// - Throws: ``StoreError``; `.invalidInput` for a column of `extraColumns` the store
    ///   does not keep (see ``source(of:_:store:)``).
    public func load(
        _ query: StoreQuery, extraColumns: [String] = [], incidentLine: (([UInt8]) throws -> Void)? = nil
    ) throws -> AssignmentResult {
        let started = ContinuousClock.now
        let collection = IncidentCollection(extraColumns: extraColumns)
        let names = collection.extraColumns
        var table = IncidentTable(extraColumns: names)
        var duplicates = IncidentTable.DuplicateFilter()
        var block = IncidentTable.Block(extraColumns: names.count)
        var present = Array(repeating: false, count: names.count)
        var tally = AssignmentTally()
        var counts = IncidentCounts()
        var areaOf: [Int64: Int32] = [:]
        var types: [String: Int32] = [:]
        var values: [[String: Int32]] = Array(repeating: [:], count: names.count)
        var currentImport: Int64?
        /// Per name, where the current import keeps it.
        var sources = [ColumnSource](repeating: .absent, count: names.count)
        var line: [UInt8] = []
        let areaFields = assigner.layer.areas.map { a -> [UInt8] in var b: [UInt8] = []; b.append(csvField: a.id); return b }
        let parentFields = assigner.parentIDs.map { p -> [UInt8] in var b: [UInt8] = []; if let p { b.append(csvField: p) }; return b }

        func flush() {
            guard block.count > 0 else { return }
            block.crimeTypeValues = types.sorted { $0.value < $1.value }.map(\.key)
            for k in names.indices {
                block.columnValues[k] = values[k].sorted { $0.value < $1.value }.map(\.key)
                block.columnPresent[k] = present[k]
            }
            table.append(block, duplicates: &duplicates)
            block = IncidentTable.Block(extraColumns: names.count)
            types = [:]
            values = Array(repeating: [:], count: names.count)
        }
        // Locate every distinct location once.
        var pending: [(Int64, Point)] = []
        try store.forEachIncident(query) { incident in
            if let id = incident.locationID, let e = incident.easting, let n = incident.northing, areaOf[id] == nil {
                areaOf[id] = -1
                pending.append((id, Point(x: e, y: n)))
            }
        }
        if assigner.layer.count > 0, !pending.isEmpty {
            let found = assigner.index.locate(pending.map(\.1))
            for (k, (id, _)) in pending.enumerated() { areaOf[id] = found[k] }
        }
        // Rejected rows for incidents.csv, merged in by import and line as they are read.
        let rejected: ((Int64, String, RejectedIncident) throws -> Void)? = incidentLine.flatMap { write in
            query.takesEverything ? { _, file, row in try write(Self.incidentLine(file: file, rejected: row)) } : nil
        }
        func each(_ incident: StoredIncident) throws {
            if incident.importID != currentImport {
                // Each import is a file of its own, with its own extra columns.
                flush()
                table.beginFile(incident.file)
                currentImport = incident.importID
                for k in names.indices {
                    sources[k] = try Self.source(of: names[k], incident, store: store.path)
                    present[k] = sources[k] != .absent
                }
            }
            tally.rowsRead += 1
            let area = incident.locationID.flatMap { areaOf[$0] } ?? -1
            let status: IncidentStatus
            if incident.locationID == nil {
                status = .noLocation
                tally.noLocation += 1
            } else if area >= 0 {
                status = .assigned
                tally.assigned += 1
            } else {
                status = .outside
                tally.outside += 1
            }
            let month = Month(ordinal: incident.month)
            if status == .assigned {
                counts.add(IncidentCounts.Key(area: Int(area), month: month, crimeType: incident.crimeType))
            }
            block.line.append(incident.line)
            block.x.append(incident.easting ?? .nan)
            block.y.append(incident.northing ?? .nan)
            block.area.append(area)
            block.month.append(Int32(incident.month))
            block.status.append(status)
            block.idHash.append(
                incident.crimeID.isEmpty
                    ? nil : Array(incident.crimeID.utf8).withUnsafeBufferPointer { IncidentTable.IDHash($0) })
            if let id = types[incident.crimeType] {
                block.crimeType.append(id)
            } else {
                let id = Int32(types.count)
                types[incident.crimeType] = id
                block.crimeType.append(id)
            }
            for k in names.indices {
                let value = Self.value(sources[k], incident) ?? ""
                if let id = values[k][value] {
                    block.columnIDs[k].append(id)
                } else {
                    let id = Int32(values[k].count)
                    values[k][value] = id
                    block.columnIDs[k].append(id)
                }
            }
            if block.count >= 65_536 { flush() }
            if let incidentLine {
                line.removeAll(keepingCapacity: true)
                line.append(csvField: incident.file)
                line.append(0x2C)
                line.append(integer: incident.line)
                line.append(0x2C)
                line.append(csvField: incident.crimeID)
                line.append(0x2C)
                if let month { line.append(month: month) }
                line.append(0x2C)
                line.append(csvField: incident.crimeType)
                IncidentLine.appendLocation(
                    status: status, point: Point(x: incident.easting ?? .nan, y: incident.northing ?? .nan),
                    areaField: area >= 0 ? areaFields[Int(area)] : nil,
                    parentField: area >= 0 ? parentFields[Int(area)] : nil, to: &line)
                try incidentLine(line)
            }
        }
        try store.forEachIncident(query, rejected: rejected, each)
        flush()
        if query.takesEverything {
            let rejected = try store.rejectedRows()
            tally.rowsRead += rejected.total
            tally.rejected += rejected.total
            tally.rejectReasons = rejected.reasons
        }
        let elapsed = ContinuousClock.now - started
        let summary = AssignmentResult.FileSummary(
            file: store.path, crs: assigner.workingCRS, tally: tally,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18,
            checksum: nil)
        return AssignmentResult(files: [summary], counts: counts, table: table)
    }

    /// The `incidents.csv` line of a rejected row, as ``AssignmentJob`` writes it.
    static func incidentLine(file: String, rejected row: RejectedIncident) -> [UInt8] {
        var line: [UInt8] = []
        line.append(csvField: file)
        line.append(0x2C)
        line.append(integer: row.line)
        line.append(0x2C)
        if let id = row.crimeID { id.withUnsafeBufferPointer { line.append(csvField: $0) } }
        line.append(0x2C)
        if let ordinal = row.month, ordinal >= 0, let month = Month(ordinal: ordinal) { line.append(month: month) }
        line.append(0x2C)
        if let type = row.crimeType { type.withUnsafeBufferPointer { line.append(csvField: $0) } }
        IncidentLine.appendLocation(status: .rejected, point: Point(x: .nan, y: .nan), areaField: nil, parentField: nil, to: &line)
        return line
    }
}
