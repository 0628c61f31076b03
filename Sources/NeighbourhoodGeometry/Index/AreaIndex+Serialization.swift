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
        let index = bytes.withUnsafeBytes { all in
            Self(byteCount: all.count) { offset, buffer in
                buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: all[offset..<(offset + buffer.count)]))
                return true
            }
        }
        guard let index else { return nil }
        self = index
    }

    /// Reads an index written by ``serialized()`` piece by piece from a source of
    /// `byteCount` bytes (e.g. SQLite's incremental blob I/O), straight into the index's
    /// arrays: `read(offset, buffer)` fills `buffer` with the bytes at `offset` and answers
    /// whether it could. `nil` as for ``init(serialized:)``.
    ///
    /// - Complexity: O(size of the index).
    public init?(byteCount: Int, reading read: (Int, UnsafeMutableRawBufferPointer) -> Bool) {
        guard byteCount >= 16 + MemoryLayout<UInt64>.size,
              let index = withoutActuallyEscaping(read, do: { Self.read(byteCount: byteCount, $0) })
        else { return nil }
        self = index
    }

    private static func read(byteCount: Int, _ read: @escaping (Int, UnsafeMutableRawBufferPointer) -> Bool) -> AreaIndex? {
        var input = IndexBytesReader(end: byteCount - MemoryLayout<UInt64>.size, read: read)
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
              let edges = input.readArray(IndexEdge.self), input.isAtEnd, input.checksumMatches(),
              cells.count == TileLayout(columns: Int(columns), rows: Int(rows)).cellCount,
              Self.isConsistent(
                cells: cells, candidateStart: candidateStart, candidateAreas: candidateAreas, bands: bands,
                bandStart: bandStart, bandEdges: bandEdges, edgeCount: edges.count)
        else { return nil }
        return AreaIndex(
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

    /// ``IndexChecksum`` of `bytes` in one piece.
    static func checksum(_ bytes: [UInt8]) -> UInt64 {
        var sum = IndexChecksum()
        bytes.withUnsafeBytes { sum.update($0) }
        return sum.value
    }
}

/// A 64-bit checksum of bytes given in pieces (FNV-1a's constants over little-endian 8-byte
/// words, then the last bytes one at a time): the same value however the bytes are cut.
/// Enough to catch damaged bytes; not meant to resist tampering.
struct IndexChecksum {
    private static let prime: UInt64 = 0x0000_0100_0000_01b3
    private var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    /// Bytes not yet making a whole word, the first in the lowest byte.
    private var pending: UInt64 = 0
    private var pendingCount = 0

    @inline(__always)
    private mutating func mix(word: UInt64) {
        hash = (hash ^ word) &* Self.prime
        hash ^= hash >> 29
    }

    @inline(__always)
    private mutating func take(byte: UInt8) {
        pending |= UInt64(byte) << (8 * pendingCount)
        pendingCount += 1
        if pendingCount == 8 {
            mix(word: pending)
            pending = 0
            pendingCount = 0
        }
    }

    /// Adds the next bytes.
    mutating func update(_ raw: UnsafeRawBufferPointer) {
        var i = 0
        while pendingCount > 0, i < raw.count {
            take(byte: raw[i])
            i += 1
        }
        let words = (raw.count - i) / 8
        for w in 0..<words {
            mix(word: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i + w * 8, as: UInt64.self)))
        }
        i += words * 8
        while i < raw.count {
            take(byte: raw[i])
            i += 1
        }
    }

    /// The checksum of the bytes so far.
    var value: UInt64 {
        var h = hash
        for k in 0..<pendingCount { h = (h ^ (pending >> (8 * k) & 0xFF)) &* Self.prime }
        return h
    }
}

/// Reads what ``IndexBytesWriter`` wrote through a `read(offset, buffer)` function,
/// answering `nil` instead of reading past `end` (where the stored checksum starts), and
/// keeping the checksum of what it read.
private struct IndexBytesReader {
    let end: Int
    let read: (Int, UnsafeMutableRawBufferPointer) -> Bool
    var offset = 0
    var checksum = IndexChecksum()

    var isAtEnd: Bool { offset == end }

    /// Reads `buffer.count` bytes at the current offset into `buffer`.
    private mutating func fill(_ buffer: UnsafeMutableRawBufferPointer) -> Bool {
        guard end - offset >= buffer.count else { return false }
        if !buffer.isEmpty {
            guard read(offset, buffer) else { return false }
            checksum.update(UnsafeRawBufferPointer(buffer))
        }
        offset += buffer.count
        return true
    }

    mutating func read<T: BitwiseCopyable>(_: T.Type) -> T? {
        withUnsafeTemporaryAllocation(byteCount: MemoryLayout<T>.size, alignment: MemoryLayout<T>.alignment) { raw in
            fill(raw) ? raw.load(as: T.self) : nil
        }
    }

    mutating func readArray<T: BitwiseCopyable>(_: T.Type) -> [T]? {
        guard let count = read(Int64.self), count >= 0,
              count <= Int64((end - offset) / max(1, MemoryLayout<T>.stride))
        else { return nil }
        var ok = false
        let array = [T](unsafeUninitializedCapacity: Int(count)) { buffer, initialized in
            ok = fill(UnsafeMutableRawBufferPointer(buffer))
            initialized = ok ? Int(count) : 0
        }
        return ok ? array : nil
    }

    /// Whether the checksum stored after the body equals the one of the bytes read.
    mutating func checksumMatches() -> Bool {
        let computed = checksum.value
        var stored: UInt64 = 0
        let ok = withUnsafeMutableBytes(of: &stored) { read(end, $0) }
        return ok && stored == computed
    }
}
