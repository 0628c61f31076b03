/// An axis-aligned rectangle, closed on all sides.
public struct BoundingBox: Hashable, Sendable, BitwiseCopyable {
    /// Smallest x (west edge).
    public var minX: Double
    /// Smallest y (south edge).
    public var minY: Double
    /// Largest x (east edge).
    public var maxX: Double
    /// Largest y (north edge).
    public var maxY: Double

    /// Creates a box from its edges. An empty box has `minX > maxX`.
    @inlinable
    public init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX
        self.minY = minY
        self.maxX = maxX
        self.maxY = maxY
    }

    /// The box that contains nothing; extending it by a point gives that point's box.
    public static let empty = BoundingBox(
        minX: .infinity, minY: .infinity, maxX: -.infinity, maxY: -.infinity)

    /// The smallest box holding every point of `points`; ``empty`` when there are none.
    ///
    /// - Complexity: O(*n*).
    public init<S: Sequence>(covering points: S) where S.Element == Point {
        self = .empty
        for p in points { extend(by: p) }
    }

    /// Whether the box holds no point at all.
    @inlinable
    public var isEmpty: Bool { minX > maxX || minY > maxY }

    /// East-west extent.
    @inlinable
    public var width: Double { isEmpty ? 0 : maxX - minX }

    /// North-south extent.
    @inlinable
    public var height: Double { isEmpty ? 0 : maxY - minY }

    /// Grows the box so that it holds `point`.
    @inlinable
    public mutating func extend(by point: Point) {
        if point.x < minX { minX = point.x }
        if point.x > maxX { maxX = point.x }
        if point.y < minY { minY = point.y }
        if point.y > maxY { maxY = point.y }
    }

    /// Grows the box so that it holds `other`.
    @inlinable
    public mutating func extend(by other: BoundingBox) {
        guard !other.isEmpty else { return }
        minX = Swift.min(minX, other.minX)
        minY = Swift.min(minY, other.minY)
        maxX = Swift.max(maxX, other.maxX)
        maxY = Swift.max(maxY, other.maxY)
    }

    /// Whether `point` lies inside the box or on its edge.
    @inlinable
    public func contains(_ point: Point) -> Bool {
        point.x >= minX && point.x <= maxX && point.y >= minY && point.y <= maxY
    }

    /// Whether the two boxes share at least one point.
    @inlinable
    public func intersects(_ other: BoundingBox) -> Bool {
        !(other.minX > maxX || other.maxX < minX || other.minY > maxY || other.maxY < minY)
    }
}
