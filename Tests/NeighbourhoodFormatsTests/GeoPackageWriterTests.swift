import Foundation
import GRDB
import NeighbourhoodFormats
import NeighbourhoodGeometry
import Testing

/// The GeoPackage writer and binary geometry codec, read back with plain SQL (GRDB over the
/// system SQLite), with the project's reader and against shapely's WKB.
@Suite struct GeoPackageWriterTests {
    @Test func writesApplicationIDUserVersionAndTheCoreTables() throws {
        let path = try GeoPackageFixtures.file()
        let queue = try DatabaseQueue(path: path)
        try queue.read { db in
            #expect(try Int.fetchOne(db, sql: "PRAGMA application_id") == 0x4750_4B47)  // 'GPKG'
            #expect(try Int.fetchOne(db, sql: "PRAGMA user_version") == 10300)
            let systems = try Row.fetchAll(db, sql: "SELECT srs_id, organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys ORDER BY srs_id")
            #expect(systems.map { $0[0] as Int } == [-1, 0, 4326, 27700])
            #expect(systems[3][1] as String == "EPSG" && systems[3][2] as Int == 27700 && systems[3][3] as String == "PROJCS[\"test\"]")
            let contents = try Row.fetchOne(db, sql: "SELECT data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id FROM gpkg_contents WHERE table_name = 'areas'")!
            #expect(contents[0] as String == "features" && contents[1] as String == "areas" && contents[2] as String == "test areas")
            // The union of the three areas' squares: x 400,000 to 400,450, y 430,000 to 430,100.
            #expect([contents[3], contents[4], contents[5], contents[6]] as [Double] == [400_000, 430_000, 400_450, 430_100])
            #expect(contents[7] as Int == 27700)
            let column = try Row.fetchOne(db, sql: "SELECT column_name, geometry_type_name, srs_id, z, m FROM gpkg_geometry_columns WHERE table_name = 'areas'")!
            #expect(column[0] as String == "geom" && column[1] as String == "MULTIPOLYGON" && column[2] as Int == 27700)
            #expect(column[3] as Int == 0 && column[4] as Int == 0)
            let extension_ = try Row.fetchOne(db, sql: "SELECT column_name, scope FROM gpkg_extensions WHERE table_name = 'areas' AND extension_name = 'gpkg_rtree_index'")
            #expect(extension_?[0] as String? == "geom" && extension_?[1] as String? == "write-only")
            let triggers = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'areas' ORDER BY name")
            #expect(triggers == ["delete", "insert", "update1", "update2", "update3", "update4"].map { "rtree_areas_geom_" + $0 })
            // The R-tree holds each feature's box (SQLite stores them as 32-bit floats, rounded outwards).
            let boxes = try Row.fetchAll(db, sql: "SELECT id, minx, maxx, miny, maxy FROM rtree_areas_geom ORDER BY id")
            #expect(boxes.map { $0[0] as Int } == [1, 2, 3])
            let minX: Double = boxes[2][1], maxX: Double = boxes[2][2]
            #expect(minX <= 400_200 && minX > 400_199 && maxX >= 400_450 && maxX < 400_451)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM rtree_areas_geom WHERE maxx >= 400150 AND minx <= 400160") == 1)
            #expect(try String.fetchOne(db, sql: "SELECT rtreecheck('rtree_areas_geom')") == "ok")
        }
    }

    @Test func blobHeaderHasMagicVersionFlagsSrsAndEnvelope() throws {
        let path = try GeoPackageFixtures.file()
        let blob = try GeoPackageFixtures.blob(path, fid: 3)
        #expect(Array(blob[0..<4]) == [0x47, 0x50, 0, 0b0000_0011])  // 'GP', version 0, xy envelope, little endian
        #expect(Array(blob[4..<8]) == GeoPackageFixtures.le(UInt32(27700)))
        let envelope = (0..<4).map { k in
            Double(bitPattern: (0..<8).reduce(UInt64(0)) { $0 | UInt64(blob[8 + 8 * k + $1]) << (8 * UInt64($1)) })
        }
        #expect(envelope == [400_200, 400_450, 430_000, 430_100])  // minx, maxx, miny, maxy
        #expect(blob[40] == 1 && Array(blob[41..<45]) == GeoPackageFixtures.le(UInt32(6)))  // little-endian MultiPolygon
    }

    @Test func readerGivesBackWhatTheWriterWrote() throws {
        let layer = try GeoPackageFixtures.areas()
        let read = try GeoPackageLayerReader.read(
            path: try GeoPackageFixtures.file(), fields: LayerFields(id: "code", name: "label", parent: "district"))
        #expect(read.crs == "EPSG:27700")
        #expect(read.areas.map(\.id) == ["A", "B", "C"])
        #expect(read.areas.map(\.name) == ["Area A", "Area B", "Area C"])
        #expect(read.areas.map(\.parentID) == ["D1", "D1", "D2"])
        for (area, feature) in zip(read.areas, layer.features) {
            #expect(FeatureGeometry.multiPolygon(area.geometry) == feature.geometry)
        }
    }

    @Test func fieldsAreDetectedAndTheFidIsTheLastResortId() throws {
        let path = try GeoPackageFixtures.file([
            FeatureLayer(
                table: "cells", srs: GeoPackageFixtures.bng, geometryType: .polygon, fields: [FeatureField("count", .integer)],
                features: [
                    Feature(geometry: .polygon(try GeoPackageFixtures.square(0, 0)), values: [.integer(7)]),
                    Feature(geometry: .polygon(try GeoPackageFixtures.square(100, 0)), values: [.null]),
                ])
        ])
        let read = try GeoPackageLayerReader.read(path: path)
        #expect(read.areas.map(\.id) == ["1", "2"])
        let byCount = try GeoPackageLayerReader.read(path: path, fields: LayerFields(id: "fid", name: "COUNT"))
        #expect(byCount.areas.map(\.name) == ["7", "2"])  // a NULL name falls back to the id
    }

    @Test func pointsAndNullsAndNonFiniteRealsAreWritten() throws {
        let path = try GeoPackageFixtures.file([
            FeatureLayer(
                table: "incidents", srs: GeoPackageFixtures.bng, geometryType: .point,
                fields: [FeatureField("weight", .real), FeatureField("type", .text)],
                features: [
                    Feature(geometry: .point(Point(430_000.25, 433_000.5)), values: [.real(.nan), .text("Burglary")]),
                    Feature(geometry: nil, values: [.real(2.5), .null]),
                ])
        ])
        let queue = try DatabaseQueue(path: path)
        try queue.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT weight, type, geom IS NULL FROM incidents ORDER BY fid")
            #expect(rows[0][0] as Double? == nil && rows[0][1] as String == "Burglary" && rows[0][2] as Bool == false)
            #expect(rows[1][0] as Double == 2.5 && rows[1][1] as String? == nil && rows[1][2] as Bool == true)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM rtree_incidents_geom") == 1)
        }
        let decoded = try GeoPackageBinary.decode(try GeoPackageFixtures.blob(path, fid: 1, table: "incidents"))
        #expect(decoded.geometry == .point(Point(430_000.25, 433_000.5)) && decoded.srsID == 27700)
    }

    @Test func badLayersAreRefusedWithTheLayerNamed() throws {
        let path = NSTemporaryDirectory() + "nbhd-test-\(UUID().uuidString).gpkg"
        let writer = try GeoPackageWriter(path: path)
        let base = try GeoPackageFixtures.areas()
        var badName = base
        badName.table = "my areas"
        var reserved = base
        reserved.fields[0] = FeatureField("FID", .text)
        var short = base
        short.features[1].values.removeLast()
        var wrongType = base
        wrongType.features[0].geometry = .point(Point(0, 0))
        for (layer, reason) in [
            (badName, "ASCII letters"), (reserved, "field 'FID'"), (short, "feature 1 has 3 values for 4 fields"),
            (wrongType, "feature 0 has a geometry that is not a MULTIPOLYGON"),
        ] {
            #expect {
                try writer.write(layer)
            } throws: { error in
                "\(error)".contains("layer '\(layer.table)'") && "\(error)".contains(reason)
            }
        }
        try writer.write(base)
        #expect(throws: FormatError.self) { try writer.write(base) }  // same table twice
        try writer.close()
    }

    @Test func streamedFeaturesAreWrittenAndABadOneLeavesNoTable() throws {
        let path = NSTemporaryDirectory() + "nbhd-test-\(UUID().uuidString).gpkg"
        let writer = try GeoPackageWriter(path: path)
        let schema = FeatureLayer(
            table: "points", srs: GeoPackageFixtures.bng, geometryType: .point, fields: [FeatureField("k", .integer)])
        let bad = (0..<10).lazy.map { k in Feature(geometry: .point(Point(Double(k), 0)), values: k == 7 ? [] : [.integer(k)]) }
        #expect {
            try writer.write(schema, features: bad)
        } throws: { error in
            "\(error)".hasSuffix("layer 'points': feature 7 has 0 values for 1 fields")
        }
        try writer.write(schema, features: (0..<1_000).lazy.map { k in Feature(geometry: .point(Point(Double(k), 0)), values: [.integer(k)]) })
        try writer.close()
        #expect(try GeoPackageLayerReader.layers(path: path) == ["points"])
        let queue = try DatabaseQueue(path: path)
        try queue.read { (db: Database) throws in
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM points") == 1_000)
            #expect(try Int.fetchOne(db, sql: "SELECT sum(k) FROM points") == 499_500)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM rtree_points_geom") == 1_000)
        }
    }

    @Test(arguments: [1, 51, 52, 2_601, 20_000])
    func packedRTreePassesSQLiteChecksAndAnswersWindowsLikeABruteForceScan(_ count: Int) throws {
        // Boxes from a fixed linear congruential sequence: overlapping, varied sizes.
        var state: UInt64 = 42
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        var boxes: [BoundingBox] = []
        let features = (0..<count).map { _ -> Feature in
            let x = 400_000 + next() * 50_000, y = 400_000 + next() * 40_000, w = 1 + next() * 2_000, h = 1 + next() * 2_000
            boxes.append(BoundingBox(minX: x, minY: y, maxX: x + w, maxY: y + h))
            return Feature(
                geometry: .polygon(try! Polygon(exterior: [Point(x, y), Point(x + w, y), Point(x + w, y + h), Point(x, y + h), Point(x, y)])),
                values: [])
        }
        let path = try GeoPackageFixtures.file([
            FeatureLayer(table: "boxes", srs: GeoPackageFixtures.bng, geometryType: .polygon, fields: [], features: features)
        ])
        let queue = try DatabaseQueue(path: path)
        try queue.read { (db: Database) throws in
            #expect(try String.fetchOne(db, sql: "SELECT rtreecheck('rtree_boxes_geom')") == "ok")
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM rtree_boxes_geom") == count)
            for _ in 0..<25 {
                let x = 400_000 + next() * 50_000, y = 400_000 + next() * 40_000
                let window = BoundingBox(minX: x, minY: y, maxX: x + 3_000, maxY: y + 2_000)
                let found = try Int.fetchAll(
                    db, sql: "SELECT id FROM rtree_boxes_geom WHERE maxx >= ? AND minx <= ? AND maxy >= ? AND miny <= ? ORDER BY id",
                    arguments: [window.minX, window.maxX, window.minY, window.maxY])
                // The index holds boxes rounded outwards to floats, so it may return a box that
                // only touches the window after rounding; it must never miss one.
                let expected = boxes.indices.filter { boxes[$0].intersects(window) }.map { $0 + 1 }
                #expect(Set(expected).isSubset(of: Set(found)))
                let extra = Set(found).subtracting(expected)
                #expect(extra.allSatisfy { id in
                    let b = boxes[id - 1]
                    return b.maxX >= window.minX - 0.1 && b.minX <= window.maxX + 0.1 && b.maxY >= window.minY - 0.1 && b.minY <= window.maxY + 0.1
                })
            }
        }
    }

    @Test func wkbAgreesWithShapely() throws {
        // shapely 2 (GEOS) writes ISO WKB little endian; the bytes after the 40-byte header must match.
        let polygon = try Polygon(
            exterior: [Point(0, 0), Point(10, 0), Point(10, 10), Point(0, 10), Point(0, 0)],
            holes: [[Point(2, 2), Point(2, 4), Point(4, 4), Point(2, 2)]])
        let geometry = FeatureGeometry.multiPolygon(try MultiPolygon([polygon, try GeoPackageFixtures.square(20, 0, 5)]))
        let ours = GeoPackageBinary.encode(geometry, srsID: 27700).dropFirst(40).map { String(format: "%02X", $0) }.joined()
        let script = """
            import shapely
            g = shapely.from_wkt("MULTIPOLYGON (((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 4, 4 4, 2 2)), ((20 0, 25 0, 25 5, 20 5, 20 0)))")
            print(shapely.to_wkb(g, hex=True, byte_order=1, output_dimension=2))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "python3 with shapely is needed (pip install -r Tests/reference/requirements.txt)")
        #expect(text.trimmingCharacters(in: .whitespacesAndNewlines) == ours)
    }

    @Test func decodesBigEndianAndZAndMeasuredWKB() throws {
        // A big-endian PolygonZ (ISO code 1003) with one triangle ring, after a header without envelope.
        var blob: [UInt8] = [0x47, 0x50, 0, 0b0000_0001] + GeoPackageFixtures.le(UInt32(27700))
        blob += [0, 0, 0, 0x03, 0xEB]  // big endian, type 1003
        blob += [0, 0, 0, 1, 0, 0, 0, 4]  // one ring of four positions
        for (x, y) in [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (0.0, 0.0)] {
            for v in [x, y, 99.0] { blob += (0..<8).map { UInt8(v.bitPattern >> (8 * UInt64(7 - $0)) & 0xFF) } }
        }
        let decoded = try GeoPackageBinary.decode(blob)
        #expect(decoded.envelope == nil)
        #expect(decoded.geometry == .polygon(try Polygon(exterior: [Point(0, 0), Point(1, 0), Point(0, 1), Point(0, 0)])))
    }
}
