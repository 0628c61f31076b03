import Foundation
import NeighbourhoodGeometry
import Testing
@testable import NeighbourhoodFormats

/// The hostile inputs of the README's table that concern more than one reader, or that the
/// per-format suites do not cover: size limits on whole-file reads, NaN and infinite
/// literals, truncated and invalid-UTF-8 JSON, value budgets, two-point rings, a `.dbf` whose
/// bytes do not match its `.cpg`, and incident rows in mixed encodings. Every test asserts
/// the exact message a user sees.
@Suite struct HostileInputTests {
    // MARK: Whole-file reads are bounded

    @Test func fileOverTheReadLimitIsRefusedBeforeItIsRead() throws {
        let path = try temporaryFile(String(repeating: "x", count: 2_000))
        let error = #expect(throws: FormatError.self) {
            try ByteReader.readAll(path: path, maxBytes: 1_024, what: "a test file")
        }
        #expect(error?.description == "\(path): file is 2000 bytes, over the 1024-byte limit for a test file")
        #expect(error?.code == .unsupported)
        #expect(try ByteReader.readAll(path: path, maxBytes: 2_000).count == 2_000)
    }

    /// A gzip stream is refused as soon as it inflates past the limit (a gzip bomb), so
    /// memory stays at the limit plus one chunk whatever the file declares.
    @Test func gzipThatInflatesPastTheLimitIsRefused() throws {
        let path = repositoryFile("geodata/crime/2018-07-west-yorkshire-street.csv.gz")
        let error = #expect(throws: FormatError.self) {
            try ByteReader.readAll(path: path, maxBytes: 1 << 20, what: "a test file")
        }
        #expect(error?.description == "\(path): file inflates to more than 1048576 bytes, over the 1 MiB limit for a test file")
    }

    @Test func geoJSONOverItsLimitNamesTheLimit() throws {
        let path = try layerFile([feature("A", unitRing)])
        let error = #expect(throws: FormatError.self) {
            try GeoJSONLayerReader.read(path: path, fields: LayerFields(id: "CODE"), maxBytes: 100)
        }
        #expect(error?.description.hasPrefix("\(path): file is ") == true)
        #expect(error?.description.hasSuffix(" bytes, over the 100-byte limit for a GeoJSON boundary layer") == true)
        #expect(GeoJSONLayerReader.defaultMaxBytes == 1 << 30)
    }

    @Test func truncatedGzipIsAnErrorNotAShortFile() throws {
        var text = "Longitude,Latitude\n"
        for i in 0..<20_000 { text += "-1.\(i),53.\(i)\n" }
        let whole = try temporaryFile(text)
        let gz = whole + ".gz"
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = ["-k", whole]
        try gzip.run()
        gzip.waitUntilExit()
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: gz)))
        let cut = try temporaryFile(bytes: Array(bytes.prefix(bytes.count / 2)), suffix: ".csv.gz")
        let error = #expect(throws: FormatError.self) {
            let reader = try CSVBlockReader(path: cut)
            while try reader.next() != nil {}
        }
        #expect(error?.description == "\(cut): corrupt gzip data: unexpected end of file")
        #expect(error?.code == .readFailed)
    }

    /// A line just over the limit whose end arrives in the same read as its start used to be
    /// passed whole to the parser; it is skipped like any longer line.
    @Test(arguments: [512, 1_024, 4_096])
    func lineJustOverTheLimitIsSkipped(blockSize: Int) throws {
        let path = try temporaryFile("a,b\n" + String(repeating: "x", count: 1_025) + "\nc,d\n" + String(repeating: "y", count: 1_024) + "\ne,f\n")
        let reader = try CSVBlockReader(path: path, blockSize: blockSize, maxLineBytes: 1_024)
        var blocks: [CSVBlock] = []
        while let block = try reader.next() { blocks.append(block) }
        #expect(blocks.filter(\.oversizedLine).map(\.firstLine) == [2])
        let kept = blocks.filter { !$0.oversizedLine }.map { String(decoding: $0.bytes, as: UTF8.self) }.joined()
        #expect(kept == "a,b\nc,d\n" + String(repeating: "y", count: 1_024) + "\ne,f\n")
    }

    // MARK: GeoJSON

    /// Each hostile JSON text and the exact message; lines and columns are one-based.
    @Test(arguments: [
        ("[NaN,0]", "line 1: column 2: invalid JSON: unexpected character"),
        ("[Infinity,0]", "line 1: column 2: invalid JSON: unexpected character"),
        ("[-Infinity,0]", "line 1: column 2: invalid JSON: '-' is not a number"),
        ("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":{\"coordinates\":[[[0,0],[NaN,1]",
         "line 1: column 94: invalid JSON: unexpected character"),
        ("{\"type\":\"FeatureCollection\",\n\"features\":[{\"type\":\"Feature\",\"geometry\":{\"coordinates\":[[[0,0],[1,",
         "line 2: column 68: invalid JSON: unexpected end of input"),
        ("{\"type\":\"FeatureCollection\",\"features\":[", "line 1: column 41: invalid JSON: unexpected end of input"),
        ("{\"type\":\"FeatureCollection\",\"features\":[]", "line 1: column 42: invalid JSON: unexpected end of input in an object"),
        ("{\"type\":\"FeatureColl", "line 1: column 10: invalid JSON: unterminated string"),
        ("{\"name\":\"\\uD800x\"}", "line 1: column 10: invalid JSON: \\uD800 is half of a UTF-16 surrogate pair with no other half"),
        ("{\"name\":\"\\uDC00\"}", "line 1: column 10: invalid JSON: \\uDC00 is half of a UTF-16 surrogate pair with no other half"),
        (String(repeating: "[", count: 100_000), "line 1: column 513: invalid JSON: nesting deeper than 512 levels"),
    ])
    func hostileJSONGivesLineAndColumn(text: String, message: String) throws {
        let path = try temporaryFile(text, suffix: ".geojson")
        let error = #expect(throws: FormatError.self) { try readLayer(path) }
        #expect(error?.description == "\(path): \(message)")
    }

    @Test func invalidUTF8InAPropertyIsRefused() throws {
        let text = "{\"type\":\"FeatureCollection\",\"features\":[\n" + feature("Caf|", unitRing) + "\n]}"
        let parts = text.split(separator: "|", omittingEmptySubsequences: false)
        let path = try temporaryFile(bytes: Array(parts[0].utf8) + [0xE9] + Array(parts[1].utf8), suffix: ".geojson")
        let error = #expect(throws: FormatError.self) { try readLayer(path) }
        #expect(error?.description == "\(path): line 2: column 44: invalid JSON: invalid UTF-8 in a string (byte 0xE9); JSON text must be UTF-8: re-save the file as UTF-8")
        // Valid UTF-8 and escaped astral characters are kept exactly.
        let good = try layerFile([feature("Café", unitRing), feature("\\uD83D\\uDE00", unitRing)])
        #expect(try readLayer(good).areas.map(\.id) == ["Café", "😀"])
    }

    /// Many small values cost far more memory than their text; the parser stops at a budget.
    @Test func valueBudgetBoundsTheParsedDocument() throws {
        let text = "[" + Array(repeating: "{\"a\":0}", count: 1_000).joined(separator: ",") + "]"
        let error = #expect(throws: FormatError.self) {
            try JSONParser.parse(Array(text.utf8), file: "many.json", maxValues: 1_500)
        }
        #expect(error?.description == "many.json: line 1: column 5999: invalid JSON: more than 1500 values; refused to keep memory bounded (is this a boundary layer?)")
        _ = try JSONParser.parse(Array(text.utf8), file: "many.json", maxValues: 2_001)
        // Coordinates count one per array, not per number: a 1,000-point ring is 1,001 values.
        let ring = "[" + (0..<1_000).map { "[\($0),\($0)]" }.joined(separator: ",") + "]"
        _ = try JSONParser.parse(Array("{\"coordinates\":[\(ring)]}".utf8), file: "ring.json", maxValues: 1_004)
        #expect(throws: FormatError.self) {
            try JSONParser.parse(Array("{\"coordinates\":[\(ring)]}".utf8), file: "ring.json", maxValues: 1_002)
        }
    }

    @Test func elementBudgetBoundsTheKMLTree() throws {
        let text = kml(String(repeating: "<a b=\"1\"/>", count: 1_000))
        let error = #expect(throws: FormatError.self) {
            try KMLLayerReader.placemarks(bytes: Array(text.utf8), file: "many.kml", maxNodes: 1_000)
        }
        #expect(error?.description == "many.kml: line 3: invalid XML: more than 1000 elements and attributes; refused to keep memory bounded (is this a boundary layer?)")
        #expect(XMLTree.maxNodes == 10_000_000)
    }

    @Test func twoPointRingIsRefusedInEveryFormat() throws {
        let geojson = try layerFile([feature("TWO", "[[0,0],[0,0]]")])
        let e1 = #expect(throws: BoundaryLayerError.self) { try readLayer(geojson) }
        #expect(e1?.description == "\(geojson): feature 0 (id TWO): ring 0 (outer): ring has 2 position(s); a closed ring needs at least 4")
        let kmlPath = try temporaryFile(kml("<Placemark><name>TWO</name>\(kmlPolygon("0,0 0,0"))</Placemark>"), suffix: ".kml")
        let e2 = #expect(throws: BoundaryLayerError.self) { try KMLLayerReader.read(path: kmlPath) }
        #expect(e2?.description == "\(kmlPath): feature 0 (id TWO): ring 0 (outer): ring has 2 position(s); a closed ring needs at least 4")
        let shp = try shapefile([record("TWO", [[(0, 0), (0, 0)]])]).write(prj: bng)
        let e3 = #expect(throws: BoundaryLayerError.self) { try ShapefileLayerReader.read(path: shp) }
        #expect(e3?.description == "\(shp): feature 0 (id TWO): record 0 (byte 100): part 0: ring has 2 position(s); a closed ring needs at least 4")
    }

    @Test func nanLiteralsInGeometryAreRefused() throws {
        let kmlPath = try temporaryFile(kml("<Placemark><name>INF</name>\(kmlPolygon("0,0 inf,0 1,1 0,0"))</Placemark>"), suffix: ".kml")
        let error = #expect(throws: BoundaryLayerError.self) { try KMLLayerReader.read(path: kmlPath) }
        #expect(error?.description == "\(kmlPath): feature 0 (id INF): ring 0 (outer): coordinate tuple 1 'inf,0': 'inf' is not a number")
    }

    @Test func nanAndInfinityInAShapefileNameTheRecord() throws {
        let nan = try shapefile([record("NAN", [[(0, 0), (0, .nan), (1, 1), (1, 0), (0, 0)]])]).write(prj: bng)
        let e1 = #expect(throws: BoundaryLayerError.self) { try ShapefileLayerReader.read(path: nan) }
        #expect(e1?.description == "\(nan): feature 0 (id NAN): record 0 (byte 100): part 0: position 1 has a non-finite coordinate (0.0, nan)")
        let inf = try shapefile([record("INF", [[(0, 0), (0, 1), (.infinity, 1), (1, 0), (0, 0)]])]).write(prj: bng)
        let e2 = #expect(throws: BoundaryLayerError.self) { try ShapefileLayerReader.read(path: inf) }
        #expect(e2?.description == "\(inf): feature 0 (id INF): record 0 (byte 100): part 0: position 2 has a non-finite coordinate (inf, 1.0)")
    }

    /// The exact message of KMLTests' billion-laughs test, which checks the time it takes.
    @Test func billionLaughsMessage() throws {
        let text = "<?xml version=\"1.0\"?>\n<!DOCTYPE kml [<!ENTITY a \"&b;&b;\"><!ENTITY b \"x\">]>\n<kml>&a;</kml>"
        let path = try temporaryFile(text, suffix: ".kml")
        let error = #expect(throws: FormatError.self) { try KMLLayerReader.read(path: path) }
        #expect(error?.description == "\(path): line 2: invalid XML: the DOCTYPE declares entities, which KML never needs; refused to guard against external-entity and entity-expansion attacks")
    }

    // MARK: Shapefile attribute text

    @Test func dbfBytesThatDoNotMatchTheCpgAreRefused() throws {
        var writer = shapefile([])
        writer.records = [ShapefileWriter.Record(rings: [square(0, 0, 1)], values: [], raw: [Array("A".utf8), [0x43, 0x61, 0x66, 0xE9]])]
        let path = try writer.write(prj: bng, cpg: "UTF-8")
        let error = #expect(throws: FormatError.self) {
            try ShapefileLayerReader.read(path: path, fields: LayerFields(id: "CODE", name: "NAME"))
        }
        let dbf = String(path.dropLast(4)) + ".dbf"
        // Header 32 + 2 descriptors of 32 + terminator = 97; flag 1, CODE 10, "Caf" 3: byte 111.
        #expect(error?.description == "\(dbf): byte 111: record 0, field NAME: not valid UTF-8 (byte 0xE9) though the .cpg says UTF-8; correct the .cpg (e.g. 1252) or save the table as UTF-8")
    }

    /// A writer that cuts UTF-8 text at the field's width in bytes leaves half a character at
    /// the end: that half is dropped, the rest read.
    @Test func utf8CutAtTheFieldWidthKeepsTheWholeCharacters() throws {
        var writer = shapefile([])
        let name = Array(String(repeating: "a", count: 19).utf8) + [0xC3]  // "é" is C3 A9
        writer.records = [ShapefileWriter.Record(rings: [square(0, 0, 1)], values: [], raw: [Array("A".utf8), name])]
        let layer = try ShapefileLayerReader.read(path: try writer.write(prj: bng, cpg: "UTF-8"), fields: LayerFields(id: "CODE", name: "NAME"))
        #expect(layer.areas[0].name == String(repeating: "a", count: 19))
    }

    // MARK: Incident rows

    /// A Latin-1 or Windows-1252 byte in a UTF-8 file (column index, bytes, reason).
    @Test(arguments: [
        (6, [UInt8]([0x43, 0x61, 0x66, 0xE9]), "Location is not valid UTF-8 (byte 0xE9): the file mixes text encodings; save it as UTF-8"),
        (9, [0x42, 0x75, 0x72, 0x67, 0xA3], "Crime type is not valid UTF-8 (byte 0xA3): the file mixes text encodings; save it as UTF-8"),
        (0, [0x41, 0xFF, 0xFE], "Crime ID is not valid UTF-8 (byte 0xFF): the file mixes text encodings; save it as UTF-8"),
    ])
    func invalidUTF8InARowRejectsTheRow(column: Int, bytes: [UInt8], reason: String) throws {
        var fields = Array(police("-1.5", "53.8").split(separator: ",", omittingEmptySubsequences: false).map { Array($0.utf8) })
        fields[column] = bytes
        let row = try parseRowBytes(Array(fields.joined(separator: [0x2C])))
        #expect(row.status == .rejected)
        #expect(row.problem?.description == reason)
        #expect(row.problem?.key == "invalid_utf8")
        // The same text in valid UTF-8 is read.
        #expect(try parseRow(police("-1.5", "53.8", type: "Burglary \u{A3}5 caf\u{E9}")).status == .located)
    }

    @Test(arguments: [
        ("Infinity", "Longitude 'Infinity' is not a finite number"),
        ("-inf", "Longitude '-inf' is not a finite number"),
        ("nan", "Longitude 'nan' is not a finite number"),
        ("1e999", "Longitude '1e999' is not a finite number"),
    ])
    func nonFiniteCoordinatesAreRejected(value: String, reason: String) throws {
        let row = try parseRow(police(value, "53.8"))
        #expect(row.status == .rejected && row.problem?.description == reason)
    }
}

/// Parses one police.uk-layout data line given as raw bytes.
func parseRowBytes(_ bytes: [UInt8]) throws -> ParsedRow {
    let schema = try IncidentSchema(header: policeHeader, columns: IncidentColumns(), file: "t.csv")
    let parser = IncidentRowParser(schema: schema)
    var row: ParsedRow?
    var scanner = CSVScanner()
    bytes.withUnsafeBufferPointer { buffer in
        scanner.scan(buffer) { _, fields, _ in row = parser.parse(fields, in: buffer) }
    }
    return row!
}

/// A file of the repository (for the bundled `geodata`).
func repositoryFile(_ relative: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(relative).path
}
