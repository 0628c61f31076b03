/// A portable, seeded pseudo-random generator: xoshiro256** (Blackman and Vigna 2021) with its
/// state filled by SplitMix64 (Steele, Lea and Flood 2014), and unbiased bounded integers by
/// Lemire's multiply-and-reject method (Lemire 2019).
///
/// The same seed gives the same numbers on every machine and every Swift version: nothing here
/// depends on the standard library's unspecified random algorithms. Local statistics give each
/// observation its own stream, ``init(seed:stream:)``, so results do not depend on how work is
/// split across threads.
///
/// - Blackman, D. and Vigna, S. (2021). Scrambled linear pseudorandom number generators.
///   *ACM Transactions on Mathematical Software* 47(4), 36.
/// - Lemire, D. (2019). Fast random integer generation in an interval. *ACM Transactions on
///   Modeling and Computer Simulation* 29(1), 3.
public struct SeededGenerator: RandomNumberGenerator, Sendable, Hashable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// A generator whose 256-bit state is the first four outputs of SplitMix64 started at
    /// `seed`.
    ///
    /// - Complexity: O(1).
    public init(seed: UInt64) {
        var x = seed
        s0 = SeededGenerator.splitMix64(&x)
        s1 = SeededGenerator.splitMix64(&x)
        s2 = SeededGenerator.splitMix64(&x)
        s3 = SeededGenerator.splitMix64(&x)
    }

    /// The generator for stream `stream` (e.g. an observation number) of `seed`: SplitMix64
    /// started at `seed ^ (stream × 0xD1342543DE82EF95)` (mod 2⁶⁴). Streams of one seed are
    /// statistically independent for practical purposes.
    ///
    /// - Complexity: O(1).
    public init(seed: UInt64, stream: UInt64) {
        self.init(seed: seed ^ (stream &* 0xD134_2543_DE82_EF95))
    }

    /// One step of SplitMix64: advance `state` by the golden gamma and mix it.
    @inlinable
    public static func splitMix64(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The next 64 random bits (xoshiro256**).
    ///
    /// - Complexity: O(1).
    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = (s1 &* 5).rotatedLeft(7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3.rotatedLeft(45)
        return result
    }

    /// A uniform integer in `0 ..< bound` with no modulo bias (Lemire's method): the high word
    /// of `next() × bound`, redrawn while the low word is below `2⁶⁴ mod bound`.
    ///
    /// - Precondition: `bound > 0`.
    /// - Complexity: O(1) expected.
    @inline(__always)
    public mutating func next(below bound: UInt64) -> UInt64 {
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold {
                product = next().multipliedFullWidth(by: bound)
            }
        }
        return product.high
    }
}

extension UInt64 {
    @inline(__always)
    fileprivate func rotatedLeft(_ k: UInt64) -> UInt64 { (self << k) | (self >> (64 - k)) }
}
