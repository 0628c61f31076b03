// Component benchmarks: index build, point-in-polygon throughput, projection throughput.
// Usage: nbhd-bench LAYER.geojson[.gz] [--points N] [--id-field F] [--cells-per-edge K] [--points-from DIR]
//        [--repeat R]  (timed runs per figure, best reported; default 3) [--seed S] (of the points; default 1)
//        [--projection-only | --no-projection]  (skip the point-in-polygon or the projection runs)
// Prints one line per measurement; BENCHMARKS.md records the figures and commands.
import Dispatch
import Foundation
import Neighbourhood

/// CPU time (user + system) of the whole process so far, in seconds: a figure that other
/// processes on a loaded machine disturb far less than wall time.
func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
    let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
    return user + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

let args = Array(CommandLine.arguments.dropFirst())
guard let layerPath = args.first, !layerPath.hasPrefix("-") else {
    print("usage: nbhd-bench LAYER.geojson[.gz] [--points N] [--id-field F] [--cells-per-edge C] [--repeat R] [--seed S] [--points-from DIR] [--projection-only | --no-projection]")
    exit(64)
}
@MainActor func option(_ name: String) -> String? {
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    return args[i + 1]
}
let pointCount = Int(option("--points") ?? "") ?? 10_000_000
let cellsPerEdge = Double(option("--cells-per-edge") ?? "") ?? 8
/// Timed repetitions of each point-in-polygon and projection figure; the best is reported.
let repeats = max(1, Int(option("--repeat") ?? "") ?? 3)

var layer: BoundaryLayer!
let readTime = try seconds { layer = try GeoJSONLayerReader.read(path: layerPath, fields: LayerFields(id: option("--id-field"))) }
var working: BoundaryLayer!
let projectTime = try seconds { working = try layer.projected(to: "EPSG:27700") }
let geometries = working.areas.map(\.geometry)
let vertices = geometries.reduce(0) { $0 + $1.polygons.reduce(0) { $0 + $1.rings.reduce(0) { $0 + $1.count - 1 } } }
print("layer: \(layer.count) areas, \(vertices) vertices; read \(String(format: "%.3f", readTime)) s, projected \(String(format: "%.3f", projectTime)) s")

var index: AreaIndex!
var buildTimes: [Double] = []
for _ in 0..<3 { buildTimes.append(seconds { index = AreaIndex(areas: geometries, cellsPerEdge: cellsPerEdge) }) }
print("index build: best of 3 \(String(format: "%.3f", buildTimes.min()!)) s (grid \(index.gridSize.columns) x \(index.gridSize.rows))")

// Points: uniform over the layer's box (a hard case: many fall near boundaries in cities)
// and clustered around area interior points (like incidents).
var rng = SeededGenerator(seed: UInt64(option("--seed") ?? "") ?? 1)  // the same points every run
let box = index.bounds
let uniform = (0..<pointCount).map { _ in
    Point(x: Double.random(in: box.minX...box.maxX, using: &rng), y: Double.random(in: box.minY...box.maxY, using: &rng))
}
let centres = geometries.map(\.interiorPoint)
let clustered = (0..<pointCount).map { _ -> Point in
    let c = centres[Int.random(in: 0..<centres.count, using: &rng)]
    return Point(x: c.x + Double.random(in: -300...300, using: &rng), y: c.y + Double.random(in: -300...300, using: &rng))
}
// Real incident positions in the order police.uk publishes them (--points-from DIR of street
// CSVs), repeated to the requested count.
var suites = [("uniform", uniform), ("clustered", clustered)]
if let folder = option("--points-from") {
    var real: [Point] = []
    let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".csv") }.sorted()
    for file in files {
        let text = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            if f.count > 5, let lon = Double(f[4]), let lat = Double(f[5]) { real.append(Point(x: lon, y: lat)) }
        }
    }
    try CoordinateTransformation(from: "EPSG:4326", to: "EPSG:27700").transform(&real)
    guard !real.isEmpty else { fatalError("no points read from \(folder)") }
    var repeated: [Point] = []
    repeated.reserveCapacity(pointCount)
    while repeated.count < pointCount { repeated.append(contentsOf: real.prefix(pointCount - repeated.count)) }
    print("real points: \(real.count) from \(files.count) files, repeated to \(repeated.count)")
    suites.append(("real police.uk order", repeated))
}
for (name, points) in suites where !args.contains("--projection-only") {
    var found: [Int32] = []
    var times: [Double] = []
    var cpuTimes: [Double] = []
    for _ in 0..<repeats {
        let cpuBefore = processCPUSeconds()
        times.append(seconds { found = index.locate(points) })
        cpuTimes.append(processCPUSeconds() - cpuBefore)
    }
    let rate = Double(points.count) / times.min()! / 1e6
    let cpuRate = Double(points.count) / cpuTimes.min()! / 1e6
    let inside = found.filter { $0 >= 0 }.count
    print("point-in-polygon \(name): \(points.count) points, \(System.activeProcessorCount) cores, best \(String(format: "%.3f", times.min()!)) s = \(String(format: "%.1f", rate)) M points/s; CPU \(String(format: "%.3f", cpuTimes.min()!)) s = \(String(format: "%.1f", cpuRate)) M points per CPU-second (\(inside) inside)")
}

// Projection: WGS84 <-> BNG, native fast path and PROJ only, one core and all cores, on points
// spread over the layer. Best of `repeats` each.
if args.contains("--no-projection") { exit(0) }
var lonLat = clustered
try CoordinateTransformation(from: "EPSG:27700", to: "EPSG:4326").transform(&lonLat)

/// CPU time of the calling thread, seconds: on a shared machine, the per-core figure that
/// other processes' load does not inflate.
func threadCPUSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

/// Best of `repeats` runs of `transform` over a fresh copy of `input`, split over `workers`
/// threads, each with its own transformer: M points per wall-clock second, and for one worker
/// also per second of the thread's CPU time.
func bestRate(_ input: [Point], workers: Int, native: Bool, inverse: Bool) throws -> (wall: Double, cpu: Double?) {
    let transformers = try (0..<workers).map { _ in
        try CoordinateTransformer(from: "EPSG:4326", to: "EPSG:27700", allowingNativeFastPath: native)
    }
    guard transformers.allSatisfy({ $0.usesNativeFastPath == native }) else { fatalError("fast path not as asked") }
    nonisolated(unsafe) let owned = transformers
    var best = Double.infinity, bestCPU = Double.infinity
    for _ in 0..<repeats {
        var batch = input
        let n = batch.count
        if workers == 1 {
            let cpu = threadCPUSeconds()
            best = min(best, seconds { owned[0].transform(&batch, inverse: inverse) })
            bestCPU = min(bestCPU, threadCPUSeconds() - cpu)
            continue
        }
        best = min(best, seconds {
            batch.withUnsafeMutableBufferPointer { buffer in
                nonisolated(unsafe) let all = buffer
                DispatchQueue.concurrentPerform(iterations: workers) { w in
                    let slice = UnsafeMutableBufferPointer(rebasing: all[(n * w / workers)..<(n * (w + 1) / workers)])
                    owned[w].transform(slice, inverse: inverse)
                }
            }
        })
    }
    let count = Double(input.count)
    return (count / best / 1e6, workers == 1 ? count / bestCPU / 1e6 : nil)
}

let cores = System.activeProcessorCount
// Construction: PROJ's look-ups, plus the native path's checks against PROJ (best of 5).
for native in [true, false] {
    var best = Double.infinity
    for _ in 0..<5 {
        best = min(best, try seconds { _ = try CoordinateTransformer(from: "EPSG:4326", to: "EPSG:27700", allowingNativeFastPath: native) })
    }
    print("transformer construction, \(native ? "native path checked" : "PROJ only"): \(String(format: "%.1f", best * 1e3)) ms")
}
for (label, input, inverse) in [("4326->27700", lonLat, false), ("27700->4326", clustered, true)] {
    var line = "projection \(label):"
    for native in [true, false] {
        let one = try bestRate(input, workers: 1, native: native, inverse: inverse)
        let all = try bestRate(input, workers: cores, native: native, inverse: inverse)
        line += " \(native ? "native" : "PROJ only") 1 core \(String(format: "%.2f", one.wall)) M points/s"
            + " (\(String(format: "%.2f", one.cpu!)) per CPU-second), \(cores) cores \(String(format: "%.2f", all.wall)) M points/s;"
    }
    print(String(line.dropLast()))
}
