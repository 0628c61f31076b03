import NeighbourhoodGeometry

extension SpatialWeights {
    /// Binary distance-band weights between points (area centroids or interior points, in a
    /// projected CRS in metres): points `i ≠ j` are neighbours when at most `band` apart,
    /// inclusive (with ``bandTolerance``). Coincident points are neighbours of each other.
    /// Equivalent to libpysal `DistanceBand(points, threshold=band, binary=True)`.
    ///
    /// Pairs are found through a bucket grid whose buckets are at least `band` wide, so only the
    /// 3 × 3 buckets around each point are searched.
    ///
    /// - Parameters:
    ///   - points: the observations, projected (metres; degrees are not checked here).
    ///   - band: the distance band in metres; positive and finite.
    ///   - includeSelf: whether each point is also its own neighbour (Gi\*).
    /// - Throws: ``GridError`` `invalidDistance` for a bad band, `insufficientData` for no
    ///   points or a non-finite coordinate.
    /// - Complexity: O(*n* + *m* log *k*) expected for *m* links, at most *k* per point.
    public static func distanceBand(points: [Point], band: Double, includeSelf: Bool = false) throws(GridError)
        -> SpatialWeights
    {
        guard band.isFinite, band > 0 else {
            throw GridError(.invalidDistance, "the distance band must be a positive number of metres, not \(band)")
        }
        let buckets = try PointBuckets(points, minimumSide: band)
        let limit = band * band * (1 + bandTolerance)
        var offsets = [Int32](repeating: 0, count: points.count + 1)
        var neighbours: [Int32] = []
        var row: [Int32] = []
        for (i, p) in points.enumerated() {
            row.removeAll(keepingCapacity: true)
            let (bx, by) = buckets.bucket(of: p)
            for y in max(0, by - 1)...min(buckets.rows - 1, by + 1) {
                for x in max(0, bx - 1)...min(buckets.columns - 1, bx + 1) {
                    for j in buckets.members(x, y) where Int(j) != i {
                        let q = points[Int(j)]
                        let dx = q.x - p.x
                        let dy = q.y - p.y
                        if dx * dx + dy * dy <= limit { row.append(j) }
                    }
                }
            }
            row.sort()
            neighbours.append(contentsOf: row)
            guard neighbours.count < Int(Int32.max) else {
                throw GridError(.tooManyCells, "the band \(band) m links too many pairs; use a smaller band")
            }
            offsets[i + 1] = Int32(neighbours.count)
        }
        return SpatialWeights(offsets: offsets, neighbours: neighbours, ids: Array(0..<points.count), includesSelf: includeSelf)
    }

    /// The default distance band for points: the largest nearest-neighbour distance, so every
    /// point has at least one neighbour (libpysal `min_threshold_distance`), computed exactly
    /// as the square root of the largest squared nearest-neighbour distance.
    ///
    /// - Throws: ``GridError`` `insufficientData` for fewer than two points, a non-finite
    ///   coordinate, or when every point is at the same place (the band would be zero).
    /// - Complexity: O(*n*) expected for points spread like area centroids; worst case O(*n*²)
    ///   when most points share a few places.
    public static func defaultBand(points: [Point]) throws(GridError) -> Double {
        guard points.count >= 2 else {
            throw GridError(.insufficientData, "a distance band needs at least two points, not \(points.count)")
        }
        let buckets = try PointBuckets(points, minimumSide: 0)
        var largest = 0.0
        for (i, p) in points.enumerated() {
            let (bx, by) = buckets.bucket(of: p)
            var best = Double.infinity
            var ring = 0
            // A bucket on ring ρ is at least (ρ − 1) sides away from any point of the centre bucket.
            while ring <= max(buckets.columns, buckets.rows) {
                let reach = Double(ring - 1) * buckets.side
                if ring > 0, reach > 0, reach * reach > best { break }
                for y in (by - ring)...(by + ring) where y >= 0 && y < buckets.rows {
                    let step = abs(y - by) == ring ? 1 : max(1, 2 * ring)
                    var x = bx - ring
                    while x <= bx + ring {
                        if x >= 0, x < buckets.columns {
                            for j in buckets.members(x, y) where Int(j) != i {
                                let q = points[Int(j)]
                                let dx = q.x - p.x
                                let dy = q.y - p.y
                                best = min(best, dx * dx + dy * dy)
                            }
                        }
                        x += step
                    }
                }
                if best == 0 { break }
                ring += 1
            }
            largest = max(largest, best)
        }
        guard largest > 0 else {
            throw GridError(.insufficientData, "all \(points.count) points are at the same place: no distance band separates them")
        }
        return largest.squareRoot()
    }
}

/// Points sorted into square buckets (counting sort), for neighbour searches.
struct PointBuckets {
    let originX: Double
    let originY: Double
    let side: Double
    let columns: Int
    let rows: Int
    private let starts: [Int32]
    private let order: [Int32]

    /// Buckets at least `minimumSide` wide and about one point per bucket on average.
    init(_ points: [Point], minimumSide: Double) throws(GridError) {
        guard !points.isEmpty else { throw GridError(.insufficientData, "no points to build weights from") }
        var minX = Double.infinity, minY = Double.infinity, maxX = -Double.infinity, maxY = -Double.infinity
        for p in points {
            guard p.isFinite else { throw GridError(.insufficientData, "point \(p) is not finite") }
            minX = min(minX, p.x); maxX = max(maxX, p.x); minY = min(minY, p.y); maxY = max(maxY, p.y)
        }
        let width = maxX - minX
        let height = maxY - minY
        let spread = max((width * height / Double(points.count)).squareRoot(), max(width, height) / Double(points.count))
        var side = max(minimumSide, spread, 1e-9 * max(abs(minX), abs(minY), 1))
        // Never more than about 4 buckets per point.
        while (width / side + 1) * (height / side + 1) > 4 * Double(points.count) + 16 { side *= 2 }
        self.originX = minX
        self.originY = minY
        self.side = side
        self.columns = Int(width / side) + 1
        self.rows = Int(height / side) + 1
        var counts = [Int32](repeating: 0, count: columns * rows + 1)
        var bucketOf = [Int32](repeating: 0, count: points.count)
        for (i, p) in points.enumerated() {
            let x = min(columns - 1, Int((p.x - minX) / side))
            let y = min(rows - 1, Int((p.y - minY) / side))
            bucketOf[i] = Int32(y * columns + x)
            counts[y * columns + x + 1] += 1
        }
        for b in 0..<(columns * rows) { counts[b + 1] += counts[b] }
        var next = counts
        var order = [Int32](repeating: 0, count: points.count)
        for i in 0..<points.count {
            let b = Int(bucketOf[i])
            order[Int(next[b])] = Int32(i)
            next[b] += 1
        }
        self.starts = counts
        self.order = order
    }

    /// The bucket holding `p`.
    func bucket(of p: Point) -> (Int, Int) {
        (min(columns - 1, Int((p.x - originX) / side)), min(rows - 1, Int((p.y - originY) / side)))
    }

    /// The points in bucket `(x, y)`.
    func members(_ x: Int, _ y: Int) -> ArraySlice<Int32> {
        let b = y * columns + x
        return order[Int(starts[b])..<Int(starts[b + 1])]
    }
}
