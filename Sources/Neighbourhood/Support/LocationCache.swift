import NeighbourhoodGeometry

/// Remembers where recently seen source coordinates landed: police.uk snaps every incident
/// to one of a fixed set of anonymised map points, so most rows repeat a position already
/// projected and located. Keys are the exact bit patterns of the source x and y, so a hit
/// returns precisely what PROJ and the index returned the first time.
///
/// Each slot holds its key and its answer together, so a look-up touches one slot (usually
/// one cache line) instead of one in each of five parallel arrays.
struct LocationCache {
    private struct Entry {
        /// Bit pattern of the source x, or ``LocationCache/empty``.
        var x: UInt64
        var y: UInt64
        var projected: Point
        var area: Int32
    }

    /// Marks an empty slot: a NaN bit pattern, never the key of a parsed (finite) coordinate.
    private static let empty = UInt64.max

    private var entries: [Entry]
    private var count = 0

    /// A cache of `capacity` slots (a power of two), holding up to half as many positions
    /// before it starts afresh. The default holds 262,144 positions, more than the map points
    /// of any police force, in 20 MB.
    init(capacity: Int = 1 << 19) {
        precondition(capacity > 0 && capacity & (capacity - 1) == 0, "capacity must be a power of two")
        entries = Array(
            repeating: Entry(x: LocationCache.empty, y: 0, projected: Point(x: 0, y: 0), area: -1), count: capacity)
    }

    @inline(__always)
    private static func slot(_ x: UInt64, _ y: UInt64, size: Int) -> Int {
        let mixed = (x &* 0x9E37_79B9_7F4A_7C15) ^ (y &* 0xC2B2_AE3D_27D4_EB4F)
        return Int(truncatingIfNeeded: ((mixed ^ (mixed >> 29)) &* 0xBF58_476D_1CE4_E5B9) >> UInt64(64 - size.trailingZeroBitCount))
    }

    /// The projected position and area remembered for source position `p`, if any.
    func find(_ p: Point) -> (Point, Int32)? {
        let x = p.x.bitPattern, y = p.y.bitPattern
        return entries.withUnsafeBufferPointer { table -> (Point, Int32)? in
            let mask = table.count - 1
            var s = LocationCache.slot(x, y, size: table.count)
            while table[s].x != LocationCache.empty {
                if table[s].x == x, table[s].y == y { return (table[s].projected, table[s].area) }
                s = (s + 1) & mask
            }
            return nil
        }
    }

    /// Reads the first slot of each of `points`, with no branch on what it finds, so that
    /// the processor has many of these cache misses in flight at once; ``find(_:)`` on the
    /// same points then finds their slots in cache. Both ends of the slot are read: a slot
    /// is 40 bytes, so half of them cross a cache line, and the answer's half missed the
    /// cache in ``find(_:)`` on its own. Returns a value only so that the reads are not
    /// optimised away.
    func touch(_ points: UnsafeBufferPointer<Point>) -> UInt64 {
        entries.withUnsafeBufferPointer { table -> UInt64 in
            var sink: UInt64 = 0
            for p in points {
                let s = LocationCache.slot(p.x.bitPattern, p.y.bitPattern, size: table.count)
                sink ^= table[s].x ^ UInt64(UInt32(bitPattern: table[s].area))
            }
            return sink
        }
    }

    /// Remembers that source position `p` projects to `result` in `area`.
    mutating func insert(_ p: Point, _ result: Point, _ area: Int32) {
        let x = p.x.bitPattern, y = p.y.bitPattern
        guard x != LocationCache.empty else { return }
        if count * 2 >= entries.count {
            // Full: start afresh rather than grow, keeping memory fixed.
            for i in entries.indices { entries[i].x = LocationCache.empty }
            count = 0
        }
        let added = entries.withUnsafeMutableBufferPointer { table -> Bool in
            let mask = table.count - 1
            var s = LocationCache.slot(x, y, size: table.count)
            while table[s].x != LocationCache.empty {
                if table[s].x == x, table[s].y == y { return false }
                s = (s + 1) & mask
            }
            table[s] = Entry(x: x, y: y, projected: result, area: area)
            return true
        }
        if added { count += 1 }
    }
}
