// Gi* benchmark: weights + Getis-Ord Gi* + Benjamini-Hochberg bins on the 250 m West Yorkshire grid.
// Usage: nbhd-hotspot-bench COUNTS.csv [--repeat N] [--permutations P] [--write-z FILE]
// COUNTS.csv is written by Benchmarks/scripts/esda_hotspots.py (same grid, same counts).
import Dispatch
import Foundation
import NeighbourhoodAnalytics

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func summary(_ times: [Double]) -> String {
    let sorted = times.sorted()
    return String(format: "best %.4f s, median %.4f s (%d runs)", sorted[0], sorted[sorted.count / 2], sorted.count)
}

let args = Array(CommandLine.arguments.dropFirst())
guard let path = args.first else {
    print("usage: nbhd-hotspot-bench COUNTS.csv [--repeat N] [--permutations P] [--write-z FILE]")
    exit(64)
}
@MainActor func option(_ name: String) -> String? {
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    return args[i + 1]
}
let repeats = Int(option("--repeat") ?? "") ?? 20
let permutations = Int(option("--permutations") ?? "") ?? 999

let text = try String(contentsOfFile: path, encoding: .utf8)
var lines = text.split(separator: "\n")
let header = Dictionary(
    uniqueKeysWithValues: lines.removeFirst().dropFirst(2).split(separator: " ").map {
        let kv = $0.split(separator: "=")
        return (String(kv[0]), Double(kv[1])!)
    })
let grid = try RegularGrid(
    originX: header["origin_x"]!, originY: header["origin_y"]!, cellSize: header["cell"]!,
    columns: Int(header["columns"]!), rows: Int(header["rows"]!))
let counts = lines.map { Double($0)! }
precondition(counts.count == grid.cellCount, "counts do not fit the grid")
print("grid \(grid.columns) x \(grid.rows) = \(grid.cellCount) cells of \(grid.cellSize) m, \(Int(counts.reduce(0, +))) crimes")

var weights: SpatialWeights!
print("queen weights:                 " + summary((0..<repeats).map { _ in try! seconds { weights = try SpatialWeights.queen(on: grid) } }))
print("  \(weights.linkCount) links")
var banded: SpatialWeights!
print("band 750 m weights:            " + summary((0..<repeats).map { _ in try! seconds { banded = try SpatialWeights.distanceBand(on: grid, band: 750) } }) + ", \(banded.linkCount) links")

var gi: LocalGetisOrd!
let analytic = (0..<repeats).map { _ in
    try! seconds {
        let w = try SpatialWeights.queen(on: grid)
        gi = try LocalGetisOrd(values: counts, weights: w)
    }
}
print("weights + Gi* + BH FDR bins:   " + summary(analytic))
let binCounts = [3, 2, 1, -1, -2, -3].map { b in "\(b > 0 ? "+" : "")\(b): \(gi.bin.filter { Int($0) == b }.count)" }
print("  bins " + binCounts.joined(separator: ", "))
if let out = option("--write-z") {
    try gi.z.map { String($0) }.joined(separator: "\n").write(toFile: out, atomically: true, encoding: .utf8)
    print("  z-scores -> \(out)")
}

if permutations > 0 {
    let engine = try ConditionalPermutation(permutations: permutations, seed: 12345)
    var first: [Double]?
    var deterministic = true
    let times = (0..<3).map { _ in
        try! seconds {
            let w = try SpatialWeights.queen(on: grid)
            let result = try LocalGetisOrd(values: counts, weights: w, permutations: engine)
            if let first, first != result.permutationP! { deterministic = false }
            first = first ?? result.permutationP
            gi = result
        }
    }
    print("weights + Gi* \(permutations) permutations: " + summary(times) + " on \(ProcessInfo.processInfo.activeProcessorCount) cores")
    print("  identical pseudo p-values across runs: \(deterministic)")
    let moranTimes = (0..<3).map { _ in
        try! seconds { _ = try LocalMoran(values: counts, weights: weights, permutations: engine) }
    }
    print("local Moran (r) \(permutations) permutations: " + summary(moranTimes))
}
