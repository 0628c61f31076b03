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

        // Made area by area, so sorting by cell alone, stably, sorts them by (cell, area).
        var pairs = boundaryPairs(totalEdges: totalEdges)
        sortByCell(&pairs, cellCount: tiling.cellCount)
        removeRepeats(&pairs)
        let edgeBands = buildBands(totalEdges: totalEdges)
        var crossings = rowCrossings(edgeBands)
        // Every cell is written by `fillInteriors`, one tile row at a time.
        var cells = [Int32](unsafeUninitializedCapacity: tiling.cellCount) { _, count in count = tiling.cellCount }
        let extras = fillInteriors(cells: &cells, boundaryPairs: pairs, crossings: &crossings)
        if !extras.isEmpty {
            pairs = merged(pairs, extras.sorted())
            removeRepeats(&pairs)
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

        return AreaIndex(
            originX: originX, originY: originY,
            inverseCellWidth: 1 / cellWidth, inverseCellHeight: 1 / cellHeight,
            columns: columns, rows: rows, cells: cells,
            candidateStart: candidateStart, candidateAreas: candidateAreas,
            bands: edgeBands.bands, bandStart: edgeBands.bandStart, bandEdges: edgeBands.bandEdges,
            edges: edgeBands.edges,
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
        min(max(Int(flooring: (x - originX) / cellWidth), 0), columns - 1)
    }

    private func row(of y: Double) -> Int {
        min(max(Int(flooring: (y - originY) / cellHeight), 0), rows - 1)
    }

    /// Every (cell, area) pair where an edge of the area touches the cell, conservatively
    /// (cells are widened by a hair so rounding can never leave a touched cell unmarked),
    /// area by area. A pair among the last four written is not written again: the caller sorts
    /// and de-duplicates the pairs, so only the set matters, and neighbouring edges of a ring
    /// share most of their cells.
    private func boundaryPairs(totalEdges: Int) -> [UInt64] {
        var pairs: [UInt64] = []
        pairs.reserveCapacity(totalEdges + totalEdges / 2)
        // The last four pairs written, most recent first.
        var recent: (UInt64, UInt64, UInt64, UInt64) = (.max, .max, .max, .max)
        let slackX = cellWidth * 1e-6, slackY = cellHeight * 1e-6
        for (areaIndex, area) in areas.enumerated() {
            let tag = UInt64(UInt32(areaIndex))
            for polygon in area.polygons {
                for ring in polygon.rings {
                    ring.withUnsafeBufferPointer { ring in
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
                                    let pair = UInt64(tiling.cellIndex(row: r, column: c)) << 32 | tag
                                    if pair != recent.0, pair != recent.1, pair != recent.2, pair != recent.3 {
                                        pairs.append(pair)
                                        recent = (pair, recent.0, recent.1, recent.2)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return pairs
    }

    /// The crossings of every non-horizontal edge with row centre lines, bucketed by row.
    /// Made area by area, each row's bucket holds its crossings in area order.
    private func rowCrossings(_ edgeBands: EdgeBands) -> RowCrossings {
        var counts = [Int32](repeating: 0, count: rows + 1)
        counts.withUnsafeMutableBufferPointer { counts in
            forEachCrossing(edgeBands) { row, _, _ in counts[row + 1] += 1 }
            for r in 0..<rows { counts[r + 1] += counts[r] }
        }
        let total = Int(counts[rows])
        var crossingArea = [Int32](repeating: 0, count: total)
        var crossingX = [Double](repeating: 0, count: total)
        var cursor = counts
        crossingArea.withUnsafeMutableBufferPointer { crossingArea in
            crossingX.withUnsafeMutableBufferPointer { crossingX in
                cursor.withUnsafeMutableBufferPointer { cursor in
                    forEachCrossing(edgeBands) { row, area, x in
                        let slot = Int(cursor[row])
                        crossingArea[slot] = Int32(truncatingIfNeeded: area)
                        crossingX[slot] = x
                        cursor[row] += 1
                    }
                }
            }
        }
        return RowCrossings(starts: counts, area: crossingArea, x: crossingX)
    }

    /// Writes every cell: boundary cells (those `boundaryPairs` names) point at their first
    /// pair, and a scanline fill at each row's centre line gives cells no edge touches the area
    /// whose inside stretch covers their centre. Returns extra (cell, area) pairs for boundary cells
    /// covered by an area without edges there, and for cells claimed by two areas.
    ///
    /// Within a row, areas' stretches are filled in area order and each area's from left to
    /// right, pairing its crossings in x order.
    private func fillInteriors(
        cells: inout [Int32], boundaryPairs: [UInt64], crossings: inout RowCrossings
    ) -> [UInt64] {
        let counts = crossings.starts
        var extras: [UInt64] = []
        let tileShift = tiling.shift, tileMask = 1 << tiling.shift - 1
        let tileColumns = tiling.tileColumns, tileRowCells = tiling.tileColumns << (2 * tiling.shift)
        let originX = originX, cellWidth = cellWidth, columns = columns
        cells.withUnsafeMutableBufferPointer { cells in
            crossings.area.withUnsafeBufferPointer { crossingArea in
                crossings.x.withUnsafeMutableBufferPointer { crossingX in
                    // Fills row `r`'s interior stretches, area by area.
                    func fillRow(_ r: Int) {
                        // Where column 0 of row r is stored (see TileLayout.cellIndex).
                        let rowBase = ((r >> tileShift) * tileColumns) << (2 * tileShift) | (r & tileMask) << tileShift
                        var s = Int(counts[r])
                        let end = Int(counts[r + 1])
                        while s < end {
                            // One area's crossings, sorted by x in place (few: insertion sort).
                            let area = crossingArea[s]
                            var groupEnd = s + 1
                            while groupEnd < end, crossingArea[groupEnd] == area {
                                let x = crossingX[groupEnd]
                                var j = groupEnd
                                while j > s, x < crossingX[j - 1] {
                                    crossingX[j] = crossingX[j - 1]
                                    j -= 1
                                }
                                crossingX[j] = x
                                groupEnd += 1
                            }
                            var k = s
                            while k + 1 < groupEnd {
                                let x0 = crossingX[k], x1 = crossingX[k + 1]
                                // Cells whose centre lies strictly inside (x0, x1).
                                var c = max(0, Int(ceiling: (x0 - originX) / cellWidth - 0.5))
                                while c < columns {
                                    let centre = originX + (Double(c) + 0.5) * cellWidth
                                    if centre >= x1 { break }
                                    if centre > x0 {
                                        let cell = rowBase + (c >> tileShift) << (2 * tileShift) | c & tileMask
                                        let current = cells[cell]
                                        if current == AreaIndex.outsideCell {
                                            cells[cell] = area
                                        } else if current != area {
                                            let pair = UInt64(cell) << 32 | UInt64(UInt32(area))
                                            if current >= 0 {
                                                extras.append(pair)
                                                extras.append(UInt64(cell) << 32 | UInt64(UInt32(current)))
                                            } else if !boundaryPairs.contains(pair, from: Int(-current - 2)) {
                                                extras.append(pair)
                                            }
                                        }
                                    }
                                    c += 1
                                }
                                k += 2
                            }
                            s = groupEnd
                        }
                    }

                    boundaryPairs.withUnsafeBufferPointer { pairs in
                        // A tile row's cells are stored together (see TileLayout), small enough to
                        // stay in cache while it is marked and its rows filled.
                        var p = 0
                        for tileRow in 0..<(tiling.tileCount / tileColumns) {
                            let regionEnd = (tileRow + 1) * tileRowCells
                            for cell in (regionEnd - tileRowCells)..<regionEnd { cells[cell] = AreaIndex.outsideCell }
                            // A boundary cell holds -(2 + the position of its first pair), until
                            // its candidate list.
                            while p < pairs.count, Int(pairs[p] >> 32) < regionEnd {
                                if p == 0 || pairs[p - 1] >> 32 != pairs[p] >> 32 {
                                    cells[Int(pairs[p] >> 32)] = -Int32(p + 2)
                                }
                                p += 1
                            }
                            for r in (tileRow << tileShift)..<min(rows, (tileRow + 1) << tileShift) {
                                fillRow(r)
                            }
                        }
                    }
                }
            }
        }
        return extras
    }

    /// Calls `body(row, area, x)` for each crossing of a non-horizontal edge with a row's
    /// centre line, using the half-open rule `low.y <= y < high.y`, area by area.
    @inline(__always)
    private func forEachCrossing(_ edgeBands: EdgeBands, _ body: (Int, Int, Double) -> Void) {
        let originY = originY, cellHeight = cellHeight, rows = rows
        edgeBands.edges.withUnsafeBufferPointer { edges in
            for areaIndex in areas.indices {
                for e in Int(edgeBands.areaEdgeStart[areaIndex])..<Int(edgeBands.areaEdgeStart[areaIndex + 1]) {
                    let low = Point(x: edges[e].x0, y: edges[e].y0), high = Point(x: edges[e].x1, y: edges[e].y1)
                    var r = max(0, Int(ceiling: (low.y - originY) / cellHeight - 0.5))
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
    }

    /// Calls `body(low, high)` for every non-horizontal edge of `area`, ordered by y.
    @inline(__always)
    private func forEachSlantedEdge(of area: MultiPolygon, _ body: (Point, Point) -> Void) {
        for polygon in area.polygons {
            for ring in polygon.rings {
                ring.withUnsafeBufferPointer { ring in
                    for k in 0..<(ring.count - 1) {
                        let a = ring[k], b = ring[k + 1]
                        guard a.y != b.y else { continue }
                        body(a.y < b.y ? a : b, a.y < b.y ? b : a)
                    }
                }
            }
        }
    }

    /// Per-area horizontal bands of edges for the exact test. Each area's band lists are
    /// filled by counting sort (count per band, then place), edges in order within a band.
    private func buildBands(totalEdges: Int) -> EdgeBands {
        var bands: [AreaBands] = []
        bands.reserveCapacity(areas.count)
        var bandStart: [Int32] = [0]
        bandStart.reserveCapacity(totalEdges / 4 + areas.count + 1)
        var bandEdges: [Int32] = []
        bandEdges.reserveCapacity(totalEdges + totalEdges / 2)
        var edges: [IndexEdge] = []
        edges.reserveCapacity(totalEdges)
        var slots: [Int32] = [], spans: [Int32] = []
        var areaEdgeStart: [Int32] = [0]
        areaEdgeStart.reserveCapacity(areas.count + 1)
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
            // The bands each edge meets; slots[b + 1]: how many edges band b lists, then where
            // its next edge goes.
            let edgeCount = edges.count - first
            spans.removeAll(keepingCapacity: true)
            spans.append(contentsOf: repeatElement(0, count: 2 * edgeCount))
            slots.removeAll(keepingCapacity: true)
            slots.append(contentsOf: repeatElement(0, count: count + 1))
            let base = bandEdges.count
            edges.withUnsafeBufferPointer { edges in
                spans.withUnsafeMutableBufferPointer { spans in
                    slots.withUnsafeMutableBufferPointer { slots in
                        for e in 0..<edgeCount {
                            let low = info.band(of: edges[first + e].y0), high = info.band(of: edges[first + e].y1)
                            spans[2 * e] = Int32(low)
                            spans[2 * e + 1] = Int32(high)
                            for b in low...high { slots[b + 1] += 1 }
                        }
                        for b in 0..<count { slots[b + 1] += slots[b] }
                    }
                }
            }
            for b in 1...count { bandStart.append(Int32(base) + slots[b]) }
            bandEdges.append(contentsOf: repeatElement(0, count: Int(slots[count])))
            spans.withUnsafeBufferPointer { spans in
                slots.withUnsafeMutableBufferPointer { slots in
                    bandEdges.withUnsafeMutableBufferPointer { bandEdges in
                        for e in 0..<edgeCount {
                            for b in Int(spans[2 * e])...Int(spans[2 * e + 1]) {
                                bandEdges[base + Int(slots[b])] = Int32(first + e)
                                slots[b] += 1
                            }
                        }
                    }
                }
            }
            bands.append(info)
            areaEdgeStart.append(Int32(edges.count))
        }
        return EdgeBands(
            bands: bands, bandStart: bandStart, bandEdges: bandEdges, edges: edges, areaEdgeStart: areaEdgeStart)
    }
}

/// Row `r`'s crossings are `area[starts[r]..<starts[r + 1]]` and `x[...]` (x sorted in place
/// by the fill).
private struct RowCrossings {
    var starts: [Int32] = [0]
    var area: [Int32] = []
    var x: [Double] = []
}

/// An index's per-area bands, their edge lists (compressed rows) and the edges, which are
/// the non-horizontal edges area by area: area `a`'s are `edges[areaEdgeStart[a]..<areaEdgeStart[a + 1]]`.
private struct EdgeBands {
    var bands: [AreaBands]
    var bandStart: [Int32]
    var bandEdges: [Int32]
    var edges: [IndexEdge]
    var areaEdgeStart: [Int32]
}

/// Sorts `pairs` (cell << 32 | area) stably by cell: a least-significant-digit radix sort
/// in passes of at most 13 bits of the cell number (two for the largest grids), O(*n*) where
/// a comparison sort of millions of pairs is O(*n* log *n*).
private func sortByCell(_ pairs: inout [UInt64], cellCount: Int) {
    let cellBits = max(1, Int.bitWidth - max(cellCount - 1, 1).leadingZeroBitCount)
    let passes = (cellBits + 12) / 13
    let digitBits = (cellBits + passes - 1) / passes
    let mask = 1 << digitBits - 1
    let n = pairs.count
    // Every slot of the scratch array is written by the first pass before it is read.
    var other = [UInt64](unsafeUninitializedCapacity: n) { _, count in count = n }
    var starts = [Int](repeating: 0, count: mask + 2)
    for pass in 0..<passes {
        let shift = 32 + pass * digitBits
        for k in starts.indices { starts[k] = 0 }
        pairs.withUnsafeBufferPointer { source in
            other.withUnsafeMutableBufferPointer { target in
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
        swap(&pairs, &other)
    }
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

/// Removes the repeats of each value from a sorted array, in place.
private func removeRepeats(_ sorted: inout [UInt64]) {
    var kept = 0
    sorted.withUnsafeMutableBufferPointer { values in
        for i in values.indices where i == 0 || values[i] != values[kept - 1] {
            values[kept] = values[i]
            kept += 1
        }
    }
    sorted.removeLast(sorted.count - kept)
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
