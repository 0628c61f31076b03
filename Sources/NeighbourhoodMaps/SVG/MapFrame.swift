public import NeighbourhoodGeometry

/// The affine map from projected coordinates (metres, y north) to a drawing's pixels
/// (y down), fitting an extent into a box with equal scale on both axes, centred.
public struct MapFrame: Sendable, Hashable {
    /// The extent drawn, in projected units.
    public let extent: BoundingBox
    /// Pixels per projected unit.
    public let scale: Double
    /// Pixel position of the extent's minimum x.
    public let left: Double
    /// Pixel position of the extent's maximum y.
    public let top: Double

    /// Fits `extent` into the pixel box (`x`, `y`, `width`, `height`), keeping the aspect.
    ///
    /// - Throws: ``MapError`` with code `.noData` for an empty extent or box.
    public init(extent: BoundingBox, x: Double, y: Double, width: Double, height: Double) throws(MapError) {
        guard !extent.isEmpty, width > 0, height > 0 else {
            throw MapError(.noData, "nothing to draw: the map extent is empty")
        }
        // A point or a line still gets a frame: pad it to a square of 1 km.
        var box = extent
        if box.width == 0 || box.height == 0 {
            let c = Point(x: (box.minX + box.maxX) / 2, y: (box.minY + box.maxY) / 2)
            let half = Swift.max(box.width, box.height, 1000) / 2
            box = BoundingBox(minX: c.x - half, minY: c.y - half, maxX: c.x + half, maxY: c.y + half)
        }
        let s = Swift.min(width / box.width, height / box.height)
        self.extent = box
        self.scale = s
        self.left = x + (width - box.width * s) / 2
        self.top = y + (height - box.height * s) / 2
    }

    /// The pixel position of `p`.
    public func pixel(_ p: Point) -> (x: Double, y: Double) {
        (left + (p.x - extent.minX) * scale, top + (extent.maxY - p.y) * scale)
    }

    /// The drawn width and height in pixels.
    public var size: (width: Double, height: Double) { (extent.width * scale, extent.height * scale) }
}
