/// A count per `UInt64` key in an open-addressing table with a multiplicative hash: the hot
/// path of counting millions of rows, where the standard dictionary's seeded SipHash shows
/// up in profiles.
struct PackedCounter {
    private var keys: [UInt64]
    private var values: [Int]
    private var occupied: [Bool]
    private(set) var count = 0

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = Array(repeating: 0, count: size)
        values = Array(repeating: 0, count: size)
        occupied = Array(repeating: false, count: size)
    }

    /// Fibonacci hashing: the product's top bits depend on every bit of the key.
    @inline(__always)
    private static func slot(_ key: UInt64, size: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - size.trailingZeroBitCount))
    }

    mutating func add(_ key: UInt64, _ amount: Int = 1) {
        let mask = keys.count - 1
        var s = PackedCounter.slot(key, size: keys.count)
        while occupied[s] {
            if keys[s] == key { values[s] += amount; return }
            s = (s + 1) & mask
        }
        occupied[s] = true
        keys[s] = key
        values[s] = amount
        count += 1
        if count * 2 > keys.count { grow() }
    }

    private mutating func grow() {
        let old = zip(keys, values).enumerated().filter { occupied[$0.offset] }.map(\.element)
        let size = keys.count * 2
        keys = Array(repeating: 0, count: size)
        values = Array(repeating: 0, count: size)
        occupied = Array(repeating: false, count: size)
        count = 0
        for (k, v) in old { add(k, v) }
    }

    /// Every (key, count) pair, in no particular order.
    var entries: [(UInt64, Int)] {
        var result: [(UInt64, Int)] = []
        result.reserveCapacity(count)
        for i in keys.indices where occupied[i] { result.append((keys[i], values[i])) }
        return result
    }
}

/// Remembers where recently seen source coordinates landed: police.uk snaps every incident
/// to one of a fixed set of anonymised map points, so most rows repeat a position already
/// projected and located. Keys are the exact bit patterns of the source x and y, so a hit
/// returns precisely what PROJ and the index returned the first time.
struct LocationCache {
    private var xs: [UInt64]
    private var ys: [UInt64]
    private var projected: [Point]
    private var areas: [Int32]
    private var used: [Bool]
    private var count = 0

    init(capacity: Int = 1 << 18) {
        xs = Array(repeating: 0, count: capacity)
        ys = Array(repeating: 0, count: capacity)
        projected = Array(repeating: Point(x: 0, y: 0), count: capacity)
        areas = Array(repeating: -1, count: capacity)
        used = Array(repeating: false, count: capacity)
    }

    @inline(__always)
    private func slot(_ x: UInt64, _ y: UInt64) -> Int {
        let mixed = (x &* 0x9E37_79B9_7F4A_7C15) ^ (y &* 0xC2B2_AE3D_27D4_EB4F)
        return Int(truncatingIfNeeded: ((mixed ^ (mixed >> 29)) &* 0xBF58_476D_1CE4_E5B9) >> UInt64(64 - xs.count.trailingZeroBitCount))
    }

    func find(_ p: Point) -> (Point, Int32)? {
        let x = p.x.bitPattern, y = p.y.bitPattern
        var s = slot(x, y)
        while used[s] {
            if xs[s] == x, ys[s] == y { return (projected[s], areas[s]) }
            s = (s + 1) & (xs.count - 1)
        }
        return nil
    }

    mutating func insert(_ p: Point, _ result: Point, _ area: Int32) {
        if count * 2 >= xs.count {
            // Full: start afresh rather than grow, keeping memory fixed.
            for i in used.indices { used[i] = false }
            count = 0
        }
        let x = p.x.bitPattern, y = p.y.bitPattern
        var s = slot(x, y)
        while used[s] {
            if xs[s] == x, ys[s] == y { return }
            s = (s + 1) & (xs.count - 1)
        }
        used[s] = true
        xs[s] = x
        ys[s] = y
        projected[s] = result
        areas[s] = area
        count += 1
    }
}
