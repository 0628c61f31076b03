import NeighbourhoodGeometry

extension Array where Element == UInt8 {
    /// Appends `geometry` as a GeoJSON geometry object: a `Polygon` when it has one part,
    /// otherwise a `MultiPolygon`; coordinates as written by ``append(coordinate:)``.
    public mutating func append(geoJSON geometry: MultiPolygon) {
        if geometry.polygons.count == 1 {
            append(text: "{\"type\":\"Polygon\",\"coordinates\":")
            appendRings(geometry.polygons[0])
        } else {
            append(text: "{\"type\":\"MultiPolygon\",\"coordinates\":[")
            for (k, p) in geometry.polygons.enumerated() {
                if k > 0 { append(0x2C) }
                appendRings(p)
            }
            append(0x5D)
        }
        append(0x7D)
    }

    private mutating func appendRings(_ polygon: Polygon) {
        append(0x5B)
        for (k, ring) in polygon.rings.enumerated() {
            if k > 0 { append(0x2C) }
            append(0x5B)
            for (n, p) in ring.enumerated() {
                if n > 0 { append(0x2C) }
                append(0x5B)
                append(coordinate: p.x)
                append(0x2C)
                append(coordinate: p.y)
                append(0x5D)
            }
            append(0x5D)
        }
        append(0x5D)
    }
}
