import Foundation
import NeighbourhoodIncidents
import Testing

@testable import NeighbourhoodFormats

/// The side tables of `nbhd indicators`: area-level counts with NHS small-number suppression,
/// populations and category weights. Fixture files live in
/// `Tests/NeighbourhoodAnalyticsTests/Fixtures/indicators/`.
@Suite("Indicator side tables")
struct IndicatorTableTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func fixture(_ name: String) -> String {
        root.appendingPathComponent("Tests/NeighbourhoodAnalyticsTests/Fixtures/indicators/\(name)").path
    }

    func month(_ s: String) -> Month { Month(parsing: s)! }

    @Test("admissions table: counts, suppression markers kept as suppressed, periods as ranges")
    func admissions() throws {
        let t = try AreaCountTable(path: Self.fixture("sharp-object-admissions.csv"))
        #expect(t.entries.count == 9)
        #expect(t.entries[0].value == .count(12))
        #expect(t.entries[0].period == MonthRange(first: month("2018-04"), last: month("2019-03")))
        #expect(t.entries[1].value == .suppressed(marker: "*", upperBound: nil))
        #expect(t.entries[2].value == .suppressed(marker: "<5", upperBound: 4))
        #expect(t.entries[3].value == .suppressed(marker: "", upperBound: nil))
        #expect(t.entries[4].value == .count(1203))
        #expect(t.entries[5].value == .suppressed(marker: "c", upperBound: nil))
        #expect(t.entries[6].period.count == 12)  // "2017-04 to 2018-03"
        #expect(t.entries[7].value == .suppressed(marker: "..", upperBound: nil) && t.entries[7].line == 9)

        let year = MonthRange(first: month("2018-04"), last: month("2019-03"))!
        let totals = t.totals(over: year)
        #expect(totals.known == ["E02002330": 12, "E02002331": 0, "E02002332": 0, "E02002333": 0])
        #expect(totals.suppressedCells == ["E02002331": 1, "E02002332": 1, "E02002333": 2])
        #expect(totals.straddling.map(\.line) == [10])  // 2018-03..2018-05 crosses the start
        #expect(totals.monthsWithoutData.isEmpty)
        let baseline = t.totals(over: MonthRange(first: month("2017-04"), last: month("2018-03"))!)
        #expect(baseline.known["E02002330"] == 1203 && baseline.known["E02002332"] == 7)
        let later = t.totals(over: MonthRange(first: month("2019-04"), last: month("2019-05"))!)
        #expect(later.monthsWithoutData == [month("2019-04"), month("2019-05")])
    }

    @Test("admissions table errors name file, line and reason")
    func admissionsErrors() throws {
        do {
            _ = try AreaCountTable(path: Self.fixture("sharp-object-admissions-bad.csv"))
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 3 && error.file.hasSuffix("sharp-object-admissions-bad.csv"))
            #expect(error.detail.contains("period 'April 2018 to March'"))
        }
        let negative = try temporaryFile("area_id,period,count\nA,2018-07,-3\n")
        #expect(throws: FormatError.self) { try AreaCountTable(path: negative) }
        let twice = try temporaryFile("area_id,period,count\nA,2018-07,3\nA,2018-07,4\n")
        do { _ = try AreaCountTable(path: twice); Issue.record("expected an error") } catch {
            #expect(error.line == 3 && error.detail.contains("first on line 2"))
        }
        let noColumn = try temporaryFile("area,period,count\nA,2018-07,3\n")
        do { _ = try AreaCountTable(path: noColumn); Issue.record("expected an error") } catch {
            #expect(error.code == .missingColumn && error.detail.contains("area_id"))
        }
    }

    @Test("population table: any id and population column, thousands separators, quoted header")
    func population() throws {
        let t = try PopulationTable(path: Self.fixture("population-small.csv"), idColumn: "msoa code", populationColumn: "Persons")
        #expect(t.populations == ["E02002330": 7950, "E02002331": 6012, "E02002332": 5500])
        let census = try PopulationTable(path: Self.root.appendingPathComponent("geodata/census-2011-lsoa-population.csv").path)
        #expect(census.populations.count == 1388)
        #expect(census.populations.values.reduce(0, +) == 2_226_058)  // geodata/README.md
        #expect(census.populations["E01010568"] == 1782)
        let bad = try temporaryFile("lsoa11cd,population\nX,12.5\n")
        #expect(throws: FormatError.self) { try PopulationTable(path: bad) }
    }

    @Test("category weight table: the shipped harm table and a user's table")
    func weights() throws {
        let css = try CategoryWeightTable(path: Self.root.appendingPathComponent("geodata/crime-severity-weights-by-category.csv").path)
        #expect(css.weights.count == 13)
        #expect(css.weights["Robbery"] == 799.62887)
        #expect(css.weights["Anti-social behaviour"] == nil)
        let chi = try temporaryFile("crime_type,days\nRobbery,365\n\"Theft, other\",\"1,000\"\n")
        let user = try CategoryWeightTable(path: chi, keyColumn: "crime_type", weightColumn: "days")
        #expect(user.weights == ["Robbery": 365, "Theft, other": 1000])
        let dup = try temporaryFile("category,weight\nRobbery,1\nrobbery,2\n")
        #expect(throws: FormatError.self) { try CategoryWeightTable(path: dup) }
    }

    @Test("month ranges parse in the accepted forms and count their months", arguments: [
        ("2018-07", 1), ("2018-04..2019-03", 12), ("2018-04 to 2019-03", 12), ("2018-04/2019-03", 12),
        ("02/2025", 1), ("Jan-18..Mar-18", 3),
    ])
    func monthRanges(text: String, months: Int) throws {
        let r = try #require(MonthRange(parsing: text))
        #expect(r.count == months)
    }

    @Test("backwards or malformed month ranges are rejected")
    func badMonthRanges() {
        #expect(MonthRange(parsing: "2019-03..2018-04") == nil)
        #expect(MonthRange(parsing: "2018-04..soon") == nil)
        #expect(MonthRange(parsing: "") == nil)
    }
}
