/// How an assignment run reads its inputs and what it writes.
public struct AssignmentOptions: Sendable {
    /// Column choices for the incident files.
    public var columns: IncidentColumns
    /// Whether to write `incidents.csv` (one line per input row).
    public var writeIncidents: Bool
    /// Worker threads; defaults to the number of cores.
    public var workers: Int
    /// Bytes per block handed to a worker.
    public var blockSize: Int
    /// When set, every readable row is also kept in ``AssignmentResult/table``.
    public var collection: IncidentCollection?
    /// Whether to checksum each input (SHA-256), while it is read for plain files.
    public var checksumInputs: Bool

    /// Default options: police.uk columns detected, `incidents.csv` written, all cores.
    public init(
        columns: IncidentColumns = IncidentColumns(), writeIncidents: Bool = true,
        workers: Int = System.activeProcessorCount, blockSize: Int = 4 << 20,
        collection: IncidentCollection? = nil, checksumInputs: Bool = false
    ) {
        self.collection = collection
        self.checksumInputs = checksumInputs
        self.columns = columns
        self.writeIncidents = writeIncidents
        self.workers = max(1, workers)
        self.blockSize = blockSize
    }
}
