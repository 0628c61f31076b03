import NeighbourhoodFormats

/// The columns an import takes from one file: the police.uk columns the store keeps anyway
/// (``ImportWriter/columns``) and the file's *extra columns*, every further column (a force
/// extract's offence code, knife flag, ...), stored per row as the store's extra columns.
///
/// A block for the ``ImportWriter`` collects ``collected``: both kinds, in the sorted order
/// an `IncidentCollection` gives them.
public struct ImportColumns: Sendable, Hashable {
    /// The file's extra columns, by header name, in header order.
    public let extra: [String]
    /// Every column a block for the writer collects, sorted as an `IncidentCollection`
    /// orders its extra columns.
    public let collected: [String]
    /// The position in ``collected`` of each of ``ImportWriter/columns``, in that order.
    let standard: [Int]
    /// The position in ``collected`` of each of ``extra``, in that order.
    let extraPositions: [Int]
    /// The positions in ``collected`` of ``ImportWriter/textColumns``.
    let textPositions: Set<Int>
    /// The header name of the file's id column, whose values the store keeps as the rows'
    /// Crime IDs (`Crime ID` in a police.uk file, e.g. `Ref` in a force extract read with
    /// `--id-column Ref`); `nil` for a file without one. Recorded with the import
    /// (`imports.id_column`), so that a selector on that column reads the stored ids.
    public let idColumn: String?
    /// The file's header (column names as read, a byte order mark dropped), recorded with
    /// the import (`imports.header`), so that a column the file lacks reads back as absent.
    public let header: [String]

    /// The police.uk columns and `extra`, less names that are empty, repeat an earlier one or
    /// a police.uk column (matched as `IncidentSchema.normalise` matches header names: a file
    /// reader finds the first column of a name only).
    ///
    /// - Parameters:
    ///   - extra: Header names of further columns, in header order.
    ///   - idColumn: The header name of the file's id column (see ``idColumn``).
    ///   - header: The file's header; `nil`: police.uk's columns, then `extra`.
    public init(extra: [String] = [], idColumn: String? = "Crime ID", header: [String]? = nil) {
        self.idColumn = idColumn
        self.header = header ?? Self.policeHeader + extra
        var seen = Set(ImportWriter.columns.map(IncidentSchema.normalise))
        var kept: [String] = []
        for name in extra {
            let key = IncidentSchema.normalise(name)
            guard !key.isEmpty, seen.insert(key).inserted else { continue }
            kept.append(name)
        }
        self.extra = kept
        collected = Array(Set(ImportWriter.columns + kept)).sorted()
        var position: [String: Int] = [:]
        for (k, name) in collected.enumerated() { position[name] = k }
        standard = ImportWriter.columns.map { position[$0]! }
        extraPositions = kept.map { position[$0]! }
        textPositions = Set(ImportWriter.textColumns.map { position[$0]! })
    }

    /// The header of a police.uk street file.
    public static let policeHeader = [
        "Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location", "LSOA code",
        "LSOA name", "Crime type", "Last outcome category", "Context",
    ]
}
