/// What happened to the rows of one input: every row read lands in exactly one of
/// assigned, outside, no location or rejected, so `rowsRead` is always their sum.
public struct AssignmentTally: Sendable, Hashable, Codable {
    /// Rows (records) read, header excluded; blank lines are not rows.
    public var rowsRead = 0
    /// Rows whose point lies in an area.
    public var assigned = 0
    /// Rows with a valid point in no area.
    public var outside = 0
    /// Rows without coordinates.
    public var noLocation = 0
    /// Rows that could not be read.
    public var rejected = 0
    /// Located rows that name an area of the layer in their own area column
    /// (police.uk's `LSOA code`).
    public var namedAreaChecked = 0
    /// Of those, rows whose point is not in the area they name (police.uk assigns the LSOA
    /// before snapping points to anonymised map positions, so a few percent differ).
    public var namedAreaDiffers = 0
    /// Rejected rows by reason key (e.g. `not_a_number`).
    public var rejectReasons: [String: Int] = [:]

    /// An empty tally.
    public init() {}

    /// Whether the four outcomes add up to the rows read.
    public var isBalanced: Bool { assigned + outside + noLocation + rejected == rowsRead }

    /// Adds another tally's counts to this one.
    public mutating func add(_ other: AssignmentTally) {
        rowsRead += other.rowsRead
        assigned += other.assigned
        outside += other.outside
        noLocation += other.noLocation
        rejected += other.rejected
        namedAreaChecked += other.namedAreaChecked
        namedAreaDiffers += other.namedAreaDiffers
        for (key, value) in other.rejectReasons { rejectReasons[key, default: 0] += value }
    }
}
