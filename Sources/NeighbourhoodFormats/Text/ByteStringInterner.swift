#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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

    /// The id of `bytes`, adding it when new.
    ///
    /// - Complexity: O(*n*) in the string's length, amortised.
    public mutating func id(of bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3 }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let id = slots[slot]
            if id < 0 { break }
            if hashes[Int(id)] == hash, sameBytes(strings[Int(id)], bytes) { return id }
            slot = (slot + 1) & mask
        }
        let id = Int32(strings.count)
        strings.append(Array(bytes))
        hashes.append(hash)
        slots[slot] = id
        if strings.count * 2 > slots.count { grow() }
        return id
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
