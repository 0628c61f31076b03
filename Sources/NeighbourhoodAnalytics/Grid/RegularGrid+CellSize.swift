import NeighbourhoodGeometry

extension RegularGrid {
    /// The number of cells the default cell size aims for along the extent's shorter side.
    public static let defaultCellsAcross = 250.0

    /// The default cell size for `extent`: its shorter side divided by 250, rounded *down* to
    /// the nearest 1, 2 or 5 × 10^k metres, and never below 1 m.
    ///
    /// Rounding down means the shorter side always gets at least 250 cells. For West Yorkshire
    /// (about 50 km × 40 km) 40,000 / 250 = 160 m gives 100 m cells; a 12 km district gives
    /// 48 → 20 m. When the extent is a line (zero width or height) the longer side is used.
    ///
    /// - Throws: ``GridError`` (`.invalidExtent`) when the extent is empty, not finite, or a
    ///   single point, where no size can be derived: give a cell size instead.
    /// - Complexity: O(1).
    public static func defaultCellSize(for extent: BoundingBox) throws(GridError) -> Double {
        guard !extent.isEmpty, extent.minX.isFinite, extent.minY.isFinite, extent.maxX.isFinite,
            extent.maxY.isFinite
        else {
            throw GridError(.invalidExtent, "cannot choose a cell size: the extent is empty or not finite")
        }
        let shorter = Swift.min(extent.width, extent.height)
        let side = shorter > 0 ? shorter : Swift.max(extent.width, extent.height)
        guard side > 0 else {
            throw GridError(
                .invalidExtent,
                "cannot choose a cell size: every point is at one location; give a cell size in metres")
        }
        return niceFloor(side / defaultCellsAcross)
    }

    /// The largest of 1, 2 or 5 × 10^k that is at most `value`, and at least 1.
    static func niceFloor(_ value: Double) -> Double {
        guard value > 1 else { return 1 }
        var decade = 1.0
        while decade * 10 <= value { decade *= 10 }
        if decade * 5 <= value { return decade * 5 }
        if decade * 2 <= value { return decade * 2 }
        return decade
    }

    /// Refuses coordinates in degrees for any distance-based work.
    ///
    /// Throws when the caller says its CRS is geographic, or when the extent *looks* like
    /// degrees although the CRS is said to be projected: every coordinate within ±180 (x) and
    /// ±90 (y) and both sides at most 5 units. A 5 m × 5 m study area near the false origin is
    /// not a plausible crime map, while 5° is more than any police force area; a real metric
    /// extent near (0, 0) larger than that passes.
    ///
    /// - Parameters:
    ///   - isGeographic: Whether the coordinates' CRS is geographic (from the projection layer).
    ///   - extent: The coordinates' extent, or `nil` to check the flag only.
    /// - Throws: ``GridError`` (`.notProjected`) saying to project first, e.g. to EPSG:27700.
    /// - Complexity: O(1).
    public static func requireMetres(isGeographic: Bool, extent: BoundingBox? = nil) throws(GridError) {
        if isGeographic {
            throw GridError(
                .notProjected,
                "the coordinates are in degrees; cell sizes and radii need metres: "
                    + "project them first, e.g. to EPSG:27700 (British National Grid)")
        }
        if let extent, !extent.isEmpty, extent.minX >= -180, extent.maxX <= 180, extent.minY >= -90,
            extent.maxY <= 90, extent.width <= 5, extent.height <= 5
        {
            throw GridError(
                .notProjected,
                "the extent (\(extent.minX), \(extent.minY)) – (\(extent.maxX), \(extent.maxY)) looks like "
                    + "longitude/latitude in degrees, not metres: project the points first, e.g. to EPSG:27700")
        }
    }
}
