import NeighbourhoodGeometry

extension BoundaryLayer {
    /// A copy of the layer with every coordinate transformed to `target`.
    ///
    /// - Throws: ``ProjectionError`` when the CRS is unknown, or when a vertex cannot be
    ///   transformed (naming the area).
    /// - Complexity: O(*n*) in the number of positions.
    public func projected(to target: String) throws(ProjectionError) -> BoundaryLayer {
        if crs == target { return self }
        let transformer = try CoordinateTransformer(from: crs, to: target)
        var failedArea: String?
        let result = replacingGeometry(crs: target) { geometry in
            var flat = geometry.polygons.flatMap { $0.rings.joined() }
            if transformer.transform(&flat) > 0 { failedArea = failedArea ?? "" }
            var k = 0
            return geometry.mapPoints { _ in defer { k += 1 }; return flat[k] }
        }
        if failedArea != nil {
            for area in areas {
                var flat = area.geometry.polygons.flatMap { $0.rings.joined() }
                if transformer.transform(&flat) > 0 {
                    throw ProjectionError(
                        .transformFailed,
                        "\(source): area '\(area.id)' has vertices PROJ cannot transform from \(crs) to \(target)")
                }
            }
        }
        return result
    }
}
