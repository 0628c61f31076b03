import Foundation
import Neighbourhood
import Testing

/// Hostile incident files through the whole assignment: rows in mixed encodings, a file cut
/// off mid-row and a line longer than the reader's limit are each rejected with a reason,
/// and the totals still add up.
@Suite struct HostileIncidentFileTests {
    static let header = "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context"

    static func row(_ id: String, location: [UInt8] = Array("On or near X".utf8), type: [UInt8] = Array("Burglary".utf8)) -> [UInt8] {
        Array("\(id),2018-07,WYP,WYP,-1.5,53.8,".utf8) + location + Array(",BOX,Box,".utf8) + type + Array(",,".utf8)
    }

    @Test func mixedEncodingsAndATruncatedLastRowAreRejectedAndCounted() throws {
        let lines: [[UInt8]] = [
            Array(Self.header.utf8),
            Self.row("a", location: Array("On or near Café".utf8)),  // 2: UTF-8, assigned
            Self.row("b", location: Array("On or near Caf".utf8) + [0xE9]),  // 3: Latin-1 é
            Self.row("c", type: Array("Burglary ".utf8) + [0x80]),  // 4: Windows-1252 €
            Self.row("d"),  // 5: assigned
            Array("e,2018-07,WY".utf8),  // 6: the file ends mid-row
        ]
        let folder = try temporaryFolder()
        let path = folder + "/mixed.csv"
        try Data(Array(lines.joined(separator: [0x0A]))).write(to: URL(fileURLWithPath: path))
        let (result, out) = try runAssignment(files: [path], layer: try MalformedInputTests.layer.get())
        #expect(result.total.rowsRead == 5)
        #expect(result.total.assigned == 2 && result.total.rejected == 3)
        #expect(result.total.isBalanced)
        let rejects = String(decoding: try Data(contentsOf: URL(fileURLWithPath: out + "/rejects.csv")), as: UTF8.self)
            .split(separator: "\n").map(String.init)
        #expect(rejects.map { $0.split(separator: ",", maxSplits: 2).dropFirst().joined(separator: ",") } == [
            "line,reason,raw",
            "3,Location is not valid UTF-8 (byte 0xE9): the file mixes text encodings; save it as UTF-8,\"b,2018-07,WYP,WYP,-1.5,53.8,On or near Caf\u{FFFD},BOX,Box,Burglary,,\"",
            "4,Crime type is not valid UTF-8 (byte 0x80): the file mixes text encodings; save it as UTF-8,\"c,2018-07,WYP,WYP,-1.5,53.8,On or near X,BOX,Box,Burglary \u{FFFD},,\"",
            "6,row has 3 fields; the header has 12,\"e,2018-07,WY\"",
        ])
        // The raw bytes are kept as they were in the input, for the user to find.
        let raw = try Array(Data(contentsOf: URL(fileURLWithPath: out + "/rejects.csv")))
        #expect(raw.contains(0xE9) && raw.contains(0x80))
    }

    /// A single line over the 64 MiB limit is skipped without being held, rejected with its
    /// line number, and the rows after it are read. (The 1 GB case is measured in
    /// BENCHMARKS.md, "Hostile input: memory".)
    @Test func lineOverTheLimitIsSkippedAndRejected() throws {
        let folder = try temporaryFolder()
        let path = folder + "/long.csv"
        var bytes = Array((Self.header + "\n").utf8) + Self.row("a") + [0x0A]
        bytes += [UInt8](repeating: 0x78, count: CSVBlockReader.defaultMaxLineBytes + 1_000) + [0x0A]
        bytes += Self.row("b") + [0x0A]
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let (result, out) = try runAssignment(files: [path], layer: try MalformedInputTests.layer.get())
        #expect(result.total.rowsRead == 3 && result.total.assigned == 2 && result.total.rejected == 1)
        #expect(result.total.isBalanced)
        let rejects = try readText(out + "/rejects.csv").split(separator: "\n").map(String.init)
        #expect(rejects.count == 2)
        #expect(rejects[1] == "\(path),3,line is longer than 67108864 bytes; skipped,\"\(String(repeating: "x", count: 200))\"")
        #expect(try readText(out + "/incidents.csv").contains("\n\(path),4,b,2018-07,Burglary,"))
    }

    /// A file that is one long line (a 1 GB single line, here just over the limit) has no
    /// header to read: it stops with a message instead of reading its first bytes as one.
    @Test func singleLineOverTheLimitIsNotAHeader() throws {
        let folder = try temporaryFolder()
        let path = folder + "/one-line.csv"
        try Data([UInt8](repeating: 0x78, count: CSVBlockReader.defaultMaxLineBytes + 1)).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: FormatError.self) {
            try runAssignment(files: [path], layer: try MalformedInputTests.layer.get())
        }
        #expect(error?.description == "\(path): line 1: the header line is longer than 67108864 bytes: is this a CSV file?")
    }
}
