/// Asks an ``AssignmentJob`` to keep every readable row in an ``IncidentTable`` (columns of
/// coordinates, area, month, type and any extra columns), for analyses that need rows rather
/// than counts: hotspots and indicators.
public struct IncidentCollection: Sendable, Hashable {
    /// Further columns to keep by name (e.g. an offence code or knife flag column). A file
    /// without one of them gives blank values for it, and ``IncidentTable/rowsWithColumn``
    /// says how many rows had it.
    public var extraColumns: [String]
    /// Those of ``extraColumns`` whose values are all or nearly all distinct (e.g. police.uk
    /// Crime IDs): a collected block carries them row by row in
    /// ``IncidentTable/Block/columnTexts`` instead of giving each distinct value an id, which
    /// would cost a hash-table insert per row for nothing.
    public var textColumns: Set<String>
    /// Whether collected blocks carry each row's ``IncidentTable/IDHash`` (in
    /// ``IncidentTable/Block/idHash``), which an ``IncidentTable`` needs to mark duplicates.
    /// Without it, blocks leave ``IncidentTable/Block/idHash`` empty: for blocks streamed
    /// to a consumer that hashes the ids its own way (a store import), which saves two
    /// hashes of every id.
    public var idHashes: Bool
    /// The one of ``extraColumns`` that takes each file's *id column*, the column its
    /// `IncidentSchema` reads Crime IDs from (given by `--id-column`, else found by the usual
    /// names: `Crime ID`, `crime_id`, `id`), whatever that column's header name; `nil`: every
    /// extra column is found by its own name. A store import collects its `Crime ID` so,
    /// to keep a force extract's `Ref` ids as the rows' Crime IDs.
    public var idColumn: String?

    /// Keeps the standard columns and `extraColumns`, those also in `textColumns` carried
    /// row by row as text; with `idHashes` false, blocks carry no id hashes; `idColumn` (one
    /// of `extraColumns`) takes each file's id column.
    public init(
        extraColumns: [String] = [], textColumns: Set<String> = [], idHashes: Bool = true, idColumn: String? = nil
    ) {
        self.extraColumns = Array(Set(extraColumns)).sorted()
        self.textColumns = textColumns.intersection(extraColumns)
        self.idHashes = idHashes
        self.idColumn = idColumn.flatMap { extraColumns.contains($0) ? $0 : nil }
    }

    /// The positions in ``extraColumns`` of the ``textColumns``.
    var textColumnPositions: Set<Int> {
        Set(extraColumns.indices.filter { textColumns.contains(extraColumns[$0]) })
    }
}
