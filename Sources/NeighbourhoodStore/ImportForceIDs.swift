import Synchronization

/// The store ids of the police forces an import has met so far, shared by the writer (which
/// gives the ids) with the reading threads, so that ``ImportWriter/prepare(_:columns:forces:)``
/// can finish each row's identity and content hash there: both start from the force's id.
/// A block whose forces are not all known yet (the file's first block) is finished by the
/// writer, with the same result.
public final class ImportForceIDs: Sendable {
    private let ids = Mutex<[String: Int64]>([:])

    /// An empty table.
    public init() {}

    /// The id of each of `names`, `nil` for one not given yet: one lock for the lot.
    func ids(of names: [String]) -> [Int64?] {
        ids.withLock { known in names.map { known[$0] } }
    }

    /// Records the ids the writer gave.
    func record(_ pairs: [(String, Int64)]) {
        ids.withLock { known in
            for (name, id) in pairs { known[name] = id }
        }
    }
}

/// Each row's force id, identity and content hash, worked out either by the reading thread
/// (``ImportWriter/prepare(_:columns:forces:)``) or by the writer.
struct RowIdentities: Sendable {
    var forces: [Int64]
    var bases: [UInt64]
    var contentHashes: [UInt64]
}
