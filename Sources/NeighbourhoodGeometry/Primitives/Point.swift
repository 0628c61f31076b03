/// A position in a plane: longitude/latitude in degrees or easting/northing in metres.
///
/// `x` is always the first axis as people write it on a map: longitude or easting.
/// `y` is latitude or northing. The coordinate reference system is carried by the
/// container (a ``BoundaryLayer`` or a batch of points), not by each point.
public struct Point: Hashable, Sendable, CustomStringConvertible {
    /// Longitude or easting.
    public var x: Double
    /// Latitude or northing.
    public var y: Double

    /// Creates a point from its two coordinates, x (longitude/easting) first.
    @inlinable
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }

    /// Creates a point from its two coordinates, x (longitude/easting) first.
    @inlinable
    public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }

    /// Whether both coordinates are finite numbers (neither NaN nor infinite).
    @inlinable
    public var isFinite: Bool { x.isFinite && y.isFinite }

    /// `(x, y)`.
    public var description: String { "(\(x), \(y))" }
}
