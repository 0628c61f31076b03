import Dispatch

/// Conditional randomisation, the permutation inference esda uses for every local statistic
/// (Anselin 1995, §4): for each observation i, its own value is held fixed and its kᵢ
/// neighbours' values are replaced by kᵢ values drawn without replacement from the other
/// n − 1 observations, `permutations` times.
///
/// **Pseudo p-value.** Let S be the sum of i's neighbours' values (every local statistic here
/// is a monotone function of S once yᵢ is fixed), and count the draws with Sₛᵢₘ ≥ Sₒᵦₛ and
/// with Sₛᵢₘ ≤ Sₒᵦₛ. Then p = (min(#≥, #≤) + 1) / (permutations + 1), a folded (one-tailed
/// towards the nearer tail) pseudo p-value in (0, 1]. Without ties this is exactly esda's
/// default (`alternative='directed'`): `larger = #≥`, replaced by `permutations − larger` when
/// that is smaller. Ties count in both tails here, so an observation whose statistic cannot
/// move (no neighbours, every draw equal, or a Moran zᵢ of 0) gets p = 1 instead of esda's
/// 1 / (permutations + 1). Sums within 10⁻¹² × kᵢ × max|y| of each other count as ties, so
/// the order values are added in cannot break a tie.
///
/// **Reproducibility.** Observation i draws from its own ``SeededGenerator`` stream
/// `(seed, i)`: the draws are a partial Fisher–Yates shuffle of the indices `0 ..< n − 1`
/// (index m stands for observation m if m < i, else m + 1), taking position
/// `j + next(below: n − 1 − j)` for j = 0 ..< kᵢ, restarted from the identity order for each
/// permutation. The same seed therefore gives the same p-values on any machine with any number
/// of threads.
///
/// - Anselin, L. (1995). Local indicators of spatial association — LISA. *Geographical
///   Analysis* 27(2), 93–115.
public struct ConditionalPermutation: Sendable, Hashable {
    /// Number of random draws per observation (999 is customary).
    public let permutations: Int
    /// The seed of the generator.
    public let seed: UInt64

    /// Creates the engine.
    ///
    /// - Throws: ``GridError`` `insufficientData` unless `1 ≤ permutations ≤ 1,000,000`.
    public init(permutations: Int = 999, seed: UInt64 = 0) throws(GridError) {
        guard permutations >= 1, permutations <= 1_000_000 else {
            throw GridError(.insufficientData, "permutations must be between 1 and 1,000,000, not \(permutations)")
        }
        self.permutations = permutations
        self.seed = seed
    }

    /// The folded pseudo p-value of each observation's neighbour sum.
    ///
    /// - Parameters:
    ///   - values: one value per observation.
    ///   - weights: the neighbours (self, if included, is fixed and does not enter the draw).
    ///   - fixed: observations whose statistic cannot vary (p = 1 without drawing).
    /// - Precondition: `values`, `weights` and `fixed` (when given) have the same length.
    /// - Complexity: O(*P* *m*) for *P* permutations and *m* links, split over the cores.
    public func pseudoPValues(values: [Double], weights: SpatialWeights, fixed: [Bool]? = nil) -> [Double] {
        let n = values.count
        precondition(weights.count == n, "one value per observation")
        precondition(fixed == nil || fixed!.count == n, "one fixed flag per observation")
        var result = [Double](repeating: 1, count: n)
        guard n >= 2 else { return result }
        let maxAbs = values.reduce(0) { max($0, abs($1)) }
        let chunk = max(64, n / 256)
        let chunks = (n + chunk - 1) / chunk
        let permutations = self.permutations
        let seed = self.seed
        let widest = weights.maximumCardinality
        values.withUnsafeBufferPointer { y in
            weights.offsets.withUnsafeBufferPointer { offsets in
                weights.neighbours.withUnsafeBufferPointer { links in
                    result.withUnsafeMutableBufferPointer { output in
                        nonisolated(unsafe) let out = output
                        nonisolated(unsafe) let y = y
                        nonisolated(unsafe) let offsets = offsets
                        nonisolated(unsafe) let links = links
                        DispatchQueue.concurrentPerform(iterations: chunks) { c in
                            var scratch = [Int32](unsafeUninitializedCapacity: n - 1) { buffer, count in
                                for m in 0..<(n - 1) { buffer[m] = Int32(m) }
                                count = n - 1
                            }
                            var swaps = [Int](repeating: 0, count: widest)
                            for i in (c * chunk)..<min(n, (c + 1) * chunk) {
                                let start = Int(offsets[i])
                                let k = Int(offsets[i + 1]) - start
                                if k == 0 || k >= n - 1 || fixed?[i] == true { continue }
                                var observed = 0.0
                                for e in start..<(start + k) { observed += y[Int(links[e])] }
                                let tolerance = 1e-12 * Double(k) * maxAbs
                                var generator = SeededGenerator(seed: seed, stream: UInt64(i))
                                let (above, below) = Self.draw(
                                    i: i, k: k, n: n, y: y, observed: observed, tolerance: tolerance,
                                    permutations: permutations, generator: &generator, scratch: &scratch,
                                    swaps: &swaps)
                                out[i] = Double(min(above, below) + 1) / Double(permutations + 1)
                            }
                        }
                    }
                }
            }
        }
        return result
    }

    /// Counts the draws at or above, and at or below, the observed neighbour sum.
    @inline(__always)
    private static func draw(
        i: Int, k: Int, n: Int, y: UnsafeBufferPointer<Double>, observed: Double, tolerance: Double,
        permutations: Int, generator: inout SeededGenerator, scratch: inout [Int32], swaps: inout [Int]
    ) -> (Int, Int) {
        var above = 0
        var below = 0
        let pool = UInt64(n - 1)
        scratch.withUnsafeMutableBufferPointer { order in
            swaps.withUnsafeMutableBufferPointer { swaps in
                for _ in 0..<permutations {
                    var sum = 0.0
                    for j in 0..<k {
                        let r = j + Int(generator.next(below: pool - UInt64(j)))
                        let picked = order[r]
                        order[r] = order[j]
                        order[j] = picked
                        swaps[j] = r
                        let m = Int(picked)
                        sum += y[m < i ? m : m + 1]
                    }
                    var j = k - 1
                    while j >= 0 {  // undo, so every permutation starts from the identity order
                        let r = swaps[j]
                        let t = order[r]
                        order[r] = order[j]
                        order[j] = t
                        j -= 1
                    }
                    if sum >= observed - tolerance { above += 1 }
                    if sum <= observed + tolerance { below += 1 }
                }
            }
        }
        return (above, below)
    }
}
