#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NeighbourhoodIncidents

/// Gives each distinct byte string a small integer id, without allocating for strings it has
/// already seen: the hot path of counting crime types row by row.
public struct ByteStringInterner: Sendable {
    private var slots: [Int32]
    private var hashes: [UInt64] = []
    /// The distinct strings, by id.
    public private(set) var strings: [[UInt8]] = []

    /// Creates an empty interner.
    public init() {
        slots = Array(repeating: -1, count: 64)
    }

    /// Forgets every string; with `keepingCapacity`, keeps the table's size, so an interner
    /// reused block after block does not grow afresh (and rehash) for each.
    public mutating func removeAll(keepingCapacity: Bool = false) {
        strings.removeAll(keepingCapacity: keepingCapacity)
        hashes.removeAll(keepingCapacity: keepingCapacity)
        if keepingCapacity {
            slots.withUnsafeMutableBufferPointer { $0.update(repeating: -1) }
        } else {
            slots = Array(repeating: -1, count: 64)
        }
    }

    /// The id of `bytes`, adding it when new.
    ///
    /// - Complexity: O(*n*) in the string's length, amortised.
    public mutating func id(of bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        let (found, slot, hash) = lookUp(bytes)
        if let found { return found }
        let id = Int32(strings.count)
        strings.append(Array(bytes))
        hashes.append(hash)
        slots[slot] = id
        if strings.count * 2 > slots.count { grow() }
        return id
    }

    /// The id of `bytes`, adding it when new, comparing first with the string of id `last`
    /// (an id this interner gave before, or -1): for a caller that keeps the last id it got,
    /// so a string repeating it costs a comparison and no hash. Being mutating, it borrows
    /// the interner where ``string(_:is:)`` called on an array element copies it first.
    ///
    /// - Complexity: O(*n*) in the string's length, amortised.
    @inline(__always)
    public mutating func id(of bytes: UnsafeBufferPointer<UInt8>, tryingFirst last: Int32) -> Int32 {
        if last >= 0, last < strings.count {
            let same = strings.withUnsafeBufferPointer { all in
                all[Int(last)].withUnsafeBufferPointer { stored in
                    stored.count == bytes.count
                        && (bytes.isEmpty || memcmp(stored.baseAddress!, bytes.baseAddress!, bytes.count) == 0)
                }
            }
            if same { return last }
        }
        return id(of: bytes)
    }

    /// Whether the string with id `id` is `bytes`: for a caller that remembers the last id
    /// it got, to skip the hash when the next string repeats it.
    ///
    /// - Complexity: O(*n*) in the string's length.
    @inline(__always)
    public func string(_ id: Int32, is bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        sameBytes(strings[Int(id)], bytes)
    }

    /// The id of `bytes` if it has one, without adding it.
    ///
    /// - Complexity: O(*n*) in the string's length.
    public func existingID(of bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        lookUp(bytes).id
    }

    /// The id of `bytes` if it has one, else the free slot where it belongs; and its hash.
    @inline(__always)
    private func lookUp(_ bytes: UnsafeBufferPointer<UInt8>) -> (id: Int32?, slot: Int, hash: UInt64) {
        let hash = Self.hash(bytes)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let id = slots[slot]
            if id < 0 { return (nil, slot, hash) }
            if hashes[Int(id)] == hash, sameBytes(strings[Int(id)], bytes) { return (id, slot, hash) }
            slot = (slot + 1) & mask
        }
    }

    /// A 64-bit hash of `bytes`, eight bytes at a time (``ByteHash``, as incident ids are
    /// hashed; a byte-at-a-time hash cost 7 % of an import's CPU time, most of it on
    /// 64-character Crime IDs); its low bits pick the slot.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        ByteHash.hash(bytes, seed: 0x9E37_79B9_7F4A_7C15)
    }

    @inline(__always)
    private func sameBytes(_ stored: [UInt8], _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard stored.count == bytes.count else { return false }
        guard let base = bytes.baseAddress, !stored.isEmpty else { return true }
        return stored.withUnsafeBufferPointer { memcmp($0.baseAddress!, base, bytes.count) == 0 }
    }

    private mutating func grow() {
        slots = Array(repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for (id, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(id)
        }
    }
}
