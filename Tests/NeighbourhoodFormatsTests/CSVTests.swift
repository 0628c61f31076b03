import Foundation
import Testing
@testable import NeighbourhoodFormats

/// Scans `text` and returns (line, fields as strings, unterminated) per record.
func records(_ text: String) -> [(line: Int, fields: [String], unterminated: Bool)] {
    var result: [(Int, [String], Bool)] = []
    var scanner = CSVScanner()
    let bytes = Array(text.utf8)
    bytes.withUnsafeBufferPointer { buffer in
        scanner.scan(buffer) { record, fields, before in
            result.append((1 + before, fields.map { $0.string(in: buffer) }, record.isUnterminated))
        }
    }
    return result
}

/// Reads a whole file through the block reader with a tiny block size, so cuts land
/// everywhere, and returns its records with absolute line numbers.
func recordsThroughBlocks(_ path: String, blockSize: Int) throws -> [(line: Int, fields: [String])] {
    let reader = try CSVBlockReader(path: path, blockSize: blockSize, maxLineBytes: 1024)
    var result: [(Int, [String])] = []
    var scanner = CSVScanner()
    while let block = try reader.next() {
        block.bytes.withUnsafeBufferPointer { buffer in
            scanner.scan(buffer) { _, fields, before in
                result.append((block.firstLine + before, fields.map { $0.string(in: buffer) }))
            }
        }
    }
    return result
}

@Suite struct CSVTests {
    @Test func quotedFieldsHoldCommasQuotesAndNewlines() {
        let r = records("a,\"b,c\",\"say \"\"hi\"\"\"\n\"multi\nline\",x,y\nlast,1,2")
        #expect(r.map(\.fields) == [["a", "b,c", "say \"hi\""], ["multi\nline", "x", "y"], ["last", "1", "2"]])
        #expect(r.map(\.line) == [1, 2, 4])
    }

    @Test func crlfAndBlankLinesAndEmptyFields() {
        let r = records("a,b\r\n\r\n,\r\n\"q\",\r\n")
        #expect(r.map(\.fields) == [["a", "b"], ["", ""], ["q", ""]])
        #expect(r.map(\.line) == [1, 3, 4])
    }

    @Test func quoteInsideAnUnquotedFieldIsLiteral() {
        #expect(records("5\" screen,x\n").map(\.fields) == [["5\" screen", "x"]])
    }

    @Test func unterminatedQuoteCostsOneLine() {
        let r = records("a,b\n\"open,c\nd,e\n")
        #expect(r.count == 3)
        #expect(r[1].unterminated && r[1].line == 2)
        #expect(r[2].fields == ["d", "e"] && r[2].line == 3)
    }

    @Test(arguments: [7, 16, 33, 4096])
    func blockCutsNeverSplitARecord(blockSize: Int) throws {
        var text = "\u{FEFF}h1,h2,h3\r\n"
        for i in 0..<200 {
            text += i % 7 == 0 ? "\(i),\"quoted, with\nnewline \"\"x\"\"\",z\r\n" : "\(i),plain,z\r\n"
        }
        text += "end,no,newline"
        let path = try temporaryFile(text)
        let r = try recordsThroughBlocks(path, blockSize: blockSize)
        #expect(r.count == 202)
        #expect(r[0].fields == ["h1", "h2", "h3"])  // byte-order mark dropped
        #expect(r[1].fields == ["0", "quoted, with\nnewline \"x\"", "z"])
        #expect(r[2].line == 4)  // record 1 spans lines 2 and 3
        #expect(r.last!.fields == ["end", "no", "newline"])
        #expect(r.last!.line == 200 + 200 / 7 + 1 + 2)
    }

    @Test func oversizedLineIsSkippedWithFlatMemory() throws {
        let long = String(repeating: "x", count: 5_000)
        let path = try temporaryFile("a,b\n\(long)\nc,d\n")
        let reader = try CSVBlockReader(path: path, blockSize: 64, maxLineBytes: 1024)
        var blocks: [CSVBlock] = []
        while let b = try reader.next() { blocks.append(b) }
        let oversized = blocks.filter(\.oversizedLine)
        #expect(oversized.count == 1)
        #expect(oversized[0].firstLine == 2)
        #expect(oversized[0].bytes.count == 200)
        #expect(String(decoding: blocks.last!.bytes, as: UTF8.self) == "c,d\n")
        #expect(blocks.last!.firstLine == 3)
    }

    @Test func gzipFilesAreReadTransparently() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("geodata/crime/2018-07-west-yorkshire-street.csv.gz").path
        let reader = try ByteReader(path: path)
        #expect(reader.isCompressed)
        let bytes = try ByteReader.readAll(path: path)
        #expect(countLineBreaks(bytes) == 31_636)  // header + 31,635 rows
    }

    @Test func missingFileSaysSo() {
        let error = #expect(throws: FormatError.self) { try ByteReader(path: "/nonexistent/crimes.csv") }
        #expect(error?.code == .cannotOpen)
        #expect(error?.description == "/nonexistent/crimes.csv: cannot open: No such file or directory")
    }

    @Test func lineBreaksAreCountedAtEveryLengthAndAlignment() {
        var state: UInt64 = 7
        var bytes: [UInt8] = []
        for _ in 0..<20_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            bytes.append(state >> 60 == 0 ? 0x0A : UInt8(truncatingIfNeeded: state >> 40) | 0x01)
        }
        for length in Array(0..<100) + [8_191, 8_192, 8_193, 20_000] {
            for offset in [0, 1, 7] where offset + length <= bytes.count {
                let slice = Array(bytes[offset..<(offset + length)])
                #expect(countLineBreaks(slice) == slice.filter { $0 == 0x0A }.count)
            }
        }
    }

    @Test func unquotedFieldsOfEveryLengthSplitAsByteByByte() {
        // Fields of 0 to 20 bytes put delimiters at every position of an eight-byte word.
        var text = ""
        var expected: [[String]] = []
        for a in 0...20 {
            let fields = [String(repeating: "a", count: a), String(repeating: "b", count: (a * 7) % 13), "x\"y", ""]
            expected.append(fields)
            text += fields.joined(separator: ",") + (a % 3 == 0 ? "\r\n" : "\n")
        }
        text += "tail,\(String(repeating: "z", count: 11))"
        expected.append(["tail", String(repeating: "z", count: 11)])
        #expect(records(text).map(\.fields) == expected)
    }

    @Test func delimiterChunksFindTheFirstDelimiterFromEveryOffset() {
        // Buffers of 0 to 200 bytes: whole 64-byte chunks, a partial last chunk, and runs
        // with no delimiter across one or more chunks.
        var state: UInt64 = 12_345
        for length in 0...200 {
            var bytes: [UInt8] = []
            for _ in 0..<length {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let pick = Int(state >> 59)  // 0...31; every fifth buffer has no delimiter at all
                let byte: UInt8 = length % 5 == 0 || pick > 7 ? 0x61 : (pick < 4 ? 0x2C : pick < 7 ? 0x0A : 0x22)
                bytes.append(byte)
            }
            bytes.withUnsafeBufferPointer { buffer in
                var chunk = DelimiterChunk()
                for start in 0...length {
                    let expected = buffer[start...].firstIndex { $0 == 0x2C || $0 == 0x0A } ?? length
                    #expect(chunk.firstDelimiter(buffer, from: start) == expected, "length \(length), start \(start)")
                }
            }
        }
    }

    @Test func fieldsLongerThanAChunkSplitAsByteByByte() {
        // 64-character Crime IDs and longer, and lines that straddle chunk boundaries.
        var text = ""
        var expected: [[String]] = []
        for a in stride(from: 0, through: 300, by: 7) {
            let fields = [String(repeating: "c", count: a), "2018-07", String(repeating: "d", count: 130 - a % 130), ""]
            expected.append(fields)
            text += fields.joined(separator: ",") + "\n"
        }
        #expect(records(text).map(\.fields) == expected)
    }

    @Test func recordsWithManyFieldsGrowTheFieldStorage() {
        // 1 to 200 fields per record: past the 32 the storage starts with, several times.
        var text = ""
        var expected: [[String]] = []
        for count in [1, 31, 32, 33, 64, 65, 200] {
            let fields = (0..<count).map { "f\($0)" } + ["\"q,\nq\""]
            expected.append(fields.dropLast() + ["q,\nq"])
            text += fields.joined(separator: ",") + "\n"
        }
        #expect(records(text).map(\.fields) == expected)
        var scanner = CSVScanner()
        var counts: [Int] = []
        Array(text.utf8).withUnsafeBufferPointer { buffer in
            scanner.scanFields(buffer) { _, fields, _ in counts.append(fields.count) }
        }
        #expect(counts == [2, 32, 33, 34, 65, 66, 201])
    }
}
