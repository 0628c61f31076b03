import NeighbourhoodGeometry

extension BoundaryLayer {
    /// A copy of the layer with every coordinate transformed to `target`, all vertices in
    /// one batch split across cores.
    ///
    /// - Throws: ``ProjectionError`` when a CRS is unknown, or when a vertex cannot be
    ///   transformed (naming the first such area).
    /// - Complexity: O(*n*) in the number of positions.
    public func projected(to target: String) throws(ProjectionError) -> BoundaryLayer {
        if crs == target { return self }
        var flat: [Point] = []
        flat.reserveCapacity(areas.reduce(0) { $0 + $1.geometry.edgeCount + $1.geometry.polygons.count })
        for area in areas {
            for polygon in area.geometry.polygons {
                for ring in polygon.rings { flat.append(contentsOf: ring) }
            }
        }
        let failures = try CoordinateTransformation(from: crs, to: target).transform(&flat)
        var k = 0
        var firstFailure: String?
        let result = replacingGeometry(crs: target) { geometry in
            geometry.mapPoints { _ in
                defer { k += 1 }
                return flat[k]
            }
        }
        if failures > 0 {
            for area in result.areas where firstFailure == nil {
                if area.geometry.polygons.contains(where: { $0.rings.contains { $0.contains { !$0.isFinite } } }) {
                    firstFailure = area.id
                }
            }
            throw ProjectionError(
                .transformFailed,
                "\(source): area '\(firstFailure ?? "?")' has vertices PROJ cannot transform from \(crs) to \(target)")
        }
        return result
    }
}
