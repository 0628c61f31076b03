/// What one input file needs for its rows to be read and written.
struct FileContext: Sendable {
    /// The file as named on the command line, CSV-escaped, for output rows.
    let labelField: [UInt8]
    let parser: IncidentRowParser
    /// Positions of the collected extra columns in this file (`nil`: the file lacks it).
    var extraColumns: [Int?] = []
}

/// What a worker returns for one block: the tally and the output lines, in input order.
struct BlockOutput: Sendable {
    var tally = AssignmentTally()
    var incidents: [UInt8] = []
    var rejects: [UInt8] = []
    /// What `incidents.csv` lists for the block's rejected rows, when asked for (a store
    /// import keeps them; see ``RejectedIncident``).
    var rejectedIncidents: [RejectedIncident] = []
    /// The block's readable rows, when collecting.
    var table: IncidentTable.Block?
    /// What the job's `prepare` made of `table`, when it has one.
    var prepared: (any Sendable)?
}

/// Per-thread state for assigning blocks of rows: its own PROJ transformers and a
/// ``BlockAssigner`` (scanner, position cache, count table). One worker is used by one
/// thread only.
final class AssignmentWorker: @unchecked Sendable {
    private let workingCRS: String
    /// Taken out while a block is processed (see ``BlockAssigner``), so never `nil` between blocks.
    private var assigner: BlockAssigner?
    private var transformers: [String: CoordinateTransformer] = [:]

    init(
        assigner: AreaAssigner, writeIncidents: Bool, collectColumns: Int? = nil, textColumns: Set<Int> = [],
        idHashes: Bool = true, keepRejectedIncidents: Bool = false
    ) {
        workingCRS = assigner.workingCRS
        self.assigner = BlockAssigner(
            assigner: assigner, writeIncidents: writeIncidents, collectColumns: collectColumns,
            textColumns: textColumns, idHashes: idHashes, keepRejectedIncidents: keepRejectedIncidents)
    }

    deinit {
        for transformer in transformers.values { TransformerPool.shared.giveBack(transformer) }
    }

    /// Crime types seen by this worker, by local id.
    var types: ByteStringInterner { assigner!.types }
    /// Counts by area, month and crime type.
    var counts: CellCounter { assigner!.counts }

    func transformer(for crs: String) throws -> CoordinateTransformer {
        if let t = transformers[crs] { return t }
        let t = try TransformerPool.shared.take(from: crs, to: workingCRS)
        transformers[crs] = t
        return t
    }

    /// Processes one block of `file`; see ``BlockAssigner/process(_:_:project:)``.
    func process(_ block: CSVBlock, _ file: FileContext) -> BlockOutput {
        guard var working = assigner.take() else { preconditionFailure("a worker is used by one thread only") }
        defer { assigner = working }
        let crs = file.parser.schema.crs
        return working.process(block, file) { points in
            do {
                try self.transformer(for: crs).transform(&points)
            } catch {
                for i in points.indices { points[i] = Point(x: .infinity, y: .infinity) }
            }
        }
    }
}
