/// Where a report's incidents come from. `nbhd report` and `nbhd map` read CSV files through
/// ``CSVIncidentSource``; a source backed by the incident store implements the same
/// protocol (return the stored rows as an ``IncidentTable`` in the assigner's areas, and the
/// row outcomes recorded when they were loaded), and every report and map works unchanged.
public protocol IncidentSource: Sendable {
    /// What the rows came from, for the report's data notes (file names or the store's path).
    var inputs: [String] { get }

    /// Reads every row into a table placed in `assigner`'s areas, with `extraColumns` kept
    /// (those indicator definitions select on).
    ///
    /// - Throws: the reading subsystem's error (``FormatError`` for files).
    func load(assigner: AreaAssigner, extraColumns: [String]) throws -> LoadedIncidents
}

/// Incident rows ready for a report, with how every input row was accounted for.
public struct LoadedIncidents: Sendable {
    /// The rows: point in the working CRS, area, month, type, duplicate flag.
    public var table: IncidentTable
    /// Rows read, assigned, outside, without location and rejected; they add up.
    public var tally: AssignmentTally

    /// Creates a loaded set.
    public init(table: IncidentTable, tally: AssignmentTally) {
        self.table = table
        self.tally = tally
    }
}

/// Incidents from CSV files (police.uk street files or any CSV with coordinates; `.gz` read
/// directly), assigned with ``AssignmentJob`` on all cores.
public struct CSVIncidentSource: IncidentSource {
    /// The files.
    public var files: [String]
    /// Which columns hold what.
    public var columns: IncidentColumns
    /// Worker threads, or `nil` for all cores.
    public var workers: Int?
    /// Where rejected rows are written (`file,line,reason,raw`), or `nil` to drop the detail
    /// (they are still counted).
    public var rejectsPath: String?

    /// Creates a source.
    public init(files: [String], columns: IncidentColumns = IncidentColumns(), workers: Int? = nil, rejectsPath: String? = nil) {
        self.files = files
        self.columns = columns
        self.workers = workers
        self.rejectsPath = rejectsPath
    }

    /// The files.
    public var inputs: [String] { files }

    /// Reads the files.
    ///
    /// - Throws: ``FormatError`` for an unreadable or malformed file.
    public func load(assigner: AreaAssigner, extraColumns: [String]) throws -> LoadedIncidents {
        var options = AssignmentOptions(
            columns: columns, writeIncidents: false, collection: IncidentCollection(extraColumns: extraColumns))
        if let workers { options.workers = workers }
        let rejects = try rejectsPath.map { try OutputFile(path: $0) }
        let result = try AssignmentJob(assigner: assigner, options: options).run(files: files, rejects: rejects)
        try rejects?.close()
        guard let table = result.table else {
            throw FormatError(.malformed, file: files.first ?? "", detail: "no rows were kept")
        }
        return LoadedIncidents(table: table, tally: result.total)
    }
}
