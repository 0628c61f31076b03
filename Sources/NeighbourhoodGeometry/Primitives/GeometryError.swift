/// A geometry that breaks an invariant the algorithms rely on.
///
/// Each error names the ring (0 is the outer ring, 1... are holes) and says what is wrong, so
/// that a reader can report it with the feature it came from.
public struct GeometryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of fault this is, for callers that branch on it.
    public enum Code: Sendable, Hashable {
        /// A ring's first and last positions differ.
        case unclosedRing
        /// A ring has fewer than four positions (three distinct corners and the closing one).
        case tooFewPositions
        /// A coordinate is NaN or infinite.
        case nonFiniteCoordinate
        /// A coordinate's magnitude exceeds ``Polygon/coordinateLimit``, which no coordinate
        /// reference system uses (and which would overflow the index's arithmetic).
        case coordinateOutOfRange
        /// A polygon or multipolygon has no rings at all.
        case empty
    }

    /// The kind of fault.
    public var code: Code
    /// Which ring: 0 is the outer ring, 1 and up are holes in order.
    public var ring: Int
    /// Which polygon of a multipolygon, when the geometry has several.
    public var part: Int?
    /// Human-readable detail, e.g. the offending positions.
    public var detail: String

    /// Creates an error.
    public init(_ code: Code, ring: Int, part: Int? = nil, detail: String) {
        self.code = code
        self.ring = ring
        self.part = part
        self.detail = detail
    }

    /// A sentence such as "polygon 2, ring 0 (outer): ring is not closed: first (1.0, 2.0), last (1.0, 2.5)".
    public var description: String {
        let ringName = ring == 0 ? "ring 0 (outer)" : "ring \(ring) (hole)"
        let prefix = part.map { "polygon \($0), " } ?? ""
        return "\(prefix)\(ringName): \(detail)"
    }
}
