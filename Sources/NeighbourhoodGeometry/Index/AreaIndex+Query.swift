import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension AreaIndex {
    /// The position (in the array the index was built from) of the area containing `point`,
    /// or `nil` when no area does. Non-finite points are in no area.
    ///
    /// - Complexity: O(1) for points in interior cells; O(*k*) otherwise.
    public func area(containing point: Point) -> Int? {
        let found = locate(point.x, point.y)
        return found >= 0 ? Int(found) : nil
    }

    /// Finds the containing area of every point: `result[i]` is the area position for
    /// `points[i]`, or -1 when it is in no area. Work is split across the machine's cores for
    /// large batches.
    ///
    /// - Complexity: O(*n*) expected.
    public func locate(_ points: [Point]) -> [Int32] {
        var result = [Int32](repeating: -1, count: points.count)
        points.withUnsafeBufferPointer { input in
            result.withUnsafeMutableBufferPointer { output in
                locate(input, into: output)
            }
        }
        return result
    }

    /// Finds the containing area of every point into `output` (-1 for none), in parallel
    /// across cores when the batch is large.
    ///
    /// Large batches are cut into one chunk per core (more when a chunk would pass
    /// ``largestChunk`` points), and each chunk is looked up tile by tile
    /// (``locateInTileOrder(_:into:range:)``), so that points in any order read the index
    /// almost sequentially. Answers do not depend on the order or the chunking.
    ///
    /// - Precondition: `output.count >= points.count`.
    /// - Complexity: O(*n*) expected, plus O(*T*) per chunk for *T* grid tiles.
    public func locate(_ points: UnsafeBufferPointer<Point>, into output: UnsafeMutableBufferPointer<Int32>) {
        precondition(output.count >= points.count, "output too small")
        let n = points.count
        guard n >= Self.smallestTiledBatch else {
            locateSerially(points, into: output, range: 0..<n)
            return
        }
        let cores = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        // Equal chunks, a multiple of the core count, none over `largestChunk` points.
        let rounds = (n + cores * Self.largestChunk - 1) / (cores * Self.largestChunk)
        let chunks = n >= 2 * Self.smallestParallelChunk ? rounds * cores : 1
        let chunk = (n + chunks - 1) / chunks
        nonisolated(unsafe) let input = points
        nonisolated(unsafe) let out = output
        let work: @Sendable (Int) -> Void = { c in
            locateInTileOrder(input, into: out, range: min(n, c * chunk)..<min(n, (c + 1) * chunk))
        }
        if chunks == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: chunks, execute: work) }
    }

    /// Batches smaller than this are looked up in input order: sorting them costs more than it saves.
    static let smallestTiledBatch = 1 << 14
    /// Batches are split across cores only when each core gets at least this many points.
    static let smallestParallelChunk = 1 << 16
    /// The most points sorted at once: 28 MB of scratch per core (a 24-byte copy and a
    /// 4-byte tile number per point). Larger chunks reuse more of the index per pass.
    static let largestChunk = 1 << 20

    /// Finds the containing area of `points[range]` into `output[range]` on the calling
    /// thread, in input order (no scratch memory; best for small or spatially ordered ranges).
    public func locateSerially(
        _ points: UnsafeBufferPointer<Point>, into output: UnsafeMutableBufferPointer<Int32>,
        range: Range<Int>
    ) {
        for i in range {
            output[i] = locate(points[i].x, points[i].y)
        }
    }

    /// The grid cell holding `(x, y)`, or `nil` outside the grid (NaN included).
    @inline(__always)
    func cell(_ x: Double, _ y: Double) -> (column: Int, row: Int)? {
        let fx = (x - originX) * inverseCellWidth
        let fy = (y - originY) * inverseCellHeight
        // Written so that NaN fails the test.
        guard fx >= 0, fy >= 0, fx <= Double(columns), fy <= Double(rows) else { return nil }
        return (min(Int(fx), columns - 1), min(Int(fy), rows - 1))
    }

    /// The core lookup: an area position, or -1.
    @inline(__always)
    func locate(_ x: Double, _ y: Double) -> Int32 {
        guard let (column, row) = cell(x, y) else { return -1 }
        let value = cells.withUnsafeBufferPointer { $0[tiling.cellIndex(row: row, column: column)] }
        return value >= -1 ? value : locate(x, y, candidates: Int(-value - 2))
    }

    /// The lookup of a point in a boundary cell: the first area of candidate list `list`
    /// that contains the point, or -1.
    @inline(__always)
    func locate(_ x: Double, _ y: Double, candidates list: Int) -> Int32 {
        candidateAreas.withUnsafeBufferPointer { areas in
            candidateStart.withUnsafeBufferPointer { starts in
                for k in Int(starts[list])..<Int(starts[list + 1]) {
                    let area = areas[k]
                    if contains(area: Int(area), x, y) { return area }
                }
                return -1
            }
        }
    }

    /// Exact half-open crossing-number test of one area using its band of edges.
    @inline(__always)
    func contains(area: Int, _ x: Double, _ y: Double) -> Bool {
        let info = bands.withUnsafeBufferPointer { $0[area] }
        guard info.box.contains(Point(x: x, y: y)) else { return false }
        let band = Int(info.firstBand) + info.band(of: y)
        return edges.withUnsafeBufferPointer { edges in
            bandEdges.withUnsafeBufferPointer { refs in
                bandStart.withUnsafeBufferPointer { starts in
                    var odd = false
                    for k in Int(starts[band])..<Int(starts[band + 1]) {
                        let e = edges[Int(refs[k])]
                        guard y >= e.y0, y < e.y1 else { continue }
                        if x < e.x0 && x < e.x1 {
                            odd.toggle()
                        } else if x <= e.x0 || x <= e.x1 {
                            if orient2DSign(e.x0, e.y0, e.x1, e.y1, x, y) > 0 { odd.toggle() }
                        }
                    }
                    return odd
                }
            }
        }
    }
}
