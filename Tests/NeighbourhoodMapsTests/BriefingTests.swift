import Foundation
import Neighbourhood
import Testing

/// The library side of `nbhd report`: a briefing built through a custom ``IncidentSource``
/// (as a store-backed source would be), with its figures counted again from the rows.
@Suite struct BriefingTests {
    /// A source that wraps the CSV source and counts how often it is asked, standing in for
    /// any other implementation (e.g. the store).
    struct CountingSource: IncidentSource {
        let inner: CSVIncidentSource
        let calls = Counter()
        var inputs: [String] { inner.inputs }
        func load(assigner: AreaAssigner, extraColumns: [String]) throws -> LoadedIncidents {
            calls.increment()
            return try inner.load(assigner: assigner, extraColumns: extraColumns)
        }
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var n = 0
        func increment() { lock.lock(); n += 1; lock.unlock() }
        var value: Int { lock.lock(); defer { lock.unlock() }; return n }
    }

    @Test func districtBriefingFromAnotherSourceAgreesWithItsRows() throws {
        let source = CountingSource(inner: CSVIncidentSource(files: [repositoryPath("geodata/crime/2018-07-west-yorkshire-street.csv.gz")]))
        let period = MonthRange(parsing: "2018-07")!
        let population = try PopulationTable(path: repositoryPath("geodata/census-2011-lsoa-population.csv"))
        var request = BriefingRequest(
            assigner: westYorkshire, source: source,
            definitions: try IndicatorDefinitions(path: repositoryPath("geodata/indicators.json")),
            population: population.populations, period: period, baseline: nil)
        request.scope = .district("E08000033")
        request.forceName = "West Yorkshire"
        let briefing = try request.build()
        #expect(source.calls.value == 1)
        #expect(briefing.areaPositions.count == 128)

        // Count all crime in Calderdale from the rows themselves.
        let table = briefing.table
        let members = Set(briefing.areaPositions.map(Int32.init))
        let month = Int32(period.first.ordinal)
        var allCrime = 0
        var located = 0
        for row in 0..<table.count where table.month[row] == month && members.contains(table.area[row]) && !table.isDuplicate[row] {
            located += 1
            let type = table.crimeType.value(at: row)
            if !type.isEmpty, type != "Anti-social behaviour" { allCrime += 1 }
        }
        let result = briefing.indicators!.results.first { $0.indicatorId == "all_crime" }!
        #expect(briefing.headline(result)?.count.number == Double(allCrime))
        #expect(briefing.hotspotIncidents == located)
        #expect(briefing.neighbourhoodCounts.reduce(0, +) == Double(located))

        // PAI of the top cell: its share of incidents over its share of the study-area cells.
        let cells = briefing.hotspots!.cells
        let inside = briefing.hotspots!.studyGrid.insideCells
        let total = inside.reduce(0) { $0 + cells.count[$1] }
        let top = briefing.patrol[0]
        let pai = (Double(cells.count[top.cell]) / Double(total)) / (1 / Double(inside.count))
        #expect(abs(briefing.cumulativePAI[0] - pai) < 1e-9 * pai)
        #expect(briefing.patrol.map(\.value) == briefing.patrol.map(\.value).sorted(by: >))

        let html = try briefing.html()
        #expect(html.contains("<h1>Crime briefing: District E08000033, 2018-07</h1>"))
        #expect(html.components(separatedBy: "<svg").count - 1 == 1 + briefing.indicators!.results.count)
    }
}
