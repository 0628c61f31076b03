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
        let (found, slot, hash) = lookUp(bytes)
        if let found { return found }
        let id = Int32(strings.count)
        strings.append(Array(bytes))
        hashes.append(hash)
        slots[slot] = id
        if strings.count * 2 > slots.count { grow() }
        return id
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
        let hash = ByteStringInterner.hash(bytes)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let id = slots[slot]
            if id < 0 { return (nil, slot, hash) }
            if hashes[Int(id)] == hash, sameBytes(strings[Int(id)], bytes) { return (id, slot, hash) }
            slot = (slot + 1) & mask
        }
    }

    /// A 64-bit hash of `bytes`, eight at a time (multiply and shift, then a final mix so
    /// that the low bits, which choose the slot, depend on every byte): hashing byte by byte
    /// was a visible part of reading each row's crime type.
    @inline(__always)
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            let n = bytes.count
            var i = 0
            while i + 8 <= n {
                h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
                h ^= h >> 31
                i += 8
            }
            if i < n {
                var tail: UInt64 = 0
                for k in 0..<(n - i) { tail |= UInt64(raw.load(fromByteOffset: i + k, as: UInt8.self)) << (8 * k) }
                h = (h ^ tail) &* 0xBF58_476D_1CE4_E5B9
            }
        }
        h ^= h >> 29
        h = h &* 0x94D0_49BB_1331_11EB
        return h ^ (h >> 32)
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
