internal import CPrefetch
/// The occurrence number of each row identity among the rows of one import (0 for the first
/// row with an identity, 1 for the second, ...): the per-row look-up of the import's writer
/// that touches the most memory (one entry per distinct identity, ten million for a file of
/// ten million crimes).
///
/// An identity is a hash that already includes its row's force and month, so the identities
/// are kept in one set per (force, month): a file's rows come a force-month or a few at a
/// time, and the set being filled stays small enough to sit in the processor's cache, where
/// one table of every identity would send nearly every look-up to main memory. The sets hold
/// keys only (8 bytes a slot); the rare identity seen more than once has its further
/// occurrences counted in a small table of its own.
struct OccurrenceTable {
    /// Force id and month of a set.
    private struct Partition: Hashable {
        var force: Int64
        var month: Int32
    }

    private var partitions: [Partition: Int] = [:]
    private var sets: [KeySet] = []
    /// Identities seen more than once: their occurrences after the first, so far.
    private var repeats = IntegerTable()

    /// Distinct identities so far.
    var count: Int { sets.reduce(0) { $0 + $1.count } }

    /// The occurrence of each identity in `keys` (row `k` of force `forces[k]` and month
    /// `months[k]`), counting the rows given before, in this call and earlier ones, in order.
    mutating func occurrences(of keys: [UInt64], forces: [Int64], months: [Int32]) -> [Int64] {
        precondition(keys.count == forces.count && keys.count == months.count)
        var out = [Int64](repeating: 0, count: keys.count)
        var start = 0
        keys.withUnsafeBufferPointer { keys in
            out.withUnsafeMutableBufferPointer { out in
                while start < keys.count {
                    // One run of rows of one force-month, one set.
                    let partition = Partition(force: forces[start], month: months[start])
                    var end = start + 1
                    while end < keys.count, forces[end] == partition.force, months[end] == partition.month { end += 1 }
                    let set: Int
                    if let known = partitions[partition] {
                        set = known
                    } else {
                        set = sets.count
                        partitions[partition] = set
                        sets.append(KeySet())
                    }
                    // Seen before: marked 1 in `out`, counted below.
                    sets[set].insert(UnsafeBufferPointer(rebasing: keys[start..<end]), seen: out.baseAddress! + start)
                    start = end
                }
                for k in out.indices where out[k] != 0 { out[k] = repeats.add(1, to: keys[k]) + 1 }
            }
        }
        return out
    }
}

/// A set of 64-bit keys: open addressing with linear probing in one flat array, keys only.
/// `UInt64.max` marks an empty slot, so that key is stored as `UInt64.max - 1` (one more
/// collision in 2^64, for hashed keys).
private struct KeySet {
    private var slots = [UInt64](repeating: KeySet.empty, count: 16)
    private(set) var count = 0

    private static let empty = UInt64.max

    /// Inserts each key in turn, setting `seen[k]` to 1 where key `k` was present already
    /// (and leaving it alone where not). Each iteration first prefetches the slot of the key
    /// `lookahead` places on, so that several cache misses are in flight at once.
    mutating func insert(_ keys: UnsafeBufferPointer<UInt64>, seen: UnsafeMutablePointer<Int64>) {
        while (count + keys.count) * 2 > slots.count { grow() }
        let mask = slots.count - 1, lookahead = 16
        var added = 0
        slots.withUnsafeMutableBufferPointer { slots in
            for j in keys.indices {
                if j + lookahead < keys.count { nbhd_prefetch(slots.baseAddress! + Self.slot(Self.stored(keys[j + lookahead]), mask)) }
                let key = Self.stored(keys[j])
                var i = Self.slot(key, mask)
                while true {
                    let k = slots[i]
                    if k == key {
                        seen[j] = 1
                        break
                    }
                    if k == Self.empty {
                        slots[i] = key
                        added += 1
                        break
                    }
                    i = (i + 1) & mask
                }
            }
        }
        count += added
    }

    @inline(__always)
    private static func stored(_ key: UInt64) -> UInt64 { key == empty ? empty - 1 : key }

    @inline(__always)
    private static func slot(_ key: UInt64, _ mask: Int) -> Int {
        // Fibonacci hashing, as IntegerTable.
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
    }

    private mutating func grow() {
        let old = slots
        slots = [UInt64](repeating: Self.empty, count: old.count * 2)
        let mask = slots.count - 1
        slots.withUnsafeMutableBufferPointer { slots in
            for key in old where key != Self.empty {
                var i = Self.slot(key, mask)
                while slots[i] != Self.empty { i = (i + 1) & mask }
                slots[i] = key
            }
        }
    }
}
