import Foundation
import NeighbourhoodGeometry
import Testing
@testable import NeighbourhoodFormats

func kml(_ body: String) -> String {
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<kml xmlns=\"http://www.opengis.net/kml/2.2\"><Document>\n\(body)\n</Document></kml>\n"
}

func kmlPolygon(_ outer: String, holes: [String] = []) -> String {
    "<Polygon><outerBoundaryIs><LinearRing><coordinates>\(outer)</coordinates></LinearRing></outerBoundaryIs>"
        + holes.map { "<innerBoundaryIs><LinearRing><coordinates>\($0)</coordinates></LinearRing></innerBoundaryIs>" }.joined()
        + "</Polygon>"
}

let kmlSquare = "0,0 4,0,10 4,4 0,4 0,0"
let kmlHole = "1,1\n2,1\t2,2 1,2 1,1"
let kmlIsland = "5,5 6,5 6,6 5,6 5,5"

func readKML(_ text: String, fields: LayerFields = LayerFields()) throws -> BoundaryLayer {
    try KMLLayerReader.read(path: try temporaryFile(text, suffix: ".kml"), fields: fields)
}

@Suite struct KMLTests {
    @Test func readsHolesMultiGeometryAndExtendedData() throws {
        let text = kml("""
            <Folder><name>f</name><Folder>
            <Placemark><name>Alpha</name><ExtendedData><Data name="CODE"><value> A1 </value></Data>
              <Data name="PARENT"><value>P</value></Data></ExtendedData>
              \(kmlPolygon(kmlSquare, holes: [kmlHole]))</Placemark>
            </Folder></Folder>
            <Placemark><name>Label only</name><Point><coordinates>1,1</coordinates></Point></Placemark>
            <Placemark><name>Beta &amp; Co</name><ExtendedData><SchemaData schemaUrl="#s">
              <SimpleData name="CODE">B2</SimpleData><SimpleData name="PARENT">Q</SimpleData></SchemaData></ExtendedData>
              <MultiGeometry><Point><coordinates>0,0</coordinates></Point><MultiGeometry>\(kmlPolygon(kmlSquare))</MultiGeometry>
              \(kmlPolygon(kmlIsland))</MultiGeometry></Placemark>
            """)
        let layer = try readKML(text, fields: LayerFields(id: "CODE", parent: "PARENT"))
        #expect(layer.crs == "OGC:CRS84")
        #expect(layer.areas.map(\.id) == ["A1", "B2"])
        #expect(layer.areas.map(\.name) == ["Alpha", "Beta & Co"])
        #expect(layer.areas.map(\.parentID) == ["P", "Q"])
        let a = layer.areas[0].geometry.polygons
        #expect(a.count == 1 && a[0].rings.count == 2)
        #expect(a[0].rings[0] == [Point(0, 0), Point(4, 0), Point(4, 4), Point(0, 4), Point(0, 0)])
        #expect(a[0].rings[1] == [Point(1, 1), Point(2, 1), Point(2, 2), Point(1, 2), Point(1, 1)])
        let b = layer.areas[1].geometry.polygons
        #expect(b.count == 2 && b[1].rings[0][2] == Point(6, 6))
    }

    @Test func detectsIDAndNameFieldsAsGeoJSONDoes() throws {
        let placemark = { (code: String) in
            "<Placemark><name>ignored</name><ExtendedData><SchemaData><SimpleData name=\"LSOA11CD\">\(code)</SimpleData><SimpleData name=\"LSOA11NM\">n\(code)</SimpleData></SchemaData></ExtendedData>\(kmlPolygon(kmlSquare))</Placemark>"
        }
        let layer = try readKML(kml(placemark("E1") + placemark("E2")))
        #expect(layer.areas.map(\.id) == ["E1", "E2"] && layer.areas.map(\.name) == ["nE1", "nE2"])
    }

    @Test func placemarkNameIsTheIDWhenNothingBetterExists() throws {
        let layer = try readKML(kml("<Placemark><name>North</name>\(kmlPolygon(kmlSquare))</Placemark><Placemark><name>South</name>\(kmlPolygon(kmlIsland))</Placemark>"))
        #expect(layer.areas.map(\.id) == ["North", "South"])
    }

    @Test func folderOfOneFilePerNeighbourhoodIsOneLayer() throws {
        let folder = NSTemporaryDirectory() + "nbhd-kml-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let unnamed = kml("<Placemark>\(kmlPolygon(kmlSquare))</Placemark>")
        try Data(unnamed.utf8).write(to: URL(fileURLWithPath: folder + "/NC02.kml"))
        try Data(kml("<Placemark><name>Town</name>\(kmlPolygon(kmlIsland))</Placemark><Placemark><name>Town</name>\(kmlPolygon(kmlSquare))</Placemark>").utf8)
            .write(to: URL(fileURLWithPath: folder + "/NC01.kml"))
        try Data("not kml".utf8).write(to: URL(fileURLWithPath: folder + "/README.txt"))
        let layer = try KMLLayerReader.read(path: folder)
        #expect(layer.source == folder)
        #expect(layer.areas.map(\.id) == ["NC01", "NC02"])
        #expect(layer.areas.map(\.name) == ["Town", "NC02"])
        #expect(layer.areas[0].geometry.polygons.count == 2 && layer.areas[1].geometry.polygons.count == 1)
    }

    @Test func emptyFolderIsRefusedClearly() throws {
        let folder = NSTemporaryDirectory() + "nbhd-kml-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let empty = #expect(throws: FormatError.self) { try KMLLayerReader.read(path: folder) }
        #expect(empty?.description == "\(folder): the folder holds no .kml or .kmz files")
    }

    /// Each bad input and the exact message a user sees.
    @Test(arguments: [
        ("<Placemark><name>P</name><Point><coordinates>1,2</coordinates></Point></Placemark>",
         "no Placemark with a Polygon (1 Placemark(s) without polygon geometry)"),
        ("<Placemark><name>Short</name>\(kmlPolygon("0,0 1,0 0,0"))</Placemark>",
         "feature 0 (id Short): ring 0 (outer): ring has 3 position(s); a closed ring needs at least 4"),
        ("<Placemark><name>Open</name>\(kmlPolygon("0,0 1,0 1,1 0,1"))</Placemark>",
         "feature 0 (id Open): ring 0 (outer): ring is not closed: first (0.0, 0.0), last (0.0, 1.0)"),
        ("<Placemark><name>A</name>\(kmlPolygon(kmlSquare))</Placemark><Placemark><name>Text</name>\(kmlPolygon(kmlSquare, holes: ["0,0 1,x 1,1 0,0"]))</Placemark>",
         "feature 1 (id Text): ring 1 (hole): coordinate tuple 1 '1,x': 'x' is not a number"),
        ("<Placemark><name>NaN</name>\(kmlPolygon("0,0 nan,0 1,1 0,0"))</Placemark>",
         "feature 0 (id NaN): ring 0 (outer): coordinate tuple 1 'nan,0': 'nan' is not a number"),
        ("<Placemark><name>Huge</name>\(kmlPolygon("0,0 1e999,0 1,1 0,0"))</Placemark>",
         "feature 0 (id Huge): ring 0 (outer): coordinate tuple 1 '1e999,0' has a non-finite coordinate"),
        ("<Placemark><name>Lonely</name>\(kmlPolygon("0,0 1 1,1 0,0"))</Placemark>",
         "feature 0 (id Lonely): ring 0 (outer): coordinate tuple 1 '1' is not lon,lat or lon,lat,alt"),
        ("<Placemark><name>Same</name>\(kmlPolygon(kmlSquare))</Placemark><Placemark><name>Same</name>\(kmlPolygon(kmlSquare))</Placemark>",
         "feature 1 (id Same): id 'Same' is also used by feature 0"),
        ("<Placemark><name>A</name>\(kmlPolygon(kmlSquare))</Placemark><Placemark>\(kmlPolygon(kmlSquare))</Placemark>",
         "feature 1: Placemark has no <name> (name the id property with --id-field)"),
        ("<Placemark><name>NoOuter</name><Polygon><innerBoundaryIs/></Polygon></Placemark>",
         "feature 0 (id NoOuter): <Polygon> has no <outerBoundaryIs><LinearRing>"),
        ("<NetworkLink><Link><href>layers/a.kml</href></Link></NetworkLink>",
         "no Placemark with a Polygon (0 Placemark(s) without polygon geometry); <NetworkLink>s are not followed: read the linked .kml file (unzip the .kmz if it is inside one)"),
    ])
    func badPlacemarksNameFileAndPlacemark(body: String, message: String) throws {
        let path = try temporaryFile(kml(body), suffix: ".kml")
        let error = #expect(throws: (any Error).self) { try KMLLayerReader.read(path: path) }
        #expect(error.map { "\($0)" } == "\(path): \(message)")
    }

    @Test func placemarkNameIsGivenWhenItIsNotTheID() throws {
        let text = kml("<Placemark><name>Harehills</name><ExtendedData><Data name=\"code\"><value>H1</value></Data></ExtendedData>\(kmlPolygon("0,0 1,0 1,1"))</Placemark>")
        let path = try temporaryFile(text, suffix: ".kml")
        let error = #expect(throws: BoundaryLayerError.self) { try KMLLayerReader.read(path: path) }
        #expect(error?.description == "\(path): feature 0 (id H1): Placemark 'Harehills': ring 0 (outer): ring has 3 position(s); a closed ring needs at least 4")
    }

    @Test(arguments: [
        (String(kml("<Placemark>\(kmlPolygon(kmlSquare))</Placemark>").prefix { $0 != "4" }), 3,
         "invalid XML: the file ends inside <coordinates> opened on line 3 (truncated?)"),
        ("<kml><Placemark", 1, "invalid XML: the file ends inside start tag <Placemark (truncated?)"),
        ("<kml><Document></Folder></kml>", 1, "invalid XML: end tag </Folder> does not match <Document> (line 1)"),
        ("<kml>&nbsp;</kml>", 1, "invalid XML: entity reference '&nbsp;' is not one of XML's predefined entities; entities are not expanded"),
        ("<kml>\n<a b=c/></kml>", 2, "invalid XML: attribute b of <a> has an unquoted value"),
        ("", 1, "invalid XML: no root element (empty or truncated file)"),
        ("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><kml/>", 1,
         "invalid XML: declared encoding 'iso-8859-1' is not supported; save the file as UTF-8"),
    ])
    func malformedXMLGivesTheLine(text: String, line: Int, detail: String) throws {
        let path = try temporaryFile(text, suffix: ".kml")
        let error = #expect(throws: FormatError.self) { try KMLLayerReader.read(path: path) }
        #expect(error?.description == "\(path): line \(line): \(detail)")
    }

    @Test func invalidUTF8IsRefusedWithItsLine() throws {
        let parts = kml("<Placemark><name>Caf|</name>\(kmlPolygon(kmlSquare))</Placemark>").split(separator: "|")
        let bytes = Array(parts[0].utf8) + [0xE9] + Array(parts[1].utf8)  // Latin-1 é
        let path = try temporaryFile(bytes: bytes, suffix: ".kml")
        let error = #expect(throws: FormatError.self) { try KMLLayerReader.read(path: path) }
        #expect(error?.description == "\(path): line 3: invalid XML: invalid UTF-8 (byte 0xE9)")
    }

    @Test func notKMLIsRefused() throws {
        let path = try temporaryFile("<gpx><trk/></gpx>", suffix: ".kml")
        let error = #expect(throws: FormatError.self) { try KMLLayerReader.read(path: path) }
        #expect(error?.detail == "not a KML document (root element is <gpx>, not <kml>)")
    }

    @Test func externalEntityIsNeverRead() throws {
        let secret = try temporaryFile("SECRET-CONTENT", suffix: ".txt")
        let text = """
            <?xml version="1.0"?>
            <!DOCTYPE kml [<!ENTITY xxe SYSTEM "file://\(secret)">]>
            <kml><Document><Placemark><name>&xxe;</name>\(kmlPolygon(kmlSquare))</Placemark></Document></kml>
            """
        let path = try temporaryFile(text, suffix: ".kml")
        let error = #expect(throws: FormatError.self) { try KMLLayerReader.read(path: path) }
        #expect(error?.line == 2 && error?.detail.contains("DOCTYPE declares entities") == true)
        #expect(error.map { "\($0)".contains("SECRET") } == false)
        // Without the declaration, the reference is an unknown entity, not a file read.
        let undeclared = try temporaryFile(kml("<Placemark><name>&xxe;</name>\(kmlPolygon(kmlSquare))</Placemark>"), suffix: ".kml")
        let e2 = #expect(throws: FormatError.self) { try KMLLayerReader.read(path: undeclared) }
        #expect(e2?.detail.contains("'&xxe;' is not one of XML's predefined entities") == true)
    }

    @Test func billionLaughsIsRefusedQuickly() throws {
        var text = "<?xml version=\"1.0\"?>\n<!DOCTYPE kml [\n<!ENTITY lol \"lol\">\n"
        var previous = "lol"
        for i in 1...9 {
            text += "<!ENTITY lol\(i) \"" + String(repeating: "&\(previous);", count: 10) + "\">\n"
            previous = "lol\(i)"
        }
        text += "]>\n<kml><Document><Placemark><name>&lol9;</name>\(kmlPolygon(kmlSquare))</Placemark></Document></kml>"
        let path = try temporaryFile(text, suffix: ".kml")
        let clock = ContinuousClock()
        let started = clock.now
        let error = #expect(throws: FormatError.self) { try KMLLayerReader.read(path: path) }
        #expect(clock.now - started < .seconds(1))
        #expect(error?.line == 2 && error?.detail.contains("DOCTYPE declares entities") == true)
    }

    @Test func doctypeWithoutEntitiesCommentsCDATAAndPrefixesAreRead() throws {
        let text = """
            \u{FEFF}<?xml version='1.0' encoding='utf-8'?>
            <!DOCTYPE kml SYSTEM "kml.dtd">
            <!-- a comment with <Placemark> inside -->
            <kml:kml xmlns:kml="http://www.opengis.net/kml/2.2"><kml:Document>
            <kml:Placemark id="p1"><kml:name><![CDATA[A <b>&</b> B]]></kml:name>
            <kml:Polygon><kml:outerBoundaryIs><kml:LinearRing><kml:coordinates>
              0,0,0 &#x34;,0 4,4 0,4 0,0
            </kml:coordinates></kml:LinearRing></kml:outerBoundaryIs></kml:Polygon></kml:Placemark>
            </kml:Document></kml:kml>
            """
        let layer = try readKML(text)
        #expect(layer.areas.map(\.id) == ["A <b>&</b> B"])
        #expect(layer.areas[0].geometry.polygons[0].rings[0][1] == Point(4, 0))
    }

    @Test func deepNestingIsRefusedNotCrashed() throws {
        let text = "<kml>" + String(repeating: "<Folder>", count: 100_000)
        let path = try temporaryFile(text, suffix: ".kml")
        let error = #expect(throws: FormatError.self) { try KMLLayerReader.read(path: path) }
        #expect(error?.detail == "invalid XML: elements nested more than 256 deep")
    }
}

/// CRC-32 (ISO-HDLC, reflected polynomial 0xEDB88320), bit by bit, for building zip archives.
func crc32Reference(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
        crc ^= UInt32(byte)
        for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    return ~crc
}

/// A one-entry zip archive (APPNOTE 6.3.x) holding `document` as `name`, either stored or
/// as a raw deflate stream made of one uncompressed block (RFC 1951 §3.2.4).
func zipArchive(_ document: [UInt8], name: String = "doc.kml", deflated: Bool, crc: UInt32? = nil) -> [UInt8] {
    func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
    func le32(_ v: Int) -> [UInt8] { le16(v & 0xFFFF) + le16(v >> 16 & 0xFFFF) }
    precondition(document.count < 65_536)
    let data = deflated ? [0x01] + le16(document.count) + le16(~document.count & 0xFFFF) + document : document
    let method = deflated ? 8 : 0
    let sum = Int(crc ?? crc32Reference(document))
    let nameBytes = Array(name.utf8)
    let common = le16(20) + le16(0) + le16(method) + le16(0) + le16(0) + le32(sum) + le32(data.count)
        + le32(document.count) + le16(nameBytes.count) + le16(0)
    let local = [0x50, 0x4B, 0x03, 0x04] + common + nameBytes + data
    let central = [0x50, 0x4B, 0x01, 0x02] + le16(20) + common + le16(0) + le16(0) + le16(0) + le32(0) + le32(0) + nameBytes
    let end = [0x50, 0x4B, 0x05, 0x06] + le16(0) + le16(0) + le16(1) + le16(1) + le32(central.count) + le32(local.count) + le16(0)
    return local + central + end
}

@Suite struct KMZTests {
    static let document = Array(kml("<Placemark><name>Z</name>\(kmlPolygon(kmlSquare, holes: [kmlHole]))</Placemark>").utf8)

    @Test(arguments: [false, true])
    func readsTheMainDocumentOfAKMZ(deflated: Bool) throws {
        let path = try temporaryFile(bytes: zipArchive(Self.document, deflated: deflated), suffix: ".kmz")
        let layer = try KMLLayerReader.read(path: path)
        #expect(layer.areas.map(\.id) == ["Z"])
        #expect(layer.areas[0].geometry.polygons[0].rings[1][1] == Point(2, 1))
    }

    @Test func corruptArchivesAreRefused() throws {
        let badCRC = try temporaryFile(bytes: zipArchive(Self.document, deflated: true, crc: 12345), suffix: ".kmz")
        let e1 = #expect(throws: FormatError.self) { try KMLLayerReader.read(path: badCRC) }
        #expect(e1?.description == "\(badCRC): corrupt .kmz (zip) archive: doc.kml fails its CRC-32 check")
        let truncated = try temporaryFile(bytes: Array(zipArchive(Self.document, deflated: true).dropLast(30)), suffix: ".kmz")
        let e2 = #expect(throws: FormatError.self) { try KMLLayerReader.read(path: truncated) }
        #expect(e2?.description == "\(truncated): corrupt .kmz (zip) archive: no end-of-central-directory record (truncated?)")
        let noKML = try temporaryFile(bytes: zipArchive(Self.document, name: "images/logo.png", deflated: false), suffix: ".kmz")
        let e3 = #expect(throws: FormatError.self) { try KMLLayerReader.read(path: noKML) }
        #expect(e3?.description == "\(noKML): the .kmz archive holds no .kml document")
    }
}
