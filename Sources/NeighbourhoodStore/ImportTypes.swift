import NeighbourhoodAnalytics
import NeighbourhoodGeometry

/// The file an import reads, identified by its content.
public struct ImportSource: Sendable, Hashable {
    /// The file name as given.
    public var name: String
    /// Size in bytes.
    public var size: Int
    /// SHA-256 of the bytes, lowercase hex; empty when the file is hashed while it is read
    /// (the import's body then gives it as ``ImportWriter/fileSHA256``).
    public var sha256: String

    /// Creates a source.
    public init(name: String, size: Int, sha256: String) {
        self.name = name
        self.size = size
        self.sha256 = sha256
    }
}

/// A boundary layer of the store, ready to locate points: its index in the working CRS and
/// the store's row id of each area, by position.
public struct LayerLocator: Sendable {
    /// The layer's row id in the store.
    public var layerID: Int64
    /// The point-in-polygon index over the layer in the store's working CRS.
    public var index: AreaIndex
    /// The store's area row id for each area position of `index`.
    public var areaIDs: [Int64]

    /// Creates a locator.
    public init(layerID: Int64, index: AreaIndex, areaIDs: [Int64]) {
        self.layerID = layerID
        self.index = index
        self.areaIDs = areaIDs
    }
}

/// What one import did.
public struct ImportReport: Sendable, Hashable {
    /// One police force and month replaced by this import.
    public struct Replacement: Sendable, Hashable {
        /// The force (`Falls within`).
        public var force: String
        /// The month, `YYYY-MM`.
        public var month: String
        /// Rows the store held for it before.
        public var previousRows: Int
    }

    /// The file.
    public var source: ImportSource
    /// The file was imported before (same SHA-256): nothing was done.
    public var alreadyImported: Bool
    /// Rows read (header excluded).
    public var rowsRead = 0
    /// Rows stored (located and without location; rejected rows are kept apart, as their
    /// `rejects.csv` lines).
    public var rowsStored = 0
    /// Rows with a location.
    public var located = 0
    /// Rows without coordinates.
    public var noLocation = 0
    /// Rows that could not be read, by reason key.
    public var rejected = 0
    /// Rejected rows by reason.
    public var rejectReasons: [String: Int] = [:]
    /// Of the stored rows, those whose key the store did not hold for their force and month.
    public var added = 0
    /// Rows the store held for the replaced force-months whose key is gone.
    public var removed = 0
    /// Rows whose key was there before with different content (e.g. a new outcome).
    public var changed = 0
    /// Rows present before and now, unchanged.
    public var unchanged = 0
    /// The force-months this file replaced (re-published data), with their former row counts.
    public var replaced: [Replacement] = []

    /// Whether the row outcomes add up: stored + rejected = read.
    public var isBalanced: Bool { rowsStored + rejected == rowsRead && located + noLocation == rowsStored }
}
