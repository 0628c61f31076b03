extension Polygon {
    /// Twice the signed area of a closed ring by the shoelace formula: positive when the ring
    /// runs counter-clockwise (x east, y north).
    ///
    /// Coordinates are taken relative to the first position to keep precision with large
    /// projected values such as British National Grid northings.
    static func doubledSignedArea(_ ring: [Point]) -> Double {
        guard ring.count >= 4 else { return 0 }
        let origin = ring[0]
        var sum = 0.0
        for i in 0..<(ring.count - 1) {
            let a = ring[i], b = ring[i + 1]
            sum += (a.x - origin.x) * (b.y - origin.y) - (b.x - origin.x) * (a.y - origin.y)
        }
        return sum
    }

    /// The signed area of a closed ring: positive counter-clockwise, negative clockwise.
    ///
    /// - Complexity: O(*n*).
    public static func signedArea(ofRing ring: [Point]) -> Double {
        doubledSignedArea(ring) / 2
    }

    /// The planar area: the outer ring's area minus the holes', in squared coordinate units
    /// (square metres in a projected CRS; meaningless in degrees).
    ///
    /// - Complexity: O(*n*).
    public var area: Double {
        var total = abs(Polygon.signedArea(ofRing: exterior))
        for hole in holes { total -= abs(Polygon.signedArea(ofRing: hole)) }
        return total
    }
}

extension MultiPolygon {
    /// The summed planar area of the parts (parts are assumed not to overlap).
    ///
    /// - Complexity: O(*n*).
    public var area: Double { polygons.reduce(0) { $0 + $1.area } }
}
