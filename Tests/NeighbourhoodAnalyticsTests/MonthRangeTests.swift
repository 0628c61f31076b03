import NeighbourhoodIncidents
import Testing

@Suite("Month ranges")
struct MonthRangeTests {
    @Test(arguments: [
        ("2018-01..2018-06", "2018-01..2018-06", 6),
        ("2018-01...2018-06", "2018-01..2018-06", 6),
        (" 2018-07 ", "2018-07", 1),
        ("Nov-17..Feb-18", "2017-11..2018-02", 4),
        ("2018-07..2018-07", "2018-07", 1),
    ])
    func parses(text: String, written: String, months: Int) throws {
        let range = try #require(MonthRange(parsing: text))
        #expect(range.description == written)
        #expect(range.count == months)
        #expect(range.months.count == months)
        #expect(range.months.first == range.first && range.months.last == range.last)
    }

    @Test(arguments: ["2018-06..2018-01", "2018-13", "", "2018-01..", "..2018-01", "July"])
    func refuses(text: String) {
        #expect(MonthRange(parsing: text) == nil)
    }

    @Test func containment() throws {
        let range = try #require(MonthRange(parsing: "2017-12..2018-02"))
        let inside = try #require(Month(year: 2018, month: 1))
        let after = try #require(Month(year: 2018, month: 3))
        #expect(range.contains(inside) && !range.contains(after))
        #expect(range.contains(ordinal: inside.ordinal) && !range.contains(ordinal: after.ordinal))
    }
}
