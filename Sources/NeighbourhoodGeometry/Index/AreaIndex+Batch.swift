extension AreaIndex {
    /// Finds the containing area of `points[range]` into `output[range]` on the calling
    /// thread, visiting the points tile by tile rather than in input order.
    ///
    /// Points in random order touch a different part of a large index each time, so nearly
    /// every step of a lookup (cell, candidate list, edge band, edges) waits on memory. A
    /// counting sort on the point's grid tile (a square of cells, see ``TileLayout``) first
    /// lets consecutive lookups share cache lines and pages; answers are written back in
    /// input order and are the same as point-by-point lookup.
    ///
    /// Cells are stored tile by tile too (``TileLayout``), so the lookups then read ``cells``
    /// front to back, which the hardware prefetches. What is sorted is only each point's cell
    /// and position (8 bytes): a point in an interior cell (most points) is answered from its
    /// cell alone, and only a point in a boundary cell reads its coordinates again.
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
        let tileCount = tiling.tileCount, tileCellShift = 2 * tiling.shift
        var starts = [Int32](repeating: 0, count: tileCount + 1)
        // Each point's cell, or `outside`; every slot is written by the first pass.
        let pointCells = [UInt32](unsafeUninitializedCapacity: n) { pointCells, count in
            starts.withUnsafeMutableBufferPointer { starts in
                for j in 0..<n {
                    let p = points[base + j]
                    guard let (column, row) = cell(p.x, p.y) else {
                        pointCells[j] = outside
                        output[base + j] = -1
                        continue
                    }
                    let cell = tiling.cellIndex(row: row, column: column)
                    pointCells[j] = UInt32(truncatingIfNeeded: cell)
                    starts[cell >> tileCellShift + 1] += 1
                }
            }
            count = n
        }
        for t in 0..<tileCount { starts[t + 1] += starts[t] }
        let located = Int(starts[tileCount])
        // (cell << 32 | position in the range), in tile order.
        let sorted = [UInt64](unsafeUninitializedCapacity: located) { sorted, count in
            starts.withUnsafeMutableBufferPointer { starts in
                for j in 0..<n where pointCells[j] != outside {
                    let cell = pointCells[j]
                    let t = Int(cell) >> tileCellShift
                    sorted[Int(starts[t])] = UInt64(cell) << 32 | UInt64(j)
                    starts[t] += 1
                }
            }
            count = located
        }
        // Points in boundary cells wait in `pending` until there are `batch` of them, and then
        // read their coordinates together, so that those reads (scattered over the range)
        // overlap instead of each stalling its own test.
        let batch = 64
        withUnsafeTemporaryAllocation(of: (position: Int, list: Int).self, capacity: batch) { pending in
            withUnsafeTemporaryAllocation(of: Point.self, capacity: batch) { coordinates in
                var waiting = 0
                func resolvePending() {
                    for k in 0..<waiting { coordinates[k] = points[pending[k].position] }
                    for k in 0..<waiting {
                        let p = coordinates[k]
                        output[pending[k].position] = locate(p.x, p.y, candidates: pending[k].list)
                    }
                    waiting = 0
                }
                cells.withUnsafeBufferPointer { cells in
                    for key in sorted {
                        let j = base + Int(key & 0xFFFF_FFFF)
                        let value = cells[Int(key >> 32)]
                        if value >= -1 {
                            output[j] = value
                        } else {
                            pending[waiting] = (j, Int(-value - 2))
                            waiting += 1
                            if waiting == batch { resolvePending() }
                        }
                    }
                }
                resolvePending()
            }
        }
    }
}
