/// A count per `UInt64` key in an open-addressing table with a multiplicative hash: the hot
/// path of counting millions of rows, where the standard dictionary's seeded SipHash shows
/// up in profiles.
///
/// Keys and counts share one array, so an addition touches one slot (one cache line) rather
/// than one in each of three parallel arrays; a count of zero marks an empty slot.
struct PackedCounter {
    private struct Slot {
        var key: UInt64
        /// Zero for an empty slot.
        var count: Int
    }

    private var slots: [Slot]
    private(set) var count = 0

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: Slot(key: 0, count: 0), count: size)
    }

    /// Fibonacci hashing: the product's top bits depend on every bit of the key.
    @inline(__always)
    private static func slot(_ key: UInt64, size: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - size.trailingZeroBitCount))
    }

    /// Adds `amount` (which must be positive) to the count of `key`.
    mutating func add(_ key: UInt64, _ amount: Int = 1) {
        let inserted = slots.withUnsafeMutableBufferPointer { table -> Bool in
            let mask = table.count - 1
            var s = PackedCounter.slot(key, size: table.count)
            while table[s].count != 0 {
                if table[s].key == key {
                    table[s].count += amount
                    return false
                }
                s = (s + 1) & mask
            }
            table[s] = Slot(key: key, count: amount)
            return true
        }
        guard inserted else { return }
        count += 1
        if count * 2 > slots.count { grow() }
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: Slot(key: 0, count: 0), count: old.count * 2)
        count = 0
        for slot in old where slot.count != 0 { add(slot.key, slot.count) }
    }

    /// Every (key, count) pair, in no particular order.
    var entries: [(UInt64, Int)] {
        var result: [(UInt64, Int)] = []
        result.reserveCapacity(count)
        for slot in slots where slot.count != 0 { result.append((slot.key, slot.count)) }
        return result
    }
}
