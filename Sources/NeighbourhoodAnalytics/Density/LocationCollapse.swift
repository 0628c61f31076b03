/// Points with exactly identical coordinates merged into one location carrying their summed
/// weight. police.uk snaps incidents to a few hundred thousand map points, so real data often
/// has many repeats; merging them keeps kernel density exact while doing less work.
///
/// The merge is adaptive: when the first 65,536 points are more than half distinct, repeats are
/// too rare to pay for the hashing and the points are used as they are.
struct LocationCollapse {
    /// Interleaved `x, y` per location.
    var coordinates: [Double]
    /// Weight per location.
    var weights: [Double]

    /// The number of locations.
    var count: Int { weights.count }

    /// How many points are hashed before deciding whether merging pays off.
    static let probeCount = 65_536

    /// Merges repeats among the finite points of `points` (interleaved `x, y`), or returns `nil`
    /// when the probe finds too few repeats. Non-finite points are skipped.
    ///
    /// - Complexity: O(*n*) expected.
    static func collapse(
        _ points: UnsafeBufferPointer<Double>, weights: UnsafeBufferPointer<Double>?
    ) -> LocationCollapse? {
        let n = points.count / 2
        guard n < Int(Int32.max) else { return nil }
        var capacity = 1024
        var mask = capacity - 1
        var slots = [Int32](repeating: -1, count: capacity)
        var coordinates: [Double] = []
        var sums: [Double] = []
        var seen = 0
        for i in 0..<n {
            // Adding 0.0 turns -0.0 into +0.0 so the two compare and hash equal.
            let x = points[2 * i] + 0.0
            let y = points[2 * i + 1] + 0.0
            guard x.isFinite, y.isFinite else { continue }
            let w = weights?[i] ?? 1
            seen += 1
            if seen == probeCount, sums.count * 2 > seen { return nil }
            var h = hash(x.bitPattern, y.bitPattern) & mask
            while true {
                let slot = slots[h]
                if slot < 0 {
                    slots[h] = Int32(sums.count)
                    coordinates.append(x)
                    coordinates.append(y)
                    sums.append(w)
                    break
                }
                let j = Int(slot)
                if coordinates[2 * j] == x && coordinates[2 * j + 1] == y {
                    sums[j] += w
                    break
                }
                h = (h + 1) & mask
            }
            if sums.count * 2 > capacity {
                capacity *= 2
                mask = capacity - 1
                slots = [Int32](repeating: -1, count: capacity)
                for j in 0..<sums.count {
                    var g = hash(coordinates[2 * j].bitPattern, coordinates[2 * j + 1].bitPattern) & mask
                    while slots[g] >= 0 { g = (g + 1) & mask }
                    slots[g] = Int32(j)
                }
            }
        }
        return LocationCollapse(coordinates: coordinates, weights: sums)
    }

    @inline(__always)
    static func hash(_ a: UInt64, _ b: UInt64) -> Int {
        var h = a &* 0x9E37_79B9_7F4A_7C15
        h ^= (b &+ 0x632B_E59B_D9B4_E019) &* 0xC2B2_AE3D_27D4_EB4F
        h ^= h >> 29
        return Int(truncatingIfNeeded: h)
    }
}
