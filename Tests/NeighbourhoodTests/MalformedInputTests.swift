import Foundation
import Neighbourhood
import Testing

/// Every malformed input row is rejected with its line and reason, and nothing is lost or
/// counted twice.
@Suite struct MalformedInputTests {
    static let layer = Result { () throws -> BoundaryLayer in
        let ring = [Point(-1.6, 53.7), Point(-1.4, 53.7), Point(-1.4, 53.9), Point(-1.6, 53.9), Point(-1.6, 53.7)]
        return try BoundaryLayer(
            source: "box", crs: "EPSG:4326",
            areas: [Area(id: "BOX", parentID: "P", geometry: MultiPolygon(try Polygon(exterior: ring)))])
    }

    @Test func everyKindOfBadRowIsAccountedFor() throws {
        let header = "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context"
        func row(_ id: String, _ month: String, _ lon: String, _ lat: String, _ type: String = "Burglary") -> String {
            "\(id),\(month),WYP,WYP,\(lon),\(lat),On or near X,BOX,Box,\(type),,"
        }
        let rows = [
            row("a", "2018-07", "-1.5", "53.8"),  // 2 assigned
            row("b", "Jul-18", "-1.5", "53.8", "Robbery"),  // 3 assigned, spreadsheet month
            row("", "2018-07", "", ""),  // 4 no location
            row("c", "2018-07", "abc", "53.8"),  // 5 not a number
            row("d", "2018-07", "-1.5", "95"),  // 6 out of range
            row("e", "2018-07", "", "53.8"),  // 7 half location
            row("f", "Foo-25", "-1.5", "53.8"),  // 8 bad month
            "g,2018-07,WYP,WYP,-1.5,53.8,On or near A, B,BOX,Box,Burglary,,",  // 9 extra field
            row("h", "2018-07", "-3.0", "53.8"),  // 10 outside
            row("j", "2018-07", "inf", "53.8"),  // 11 not finite
            "\"k\",\"2018-07\",WYP,WYP,\"-1.5\",\"53.8\",\"On or near \"\"Q\"\", with comma\nand newline\",BOX,Box,Burglary,,",  // 12-13 quoted
            row("l", "02/2018", "-1.45", "53.85"),  // 14 assigned
            // 15: a quote that never closes (a stray quote mid-file would instead run to the
            // next quote, as in every CSV reader).
            "\"i,2018-07,WYP,WYP,-1.5,53.8,broken quote,BOX,Box,Burglary,,",
        ]
        let folder = try temporaryFolder()
        let path = folder + "/bad.csv"
        // CRLF line ends, a byte-order mark, and no newline at the end.
        try Data(([0xEF, 0xBB, 0xBF] as [UInt8]) + Array(([header] + rows).joined(separator: "\r\n").utf8)).write(to: URL(fileURLWithPath: path))
        let (result, out) = try runAssignment(files: [path], layer: try Self.layer.get())
        let t = result.total
        #expect(t.rowsRead == 13)
        #expect(t.assigned == 4)
        #expect(t.outside == 1)
        #expect(t.noLocation == 1)
        #expect(t.rejected == 7)
        #expect(t.isBalanced)
        #expect(result.counts.total == 4)
        let rejects = try readText(out + "/rejects.csv").split(separator: "\n").map(String.init)
        let expected = [
            "file,line,reason,raw",
            "\(path),5,Longitude 'abc' is not a number,\"c,2018-07,WYP,WYP,abc,53.8,On or near X,BOX,Box,Burglary,,\"",
            "\(path),6,Latitude '95' is out of range (-90 to 90),\"d,2018-07,WYP,WYP,-1.5,95,On or near X,BOX,Box,Burglary,,\"",
            "\(path),7,Longitude is empty but Latitude is '53.8',\"e,2018-07,WYP,WYP,,53.8,On or near X,BOX,Box,Burglary,,\"",
            "\(path),8,\"Month 'Foo-25' is not a month (expected e.g. 2018-07, Jul-18 or 07/2018)\",\"f,Foo-25,WYP,WYP,-1.5,53.8,On or near X,BOX,Box,Burglary,,\"",
            "\(path),9,row has 13 fields; the header has 12,\"g,2018-07,WYP,WYP,-1.5,53.8,On or near A, B,BOX,Box,Burglary,,\"",
            "\(path),11,Longitude 'inf' is not a finite number,\"j,2018-07,WYP,WYP,inf,53.8,On or near X,BOX,Box,Burglary,,\"",
            "\(path),15,a quoted field opened on this line is never closed,\"\"\"i,2018-07,WYP,WYP,-1.5,53.8,broken quote,BOX,Box,Burglary,,\"",
        ]
        #expect(rejects == expected)
        let incidents = try readText(out + "/incidents.csv").split(separator: "\n").map(String.init)
        #expect(incidents.count == 14)
        #expect(incidents[1].hasPrefix("\(path),2,a,2018-07,Burglary,4"))
        #expect(incidents[1].hasSuffix(",BOX,P,assigned"))
        #expect(incidents[2].contains(",3,b,2018-07,Robbery,"))
        #expect(incidents[3] == "\(path),4,,2018-07,Burglary,,,,,no_location")
        #expect(incidents[11].contains(",12,k,2018-07,Burglary,") && incidents[11].hasSuffix("assigned"))
        #expect(incidents[12].contains(",14,l,2018-02,Burglary,"))
        #expect(incidents[13] == "\(path),15,,,,,,,,rejected")
        let counts = try readText(out + "/counts.csv")
        #expect(counts == "area_id,area_name,parent_id,month,crime_type,count\nBOX,BOX,P,2018-02,Burglary,1\nBOX,BOX,P,2018-07,Burglary,2\nBOX,BOX,P,2018-07,Robbery,1\n")
    }

    @Test func emptyAndHeaderOnlyFiles() throws {
        let folder = try temporaryFolder()
        try write("", to: folder + "/empty.csv")
        let error = #expect(throws: FormatError.self) {
            try runAssignment(files: [folder + "/empty.csv"], layer: try Self.layer.get())
        }
        #expect(error?.description == "\(folder)/empty.csv: file is empty: expected a header line")
        try write("Longitude,Latitude\n", to: folder + "/header.csv")
        let (result, _) = try runAssignment(files: [folder + "/header.csv"], layer: try Self.layer.get())
        #expect(result.total.rowsRead == 0 && result.total.isBalanced)
    }

    @Test func customColumnsInBritishNationalGrid() throws {
        let folder = try temporaryFolder()
        try write("ref,E,N,offence\n1,430000,433000,Robbery\n2,,,Robbery\n3,1,1,Theft\n", to: folder + "/bng.csv")
        let (result, out) = try runAssignment(
            files: [folder + "/bng.csv"], layer: try Self.layer.get(),
            columns: IncidentColumns(x: "E", y: "N", crs: "EPSG:27700", type: "offence", id: "ref"))
        #expect(result.total.assigned == 1 && result.total.noLocation == 1 && result.total.outside == 1)
        #expect(try readText(out + "/incidents.csv").contains("\n\(folder)/bng.csv,2,1,,Robbery,430000.00,433000.00,BOX,P,assigned\n"))
    }
}
