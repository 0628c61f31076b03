/// Reads incident files, projects and assigns every row, and streams the per-row outputs.
///
/// Files are cut into blocks of whole records and processed on all cores, each worker with
/// its own PROJ context; results are written in input order, so `incidents.csv` lists rows
/// exactly as they were read. Memory stays flat: only a few blocks are in flight.
public struct AssignmentJob: Sendable {
    /// The areas to assign to.
    public let assigner: AreaAssigner
    /// Reading and writing options.
    public let options: AssignmentOptions

    /// Creates a job.
    public init(assigner: AreaAssigner, options: AssignmentOptions = AssignmentOptions()) {
        self.assigner = assigner
        self.options = options
    }

    /// Progress through the current file.
    public struct Progress: Sendable {
        /// The file being read.
        public var file: String
        /// Rows done so far in all files.
        public var rows: Int
    }

    /// Runs over `files`.
    ///
    /// - Parameters:
    ///   - files: Incident CSV paths (plain or gzip).
    ///   - incidents: Where to write one line per row (header included), or `nil`.
    ///   - rejects: Where to write rejected rows (header included), or `nil`.
    ///   - progress: Called after each block on the calling thread.
    ///   - blocks: With ``AssignmentOptions/collection`` set, receives each block of
    ///     readable rows in input order on the calling thread, instead of the result's
    ///     ``AssignmentResult/table`` (which stays empty): for streaming rows into a store.
    /// - Throws: ``FormatError`` for a file that cannot be read or lacks coordinate columns,
    ///   ``ProjectionError`` for an unknown CRS.
    public func run(
        files: [String], incidents: OutputFile? = nil, rejects: OutputFile? = nil,
        progress: ((Progress) -> Void)? = nil, blocks: ((IncidentTable.Block) throws -> Void)? = nil
    ) throws -> AssignmentResult {
        try run(
            files: files, incidents: incidents, rejects: rejects, rejected: nil, progress: progress, prepare: nil,
            blocks: blocks.map { consume in { block, _ in try consume(block) } })
    }

    /// Runs over `files` like ``run(files:incidents:rejects:progress:blocks:)``, and also
    /// calls `prepare` on each collected block on the worker thread that read it, handing its
    /// result to `blocks` with the block: work that depends on the block alone (hashes,
    /// encodings) runs on all cores instead of the consuming thread. `rejected` receives the
    /// `rejects.csv` lines (no header) of each block's rejected rows, in input order, and
    /// what `incidents.csv` would list for them.
    func run<Prepared: Sendable>(
        files: [String], progress: ((Progress) -> Void)? = nil,
        prepare: @escaping @Sendable (IncidentTable.Block) -> Prepared,
        rejected: (([UInt8], [RejectedIncident]) throws -> Void)? = nil,
        blocks: @escaping (IncidentTable.Block, Prepared) throws -> Void
    ) throws -> AssignmentResult {
        try run(
            files: files, incidents: nil, rejects: nil, rejected: rejected, progress: progress, prepare: { prepare($0) },
            blocks: { block, prepared in
                guard let prepared = prepared as? Prepared else { preconditionFailure("a block was not prepared") }
                try blocks(block, prepared)
            })
    }

    private func run(
        files: [String], incidents: OutputFile?, rejects: OutputFile?, rejected: (([UInt8], [RejectedIncident]) throws -> Void)?,
        progress: ((Progress) -> Void)?,
        prepare: (@Sendable (IncidentTable.Block) -> any Sendable)?,
        blocks: ((IncidentTable.Block, (any Sendable)?) throws -> Void)?
    ) throws -> AssignmentResult {
        try incidents?.write(IncidentLine.header)
        try rejects?.write("file,line,reason,raw\n")
        let workers = (0..<options.workers).map { _ in
            AssignmentWorker(
                assigner: assigner, writeIncidents: options.writeIncidents && incidents != nil,
                collectColumns: options.collection?.extraColumns.count,
                textColumns: options.collection?.textColumnPositions ?? [],
                idHashes: options.collection?.idHashes ?? true, keepRejectedIncidents: rejected != nil)
        }
        var table = options.collection.map { IncidentTable(extraColumns: $0.extraColumns) }
        var duplicates = IncidentTable.DuplicateFilter()
        let pool = workers
        var summaries: [AssignmentResult.FileSummary] = []
        var rowsDone = 0
        for file in files {
            let started = ContinuousClock.now
            let reader = try CSVBlockReader(path: file, blockSize: options.blockSize)
            let streaming = options.checksumInputs && !reader.isCompressed ? StreamingChecksum() : nil
            if let streaming { reader.rawBytesObserver = { streaming.update($0) } }
            guard var first = try reader.next() else {
                throw FormatError(.malformed, file: file, detail: "file is empty: expected a header line")
            }
            let header = try Self.readHeader(&first, file: file)
            let schema = try IncidentSchema(header: header, columns: options.columns, file: file)
            if schema.crs != assigner.workingCRS {
                // Fails early, naming the file, when PROJ cannot make this transformation.
                TransformerPool.shared.giveBack(try TransformerPool.shared.take(from: schema.crs, to: assigner.workingCRS))
            }
            var label: [UInt8] = []
            label.append(csvField: file)
            let names = header.map(IncidentSchema.normalise)
            let context = FileContext(
                labelField: label, parser: IncidentRowParser(schema: schema),
                extraColumns: (options.collection?.extraColumns ?? []).map {
                    $0 == options.collection?.idColumn ? schema.idColumn : names.firstIndex(of: IncidentSchema.normalise($0))
                })
            table?.beginFile(file)
            var tally = AssignmentTally()
            var pending: CSVBlock? = first
            try BlockPipeline.run(
                workers: workers.count, maxInFlight: workers.count * 2,
                next: { () throws -> CSVBlock? in
                    if let block = pending { pending = nil; return block }
                    return try reader.next()
                },
                process: { w, block in
                    var output = pool[w].process(block, context)
                    if let prepare, let table = output.table { output.prepared = prepare(table) }
                    return output
                },
                consume: { output in
                    tally.add(output.tally)
                    if let block = output.table {
                        if let blocks { try blocks(block, output.prepared) } else { table?.append(block, duplicates: &duplicates) }
                    }
                    try incidents?.write(output.incidents)
                    try rejects?.write(output.rejects)
                    if let rejected, !output.rejects.isEmpty { try rejected(output.rejects, output.rejectedIncidents) }
                    rowsDone += output.tally.rowsRead
                    progress?(Progress(file: file, rows: rowsDone))
                })
            var checksum = streaming?.finish(path: file)
            if options.checksumInputs, checksum == nil { checksum = try FileChecksum(path: file) }
            let elapsed = ContinuousClock.now - started
            summaries.append(.init(
                file: file, crs: schema.crs, tally: tally,
                seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18,
                checksum: checksum))
        }
        return AssignmentResult(files: summaries, counts: mergeCounts(workers), table: table)
    }

    /// The column names of `file`'s header line, read as ``run(files:incidents:rejects:progress:blocks:)``
    /// reads them (from the file's first block only).
    ///
    /// - Throws: ``FormatError`` for a file that cannot be read or has no header line.
    static func header(of file: String) throws -> [String] {
        let reader = try CSVBlockReader(path: file, blockSize: 64 << 10)
        guard var first = try reader.next() else {
            throw FormatError(.malformed, file: file, detail: "file is empty: expected a header line")
        }
        return try readHeader(&first, file: file)
    }

    /// Takes the header record off the first block and returns its column names.
    private static func readHeader(_ block: inout CSVBlock, file: String) throws -> [String] {
        var scanner = CSVScanner()
        var header: [String]?
        var consumed = 0
        var lines = 0
        block.bytes.withUnsafeBufferPointer { buffer in
            var done = false
            scanner.scan(buffer) { record, fields, linesBefore in
                guard !done else { return }
                done = true
                header = fields.map { $0.string(in: buffer) }
                var end = record.end
                while end < buffer.count, buffer[end] != 0x0A { end += 1 }
                consumed = min(end + 1, buffer.count)
                lines = linesBefore + record.innerLineBreaks + 1
            }
        }
        if block.oversizedLine {
            throw FormatError(
                .malformed, file: file, line: 1,
                detail: "the header line is longer than \(CSVBlockReader.defaultMaxLineBytes) bytes: is this a CSV file?")
        }
        guard let header, !header.isEmpty else {
            throw FormatError(.malformed, file: file, line: 1, detail: "no header line")
        }
        block.bytes.removeFirst(consumed)
        block.firstLine += lines
        return header
    }

    private func mergeCounts(_ workers: [AssignmentWorker]) -> IncidentCounts {
        var counts = IncidentCounts()
        for worker in workers {
            let names = worker.types.strings.map { String(decoding: $0, as: UTF8.self) }
            let cells = worker.counts.entries.map { key, value in
                (area: Int(key >> 40), monthCode: Int((key >> 24) & 0xFFFF), type: Int(key & 0xFF_FFFF), count: value)
            }
            counts.add(cells: cells, typeNames: names)
        }
        return counts
    }
}
