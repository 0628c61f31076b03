import Dispatch
import Foundation

/// The exact kernel sum `Σ wᵢ k(dᵢ²/r²)` at every cell centre, without the normalising
/// constant.
///
/// Points whose disc can reach a cell centre are bucketed by row (a counting sort), then the
/// grid is cut into bands of rows processed in parallel. A band visits only the points within
/// the radius of its rows; for each point it walks the rows the disc covers and, in each row,
/// only the columns inside the circle's chord. Each cell is written by one band only, and the
/// points reach it in the same (sorted) order whatever the number of bands or threads, so the
/// sums are bit-for-bit reproducible on any machine.
struct DensityAccumulator: Sendable {
    let grid: RegularGrid
    let radius: Double

    /// A point with its weight, after sorting by row.
    struct Located {
        var x: Double
        var y: Double
        var w: Double
    }

    /// Kernel sums per cell and the number of locations that reach no cell centre's row band.
    ///
    /// - Parameters:
    ///   - coordinates: Interleaved `x, y`; non-finite points are skipped by the caller.
    ///   - weights: One per location, or `nil` for 1.
    /// - Complexity: O(*n* + *C* + Σ cells within the radius of each location).
    func accumulate(
        _ coordinates: UnsafeBufferPointer<Double>, weights: UnsafeBufferPointer<Double>?, kernel: Kernel
    ) -> (sums: [Double], unreached: Int) {
        switch kernel {
        case .quartic: return run(coordinates, weights, QuarticProfile.self)
        case .epanechnikov: return run(coordinates, weights, EpanechnikovProfile.self)
        case .triweight: return run(coordinates, weights, TriweightProfile.self)
        case .uniform: return run(coordinates, weights, UniformProfile.self)
        case .triangular: return run(coordinates, weights, TriangularProfile.self)
        case .gaussian: return run(coordinates, weights, GaussianProfile.self)
        }
    }

    private func run<P: KernelProfile>(
        _ coordinates: UnsafeBufferPointer<Double>, _ weights: UnsafeBufferPointer<Double>?, _: P.Type
    ) -> (sums: [Double], unreached: Int) {
        let n = coordinates.count / 2
        let cs = grid.cellSize
        let inv = 1 / cs
        let r = radius
        let reach = Int((r * inv).rounded(.up)) + 1
        let rows = grid.rows
        let cxMin = grid.originX + 0.5 * cs - r
        let cxMax = grid.originX + (Double(grid.columns) - 0.5) * cs + r
        let cyMin = grid.originY + 0.5 * cs - r
        let cyMax = grid.originY + (Double(rows) - 0.5) * cs + r
        // Bucket b holds points whose row index (floor) is b - reach - 1, clamped.
        let bucketCount = rows + 2 * reach + 2
        var keys = [Int32](repeating: -1, count: n)
        var starts = [Int](repeating: 0, count: bucketCount + 1)
        var unreached = 0
        for i in 0..<n {
            let x = coordinates[2 * i]
            let y = coordinates[2 * i + 1]
            guard x > cxMin, x < cxMax, y > cyMin, y < cyMax else {
                unreached += 1
                continue
            }
            let row = Int(((y - grid.originY) * inv).rounded(.down))
            let key = Swift.min(Swift.max(row + reach + 1, 0), bucketCount - 1)
            keys[i] = Int32(key)
            starts[key + 1] += 1
        }
        for b in 0..<bucketCount { starts[b + 1] += starts[b] }
        var next = starts
        var sorted = [Located](repeating: Located(x: 0, y: 0, w: 0), count: starts[bucketCount])
        for i in 0..<n where keys[i] >= 0 {
            let key = Int(keys[i])
            sorted[next[key]] = Located(x: coordinates[2 * i], y: coordinates[2 * i + 1], w: weights?[i] ?? 1)
            next[key] += 1
        }
        keys = []

        var sums = [Double](repeating: 0, count: grid.cellCount)
        let bandCount = Swift.min(rows, Swift.max(1, 8 * ProcessInfo.processInfo.activeProcessorCount))
        let bucketStarts = starts
        sorted.withUnsafeBufferPointer { input in
            sums.withUnsafeMutableBufferPointer { output in
                nonisolated(unsafe) let out = output
                nonisolated(unsafe) let points = input
                let band = { @Sendable (b: Int) in
                    let first = rows * b / bandCount
                    let end = rows * (b + 1) / bandCount
                    // Points whose floor row is within `reach` of the band.
                    let lo = Swift.max(0, first + 1)
                    let hi = Swift.min(bucketCount, end + 2 * reach + 1)
                    guard lo < hi else { return }
                    for k in bucketStarts[lo]..<bucketStarts[hi] {
                        self.spread(points[k], rows: first..<end, into: out, P.self)
                    }
                }
                if bandCount == 1 {
                    band(0)
                } else {
                    DispatchQueue.concurrentPerform(iterations: bandCount, execute: band)
                }
            }
        }
        return (sums, unreached)
    }

    /// Adds one location's kernel to the cells of `rows` within its radius.
    @inline(__always)
    private func spread<P: KernelProfile>(
        _ p: Located, rows band: Range<Int>, into out: UnsafeMutableBufferPointer<Double>, _: P.Type
    ) {
        let cs = grid.cellSize
        let inv = 1 / cs
        let r2 = radius * radius
        let invR2 = 1 / r2
        let ox = grid.originX
        let oy = grid.originY
        let columns = grid.columns
        // The spans are widened by a relative 1e-12 (plus 1e-9 cell) so rounding can never drop
        // a cell inside the circle; the exact test is u < 1 below.
        let slack = 1e-9 * cs
        let reachY = radius * (1 + 1e-12) + slack
        let j0 = Swift.max(band.lowerBound, Int(((p.y - reachY - oy) * inv - 0.5).rounded(.up)))
        let j1 = Swift.min(band.upperBound - 1, Int(((p.y + reachY - oy) * inv - 0.5).rounded(.down)))
        guard j0 <= j1 else { return }
        for j in j0...j1 {
            let dy = oy + (Double(j) + 0.5) * cs - p.y
            let dy2 = dy * dy
            let rem = r2 - dy2
            guard rem > 0 else { continue }
            let half = rem.squareRoot() * (1 + 1e-12) + slack
            let c0 = Swift.max(0, Int(((p.x - half - ox) * inv - 0.5).rounded(.up)))
            let c1 = Swift.min(columns - 1, Int(((p.x + half - ox) * inv - 0.5).rounded(.down)))
            guard c0 <= c1 else { continue }
            let base = j * columns
            for c in c0...c1 {
                let dx = ox + (Double(c) + 0.5) * cs - p.x
                let u = (dx * dx + dy2) * invR2
                if u < 1 { out[base + c] += p.w * P.at(u) }
            }
        }
    }
}

/// A kernel's profile `k(u)` for `0 ≤ u < 1`, as a type so the inner loop is specialised.
protocol KernelProfile: Sendable {
    static func at(_ u: Double) -> Double
}

enum QuarticProfile: KernelProfile {
    @inline(__always) static func at(_ u: Double) -> Double { (1 - u) * (1 - u) }
}

enum EpanechnikovProfile: KernelProfile {
    @inline(__always) static func at(_ u: Double) -> Double { 1 - u }
}

enum TriweightProfile: KernelProfile {
    @inline(__always) static func at(_ u: Double) -> Double { (1 - u) * (1 - u) * (1 - u) }
}

enum UniformProfile: KernelProfile {
    @inline(__always) static func at(_ u: Double) -> Double { 1 }
}

enum TriangularProfile: KernelProfile {
    @inline(__always) static func at(_ u: Double) -> Double { 1 - u.squareRoot() }
}

enum GaussianProfile: KernelProfile {
    @inline(__always) static func at(_ u: Double) -> Double { exp(-4.5 * u) }
}
