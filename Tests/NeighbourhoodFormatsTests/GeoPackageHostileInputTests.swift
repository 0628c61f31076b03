import Foundation
import GRDB
import NeighbourhoodFormats
import NeighbourhoodGeometry
import Testing

/// Damaged and hostile GeoPackages: each is refused with an error naming the file, the layer,
/// the feature (index, fid and id) and the reason; declared counts are checked against the
/// bytes present before anything is allocated. The rows of `docs/boundary-formats.md`.
@Suite struct GeoPackageHostileInputTests {
    static let fields = LayerFields(id: "code", name: "label", parent: "district")

    /// Reads `path` and returns the error's description, or records an issue if it read.
    static func failure(_ path: String, fields: LayerFields = fields, layer: String? = nil) -> String {
        do {
            _ = try GeoPackageLayerReader.read(path: path, fields: fields, layer: layer)
            Issue.record("\(path) was read without error")
            return ""
        } catch {
            return "\(error)"
        }
    }

    /// A valid file whose feature B (fid 2) gets `blob` as its geometry.
    static func withBlob(_ blob: [UInt8]) throws -> String {
        let path = try GeoPackageFixtures.file()
        try GeoPackageFixtures.damage(path, "UPDATE areas SET geom = ? WHERE fid = 2", arguments: [Data(blob)])
        return path
    }

    @Test func truncatedFile() throws {
        let path = try GeoPackageFixtures.file()
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        for keep in [bytes.count / 2, 2_000, 100] {
            let cut = try temporaryFile(bytes: Array(bytes.prefix(keep)), suffix: ".gpkg")
            let message = Self.failure(cut)
            #expect(message.hasPrefix(cut + ": ") && message.contains("SQLite") && message.hasSuffix("(a truncated or damaged file?)"), "\(keep) bytes: \(message)")
        }
    }

    @Test func fileThatIsNotSQLite() throws {
        let path = try temporaryFile("{\"type\":\"FeatureCollection\",\"features\":[]}", suffix: ".gpkg")
        #expect(Self.failure(path) == "\(path): not an SQLite database (the file does not start with 'SQLite format 3'): a GeoPackage is an SQLite file")
        let empty = try temporaryFile("", suffix: ".gpkg")
        #expect(Self.failure(empty).contains("not an SQLite database"))
    }

    @Test func sqliteWithoutGeoPackageTables() throws {
        let path = NSTemporaryDirectory() + "nbhd-test-\(UUID().uuidString).gpkg"
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "CREATE TABLE areas (code TEXT, geom BLOB)") }
        try queue.close()
        #expect(Self.failure(path) == "\(path): not a GeoPackage: the SQLite database has no gpkg_contents table")
    }

    @Test func wrongMagicInTheGeometryBlob() throws {
        var blob = GeoPackageBinary.encode(.multiPolygon(MultiPolygon(try GeoPackageFixtures.square(400_100, 430_000))), srsID: 27700)
        blob[0] = 0x58  // 'X'
        let path = try Self.withBlob(blob)
        #expect(
            Self.failure(path)
                == "\(path) (layer areas): feature 1 (id B): fid 2: geometry byte 0: magic is 0x58 0x50, not 'GP' (0x47 0x50): not a GeoPackage geometry")
    }

    @Test func envelopeLongerThanTheBlob() throws {
        // Flags say a 64-byte xyzm envelope; the blob ends after 40 bytes.
        var blob = Array(GeoPackageBinary.encode(.multiPolygon(MultiPolygon(try GeoPackageFixtures.square(400_100, 430_000))), srsID: 27700).prefix(40))
        blob[3] = 0b0000_1001
        let path = try Self.withBlob(blob)
        #expect(Self.failure(path).hasSuffix("fid 2: geometry byte 8: the header declares a 64-byte envelope but the blob has 40 bytes in all"))
    }

    @Test func envelopeThatDoesNotContainTheGeometry() throws {
        var blob = GeoPackageBinary.encode(.multiPolygon(MultiPolygon(try GeoPackageFixtures.square(400_100, 430_000))), srsID: 27700)
        let maxX = GeoPackageFixtures.le((400_150.0).bitPattern)  // the square reaches 400,200
        blob.replaceSubrange(16..<24, with: maxX)
        let path = try Self.withBlob(blob)
        #expect(
            Self.failure(path).hasSuffix(
                "fid 2: geometry byte 8: the envelope x 400100.0...400150.0, y 430000.0...430100.0 does not contain the geometry (x 400100.0...400200.0, y 430000.0...430100.0)"))
    }

    @Test func wkbRingCountThatLies() throws {
        // One ring present, five declared.
        var blob = GeoPackageFixtures.polygonBlob(rings: [[(0, 0), (1, 0), (0, 1), (0, 0)]])
        blob.replaceSubrange(13..<17, with: GeoPackageFixtures.le(UInt32(5)))
        let path = try Self.withBlob(blob)
        #expect(Self.failure(path).hasSuffix("fid 2: geometry byte 85: a 4-byte integer runs past the end of the 85-byte blob"))
    }

    @Test func billionPointsDeclaredInARing() throws {
        let blob = GeoPackageFixtures.polygonBlob(rings: [[(0, 0), (1, 0), (0, 1), (0, 0)]], declaredPoints: 1_000_000_000)
        let path = try Self.withBlob(blob)
        #expect(
            Self.failure(path).hasSuffix(
                "fid 2: geometry byte 17: declares 1000000000 points in a ring, which need at least 16000000000 bytes but 64 remain"))
    }

    @Test func bytesAfterTheGeometry() throws {
        let path = try Self.withBlob(GeoPackageFixtures.polygonBlob(rings: [[(0, 0), (1, 0), (0, 1), (0, 0)]]) + [0, 0, 0])
        #expect(Self.failure(path).hasSuffix("fid 2: geometry byte 85: 3 byte(s) follow the end of the WKB geometry"))
    }

    @Test func ringOfTwoPoints() throws {
        let path = try Self.withBlob(GeoPackageFixtures.polygonBlob(rings: [[(0, 0), (0, 0)]]))
        #expect(
            Self.failure(path)
                == "\(path) (layer areas): feature 1 (id B): fid 2: geometry byte 8: ring 0 (outer): ring has 2 position(s); a closed ring needs at least 4")
    }

    @Test(arguments: [Double.nan, .infinity, -.infinity])
    func nonFiniteCoordinates(_ value: Double) throws {
        let path = try Self.withBlob(GeoPackageFixtures.polygonBlob(rings: [[(0, 0), (value, 0), (0, 1), (0, 0)]]))
        #expect(Self.failure(path).contains("fid 2: geometry byte 8: ring 0 (outer): position 1 has a non-finite coordinate"))
    }

    @Test func unknownSrsID() throws {
        let path = try GeoPackageFixtures.file()
        try GeoPackageFixtures.damage(path, "UPDATE gpkg_geometry_columns SET srs_id = 999")
        #expect(Self.failure(path) == "\(path): layer 'areas': srs id 999 of column 'geom' is not in gpkg_spatial_ref_sys")
    }

    @Test func undefinedCartesianSrs() throws {
        let path = try GeoPackageFixtures.file()
        try GeoPackageFixtures.damage(path, "UPDATE gpkg_geometry_columns SET srs_id = -1")
        #expect(Self.failure(path).contains("layer 'areas': srs id -1 is an undefined coordinate system"))
    }

    @Test func geometrySrsDiffersFromTheColumns() throws {
        let path = try Self.withBlob(GeoPackageFixtures.polygonBlob(srsID: 4326, rings: [[(0, 0), (1, 0), (0, 1), (0, 0)]]))
        #expect(Self.failure(path).hasSuffix("fid 2: the geometry's srs id 4326 differs from the column's 27700 (gpkg_geometry_columns)"))
    }

    @Test func nullAndEmptyGeometries() throws {
        let null = try GeoPackageFixtures.file()
        try GeoPackageFixtures.damage(null, "UPDATE areas SET geom = NULL WHERE fid = 3")
        #expect(Self.failure(null) == "\(null) (layer areas): feature 2 (id C): fid 3: the geometry is NULL: an area needs a boundary")
        let empty = try Self.withBlob([0x47, 0x50, 0, 0b0001_0001] + GeoPackageFixtures.le(UInt32(27700)))
        #expect(Self.failure(empty).hasSuffix("fid 2: the geometry is empty: an area needs a boundary"))
    }

    @Test func pointAndLineLayersAndWKBTypes() throws {
        let path = try GeoPackageFixtures.file()
        try GeoPackageFixtures.damage(path, "UPDATE gpkg_geometry_columns SET geometry_type_name = 'LINESTRING'")
        #expect(Self.failure(path) == "\(path): layer 'areas': geometry type is LINESTRING; boundary layers need POLYGON or MULTIPOLYGON")
        // A LineString blob in a polygon layer.
        var line: [UInt8] = [0x47, 0x50, 0, 1] + GeoPackageFixtures.le(UInt32(27700)) + [1] + GeoPackageFixtures.le(UInt32(2))
        line += GeoPackageFixtures.le(UInt32(0))
        let lined = try Self.withBlob(line)
        #expect(
            Self.failure(lined).hasSuffix(
                "fid 2: geometry byte 9: WKB geometry type 2 (LineString) is not supported; boundary layers need Polygon or MultiPolygon"))
    }

    @Test func missingAndDuplicateIDs() throws {
        let path = try GeoPackageFixtures.file()
        try GeoPackageFixtures.damage(path, "UPDATE areas SET code = NULL WHERE fid = 2")
        #expect(Self.failure(path) == "\(path) (layer areas): feature 1: fid 2: the id field 'code' is empty")
        let twice = try GeoPackageFixtures.file()
        try GeoPackageFixtures.damage(twice, "UPDATE areas SET code = 'A' WHERE fid = 3")
        #expect(Self.failure(twice) == "\(twice): feature 2 (id A): id 'A' is also used by feature 0")
    }

    @Test func layersAndFieldsThatDoNotExist() throws {
        let base = try GeoPackageFixtures.areas()
        var second = base
        second.table = "districts"
        let path = try GeoPackageFixtures.file([base, second])
        #expect(Self.failure(path).hasSuffix("holds 2 feature layers (areas, districts): choose one with --layer NAME"))
        #expect(Self.failure(path, layer: "wards").hasSuffix("no feature layer named 'wards'; layers are: areas, districts"))
        #expect(try GeoPackageLayerReader.read(path: path, fields: Self.fields, layer: "DISTRICTS").count == 3)
        #expect(
            Self.failure(path, fields: LayerFields(id: "LSOA11CD"), layer: "areas")
                == "\(path): layer 'areas': no id field named 'LSOA11CD'; fields are: fid, code, label, district, n")
        #expect(try GeoPackageLayerReader.layers(path: path) == ["areas", "districts"])
        let missing = NSTemporaryDirectory() + "nbhd-test-missing.gpkg"
        #expect(Self.failure(missing) == "\(missing): cannot open the GeoPackage: no such file or no permission")
    }
}
