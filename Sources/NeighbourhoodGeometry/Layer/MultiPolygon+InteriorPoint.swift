extension MultiPolygon {
    /// A point guaranteed to lie inside the area (not on its boundary), like GEOS's
    /// `PointOnSurface`: on the horizontal line through the middle of the largest part, the
    /// midpoint of the widest inside stretch.
    ///
    /// Used to place an area inside a parent layer. The line is nudged off any vertex so the
    /// crossings are unambiguous.
    ///
    /// - Complexity: O(*n* log *n*) in the number of edges of the largest part.
    public var interiorPoint: Point {
        let part = polygons.max { $0.area < $1.area }!
        let box = part.boundingBox
        let ys = Set(part.rings.joined().map(\.y)).sorted()
        // The midpoint between the two distinct vertex ys nearest the box's middle.
        let middle = (box.minY + box.maxY) / 2
        var y = middle
        if ys.count >= 2 {
            var best = 0
            for i in 0..<(ys.count - 1)
            where abs((ys[i] + ys[i + 1]) / 2 - middle) < abs((ys[best] + ys[best + 1]) / 2 - middle) {
                best = i
            }
            y = (ys[best] + ys[best + 1]) / 2
        }
        var xs: [Double] = []
        for ring in part.rings {
            for i in 0..<(ring.count - 1) {
                let a = ring[i], b = ring[i + 1]
                let (low, high) = a.y < b.y ? (a, b) : (b, a)
                guard y >= low.y, y < high.y else { continue }
                xs.append(low.x + (y - low.y) * (high.x - low.x) / (high.y - low.y))
            }
        }
        xs.sort()
        var bestMid = Point(x: (box.minX + box.maxX) / 2, y: y)
        var bestWidth = -1.0
        var i = 0
        while i + 1 < xs.count {
            if xs[i + 1] - xs[i] > bestWidth {
                bestWidth = xs[i + 1] - xs[i]
                bestMid = Point(x: (xs[i] + xs[i + 1]) / 2, y: y)
            }
            i += 2
        }
        return bestMid
    }
}
