import NeighbourhoodIncidents
import Testing
@testable import NeighbourhoodFormats

let policeHeader = [
    "Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location", "LSOA code",
    "LSOA name", "Crime type", "Last outcome category", "Context",
]

/// Parses one police.uk-layout data line.
func parseRow(_ line: String, header: [String] = policeHeader, columns: IncidentColumns = IncidentColumns()) throws -> ParsedRow {
    let schema = try IncidentSchema(header: header, columns: columns, file: "t.csv")
    let parser = IncidentRowParser(schema: schema)
    var row: ParsedRow?
    var scanner = CSVScanner()
    let bytes = Array(line.utf8)
    bytes.withUnsafeBufferPointer { buffer in
        scanner.scan(buffer) { _, fields, _ in row = parser.parse(fields, in: buffer) }
    }
    return row!
}

func police(_ lon: String, _ lat: String, month: String = "2018-07", type: String = "Burglary") -> String {
    "abc,\(month),WYP,WYP,\(lon),\(lat),On or near X,E01011698,Leeds 001A,\(type),Under investigation,"
}

@Suite struct IncidentRowTests {
    @Test func locatedRow() throws {
        let row = try parseRow(police("-1.409547", "53.598298"))
        #expect(row.status == .located)
        #expect(row.x == -1.409547 && row.y == 53.598298)
        #expect(row.month?.description == "2018-07")
    }

    @Test func noLocationRow() throws {
        #expect(try parseRow(police("", "")).status == .noLocation)
        #expect(try parseRow(police(" ", "\"\"")).status == .noLocation)
    }

    @Test(arguments: [
        (police("abc", "53.5"), "Longitude 'abc' is not a number"),
        (police("-1.5", "95.2"), "Latitude '95.2' is out of range (-90 to 90)"),
        (police("200", "53.5"), "Longitude '200' is out of range (-180 to 180)"),
        (police("NaN", "53.5"), "Longitude 'NaN' is not a finite number"),
        (police("", "53.5"), "Longitude is empty but Latitude is '53.5'"),
        (police("-1.5", ""), "Latitude is empty but Longitude is '-1.5'"),
        (police("-1.5", "53.5", month: "Foo-25"), "Month 'Foo-25' is not a month (expected e.g. 2018-07, Jul-18 or 07/2018)"),
        ("abc,2018-07,WYP,WYP,-1.5,53.5,On or near X, with comma,E01011698,Leeds 001A,Burglary,x,",
         "row has 13 fields; the header has 12"),
        ("abc,2018-07", "row has 2 fields; the header has 12"),
    ])
    func rejectedRowsSayWhy(line: String, reason: String) throws {
        let row = try parseRow(line)
        #expect(row.status == .rejected)
        #expect(row.problem?.description == reason)
    }

    @Test func spreadsheetMonthAndTrimmedCoordinates() throws {
        let row = try parseRow(police("-1.39", "53.9", month: "Feb-25"))
        #expect(row.status == .located && row.month?.description == "2025-02" && row.x == -1.39)
    }

    @Test func namedColumnsAndProjectedCoordinates() throws {
        let header = ["ref", "E", "N", "offence", "when"]
        let columns = IncidentColumns(x: "E", y: "N", crs: "EPSG:27700", type: "offence", month: "when")
        let row = try parseRow("7,430000.5,433000,Robbery,02/2025", header: header, columns: columns)
        #expect(row.status == .located && row.x == 430_000.5 && row.y == 433_000)
        #expect(row.month?.description == "2025-02")
        // Grid coordinates are not range-checked as degrees.
        #expect(try parseRow("7,-5,9999999,Robbery,02/2025", header: header, columns: columns).status == .located)
    }

    @Test func missingNamedColumnListsTheHeader() {
        let error = #expect(throws: FormatError.self) {
            try IncidentSchema(header: ["a", "b"], columns: IncidentColumns(longitude: "lon", latitude: "b"), file: "f.csv")
        }
        #expect(error?.description == "f.csv: line 1: no column named 'lon' (given by --lon-column); columns are: a, b")
    }

    @Test func noCoordinateColumnsAtAll() {
        let error = #expect(throws: FormatError.self) {
            try IncidentSchema(header: ["a", "b"], columns: IncidentColumns(), file: "f.csv")
        }
        #expect(error?.code == .missingColumn)
    }

    @Test func xyNeedACRS() {
        let error = #expect(throws: FormatError.self) {
            try IncidentSchema(header: ["x", "y"], columns: IncidentColumns(x: "x", y: "y"), file: "f.csv")
        }
        #expect(error?.description == "f.csv: --x-column/--y-column need --crs (e.g. --crs EPSG:27700)")
    }

    @Test func eastingNorthingDefaultToBritishNationalGrid() throws {
        let schema = try IncidentSchema(header: ["id", "Easting", "Northing"], columns: IncidentColumns(), file: "f.csv")
        #expect(schema.crs == "EPSG:27700" && !schema.isGeographic && schema.xColumn == 1)
    }
}
