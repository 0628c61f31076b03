/// A polygon: one outer ring and zero or more holes, each a closed list of positions.
///
/// Rings are stored closed (first position repeated at the end), as GeoJSON, Shapefile and
/// KML write them. The initialiser checks closure, length and finiteness and throws
/// ``GeometryError`` otherwise, so algorithms can trust every `Polygon` they get. Ring
/// orientation is not required: containment uses the crossing-number rule, which does not
/// depend on it, and ``Polygon/area`` takes absolute values.
public struct Polygon: Hashable, Sendable {
    /// The rings, outer ring first, each closed.
    public let rings: [[Point]]

    /// Creates a polygon from closed rings.
    ///
    /// - Parameters:
    ///   - exterior: The outer ring, closed (first position equals the last).
    ///   - holes: Inner rings, each closed.
    /// - Throws: ``GeometryError`` naming the ring when a ring is not closed, has fewer than
    ///   four positions, or holds a NaN or infinite coordinate or one beyond ±10^12.
    /// - Complexity: O(*n*) in the number of positions.
    public init(exterior: [Point], holes: [[Point]] = []) throws(GeometryError) {
        let rings = [exterior] + holes
        for (index, ring) in rings.enumerated() {
            try Polygon.validate(ring: ring, index: index)
        }
        self.rings = rings
    }

    /// Creates a polygon from rings that are already known to be valid, skipping checks.
    init(uncheckedRings rings: [[Point]]) {
        self.rings = rings
    }

    /// The outer ring.
    public var exterior: [Point] { rings[0] }

    /// The inner rings (holes).
    public var holes: ArraySlice<[Point]> { rings.dropFirst() }

    /// Number of edges over all rings.
    public var edgeCount: Int { rings.reduce(0) { $0 + $1.count - 1 } }

    /// The bounding box of the outer ring (holes lie within it).
    ///
    /// - Complexity: O(*n*).
    public var boundingBox: BoundingBox { BoundingBox(covering: exterior) }

    /// The largest coordinate magnitude accepted (10^12): metres of any projected CRS and
    /// degrees are far below it, and the index's cell arithmetic cannot overflow under it.
    public static let coordinateLimit = 1e12

    static func validate(ring: [Point], index: Int) throws(GeometryError) {
        guard ring.count >= 4 else {
            throw GeometryError(
                .tooFewPositions, ring: index,
                detail: "ring has \(ring.count) position(s); a closed ring needs at least 4")
        }
        for (i, p) in ring.enumerated() where !p.isFinite || abs(p.x) > coordinateLimit || abs(p.y) > coordinateLimit {
            if !p.isFinite {
                throw GeometryError(
                    .nonFiniteCoordinate, ring: index,
                    detail: "position \(i) has a non-finite coordinate \(p)")
            }
            throw GeometryError(
                .coordinateOutOfRange, ring: index,
                detail: "position \(i) has a coordinate beyond ±1e12, which no coordinate reference system uses: \(p)")
        }
        guard ring[0] == ring[ring.count - 1] else {
            throw GeometryError(
                .unclosedRing, ring: index,
                detail: "ring is not closed: first \(ring[0]), last \(ring[ring.count - 1])")
        }
    }
}

/// One or more polygons forming a single area, such as a neighbourhood with an island.
public struct MultiPolygon: Hashable, Sendable {
    /// The parts.
    public let polygons: [Polygon]

    /// Creates a multipolygon from its parts.
    ///
    /// - Throws: ``GeometryError`` with code `.empty` when `polygons` is empty.
    public init(_ polygons: [Polygon]) throws(GeometryError) {
        guard !polygons.isEmpty else {
            throw GeometryError(.empty, ring: 0, detail: "multipolygon has no polygons")
        }
        self.polygons = polygons
    }

    /// Wraps a single polygon.
    public init(_ polygon: Polygon) {
        self.polygons = [polygon]
    }

    /// The bounding box over all parts.
    ///
    /// - Complexity: O(*n*).
    public var boundingBox: BoundingBox {
        var box = BoundingBox.empty
        for polygon in polygons { box.extend(by: polygon.boundingBox) }
        return box
    }

    /// Number of edges over all rings of all parts.
    public var edgeCount: Int { polygons.reduce(0) { $0 + $1.edgeCount } }

    /// Returns a copy with every position transformed by `transform`, keeping the structure.
    ///
    /// The transform must keep positions finite; callers transform whole layers through
    /// PROJ and check the result.
    public func mapPoints(_ transform: (Point) throws -> Point) rethrows -> MultiPolygon {
        let parts = try polygons.map { polygon in
            Polygon(uncheckedRings: try polygon.rings.map { try $0.map(transform) })
        }
        return MultiPolygon(uncheckedParts: parts)
    }

    init(uncheckedParts parts: [Polygon]) {
        self.polygons = parts
    }
}
