import Foundation
import NeighbourhoodGeometry
import Testing
@testable import NeighbourhoodFormats

func shapefile(_ records: [ShapefileWriter.Record]) -> ShapefileWriter {
    var writer = ShapefileWriter()
    writer.records = records
    return writer
}

func record(_ id: String, _ rings: [[(Double, Double)]]?, name: String = "") -> ShapefileWriter.Record {
    ShapefileWriter.Record(rings: rings, values: [id, name])
}

let bng = "PROJCS[\"OSGB_1936_British_National_Grid\",GEOGCS[\"GCS_OSGB 1936\",DATUM[\"D_OSGB_1936\",SPHEROID[\"Airy_1830\",6377563.396,299.3249646]],PRIMEM[\"Greenwich\",0],UNIT[\"Degree\",0.017453292519943295]],PROJECTION[\"Transverse_Mercator\"],PARAMETER[\"latitude_of_origin\",49],PARAMETER[\"central_meridian\",-2],PARAMETER[\"scale_factor\",0.9996012717],PARAMETER[\"false_easting\",400000],PARAMETER[\"false_northing\",-100000],UNIT[\"Meter\",1]]"

@Suite struct ShapefileTests {
    @Test func readsPolygonsHolesAndMultipartRecords() throws {
        let path = try shapefile([
            // outer 0..10 with a hole 2..4, plus an island 20..21 with no hole
            record("A", [square(0, 0, 10), square(2, 2, 2, ccw: true), square(20, 20, 1)], name: "Alpha"),
            record("B", [square(30, 30, 1)]),
        ]).write(prj: bng)
        let layer = try ShapefileLayerReader.read(path: path)
        #expect(layer.count == 2 && layer.crs == "EPSG:27700")
        let a = layer.areas[0]
        #expect(a.id == "A" && a.name == "Alpha")
        #expect(a.geometry.polygons.count == 2)
        #expect(a.geometry.polygons[0].rings.count == 2)
        #expect(a.geometry.polygons[1].rings.count == 1)
        #expect(abs(a.geometry.area - (100 - 4 + 1)) < 1e-9)
        #expect(a.geometry.polygons[0].position(of: Point(x: 3, y: 3)) == .outside)  // in the hole
        #expect(layer.areas[1].name == "B")  // blank name falls back to the id
    }

    @Test func holeGoesToTheSmallestOuterRingThatContainsIt() throws {
        // Outer ring 0..10, an island 4..6 inside a lake 3..7 (a hole), and a hole 4.5..5.5
        // inside the island: the inner hole belongs to the island, not to the big ring.
        let path = try shapefile([
            record("A", [square(0, 0, 10), square(3, 3, 4, ccw: true), square(4, 4, 2), square(4.5, 4.5, 1, ccw: true)])
        ]).write(prj: bng)
        let polygons = try ShapefileLayerReader.read(path: path).areas[0].geometry.polygons
        #expect(polygons.count == 2)
        #expect(polygons[0].rings.count == 2 && polygons[0].rings[1].first?.x == 3)
        #expect(polygons[1].rings.count == 2 && polygons[1].rings[1].first?.x == 4.5)
    }

    @Test func counterClockwiseRingOutsideEveryOuterRingIsItsOwnPolygon() throws {
        let path = try shapefile([record("A", [square(0, 0, 1, ccw: true)])]).write(prj: bng)
        let polygons = try ShapefileLayerReader.read(path: path).areas[0].geometry.polygons
        #expect(polygons.count == 1 && polygons[0].rings.count == 1)
    }

    @Test(arguments: [Int32(15), 25]) func readsPolygonZAndMAsTwoDimensional(type: Int32) throws {
        var writer = shapefile([record("A", [square(0, 0, 2), square(0.5, 0.5, 1, ccw: true)])])
        writer.shapeType = type
        let layer = try ShapefileLayerReader.read(path: try writer.write(prj: bng))
        #expect(abs(layer.areas[0].geometry.area - 3) < 1e-12)
    }

    @Test func readsSequentiallyWithoutShx() throws {
        let writer = shapefile([record("A", [square(0, 0, 1)]), record("B", [square(5, 5, 2)])])
        let layer = try ShapefileLayerReader.read(path: try writer.write(prj: bng, skipShx: true))
        #expect(layer.areas.map(\.id) == ["A", "B"])
        #expect(abs(layer.areas[1].geometry.area - 4) < 1e-12)
    }

    @Test func fieldsChosenByNameOrDetected() throws {
        var writer = shapefile([])
        writer.fields = [("OBJECTID", 0x4E, 4), ("MSOA11CD", 0x43, 9), ("MSOA11NM", 0x43, 12), ("LAD11CD", 0x43, 9)]
        writer.records = [ShapefileWriter.Record(rings: [square(0, 0, 1)], values: ["   1", "E02000001", "Leeds 001", "E08000035"])]
        let path = try writer.write(prj: bng)
        let detected = try ShapefileLayerReader.read(path: path).areas[0]
        #expect(detected.id == "E02000001" && detected.name == "Leeds 001" && detected.parentID == nil)
        let named = try ShapefileLayerReader.read(path: path, fields: LayerFields(id: "objectid", name: "LAD11CD", parent: "LAD11CD")).areas[0]
        #expect(named.id == "1" && named.name == "E08000035" && named.parentID == "E08000035")
        #expect(throws: FormatError.self) { try ShapefileLayerReader.read(path: path, fields: LayerFields(id: "LSOA11CD")) }
    }

    @Test func deletedRecordsAreLeftOut() throws {
        var writer = shapefile([record("A", [square(0, 0, 1)]), record("B", [square(5, 5, 1)])])
        writer.records[0].deleted = true
        #expect(try ShapefileLayerReader.read(path: try writer.write(prj: bng)).areas.map(\.id) == ["B"])
    }

    /// "Café – Œuvre €" in Windows-1252 (code chart, Microsoft) and in ISO-8859-1.
    static let windows1252Bytes: [UInt8] = [0x43, 0x61, 0x66, 0xE9, 0x20, 0x96, 0x20, 0x8C, 0x75, 0x76, 0x72, 0x65, 0x20, 0x80]

    @Test(arguments: [
        ("UTF-8", Array("Café – Œuvre €".utf8), UInt8(0), "Café – Œuvre €"),
        ("1252", windows1252Bytes, UInt8(0), "Café – Œuvre €"),
        ("ISO-8859-1", [0x43, 0x61, 0x66, 0xE9], UInt8(0), "Café"),
        ("", windows1252Bytes, UInt8(0x57), "Café – Œuvre €"),  // no .cpg: LDID 0x57 = ANSI
        ("", Array("Café".utf8), UInt8(0), "Café"),  // no .cpg, no LDID: valid UTF-8 is UTF-8
        ("", [0x43, 0x61, 0x66, 0xE9], UInt8(0), "Café"),  // ... and invalid UTF-8 is 1252
    ])
    func namesDecodedInTheDeclaredCodePage(cpg: String, bytes: [UInt8], ldid: UInt8, expected: String) throws {
        var writer = shapefile([])
        writer.languageDriver = ldid
        writer.records = [ShapefileWriter.Record(rings: [square(0, 0, 1)], values: [], raw: [Array("A".utf8), bytes])]
        let layer = try ShapefileLayerReader.read(path: try writer.write(prj: bng, cpg: cpg.isEmpty ? nil : cpg))
        #expect(layer.areas[0].name == expected)
    }

    @Test func unknownCodePageIsRefused() throws {
        let path = try shapefile([record("A", [square(0, 0, 1)])]).write(prj: bng, cpg: "Big5")
        #expect(throws: FormatError.self) { try ShapefileLayerReader.read(path: path) }
    }

    @Test(arguments: [
        (bng, "EPSG:27700"),
        ("PROJCS[\"British_National_Grid\",GEOGCS[\"GCS_OSGB_1936\",DATUM[\"D_OSGB_1936\",SPHEROID[\"Airy_1830\",6377563.396,299.3249646]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Transverse_Mercator\"],PARAMETER[\"False_Easting\",400000.0],PARAMETER[\"False_Northing\",-100000.0],PARAMETER[\"Central_Meridian\",-2.0],PARAMETER[\"Scale_Factor\",0.9996012717],PARAMETER[\"Latitude_Of_Origin\",49.0],UNIT[\"Meter\",1.0]]", "EPSG:27700"),
        ("GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563,AUTHORITY[\"EPSG\",\"7030\"]],AUTHORITY[\"EPSG\",\"6326\"]],PRIMEM[\"Greenwich\",0],UNIT[\"degree\",0.0174532925199433],AUTHORITY[\"EPSG\",\"4326\"]]", "EPSG:4326"),
        ("GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]", "OGC:CRS84"),
        // Named like the grid but with another false easting: not EPSG:27700, kept as WKT.
        (bng.replacingOccurrences(of: "400000", with: "4000000"), bng.replacingOccurrences(of: "400000", with: "4000000")),
        // An authority inside, not closing, the WKT names a datum, not the CRS: kept as WKT.
        ("GEOGCS[\"x\",DATUM[\"WGS_1984\",AUTHORITY[\"EPSG\",\"6326\"]],UNIT[\"degree\",0.0174532925199433]]", "GEOGCS[\"x\",DATUM[\"WGS_1984\",AUTHORITY[\"EPSG\",\"6326\"]],UNIT[\"degree\",0.0174532925199433]]"),
    ])
    func crsFromPrj(wkt: String, expected: String) {
        #expect(ShapefileLayerReader.crs(fromWKT: wkt + "\n") == expected)
    }

    @Test func withoutPrjDegreesAreLongitudeLatitudeAndMetresNeedACRS() throws {
        let degrees = try shapefile([record("A", [square(-1.6, 53.7, 0.1)])]).write()
        #expect(try ShapefileLayerReader.read(path: degrees).crs == "OGC:CRS84")
        let metres = try shapefile([record("A", [square(430_000, 433_000, 100)])]).write()
        #expect(throws: FormatError.self) { try ShapefileLayerReader.read(path: metres) }
        #expect(try ShapefileLayerReader.read(path: metres, crs: "EPSG:27700").crs == "EPSG:27700")
    }

    @Test func siblingFilesFoundFromAnyComponentOrTheStem() throws {
        let path = try shapefile([record("A", [square(0, 0, 1)])]).write(prj: bng)
        let stem = String(path.dropLast(4))
        for p in [stem, stem + ".dbf", stem + ".prj"] {
            #expect(try ShapefileLayerReader.read(path: p).areas.map(\.id) == ["A"])
        }
    }
}
