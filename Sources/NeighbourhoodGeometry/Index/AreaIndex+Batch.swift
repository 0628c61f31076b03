extension AreaIndex {
    /// Finds the containing area of `points[range]` into `output[range]` on the calling
    /// thread, visiting the points tile by tile rather than in input order.
    ///
    /// Points in random order touch a different part of a large index each time, so nearly
    /// every step of a lookup (cell, candidate list, edge band, edges) waits on memory. A
    /// counting sort on the point's grid tile (a square of cells, see ``tileShift``) first
    /// lets consecutive lookups share cache lines and pages; answers are written back in
    /// input order and are the same as point-by-point lookup.
    ///
    /// - Complexity: O(*n* + *T*) extra work for *n* points and *T* tiles, on top of the lookups.
    func locateInTileOrder(
        _ points: UnsafeBufferPointer<Point>, into output: UnsafeMutableBufferPointer<Int32>,
        range: Range<Int>
    ) {
        let n = range.count
        guard n > 0 else { return }
        let base = range.lowerBound
        let outside = UInt32.max
        var starts = [Int32](repeating: 0, count: tileCount + 1)
        var tiles = [UInt32](repeating: 0, count: n)
        var sorted = [TiledPoint](repeating: TiledPoint(x: 0, y: 0, index: 0), count: n)
        starts.withUnsafeMutableBufferPointer { starts in
            tiles.withUnsafeMutableBufferPointer { tiles in
                sorted.withUnsafeMutableBufferPointer { sorted in
                    var located = 0
                    for j in 0..<n {
                        let p = points[base + j]
                        guard let (column, row) = cell(p.x, p.y) else {
                            tiles[j] = outside
                            output[base + j] = -1
                            continue
                        }
                        let tile = (row >> tileShift) * tileColumns + (column >> tileShift)
                        tiles[j] = UInt32(tile)
                        starts[tile + 1] += 1
                        located += 1
                    }
                    for t in 0..<tileCount { starts[t + 1] += starts[t] }
                    for j in 0..<n where tiles[j] != outside {
                        let t = Int(tiles[j])
                        let p = points[base + j]
                        sorted[Int(starts[t])] = TiledPoint(x: p.x, y: p.y, index: Int32(j))
                        starts[t] += 1
                    }
                    for k in 0..<located {
                        let p = sorted[k]
                        output[base + Int(p.index)] = locate(p.x, p.y)
                    }
                }
            }
        }
    }
}

/// A point of a batch with its position in the batch, for lookups out of input order.
struct TiledPoint {
    var x: Double
    var y: Double
    var index: Int32
}
