import Foundation
import NeighbourhoodFormats
import Testing

/// A minimal ESRI ASCII grid reader written from the format's description (six `key value`
/// header lines, then rows north to south), independent of the writer.
private func parse(_ text: String) -> (header: [String: String], rows: [[String]]) {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var header: [String: String] = [:]
    for line in lines.prefix(6) {
        let parts = line.split(separator: " ")
        header[String(parts[0]).lowercased()] = String(parts[1])
    }
    let rows = lines.dropFirst(6).filter { !$0.isEmpty }.map { $0.split(separator: " ").map(String.init) }
    return (header, rows)
}

@Suite("ESRI ASCII grid")
struct ESRIASCIIGridTests {
    @Test("writes header and rows north to south; masked and non-finite cells as NODATA")
    func writesAndParsesBack() throws {
        // 3 columns x 2 rows, row-major from the south: south row 0.5, 1.25e-7, NaN; north row 10, 20, 30.
        let values = [0.5, 1.25e-7, .nan, 10, 20, 30.000000000000004]
        let hasData = [true, true, true, true, false, true]
        let path = NSTemporaryDirectory() + "nbhd-test-\(UUID().uuidString).asc"
        try ESRIASCIIGrid.write(
            path: path, columns: 3, rows: 2, xllCorner: 400_000, yllCorner: 410_000.5, cellSize: 100,
            values: values, hasData: hasData)
        let (header, rows) = parse(try String(contentsOfFile: path, encoding: .utf8))
        #expect(header == [
            "ncols": "3", "nrows": "2", "xllcorner": "400000", "yllcorner": "410000.5", "cellsize": "100",
            "nodata_value": "-9999",
        ])
        #expect(rows.count == 2 && rows.allSatisfy { $0.count == 3 })
        let north = rows[0].map { Double($0)! }
        let south = rows[1].map { Double($0)! }
        #expect(north == [10, -9999, 30.000000000000004])  // masked cell; value read back exactly
        #expect(south == [0.5, 1.25e-7, -9999])  // NaN never written
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.lowercased().contains("nan") && !text.lowercased().contains("inf"))
    }

    @Test("sizes that do not agree and bad headers are refused")
    func refusesBadInput() {
        #expect(throws: FormatError.self) {
            try ESRIASCIIGrid.encode(columns: 2, rows: 2, xllCorner: 0, yllCorner: 0, cellSize: 1, values: [1, 2, 3])
        }
        #expect(throws: FormatError.self) {
            try ESRIASCIIGrid.encode(columns: 1, rows: 1, xllCorner: .nan, yllCorner: 0, cellSize: 1, values: [1])
        }
        #expect(throws: FormatError.self) {
            try ESRIASCIIGrid.encode(
                columns: 1, rows: 1, xllCorner: 0, yllCorner: 0, cellSize: 1, values: [1], hasData: [true, false])
        }
        #expect(throws: FormatError.self) {
            try ESRIASCIIGrid.write(
                path: "/nonexistent-dir/x.asc", columns: 1, rows: 1, xllCorner: 0, yllCorner: 0, cellSize: 1,
                values: [1])
        }
    }

    @Test("the .prj is written verbatim")
    func writesProjection() throws {
        let path = NSTemporaryDirectory() + "nbhd-test-\(UUID().uuidString).prj"
        try ESRIASCIIGrid.writeProjection("PROJCS[\"British_National_Grid\"]", path: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "PROJCS[\"British_National_Grid\"]")
    }
}
