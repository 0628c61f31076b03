import NeighbourhoodGeometry

/// Groups the parts of a shapefile polygon record into polygons with holes.
///
/// The ESRI Shapefile Technical Description (1998, p. 8) writes outer rings clockwise and
/// holes counter-clockwise, with no other link between a hole and its outer ring. Here each
/// counter-clockwise ring becomes a hole of the smallest clockwise ring that contains it; a
/// counter-clockwise ring that no clockwise ring contains (files written with the wrong
/// orientation) becomes an outer ring itself, as GDAL does. Orientation is kept as read:
/// ``Polygon`` does not depend on it.
enum ShapeRings {
    /// The polygons of one record's rings.
    ///
    /// - Throws: ``GeometryError`` naming the ring (its part number in the record) when a
    ///   ring is not closed, has fewer than four points or holds a non-finite coordinate.
    /// - Complexity: O(*h* · *o* · *n*) for *h* holes and *o* outer rings of *n* points; a
    ///   hole is tested only against outer rings whose bounding box holds it.
    static func polygons(_ rings: [[Point]]) throws(GeometryError) -> [Polygon] {
        guard !rings.isEmpty else { throw GeometryError(.empty, ring: 0, detail: "record has no parts") }
        var outers: [(part: Int, polygon: Polygon, box: BoundingBox, area: Double)] = []
        var holes: [Int] = []
        for (i, ring) in rings.enumerated() {
            let polygon: Polygon
            do {
                polygon = try Polygon(exterior: ring)
            } catch {
                throw GeometryError(error.code, ring: i, detail: "part \(i): \(error.detail)")
            }
            let signed = Polygon.signedArea(ofRing: ring)
            if signed > 0 {
                holes.append(i)
            } else {
                outers.append((i, polygon, polygon.boundingBox, -signed))
            }
        }
        var holesOf = [[Int]](repeating: [], count: outers.count)
        var orphans: [Int] = []
        for hole in holes {
            let ring = rings[hole]
            let box = BoundingBox(covering: ring)
            var best: Int?
            for (k, outer) in outers.enumerated() where covers(outer.box, box) {
                if let b = best, outers[b].area <= outer.area { continue }
                if inside(ring, outer.polygon) { best = k }
            }
            if let best { holesOf[best].append(hole) } else { orphans.append(hole) }
        }
        var polygons: [Polygon] = []
        polygons.reserveCapacity(outers.count + orphans.count)
        for (k, outer) in outers.enumerated() {
            polygons.append(try Polygon(exterior: rings[outer.part], holes: holesOf[k].map { rings[$0] }))
        }
        for orphan in orphans { polygons.append(try Polygon(exterior: rings[orphan])) }
        return polygons
    }

    static func covers(_ outer: BoundingBox, _ inner: BoundingBox) -> Bool {
        outer.minX <= inner.minX && outer.minY <= inner.minY && outer.maxX >= inner.maxX && outer.maxY >= inner.maxY
    }

    /// Whether `ring` lies inside `polygon`: the first of its vertices not on the polygon's
    /// boundary is inside (rings of a valid shapefile do not cross).
    static func inside(_ ring: [Point], _ polygon: Polygon) -> Bool {
        for point in ring.dropLast() {
            switch polygon.position(of: point) {
            case .inside: return true
            case .outside: return false
            case .onBoundary: continue
            }
        }
        return true  // every vertex on the boundary: the hole fills the outer ring
    }
}
