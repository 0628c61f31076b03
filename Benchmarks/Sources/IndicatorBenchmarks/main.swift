// Indicator benchmarks: compile the definitions, match N synthetic rows against every
// indicator (per-row look-up tables) while counting per area for a period and a baseline,
// then compute the per-area figures (rates, shares, ranks, exact tests, funnel limits,
// q-values) for every indicator over A areas in D districts.
// Usage: indicator-bench DEFINITIONS.json [--rows N] [--areas A] [--districts D] [--weights CSV]
import Dispatch
import Foundation
import NeighbourhoodAnalytics
import NeighbourhoodIncidents

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

let args = Array(CommandLine.arguments.dropFirst())
guard let definitionsPath = args.first else {
    print("usage: indicator-bench DEFINITIONS.json [--rows N] [--areas A] [--districts D]")
    exit(64)
}
@MainActor func option(_ name: String) -> String? {
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    return args[i + 1]
}
let rowCount = Int(option("--rows") ?? "") ?? 10_000_000
let areaCount = Int(option("--areas") ?? "") ?? 32_844
let districtCount = Int(option("--districts") ?? "") ?? 326

let crimeTypes = [
    "Anti-social behaviour", "Bicycle theft", "Burglary", "Criminal damage and arson", "Drugs", "Other crime",
    "Other theft", "Possession of weapons", "Public order", "Robbery", "Shoplifting", "Theft from the person",
    "Vehicle crime", "Violence and sexual offences",
]
// Offence codes: the serious-violence and neighbourhood-crime ones plus filler codes.
let offenceCodes = ["8N", "105A", "8L", "34A", "34B", "28E", "30C", "45", "39", "10D", "1", "5D", "58A", "46", "49"]
    + (1...100).map { "X\($0)" }
let knife = ["", "Y", "N"]
let harm = Dictionary(uniqueKeysWithValues: crimeTypes.dropFirst().enumerated().map { ($1, Double($0 + 1) * 10) })

let json = try [UInt8](Data(contentsOf: URL(fileURLWithPath: definitionsPath)))
let set = try IndicatorSet(json: json, source: definitionsPath)
var compiled: CompiledIndicatorSet!
let compileTime = try seconds {
    compiled = try set.compile(
        columns: ["crime_type": crimeTypes, "offence_code": offenceCodes, "knife_flag": knife],
        weightTables: ["css": harm])
}
let k = compiled.indicators.count
print("compile: \(k) indicators available, \(compiled.unavailable.count) not (\(compiled.unavailable.map(\.id).joined(separator: ", "))); columns \(compiled.columns); \(String(format: "%.2f", compileTime * 1000)) ms")

// Synthetic rows: value ids per column slot, an area, a period flag (xorshift, fixed seed).
struct XorShift {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }
}
var rng = XorShift()
@MainActor func next() -> UInt64 { rng.next() }
let slotSizes = compiled.columns.map { ["crime_type": crimeTypes.count, "offence_code": offenceCodes.count, "knife_flag": knife.count][$0]! }
let columnsCount = compiled.columns.count
var ids = [Int32](repeating: 0, count: rowCount * columnsCount)
var areaOf = [Int32](repeating: 0, count: rowCount)
var inBaseline = [Bool](repeating: false, count: rowCount)
for r in 0..<rowCount {
    for c in 0..<columnsCount { ids[r * columnsCount + c] = Int32(next() % UInt64(slotSizes[c])) }
    areaOf[r] = Int32(next() % UInt64(areaCount))
    inBaseline[r] = next() % 5 != 0  // baseline 12 months, period 3 months: about 4 : 1
}

// Matching: per indicator and area, count and weighted total, for both periods (flat arrays,
// index (area × 2 + period) × k + indicator). Two paths: the row-class table (one key per
// row, then one read per indicator) and the per-indicator tables.
func match(
    byClass: Bool, ids: [Int32], areaOf: [Int32], inBaseline: [Bool], compiled: CompiledIndicatorSet, areaCount: Int
) -> (counts: [Int32], weights: [Double], seconds: Double) {
    let k = compiled.indicators.count, columnsCount = compiled.columns.count, rowCount = areaOf.count
    var counts = [Int32](repeating: 0, count: areaCount * 2 * k)
    var weights = [Double](repeating: 0, count: areaCount * 2 * k)
    let t = seconds {
        ids.withUnsafeBufferPointer { all in
            compiled.classWeights.withUnsafeBufferPointer { table in
                for r in 0..<rowCount {
                    let row = UnsafeBufferPointer(rebasing: all[(r * columnsCount)..<((r + 1) * columnsCount)])
                    let cell = (Int(areaOf[r]) * 2 + (inBaseline[r] ? 1 : 0)) * k
                    if byClass {
                        let c = compiled.rowClass(row) * k
                        for i in 0..<k where table[c + i] >= 0 {
                            counts[cell + i] += 1
                            weights[cell + i] += table[c + i]
                        }
                    } else {
                        for i in 0..<k {
                            if let w = compiled.weight(i, valueIDs: row) {
                                counts[cell + i] += 1
                                weights[cell + i] += w
                            }
                        }
                    }
                }
            }
        }
    }
    return (counts, weights, t)
}
let perIndicator = match(byClass: false, ids: ids, areaOf: areaOf, inBaseline: inBaseline, compiled: compiled, areaCount: areaCount)
print("match, per-indicator tables: \(rowCount) rows x \(k) indicators in \(String(format: "%.3f", perIndicator.seconds)) s (\(String(format: "%.1f", Double(rowCount) / perIndicator.seconds / 1e6)) M rows/s)")
let byClass = match(byClass: true, ids: ids, areaOf: areaOf, inBaseline: inBaseline, compiled: compiled, areaCount: areaCount)
print("match, row-class table (\(compiled.rowClassCount ?? 0) classes): \(String(format: "%.3f", byClass.seconds)) s (\(String(format: "%.1f", Double(rowCount) / byClass.seconds / 1e6)) M rows/s)")
precondition(byClass.counts == perIndicator.counts, "the two matching paths disagree")
let flatCounts = byClass.counts, flatWeights = byClass.weights
let matched = (0..<k).map { i in stride(from: i, to: flatCounts.count, by: k).reduce(0) { $0 + Int(flatCounts[$1]) } }
print("matched per indicator: \(zip(compiled.indicators.map(\.definition.id), matched).map { "\($0)=\($1)" }.joined(separator: " "))")

// Per-area figures.
let areas = (0..<areaCount).map { "E01\(String(format: "%06d", $0))" }
var parent: [String: String] = [:]
var population: [String: Int] = [:]
for (i, a) in areas.enumerated() {
    parent[a] = "E08\(String(format: "%06d", i % districtCount))"
    population[a] = 1000 + Int(next() % 2000)
}
let frame = AreaFrame(areas: areas, parent: parent, population: population, forceId: "England")
let computation = try IndicatorComputation(frame: frame, options: .init(suppressBelow: nil))
let period = MonthRange(first: Month(year: 2018, month: 7)!, last: Month(year: 2018, month: 9)!)!
let baseline = MonthRange(first: Month(year: 2017, month: 7)!, last: Month(year: 2018, month: 6)!)!
var rowsOut = 0
let computeTime = try seconds {
    for (i, indicator) in compiled.indicators.enumerated() {
        var current: [String: AreaObservation] = [:], base: [String: AreaObservation] = [:]
        current.reserveCapacity(areaCount)
        base.reserveCapacity(areaCount)
        for (a, id) in areas.enumerated() {
            current[id] = AreaObservation(count: Int(flatCounts[a * 2 * k + i]), weighted: flatWeights[a * 2 * k + i])
            base[id] = AreaObservation(count: Int(flatCounts[(a * 2 + 1) * k + i]), weighted: flatWeights[(a * 2 + 1) * k + i])
        }
        let result = try computation.compute(IndicatorInput(
            indicatorId: indicator.definition.id, isWeighted: indicator.isWeighted,
            period: .init(months: period, byArea: current), baseline: .init(months: baseline, byArea: base)))
        rowsOut += result.rows.count
    }
}
print("compute: \(k) indicators x \(areaCount) areas + \(districtCount) districts + force = \(rowsOut) rows in \(String(format: "%.3f", computeTime)) s (\(String(format: "%.1f", computeTime / Double(k) * 1000)) ms per indicator)")

// Components of the per-area step, over the same number of areas.
let allCrime = compiled.index(of: "all_crime")!
var sink = 0.0
let ratioTime = try seconds {
    for a in 0..<areaCount {
        let r = try PoissonRateRatio(count: Int(flatCounts[a * 2 * k + allCrime]), exposure: 3,
                                     baselineCount: Int(flatCounts[(a * 2 + 1) * k + allCrime]), baselineExposure: 12)
        sink += r.pValue
    }
}
let funnelTime = try seconds {
    for a in 0..<areaCount { sink += try FunnelLimits(expected: Double(flatCounts[a * 2 * k + allCrime])).upper998 }
}
print("components (all_crime, ~\(matched[allCrime] / areaCount) rows per area over both periods): rate ratio + exact test + CI \(String(format: "%.1f", ratioTime * 1000)) ms, funnel limits \(String(format: "%.1f", funnelTime * 1000)) ms for \(areaCount) areas (checksum \(String(format: "%.3f", sink)))")
