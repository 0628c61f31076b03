// Violence hotspots in West Yorkshire, July 2018, and the neighbourhood indicators behind
// them, with the library API (the same steps as `nbhd hotspots` and `nbhd indicators`).
// Run from the repository root: swift run -c release PatrolHotspots
import Neighbourhood

let layer = try GeoJSONLayerReader.read(
    path: "geodata/wy-lsoa-2011.geojson",
    fields: LayerFields(id: "LSOA11CD", name: "LSOA11NM", parent: "LAD11CD"))
let assigner = try AreaAssigner(layer: layer)
let files = ["2017-07", "2018-07"].map { "geodata/crime/\($0)-west-yorkshire-street.csv.gz" }

// Read every row once into a table (coordinates in metres, area, month, type).
let job = AssignmentJob(
    assigner: assigner, options: AssignmentOptions(writeIncidents: false, collection: IncidentCollection()))
let table = try job.run(files: files).table!

// Hotspots: 250 m cells, 400 m quartic kernel, Gi* with FDR bins.
let july2018 = MonthRange(parsing: "2018-07")!
let rows = table.rows(passing: IncidentFilter(crimeTypes: ["Violence and sexual offences"], months: july2018))
let points = rows.map { table.point(at: $0)! }
let run = try HotspotAnalysis(parameters: .init(cellSize: 250, radius: 400)).run(
    points: points, weights: nil, assigner: assigner)
print("\(points.count) incidents; \(run.cells.giBin!.filter { $0 == 3 }.count) cells hot at 99 % after FDR")
for hotspot in run.cells.top(5, by: .giZ, rows: rows, table: table) {
    let area = run.cells.area[hotspot.cell]
    let name = area >= 0 ? layer.areas[Int(area)].name : "outside"
    print("  #\(hotspot.rank) \(name): \(run.cells.count[hotspot.cell]) incidents, Gi* z = \(hotspot.value)")
}

// Indicators: July 2018 against July 2017 per neighbourhood, district and force.
let definitions = try IndicatorDefinitions(path: "geodata/indicators.json")
let population = try PopulationTable(path: "geodata/census-2011-lsoa-population.csv")
var parents: [String: String] = [:]
for (i, area) in layer.areas.enumerated() { parents[area.id] = assigner.parentIDs[i] }
let frame = AreaFrame(
    areas: layer.areas.map(\.id), parent: parents, population: population.populations, forceId: "West Yorkshire")
let indicators = try IndicatorRun(
    definitions: definitions, period: july2018, baseline: MonthRange(parsing: "2017-07")
).compute(table: table, frame: frame)
for result in indicators.results {
    guard let force = result.rows.first(where: { $0.level == .force }) else { continue }
    print("\(result.indicatorId): \(force.count.number.map { Int($0) } ?? 0), rate ratio \(force.rateRatio.number ?? .nan)")
}
