internal import CPrefetch
/// A hash table from 64-bit keys to 64-bit values for the import's per-row look-ups
/// (repeated identities, count cells, locations): open addressing with linear probing and a
/// multiplicative hash, keys and values side by side in one flat array.
///
/// Measured on the 1 M-row import (`perf`, `BENCHMARKS.md`): each of the three per-row
/// `Dictionary` look-ups took 1.0 – 1.5 % of the samples, about 170 – 260 ns a row (SipHash,
/// and cache misses in a table of millions of entries); this table costs one multiply and,
/// mostly, one cache line.
/// `UInt64.max` marks an empty slot, so that key is stored as `UInt64.max - 1` (for hashed
/// keys, one more collision in 2^64; structured keys never reach it).
struct IntegerTable {
    /// A key and its value side by side, so a look-up touches one cache line.
    private struct Entry {
        var key: UInt64
        var value: Int64
    }

    private var entries: [Entry]
    private var mask: Int
    private(set) var count = 0

    private static let empty = UInt64.max

    /// Creates a table sized for about `capacity` keys without growing.
    init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        entries = [Entry](repeating: Entry(key: Self.empty, value: 0), count: size)
        mask = size - 1
    }

    @inline(__always)
    private static func stored(_ key: UInt64) -> UInt64 { key == empty ? empty - 1 : key }

    @inline(__always)
    private func slot(_ key: UInt64) -> Int { Self.slot(key, mask) }

    @inline(__always)
    private static func slot(_ key: UInt64, _ mask: Int) -> Int {
        // Fibonacci hashing: the high bits of the product are well mixed.
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
    }

    /// The value stored under `key`, or `nil`.
    @inline(__always)
    func value(_ key: UInt64) -> Int64? {
        let key = Self.stored(key)
        return entries.withUnsafeBufferPointer { entries in
            var i = slot(key)
            while true {
                let k = entries[i].key
                if k == key { return entries[i].value }
                if k == Self.empty { return nil }
                i = (i + 1) & mask
            }
        }
    }

    /// Adds `delta` to the value under `key` (absent keys start at 0); returns the value
    /// before the addition.
    @inline(__always)
    @discardableResult
    mutating func add(_ delta: Int64, to key: UInt64) -> Int64 {
        let key = Self.stored(key)
        let mask = self.mask
        var i = slot(key)
        let found: Int64? = entries.withUnsafeMutableBufferPointer { entries in
            while true {
                let k = entries[i].key
                if k == key {
                    let old = entries[i].value
                    entries[i].value = old + delta
                    return old
                }
                if k == Self.empty {
                    entries[i] = Entry(key: key, value: delta)
                    return nil
                }
                i = (i + 1) & mask
            }
        }
        if let found { return found }
        count += 1
        if count * 4 > entries.count * 3 { grow() }
        return 0
    }

    /// ``value(_:)`` for each of `keys`, the slot of the key `lookahead` places on
    /// prefetched first, so that several cache misses are in flight at once instead of one
    /// per key.
    func values(_ keys: [UInt64]) -> [Int64?] {
        let lookahead = 16
        return entries.withUnsafeBufferPointer { slots in
            keys.indices.map { j in
                if j + lookahead < keys.count { nbhd_prefetch(slots.baseAddress! + slot(Self.stored(keys[j + lookahead]))) }
                return value(keys[j])
            }
        }
    }

    /// Every (key, value) pair, in no particular order.
    func forEach(_ body: (UInt64, Int64) throws -> Void) rethrows {
        for entry in entries where entry.key != Self.empty { try body(entry.key, entry.value) }
    }

    private mutating func grow() {
        let old = entries
        entries = [Entry](repeating: Entry(key: Self.empty, value: 0), count: old.count * 2)
        mask = entries.count - 1
        for entry in old where entry.key != Self.empty {
            var i = slot(entry.key)
            while entries[i].key != Self.empty { i = (i + 1) & mask }
            entries[i] = entry
        }
    }
}

/// Location ids by exact (easting bits, northing bits, street id): an ``IntegerTable`` on a
/// 64-bit hash of the three, each hit checked against the full key, with the rare key whose
/// hash another key already holds kept in a `Dictionary`. Each location also carries its
/// area in the store's first layer, read with its id in the same look-up.
struct LocationTable {
    struct Key: Hashable {
        var e: UInt64
        var n: UInt64
        var street: Int64
    }

    /// A location's id and its area position plus one in the first layer (0: in no area, or
    /// not known yet).
    struct Value {
        var id: Int64
        var area: Int32
    }

    private var byHash = IntegerTable(capacity: 1 << 16)
    /// Each location's full key and value, at the position `byHash` holds for it (one array,
    /// so that a look-up reads both from one place).
    private var entries: [(key: Key, value: Value)] = []
    private var collided: [Key: Value] = [:]

    @inline(__always)
    private static func hash(_ key: Key) -> UInt64 {
        ImportWriter.mix(ImportWriter.mix(key.e, key.n), UInt64(bitPattern: key.street))
    }

    /// The location with `key`, or `nil`.
    @inline(__always)
    func find(_ key: Key) -> Value? {
        if let slot = byHash.value(Self.hash(key)) {
            let entry = entries[Int(slot)]
            if entry.key == key { return entry.value }
        }
        return collided.isEmpty ? nil : collided[key]
    }

    /// ``find(_:)`` for each of `keys`, with several look-ups in flight at once (in a
    /// table of many locations each one mostly waits on memory).
    func findAll(_ keys: [Key]) -> [Value?] {
        let slots = byHash.values(keys.map(Self.hash))
        let lookahead = 8
        var out = [Value?](repeating: nil, count: keys.count)
        entries.withUnsafeBufferPointer { entries in
            for j in keys.indices {
                if j + lookahead < keys.count, let ahead = slots[j + lookahead] { nbhd_prefetch(entries.baseAddress! + Int(ahead)) }
                if let slot = slots[j], entries[Int(slot)].key == keys[j] {
                    out[j] = entries[Int(slot)].value
                } else if !collided.isEmpty {
                    out[j] = collided[keys[j]]
                }
            }
        }
        return out
    }

    /// Records a new location (`key` must not be present).
    mutating func insert(_ key: Key, _ value: Value) {
        let hash = Self.hash(key)
        if byHash.value(hash) != nil {
            collided[key] = value
            return
        }
        byHash.add(Int64(entries.count), to: hash)
        entries.append((key, value))
    }

    /// Sets the first layer's area of the location with `key` (which must be present).
    mutating func setArea(_ area: Int32, of key: Key) {
        if let slot = byHash.value(Self.hash(key)), entries[Int(slot)].key == key {
            entries[Int(slot)].value.area = area
        } else {
            collided[key]?.area = area
        }
    }

    /// Sets every location's first-layer area from its id.
    mutating func setAreas(_ area: (Int64) -> Int32) {
        for k in entries.indices { entries[k].value.area = area(entries[k].value.id) }
        for (key, value) in collided { collided[key]?.area = area(value.id) }
    }

    /// Every location's key and id.
    var all: [(key: Key, id: Int64)] {
        entries.map { ($0.key, $0.value.id) } + collided.map { ($0.key, $0.value.id) }
    }
}
