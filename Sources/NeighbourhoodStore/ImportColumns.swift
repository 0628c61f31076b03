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

    /// The police.uk columns and `extra`, less names that are empty, repeat an earlier one or
    /// a police.uk column (matched as `IncidentSchema.normalise` matches header names: a file
    /// reader finds the first column of a name only).
    ///
    /// - Parameter extra: Header names of further columns, in header order.
    public init(extra: [String] = []) {
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
}
