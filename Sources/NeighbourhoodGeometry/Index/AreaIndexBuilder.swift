/// Builds an ``AreaIndex``: grid sizing, edge rasterisation, scanline fill of interior cells,
/// candidate lists for boundary cells, and per-area edge bands.
struct AreaIndexBuilder {
    let areas: [MultiPolygon]
    let cellsPerEdge: Double

    private var bounds = BoundingBox.empty
    private var originX = 0.0, originY = 0.0
    private var cellWidth = 1.0, cellHeight = 1.0
    private var columns = 1, rows = 1
    private var tiling = TileLayout(columns: 1, rows: 1)

    init(areas: [MultiPolygon], cellsPerEdge: Double) {
        self.areas = areas
        self.cellsPerEdge = cellsPerEdge
    }

    consuming func build() -> AreaIndex {
        let totalEdges = areas.reduce(0) { $0 + $1.edgeCount }
        for area in areas { bounds.extend(by: area.boundingBox) }
        sizeGrid(totalEdges: totalEdges)

        var cells = [Int32](repeating: AreaIndex.outsideCell, count: tiling.cellCount)
        // Made area by area, so sorting by cell alone, stably, sorts them by (cell, area).
        var pairs = uniqued(sortedByCell(boundaryPairs(), cellCount: cells.count))
        // A boundary cell holds -(2 + the position of its first pair), until its candidate list.
        for (i, pair) in pairs.enumerated() where i == 0 || pairs[i - 1] >> 32 != pair >> 32 {
            cells[Int(pair >> 32)] = -Int32(i + 2)
        }

        let extras = fillInteriors(cells: &cells, boundaryPairs: pairs)
        if !extras.isEmpty {
            pairs = uniqued(merged(pairs, extras.sorted()))
        }

        // Candidate lists, one per boundary (or contested) cell.
        var candidateStart: [Int32] = [0]
        var candidateAreas: [Int32] = []
        candidateAreas.reserveCapacity(pairs.count)
        var i = 0
        while i < pairs.count {
            let cell = Int(pairs[i] >> 32)
            let list = Int32(candidateStart.count - 1)
            while i < pairs.count, Int(pairs[i] >> 32) == cell {
                candidateAreas.append(Int32(truncatingIfNeeded: pairs[i] & 0xFFFF_FFFF))
                i += 1
            }
            candidateStart.append(Int32(candidateAreas.count))
            cells[cell] = -(list + 2)
        }

        let (bands, bandStart, bandEdges, edges) = buildBands()
        return AreaIndex(
            originX: originX, originY: originY,
            inverseCellWidth: 1 / cellWidth, inverseCellHeight: 1 / cellHeight,
            columns: columns, rows: rows, cells: cells,
            candidateStart: candidateStart, candidateAreas: candidateAreas,
            bands: bands, bandStart: bandStart, bandEdges: bandEdges, edges: edges,
            bounds: bounds)
    }

    private mutating func sizeGrid(totalEdges: Int) {
        guard !bounds.isEmpty else { return }
        let width = max(bounds.width, 1e-9), height = max(bounds.height, 1e-9)
        let target = min(max(Double(totalEdges) * cellsPerEdge, 1024), Double(1 << 24))
        let side = (width * height / target).squareRoot()
        columns = Self.cellCount(width / side)
        rows = Self.cellCount(height / side)
        originX = bounds.minX
        originY = bounds.minY
        cellWidth = width / Double(columns)
        cellHeight = height / Double(rows)
        tiling = TileLayout(columns: columns, rows: rows)
    }

    /// A number of grid cells along one side, between 1 and 2^14, from a ratio that extreme
    /// layers (a vertex at 1e300, a box 1e-9 m high) can push to infinity or NaN.
    private static func cellCount(_ ratio: Double) -> Int {
        guard ratio.isFinite else { return ratio.isNaN ? 1 : 1 << 14 }
        return Int(min(max(ratio.rounded(.up), 1), Double(1 << 14)))
    }

    private func column(of x: Double) -> Int {
        min(max(Int(((x - originX) / cellWidth).rounded(.down)), 0), columns - 1)
    }

    private func row(of y: Double) -> Int {
        min(max(Int(((y - originY) / cellHeight).rounded(.down)), 0), rows - 1)
    }

    /// Every (cell, area) pair where an edge of the area touches the cell, conservatively
    /// (cells are widened by a hair so rounding can never leave a touched cell unmarked).
    private func boundaryPairs() -> [UInt64] {
        var pairs: [UInt64] = []
        let slackX = cellWidth * 1e-6, slackY = cellHeight * 1e-6
        for (areaIndex, area) in areas.enumerated() {
            let tag = UInt64(UInt32(areaIndex))
            for polygon in area.polygons {
                for ring in polygon.rings {
                    for k in 0..<(ring.count - 1) {
                        let a = ring[k], b = ring[k + 1]
                        let c0 = column(of: min(a.x, b.x) - slackX)
                        let c1 = column(of: max(a.x, b.x) + slackX)
                        for c in c0...c1 {
                            // The edge's y-range within this column.
                            let left = originX + Double(c) * cellWidth - slackX
                            let right = left + cellWidth + 2 * slackX
                            var yLow = min(a.y, b.y), yHigh = max(a.y, b.y)
                            if c0 != c1, a.x != b.x {
                                let xa = max(left, min(a.x, b.x)), xb = min(right, max(a.x, b.x))
                                let slope = (b.y - a.y) / (b.x - a.x)
                                let ya = a.y + (xa - a.x) * slope, yb = a.y + (xb - a.x) * slope
                                yLow = max(yLow, min(ya, yb))
                                yHigh = min(yHigh, max(ya, yb))
                            }
                            let r0 = row(of: yLow - slackY), r1 = row(of: yHigh + slackY)
                            for r in r0...max(r0, r1) {
                                pairs.append(UInt64(tiling.cellIndex(row: r, column: c)) << 32 | tag)
                            }
                        }
                    }
                }
            }
        }
        return pairs
    }

    /// Scanline fill at each row's centre line: cells no edge touches get the area whose
    /// inside stretch covers their centre. Returns extra (cell, area) pairs for boundary cells
    /// covered by an area without edges there, and for cells claimed by two areas.
    private func fillInteriors(cells: inout [Int32], boundaryPairs: [UInt64]) -> [UInt64] {
        // Bucket the crossings of every non-horizontal edge with row centre lines.
        var counts = [Int32](repeating: 0, count: rows + 1)
        forEachCrossing { row, _, _ in counts[row + 1] += 1 }
        for r in 0..<rows { counts[r + 1] += counts[r] }
        var crossingArea = [Int32](repeating: 0, count: Int(counts[rows]))
        var crossingX = [Double](repeating: 0, count: Int(counts[rows]))
        var cursor = counts
        forEachCrossing { row, area, x in
            let slot = Int(cursor[row])
            crossingArea[slot] = Int32(area)
            crossingX[slot] = x
            cursor[row] += 1
        }

        var extras: [UInt64] = []
        var rowItems: [(area: Int32, x: Double)] = []
        for r in 0..<rows {
            rowItems.removeAll(keepingCapacity: true)
            for s in Int(counts[r])..<Int(counts[r + 1]) {
                rowItems.append((crossingArea[s], crossingX[s]))
            }
            rowItems.sort { $0.area != $1.area ? $0.area < $1.area : $0.x < $1.x }
            var k = 0
            while k + 1 < rowItems.count {
                let area = rowItems[k].area
                guard rowItems[k + 1].area == area else { k += 1; continue }
                let x0 = rowItems[k].x, x1 = rowItems[k + 1].x
                // Cells whose centre lies strictly inside (x0, x1).
                var c = max(0, Int(((x0 - originX) / cellWidth - 0.5).rounded(.up)))
                while c < columns {
                    let centre = originX + (Double(c) + 0.5) * cellWidth
                    if centre >= x1 { break }
                    if centre > x0 {
                        let cell = tiling.cellIndex(row: r, column: c)
                        let current = cells[cell]
                        let pair = UInt64(cell) << 32 | UInt64(UInt32(area))
                        if current == AreaIndex.outsideCell {
                            cells[cell] = area
                        } else if current >= 0, current != area {
                            extras.append(pair)
                            extras.append(UInt64(cell) << 32 | UInt64(UInt32(current)))
                        } else if current <= -2, !boundaryPairs.contains(pair, from: Int(-current - 2)) {
                            extras.append(pair)
                        }
                    }
                    c += 1
                }
                k += 2
            }
        }
        return extras
    }

    /// Calls `body(row, area, x)` for each crossing of a non-horizontal edge with a row's
    /// centre line, using the half-open rule `low.y <= y < high.y`.
    private func forEachCrossing(_ body: (Int, Int, Double) -> Void) {
        for (areaIndex, area) in areas.enumerated() {
            forEachSlantedEdge(of: area) { low, high in
                var r = max(0, Int(((low.y - originY) / cellHeight - 0.5).rounded(.up)))
                while r < rows {
                    let y = originY + (Double(r) + 0.5) * cellHeight
                    if y >= high.y { break }
                    if y >= low.y {
                        body(r, areaIndex, low.x + (y - low.y) * (high.x - low.x) / (high.y - low.y))
                    }
                    r += 1
                }
            }
        }
    }

    /// Calls `body(low, high)` for every non-horizontal edge of `area`, ordered by y.
    private func forEachSlantedEdge(of area: MultiPolygon, _ body: (Point, Point) -> Void) {
        for polygon in area.polygons {
            for ring in polygon.rings {
                for k in 0..<(ring.count - 1) {
                    let a = ring[k], b = ring[k + 1]
                    guard a.y != b.y else { continue }
                    body(a.y < b.y ? a : b, a.y < b.y ? b : a)
                }
            }
        }
    }

    /// Per-area horizontal bands of edges for the exact test.
    private func buildBands() -> ([AreaBands], [Int32], [Int32], [IndexEdge]) {
        var bands: [AreaBands] = []
        bands.reserveCapacity(areas.count)
        var bandStart: [Int32] = [0]
        var bandEdges: [Int32] = []
        var edges: [IndexEdge] = []
        var perBand: [[Int32]] = []
        for area in areas {
            let box = area.boundingBox
            let first = edges.count
            forEachSlantedEdge(of: area) { low, high in
                edges.append(IndexEdge(x0: low.x, y0: low.y, x1: high.x, y1: high.y))
            }
            let count = max(1, min((edges.count - first) / 4, 4096))
            let info = AreaBands(
                box: box,
                inverseBandHeight: box.height > 0 ? Double(count) / box.height : 0,
                bandCount: Int32(count), firstBand: Int32(bandStart.count - 1))
            perBand = Array(repeating: [], count: count)
            for e in first..<edges.count {
                for b in info.band(of: edges[e].y0)...info.band(of: edges[e].y1) {
                    perBand[b].append(Int32(e))
                }
            }
            for list in perBand {
                bandEdges.append(contentsOf: list)
                bandStart.append(Int32(bandEdges.count))
            }
            bands.append(info)
        }
        return (bands, bandStart, bandEdges, edges)
    }
}

/// `pairs` (cell << 32 | area) stably sorted by cell: a least-significant-digit radix sort
/// in passes of at most 13 bits of the cell number (two for the largest grids), O(*n*) where
/// a comparison sort of millions of pairs is O(*n* log *n*).
private func sortedByCell(_ pairs: [UInt64], cellCount: Int) -> [UInt64] {
    let cellBits = max(1, Int.bitWidth - max(cellCount - 1, 1).leadingZeroBitCount)
    let passes = (cellBits + 12) / 13
    let digitBits = (cellBits + passes - 1) / passes
    let mask = 1 << digitBits - 1
    var source = pairs
    var target = [UInt64](repeating: 0, count: pairs.count)
    var starts = [Int](repeating: 0, count: mask + 2)
    for pass in 0..<passes {
        let shift = 32 + pass * digitBits
        for k in starts.indices { starts[k] = 0 }
        source.withUnsafeBufferPointer { source in
            target.withUnsafeMutableBufferPointer { target in
                starts.withUnsafeMutableBufferPointer { starts in
                    for pair in source { starts[Int(pair >> UInt64(shift)) & mask + 1] += 1 }
                    for d in 0...mask { starts[d + 1] += starts[d] }
                    for pair in source {
                        let d = Int(pair >> UInt64(shift)) & mask
                        target[starts[d]] = pair
                        starts[d] += 1
                    }
                }
            }
        }
        swap(&source, &target)
    }
    return source
}

/// The sorted union, duplicates kept, of two sorted arrays.
private func merged(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
    var out: [UInt64] = []
    out.reserveCapacity(a.count + b.count)
    var i = 0, j = 0
    while i < a.count && j < b.count {
        if a[i] <= b[j] { out.append(a[i]); i += 1 } else { out.append(b[j]); j += 1 }
    }
    out += a[i...]
    out += b[j...]
    return out
}

private func uniqued(_ sorted: [UInt64]) -> [UInt64] {
    var out: [UInt64] = []
    out.reserveCapacity(sorted.count)
    for v in sorted where out.last != v { out.append(v) }
    return out
}

extension [UInt64] {
    /// Whether this array, sorted, holds `pair` among the pairs of its cell, the first of
    /// which is at `first`.
    fileprivate func contains(_ pair: UInt64, from first: Int) -> Bool {
        var i = first
        while i < count, self[i] >> 32 == pair >> 32 {
            if self[i] == pair { return true }
            i += 1
        }
        return false
    }
}
