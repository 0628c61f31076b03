/// What one worker keeps from block to block (scanner, position cache, crime types, count
/// table, scratch arrays) and the per-block work itself.
///
/// A value type, held by ``AssignmentWorker`` and taken out of it while a block is worked
/// on: its arrays are then a local variable's, so the per-row accesses need no dynamic
/// exclusivity checks (which class properties touched from closures did, at about 4 % of
/// the run).
struct BlockAssigner {
    private let assigner: AreaAssigner
    private let writeIncidents: Bool
    private let collectColumns: Int?
    /// Positions of the collected columns carried row by row as text (see
    /// ``IncidentTable/Block/columnTexts``), not interned.
    private let textColumns: Set<Int>
    /// `textColumns` as a flag per collected column, read row by row (asking the block
    /// whether a column has texts copies, so retains and releases, its two arrays).
    private let isTextColumn: [Bool]
    /// Whether collected rows get their ``IncidentTable/IDHash`` (see
    /// ``IncidentCollection/idHashes``).
    private let idHashes: Bool
    /// Whether rejected rows' `incidents.csv` fields are kept in
    /// ``BlockOutput/rejectedIncidents`` (for a store import, which writes no `incidents.csv`).
    private let keepRejectedIncidents: Bool
    private let areaIDFields: [[UInt8]]
    private let parentFields: [[UInt8]]
    private let areaIDs: AreaIDLookup
    private var scanner = CSVScanner()
    /// Crime types seen by this worker, by local id.
    private(set) var types = ByteStringInterner()
    /// Counts by area, month and crime type.
    private(set) var counts: CellCounter
    private var cache = LocationCache()
    private var missing: [Int] = []
    private var missingPoints: [Point] = []

    private var rows: [RowRecord] = []
    private var points: [Point] = []
    private var found: [Int32] = []
    /// What ``LocationCache/touch(_:)`` returned last, kept so that its reads stay.
    private var touched: UInt64 = 0

    /// Per-block value ids for the collected table's extra columns.
    private var blockInterners: [ByteStringInterner] = []
    /// Per collected column, the value id of the last row interned (-1: none yet), reused
    /// without hashing while rows repeat it (a file's force, mostly blank contexts).
    private var lastValueIDs: [Int32] = []
    /// Collected extra-column fields, `collectColumns` per row (empty field when absent).
    private var extraFields: [CSVField] = []

    init(
        assigner: AreaAssigner, writeIncidents: Bool, collectColumns: Int? = nil, textColumns: Set<Int> = [],
        idHashes: Bool = true, keepRejectedIncidents: Bool = false
    ) {
        self.assigner = assigner
        self.writeIncidents = writeIncidents
        self.collectColumns = collectColumns
        self.textColumns = textColumns
        isTextColumn = (0..<(collectColumns ?? 0)).map(textColumns.contains)
        self.idHashes = idHashes
        self.keepRejectedIncidents = keepRejectedIncidents
        areaIDFields = assigner.layer.areas.map { var b: [UInt8] = []; b.append(csvField: $0.id); return b }
        parentFields = assigner.parentIDs.map { var b: [UInt8] = []; if let p = $0 { b.append(csvField: p) }; return b }
        areaIDs = AreaIDLookup(assigner.layer)
        counts = CellCounter(areas: assigner.layer.count)
    }


    private var problems: [RowProblem] = []

    /// Reads, locates and counts the rows of `block`, returning its output lines and tally.
    /// `project` turns source positions into working-CRS ones (or infinities on failure).
    mutating func process(
        _ block: CSVBlock, _ file: FileContext, project: (inout [Point]) -> Void
    ) -> BlockOutput {
        var out = BlockOutput()
        rows.removeAll(keepingCapacity: true)
        points.removeAll(keepingCapacity: true)
        problems.removeAll(keepingCapacity: true)
        extraFields.removeAll(keepingCapacity: true)
        if let collectColumns {
            out.table = IncidentTable.Block(extraColumns: collectColumns, textColumns: textColumns)
            out.table!.columnPresent = file.extraColumns.map { $0 != nil }
            // Kept from block to block at their size: a column of distinct values (Crime IDs)
            // would otherwise grow and rehash its table afresh in every block.
            if blockInterners.count == collectColumns {
                for k in blockInterners.indices { blockInterners[k].removeAll(keepingCapacity: true) }
            } else {
                blockInterners = Array(repeating: ByteStringInterner(), count: collectColumns)
            }
            lastValueIDs = Array(repeating: -1, count: collectColumns)
        }
        if block.oversizedLine {
            block.bytes.withUnsafeBufferPointer { buffer in
                emitRejected(
                    .oversizedLine(limit: CSVBlockReader.defaultMaxLineBytes), line: block.firstLine, raw: buffer,
                    file, &out)
            }
            out.tally.rowsRead = 1
            return out
        }
        // Rows keep their offsets as 32-bit numbers; blocks are at most a few times the
        // reader's line limit.
        precondition(block.bytes.count < Int(Int32.max), "a block of 2 GiB or more")
        // A local scanner, so that the closure below may use `self` while it scans; and a local
        // copy of the id lookup, which the closure would otherwise copy (retaining its
        // arrays) for every row.
        var scanner = CSVScanner()
        swap(&scanner, &self.scanner)
        defer { swap(&scanner, &self.scanner) }
        let areaIDs = self.areaIDs
        // Likewise the crime types known so far, only read here (new ones are added in
        // `emit`): a method called on the property retained and released its three arrays.
        let knownTypes = types
        block.bytes.withUnsafeBufferPointer { buffer in
            scanner.scanFields(buffer) { record, fields, linesBefore in
                var problem: RowProblem?
                let row: RowFields
                if record.isUnterminated {
                    row = RowFields()
                    problem = .unterminatedQuote
                } else {
                    row = file.parser.read(fields, in: buffer, problem: &problem)
                }
                var pointIndex = -1
                var namedArea: Int32 = -1
                if row.status == .located {
                    pointIndex = points.count
                    points.append(Point(x: row.x, y: row.y))
                    namedArea = areaIDs.position(of: row.reportedArea, in: buffer)
                }
                var problemIndex = -1
                if let problem {
                    problemIndex = problems.count
                    problems.append(problem)
                }
                let extra = extraFields.count
                if collectColumns != nil, row.status != .rejected {
                    for column in file.extraColumns {
                        extraFields.append(column.map { fields[$0] } ?? CSVField(start: 0, end: 0, isQuoted: false))
                    }
                }
                rows.append(RowRecord(
                    line: block.firstLine + linesBefore, x: row.x, y: row.y,
                    start: Int32(record.start), end: Int32(record.end),
                    crimeID: FieldRef(row.crimeID), crimeType: FieldRef(row.crimeType),
                    month: row.month.map { Int32($0.ordinal) } ?? -1,
                    point: Int32(pointIndex), problem: Int32(problemIndex), extra: Int32(extra),
                    typeID: row.status == .rejected ? -1 : knownTypes.existingID(of: row.crimeType, in: buffer),
                    namedArea: namedArea, status: row.status))
            }
        }
        projectAndLocate(crs: file.parser.schema.crs, project: project)
        block.bytes.withUnsafeBufferPointer { buffer in
            for record in rows {
                emit(record, buffer, file, &out)
            }
        }
        if out.table != nil {
            // Crime types carry the worker's own ids (its interner only grows).
            out.table!.crimeTypeValues = types.strings.map { String(decoding: $0, as: UTF8.self) }
            for k in blockInterners.indices {
                out.table!.columnValues[k] = blockInterners[k].strings.map { String(decoding: $0, as: UTF8.self) }
            }
        }
        return out
    }

    /// Replaces ``points`` by their working-CRS positions and fills ``found``, projecting and
    /// locating only positions the cache has not seen, as one batch.
    private mutating func projectAndLocate(crs: String, project: (inout [Point]) -> Void) {
        found = Array(repeating: -1, count: points.count)
        missing.removeAll(keepingCapacity: true)
        missingPoints.removeAll(keepingCapacity: true)
        // In runs of 64: touching a run's slots first lets their cache misses overlap.
        var sink: UInt64 = 0
        for run in stride(from: 0, to: points.count, by: 64) {
            let end = min(run + 64, points.count)
            sink ^= points.withUnsafeBufferPointer { cache.touch(UnsafeBufferPointer(rebasing: $0[run..<end])) }
            for i in run..<end {
                if let (p, area) = cache.find(points[i]) {
                    points[i] = p
                    found[i] = area
                } else {
                    missing.append(i)
                    missingPoints.append(points[i])
                }
            }
        }
        touched = sink
        guard !missing.isEmpty else { return }
        var projected = missingPoints
        if crs != assigner.workingCRS { project(&projected) }
        let areas = projected.withUnsafeBufferPointer { input in
            [Int32](unsafeUninitializedCapacity: input.count) { out, n in
                if assigner.layer.count == 0 {
                    out.initialize(repeating: -1)
                } else {
                    assigner.index.locateSerially(input, into: out, range: 0..<input.count)
                }
                n = input.count
            }
        }
        for (k, i) in missing.enumerated() {
            points[i] = projected[k]
            found[i] = areas[k]
            cache.insert(missingPoints[k], projected[k], areas[k])
        }
    }

    private mutating func emit(_ record: RowRecord, _ buffer: UnsafeBufferPointer<UInt8>, _ file: FileContext, _ out: inout BlockOutput) {
        out.tally.rowsRead += 1
        var row = record
        var area: Int32 = -1
        var point = Point(x: .nan, y: .nan)
        var projectionProblem: RowProblem?
        if record.point >= 0 {
            point = points[Int(record.point)]
            if !point.isFinite {
                row.status = .rejected
                projectionProblem = .projectionFailed(x: row.x, y: row.y, crs: file.parser.schema.crs)
            } else {
                area = found[Int(record.point)]
            }
        }
        let status: IncidentStatus
        var typeID: Int32 = -1
        switch row.status {
        case .rejected:
            status = .rejected
            emitRejected(projectionProblem ?? problems[Int(record.problem)], line: record.line,
                         raw: UnsafeBufferPointer(rebasing: buffer[Int(record.start)..<Int(record.end)]), file, &out)
            if keepRejectedIncidents {
                // The fields appendIncident(_:_:_:_:_:_:_:) would write for this row.
                func bytes(_ field: CSVField?) -> [UInt8]? {
                    guard let field else { return nil }
                    return field.isQuoted ? field.decode(in: buffer) : Array(buffer[field.start..<field.end])
                }
                out.rejectedIncidents.append(RejectedIncident(
                    line: record.line, crimeID: bytes(row.crimeID.field), month: row.month >= 0 ? Int(row.month) : nil,
                    crimeType: bytes(row.crimeType.field)))
            }
        case .noLocation:
            status = .noLocation
            out.tally.noLocation += 1
        case .located:
            status = area >= 0 ? .assigned : .outside
            if area >= 0 { out.tally.assigned += 1 } else { out.tally.outside += 1 }
            if row.namedArea >= 0 {
                out.tally.namedAreaChecked += 1
                if row.namedArea != area { out.tally.namedAreaDiffers += 1 }
            }
            if area >= 0 {
                typeID = row.typeID >= 0 ? row.typeID : intern(row.crimeType.field, buffer)
                counts.add(area: area, month: row.month, type: typeID)
            }
        }
        if out.table != nil, status != .rejected {
            if typeID < 0 { typeID = row.typeID >= 0 ? row.typeID : intern(row.crimeType.field, buffer) }
            collect(row, status, point, area, typeID, buffer, &out.table!)
        }
        guard writeIncidents else { return }
        appendIncident(row, status, point, area, buffer, file, &out.incidents)
    }

    private mutating func collect(
        _ row: RowRecord, _ status: IncidentStatus, _ point: Point, _ area: Int32, _ typeID: Int32,
        _ buffer: UnsafeBufferPointer<UInt8>, _ table: inout IncidentTable.Block
    ) {
        table.line.append(row.line)
        table.x.append(status == .noLocation ? .nan : point.x)
        table.y.append(status == .noLocation ? .nan : point.y)
        table.area.append(area)
        table.month.append(row.month)
        table.status.append(status)
        table.crimeType.append(typeID)
        if idHashes {
            table.idHash.append(withFieldBytes(row.crimeID.field, buffer) { $0.isEmpty ? nil : IncidentTable.IDHash($0) })
        }
        for k in 0..<(collectColumns ?? 0) {
            let field = extraFields[Int(row.extra) + k]
            if isTextColumn[k] {
                withFieldBytes(field, buffer) { table.columnTexts[k]!.append(trimmed($0)) }
            } else {
                table.columnIDs[k].append(withFieldBytes(field, buffer) { bytes in
                    let value = trimmed(bytes), last = lastValueIDs[k]
                    // A mutating call borrows the interner; string(_:is:) on the array's
                    // element copied it (three retains and releases a row and column).
                    let id = blockInterners[k].id(of: value, tryingFirst: last)
                    lastValueIDs[k] = id
                    return id
                })
            }
        }
    }

    /// Calls `body` with the field's decoded bytes (empty for a missing field).
    private func withFieldBytes<R>(
        _ field: CSVField?, _ buffer: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> R
    ) -> R {
        guard let field, field.end > field.start else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
        if field.isQuoted { return field.decode(in: buffer).withUnsafeBufferPointer(body) }
        return body(UnsafeBufferPointer(rebasing: buffer[field.start..<field.end]))
    }

    private func appendIncident(
        _ row: RowRecord, _ status: IncidentStatus, _ point: Point, _ area: Int32,
        _ buffer: UnsafeBufferPointer<UInt8>, _ file: FileContext, _ line: inout [UInt8]
    ) {
        line.append(contentsOf: file.labelField)
        line.append(comma)
        line.append(integer: row.line)
        line.append(comma)
        appendField(row.crimeID.field, buffer, &line)
        line.append(comma)
        if row.month >= 0, let month = Month(ordinal: Int(row.month)) { line.append(month: month) }
        line.append(comma)
        appendField(row.crimeType.field, buffer, &line)
        IncidentLine.appendLocation(
            status: status, point: point, areaField: area >= 0 ? areaIDFields[Int(area)] : nil,
            parentField: area >= 0 ? parentFields[Int(area)] : nil, to: &line)
    }

    private mutating func emitRejected(
        _ problem: RowProblem, line: Int, raw: UnsafeBufferPointer<UInt8>, _ file: FileContext,
        _ out: inout BlockOutput
    ) {
        out.tally.rejected += 1
        out.tally.rejectReasons[problem.key, default: 0] += 1
        out.rejects.append(contentsOf: file.labelField)
        out.rejects.append(comma)
        out.rejects.append(integer: line)
        out.rejects.append(comma)
        out.rejects.append(csvField: problem.description)
        out.rejects.append(comma)
        // Always quote the raw text so it survives any content.
        out.rejects.append(0x22)
        for b in raw {
            if b == 0x22 { out.rejects.append(0x22) }
            out.rejects.append(b)
        }
        out.rejects.append(0x22)
        out.rejects.append(0x0A)
    }

    private mutating func intern(_ field: CSVField?, _ buffer: UnsafeBufferPointer<UInt8>) -> Int32 {
        guard let field else { return types.id(of: UnsafeBufferPointer(start: nil, count: 0)) }
        if field.isQuoted {
            return field.decode(in: buffer).withUnsafeBufferPointer { types.id(of: $0) }
        }
        return types.id(of: UnsafeBufferPointer(rebasing: buffer[field.start..<field.end]))
    }

    private func appendField(_ field: CSVField?, _ buffer: UnsafeBufferPointer<UInt8>, _ line: inout [UInt8]) {
        guard let field else { return }
        if field.isQuoted {
            field.decode(in: buffer).withUnsafeBufferPointer { line.append(csvField: $0) }
        } else {
            line.append(csvField: UnsafeBufferPointer(rebasing: buffer[field.start..<field.end]))
        }
    }
}

private let comma: UInt8 = 0x2C

/// `bytes` without leading or trailing spaces and tabs.
private func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
    var start = 0, end = bytes.count
    while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
    while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
    return UnsafeBufferPointer(rebasing: bytes[start..<end])
}
