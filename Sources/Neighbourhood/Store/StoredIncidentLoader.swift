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

    /// The stored columns an incident table can take as extra columns: by police.uk name,
    /// else the incident's file's extra column of that name (matched as a file's header is,
    /// the first of the name), `nil` when its file has no such column.
    static func storedColumn(_ name: String, _ incident: StoredIncident) -> String? {
        let key = IncidentSchema.normalise(name)
        if let police = policeColumn(key, incident) { return police }
        return extraColumn(key, in: incident.extraColumns).map { incident.extraValues[$0] }
    }

    /// A police.uk column the store keeps, by normalised name.
    private static func policeColumn(_ key: String, _ incident: StoredIncident) -> String? {
        switch key {
        case IncidentSchema.normalise("Crime ID"): return incident.crimeID
        case IncidentSchema.normalise("Falls within"), IncidentSchema.normalise("Reported by"): return incident.force
        case IncidentSchema.normalise("Last outcome category"): return incident.outcome
        case IncidentSchema.normalise("Location"): return incident.street
        default: return nil
        }
    }

    /// The position in `names` (an import's extra columns) of the column with normalised
    /// name `key`.
    private static func extraColumn(_ key: String, in names: [String]) -> Int? {
        names.firstIndex { IncidentSchema.normalise($0) == key }
    }

    /// Loads the incidents of `query` in import order.
    ///
    /// - Parameters:
    ///   - query: Months, types and areas to take.
    ///   - extraColumns: Further columns to keep; those the store holds (`Crime ID`, `Falls
    ///     within`, `Reported by`, `Last outcome category`, `Location`, and the extra columns
    ///     of each imported file) are filled, others are absent (as for a file without them).
    ///   - incidentLine: Called with each row's `incidents.csv` line (as `nbhd assign`
    ///     writes it), or `nil` to skip. A query that ``StoreQuery/takesEverything`` lists
    ///     the rejected rows too (status `rejected`), in their place among their file's rows,
    ///     as `nbhd assign` on the files does; a filtered one leaves them out, as it leaves
    ///     them out of the counts (a rejected row has no month, type or place to filter by).
    /// - Returns: The row outcomes (one summary for the store), counts and the table.
    /// - Throws: ``StoreError``.
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
        /// Per name, its position among the current import's extra columns, if there.
        var extraPositions: [Int?] = Array(repeating: nil, count: names.count)
        let normalisedNames = names.map(IncidentSchema.normalise)
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
        // Rejected rows for incidents.csv, merged in by import and line.
        var rejected: [(importID: Int64, file: String, row: RejectedIncident)] = []
        if incidentLine != nil, query.takesEverything {
            try store.forEachRejectedIncident { rejected.append(($0, $1, $2)) }
        }
        var nextRejected = 0
        func writeRejected(before importID: Int64, line: Int) throws {
            guard let incidentLine else { return }
            while nextRejected < rejected.count,
                  (rejected[nextRejected].importID, rejected[nextRejected].row.line) < (importID, line) {
                let (_, file, row) = rejected[nextRejected]
                try incidentLine(Self.incidentLine(file: file, rejected: row))
                nextRejected += 1
            }
        }
        try store.forEachIncident(query) { incident in
            if incident.importID != currentImport {
                // Each import is a file of its own, with its own extra columns.
                flush()
                table.beginFile(incident.file)
                currentImport = incident.importID
                for k in names.indices {
                    extraPositions[k] = Self.policeColumn(normalisedNames[k], incident) == nil
                        ? Self.extraColumn(normalisedNames[k], in: incident.extraColumns) : nil
                    present[k] = Self.storedColumn(names[k], incident) != nil
                }
            }
            try writeRejected(before: incident.importID, line: incident.line)
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
                let value = extraPositions[k].map { incident.extraValues[$0] } ?? Self.storedColumn(names[k], incident) ?? ""
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
        flush()
        try writeRejected(before: .max, line: .max)
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
