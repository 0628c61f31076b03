// Kernel density benchmark: exact density of many points on the West Yorkshire box.
// Usage: density-bench POINTS.f64 [--radius 400] [--cell 100] [--kernel quartic] [--repeat 5]
//        [--write SURFACE.f64]
// POINTS.f64 holds little-endian float64 x,y pairs in metres (Benchmarks/scripts/make_density_points.py).
// The grid is the benchmark box E 400-450 km, N 410-450 km (500 x 400 cells at 100 m).
// Times the whole `KernelDensity.estimate` call (validation, merging repeats, accumulation).
import Dispatch
import Foundation
import NeighbourhoodAnalytics
import NeighbourhoodGeometry

let args = Array(CommandLine.arguments.dropFirst())
guard let path = args.first else {
    print("usage: density-bench POINTS.f64 [--radius 400] [--cell 100] [--kernel quartic] [--repeat 5] [--write OUT]")
    exit(64)
}
func option(_ name: String) -> String? {
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    return args[i + 1]
}
let radius = Double(option("--radius") ?? "") ?? 400
let cell = Double(option("--cell") ?? "") ?? 100
let kernel = Kernel(rawValue: option("--kernel") ?? "quartic") ?? .quartic
let repeats = Int(option("--repeat") ?? "") ?? 5

guard let data = FileManager.default.contents(atPath: path) else {
    print("cannot read \(path)")
    exit(66)
}
let points: [Point] = data.withUnsafeBytes { raw in
    let doubles = raw.bindMemory(to: Double.self)
    return (0..<(doubles.count / 2)).map { Point(x: doubles[2 * $0], y: doubles[2 * $0 + 1]) }
}
let grid = try RegularGrid(
    originX: 400_000, originY: 410_000, cellSize: cell, columns: Int(50_000 / cell), rows: Int(40_000 / cell))
let study = StudyGrid(grid: grid)
let estimator = KernelDensity(kernel: kernel, radius: radius)

var times: [Double] = []
var result: DensityResult!
for _ in 0..<repeats {
    let start = DispatchTime.now().uptimeNanoseconds
    result = try estimator.estimate(points: points, on: study)
    times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}
times.sort()
let p = result.parameters
print(
    "density \(kernel) r=\(radius) m cell=\(cell) m grid \(grid.columns)x\(grid.rows): \(points.count) points, "
        + "\(p.distinctLocations) locations; best \(String(format: "%.3f", times[0])) s, median "
        + "\(String(format: "%.3f", times[times.count / 2])) s over \(repeats) runs; "
        + "total expected \(String(format: "%.1f", result.totalExpected)); "
        + "cores \(ProcessInfo.processInfo.activeProcessorCount)")
for w in result.warnings { print("warning: \(w)") }
if let out = option("--write") {
    let bytes = result.values.withUnsafeBytes { Data($0) }
    _ = FileManager.default.createFile(atPath: out, contents: bytes)
    print("wrote \(out) (per km², row-major from the south-west)")
}
