import Foundation
import Testing
@testable import Neighbourhood

/// Which columns of a file `nbhd import` keeps as extra columns.
@Suite struct ImportColumnsTests {
    func extra(_ header: String, _ options: IncidentColumns = IncidentColumns()) throws -> [String] {
        let path = try temporaryFolder() + "/f.csv"
        try (header + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return try IncidentImport.columns(of: path, options: options).extra
    }

    @Test func policeUKFilesHaveNoExtraColumns() throws {
        let header = "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context"
        #expect(try extra(header) == [])
        #expect(try extra("\u{FEFF}" + header) == [])
    }

    @Test func everyOtherColumnIsKeptOnceButThoseReadInTheirOwnWay() throws {
        // Coordinates, month, type and id named by options are read as such; a column named
        // like one of them, or repeating a name, is never found by a reader of the file.
        let header = "URN,date,offence_code,E,N,Offence,Knife Flag,knife flag ,DATE,Crime ID,weight"
        let options = IncidentColumns(x: "E", y: "N", crs: "EPSG:27700", type: "Offence", month: "date", id: "URN")
        #expect(try extra(header, options) == ["offence_code", "Knife Flag", "weight"])
    }
}
