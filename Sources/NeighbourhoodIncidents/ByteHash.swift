/// A 64-bit hash of a byte string, eight bytes at a time, each word mixed with MurmurHash3's
/// finaliser: shared by incident id hashing (`IncidentTable.IDHash`, two seeds) and the text
/// interner of the readers (one seed). Its output is part of stored keys (a store's
/// `row_key`s start from it), so it must not change.
package enum ByteHash {
    /// Hashes `bytes` from `seed`.
    @inline(__always)
    package static func hash(_ bytes: UnsafeBufferPointer<UInt8>, seed: UInt64) -> UInt64 {
        var h = seed ^ UInt64(bytes.count) &* 0xFF51_AFD7_ED55_8CCD
        var i = 0
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while i + 8 <= bytes.count {
                let w = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                h = finalise(h ^ w) &* 0x9FB2_1C65_1E98_DF25
                i += 8
            }
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < bytes.count {
            tail |= UInt64(bytes[i]) << shift
            shift += 8
            i += 1
        }
        return finalise(h ^ tail ^ 0x27BB_2EE6_87B0_B0FD)
    }

    /// The 64-bit finaliser of MurmurHash3.
    @inline(__always)
    package static func finalise(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 33)) &* 0xFF51_AFD7_ED55_8CCD
        z = (z ^ (z >> 33)) &* 0xC4CE_B9FE_1A85_EC53
        return z ^ (z >> 33)
    }
}
