extension AreaIndex {
    /// The version of ``serialized()``'s layout; bytes of another version are not read.
    /// Bump it whenever a stored property of the index or of its element types changes.
    public static let serializationVersion: UInt32 = 1

    /// The index as bytes that ``init(serialized:)`` reads back, so that a built index can be
    /// kept (e.g. in a store) instead of being built again from its polygons.
    ///
    /// The layout is the machine's native byte order, as written: a magic tag, the version,
    /// the grid's header, then each array as a count and its elements, and a 64-bit checksum
    /// of everything before it. Reading it back costs a copy of the arrays, a fraction of a
    /// build.
    ///
    /// - Complexity: O(size of the index).
    public func serialized() -> [UInt8] {
        var out = IndexBytesWriter()
        out.append(Self.serializationTag)
        out.append(Self.serializationVersion)
        out.append(UInt32(0))
        for value in [originX, originY, inverseCellWidth, inverseCellHeight, bounds.minX, bounds.minY, bounds.maxX, bounds.maxY] {
            out.append(value)
        }
        out.append(Int64(columns))
        out.append(Int64(rows))
        out.append(array: cells)
        out.append(array: candidateStart)
        out.append(array: candidateAreas)
        out.append(array: bands)
        out.append(array: bandStart)
        out.append(array: bandEdges)
        out.append(array: edges)
        out.append(IndexBytesWriter.checksum(out.bytes))
        return out.bytes
    }

    /// Reads an index written by ``serialized()``; `nil` when `bytes` are not one (another
    /// version or byte order, truncated, altered, or inconsistent), so the caller builds the
    /// index again. Every position the index follows is checked, so no bytes can make a
    /// query read out of bounds.
    ///
    /// - Complexity: O(size of the index).
    public init?(serialized bytes: [UInt8]) {
        guard let index = bytes.withUnsafeBytes({ Self(serialized: $0) }) else { return nil }
        self = index
    }

    /// Reads an index written by ``serialized()`` from raw bytes (e.g. a blob SQLite holds),
    /// without copying them first; see ``init(serialized:)-([UInt8])``.
    public init?(serialized bytes: UnsafeRawBufferPointer) {
        guard bytes.count >= 16 + MemoryLayout<UInt64>.size else { return nil }
        let body = bytes.count - MemoryLayout<UInt64>.size
        let stored = bytes.loadUnaligned(fromByteOffset: body, as: UInt64.self)
        guard stored == IndexBytesWriter.checksum(UnsafeRawBufferPointer(rebasing: bytes[..<body])) else { return nil }
        var input = IndexBytesReader(bytes: bytes, end: body)
        guard input.read(UInt64.self) == Self.serializationTag,
              input.read(UInt32.self) == Self.serializationVersion,
              input.read(UInt32.self) == 0,
              let originX = input.read(Double.self), let originY = input.read(Double.self),
              let inverseCellWidth = input.read(Double.self), let inverseCellHeight = input.read(Double.self),
              let minX = input.read(Double.self), let minY = input.read(Double.self),
              let maxX = input.read(Double.self), let maxY = input.read(Double.self),
              let columns = input.read(Int64.self), let rows = input.read(Int64.self),
              (1...Int64(Int32.max)).contains(columns), (1...Int64(Int32.max)).contains(rows),
              let cells = input.readArray(Int32.self), let candidateStart = input.readArray(Int32.self),
              let candidateAreas = input.readArray(Int32.self), let bands = input.readArray(AreaBands.self),
              let bandStart = input.readArray(Int32.self), let bandEdges = input.readArray(Int32.self),
              let edges = input.readArray(IndexEdge.self), input.isAtEnd,
              cells.count == TileLayout(columns: Int(columns), rows: Int(rows)).cellCount,
              Self.isConsistent(
                cells: cells, candidateStart: candidateStart, candidateAreas: candidateAreas, bands: bands,
                bandStart: bandStart, bandEdges: bandEdges, edgeCount: edges.count)
        else { return nil }
        self.init(
            originX: originX, originY: originY, inverseCellWidth: inverseCellWidth, inverseCellHeight: inverseCellHeight,
            columns: Int(columns), rows: Int(rows), cells: cells, candidateStart: candidateStart,
            candidateAreas: candidateAreas, bands: bands, bandStart: bandStart, bandEdges: bandEdges, edges: edges,
            bounds: BoundingBox(minX: minX, minY: minY, maxX: maxX, maxY: maxY))
    }

    /// "NBHDAIDX" as a little-endian integer; read back as another value in the other byte order.
    static let serializationTag: UInt64 = 0x5844_4941_4448_424E

    /// Whether every position stored in the arrays is within the array it points into.
    static func isConsistent(
        cells: [Int32], candidateStart: [Int32], candidateAreas: [Int32], bands: [AreaBands],
        bandStart: [Int32], bandEdges: [Int32], edgeCount: Int
    ) -> Bool {
        let areas = bands.count
        let lists = candidateStart.count - 1
        guard lists >= 0, isOffsetTable(candidateStart, total: candidateAreas.count),
              isOffsetTable(bandStart, total: bandEdges.count),
              cells.allSatisfy({ $0 >= outsideCell ? Int($0) < areas : -Int($0) - 2 < lists }),
              candidateAreas.allSatisfy({ $0 >= 0 && Int($0) < areas }),
              bandEdges.allSatisfy({ $0 >= 0 && Int($0) < edgeCount })
        else { return false }
        return bands.allSatisfy { band in
            band.firstBand >= 0 && band.bandCount >= 1
                && Int(band.firstBand) + Int(band.bandCount) < bandStart.count
                && band.inverseBandHeight.isFinite && band.inverseBandHeight >= 0
                && band.box.minY.isFinite
                && (band.box.maxY - band.box.minY) * band.inverseBandHeight <= Double(band.bandCount) + 1
        }
    }

    /// Whether `offsets` starts at 0, never decreases and ends at `total`.
    private static func isOffsetTable(_ offsets: [Int32], total: Int) -> Bool {
        guard let first = offsets.first, let last = offsets.last, first == 0, Int(last) == total else { return false }
        return zip(offsets, offsets.dropFirst()).allSatisfy { $0 <= $1 }
    }
}

/// Appends plain values and arrays of plain values to a byte array, in native byte order.
struct IndexBytesWriter {
    var bytes: [UInt8] = []

    mutating func append<T: BitwiseCopyable>(_ value: T) {
        withUnsafeBytes(of: value) { bytes.append(contentsOf: $0) }
    }

    mutating func append<T: BitwiseCopyable>(array: [T]) {
        append(Int64(array.count))
        array.withUnsafeBytes { bytes.append(contentsOf: $0) }
    }

    /// A 64-bit checksum (FNV-1a's constants over 8-byte words, then the tail bytes): enough
    /// to catch damaged bytes, not meant to resist tampering.
    static func checksum(_ raw: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        let words = raw.count / 8
        for w in 0..<words {
            hash = (hash ^ raw.loadUnaligned(fromByteOffset: w * 8, as: UInt64.self)) &* 0x0000_0100_0000_01b3
            hash ^= hash >> 29
        }
        for i in (words * 8)..<raw.count {
            hash = (hash ^ UInt64(raw[i])) &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    static func checksum(_ bytes: [UInt8]) -> UInt64 { bytes.withUnsafeBytes { checksum($0) } }
}

/// Reads what ``IndexBytesWriter`` wrote, answering `nil` instead of reading past `end`.
private struct IndexBytesReader {
    let bytes: UnsafeRawBufferPointer
    let end: Int
    var offset = 0

    var isAtEnd: Bool { offset == end }

    mutating func read<T: BitwiseCopyable>(_: T.Type) -> T? {
        let size = MemoryLayout<T>.size
        guard end - offset >= size else { return nil }
        defer { offset += size }
        return bytes.loadUnaligned(fromByteOffset: offset, as: T.self)
    }

    mutating func readArray<T: BitwiseCopyable>(_: T.Type) -> [T]? {
        guard let count = read(Int64.self), count >= 0,
              count <= Int64((end - offset) / max(1, MemoryLayout<T>.stride))
        else { return nil }
        let n = Int(count)
        let size = n * MemoryLayout<T>.stride
        let start = offset
        offset += size
        return [T](unsafeUninitializedCapacity: n) { buffer, initialized in
            UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[start..<(start + size)]))
            initialized = n
        }
    }
}
