import NeighbourhoodIncidents
import Testing

@testable import NeighbourhoodAnalytics

@Suite("Incident counts")
struct IncidentCountsTests {
    @Test("cells add up and sort by area, month, then type")
    func cellsSortAndTotal() throws {
        var counts = IncidentCounts()
        let july = try #require(Month(year: 2018, month: 7))
        let june = try #require(Month(year: 2018, month: 6))
        counts.add(.init(area: 2, month: july, crimeType: "Robbery"))
        counts.add(.init(area: 0, month: july, crimeType: "Burglary"), count: 3)
        counts.add(.init(area: 0, month: june, crimeType: "Robbery"))
        counts.add(.init(area: 0, month: july, crimeType: "Arson"))
        counts.add(.init(area: 2, month: july, crimeType: "Robbery"), count: 4)

        #expect(counts.total == 10)
        #expect(counts.cellCount == 4)
        let sorted = counts.sorted
        #expect(sorted.map(\.key.area) == [0, 0, 0, 2])
        #expect(sorted.map(\.key.crimeType) == ["Robbery", "Arson", "Burglary", "Robbery"])
        #expect(sorted.map(\.count) == [1, 1, 3, 5])
        #expect(counts.totalsByArea() == [0: 5, 2: 5])
    }

    @Test("a balanced tally accounts for every row")
    func tallyBalances() {
        var a = AssignmentTally()
        a.rowsRead = 5; a.assigned = 3; a.outside = 1; a.noLocation = 1
        var b = AssignmentTally()
        b.rowsRead = 2; b.rejected = 1; b.assigned = 1; b.rejectReasons["not_a_number"] = 1
        a.add(b)
        #expect(a.isBalanced)
        #expect(a.rowsRead == 7 && a.rejected == 1 && a.rejectReasons == ["not_a_number": 1])
        a.rowsRead += 1
        #expect(!a.isBalanced)
    }
}
