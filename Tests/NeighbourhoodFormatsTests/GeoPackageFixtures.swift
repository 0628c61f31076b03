import Foundation
import GRDB
import NeighbourhoodFormats
import NeighbourhoodGeometry

/// Small GeoPackages for the reader and writer tests, written by ``GeoPackageWriter`` and
/// then damaged with plain SQL.
enum GeoPackageFixtures {
    /// A stand-in srs row: the tests check that the definition is stored, not what it says.
    static let bng = GeoPackageSRS.epsg(27700, name: "OSGB36 / British National Grid", definition: "PROJCS[\"test\"]")

    /// A square with corners (x, y) and (x + side, y + side).
    static func square(_ x: Double, _ y: Double, _ side: Double = 100) throws -> Polygon {
        try Polygon(exterior: [Point(x, y), Point(x + side, y), Point(x + side, y + side), Point(x, y + side), Point(x, y)])
    }

    /// Three areas A, B, C (B with a hole, C in two parts), with names and parents.
    static func areas() throws -> FeatureLayer {
        let a = MultiPolygon(try square(400_000, 430_000))
        let b = MultiPolygon(
            try Polygon(
                exterior: try square(400_100, 430_000).exterior,
                holes: [[Point(400_120, 430_020), Point(400_120, 430_040), Point(400_140, 430_040), Point(400_120, 430_020)]]))
        let c = try MultiPolygon([try square(400_200, 430_000), try square(400_400, 430_000, 50)])
        return FeatureLayer(
            table: "areas", description: "test areas", srs: bng, geometryType: .multiPolygon,
            fields: [FeatureField("code", .text), FeatureField("label", .text), FeatureField("district", .text), FeatureField("n", .integer)],
            features: [
                Feature(geometry: .multiPolygon(a), values: [.text("A"), .text("Area A"), .text("D1"), .integer(1)]),
                Feature(geometry: .multiPolygon(b), values: [.text("B"), .text("Area B"), .text("D1"), .integer(2)]),
                Feature(geometry: .multiPolygon(c), values: [.text("C"), .text("Area C"), .text("D2"), .integer(3)]),
            ])
    }

    /// A fresh GeoPackage holding `layers` (default: ``areas()``).
    static func file(_ layers: [FeatureLayer]? = nil) throws -> String {
        let path = NSTemporaryDirectory() + "nbhd-test-\(UUID().uuidString).gpkg"
        let writer = try GeoPackageWriter(path: path)
        for layer in try layers ?? [areas()] { try writer.write(layer) }
        try writer.close()
        return path
    }

    /// Runs SQL on a GeoPackage with foreign keys off (so a test can break references), after
    /// dropping the R-tree triggers (they call `ST_IsEmpty` and the like, which only
    /// GeoPackage-aware clients define).
    static func damage(_ path: String, _ sql: String, arguments: StatementArguments = StatementArguments()) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.writeWithoutTransaction { db in
            for trigger in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'rtree_%'") {
                try db.execute(sql: "DROP TRIGGER \"\(trigger)\"")
            }
            try db.execute(sql: sql, arguments: arguments)
        }
        try queue.close()
    }

    /// The blob of feature `fid` of `table`.
    static func blob(_ path: String, fid: Int, table: String = "areas") throws -> [UInt8] {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in
            [UInt8](try Data.fetchOne(db, sql: "SELECT geom FROM \(table) WHERE fid = ?", arguments: [fid])!)
        }
    }

    /// A GeoPackage geometry built byte by byte (little endian, no envelope): one polygon with
    /// the given rings, each written with exactly the positions given (closed or not), and
    /// `declaredPoints` overriding the first ring's point count when set.
    static func polygonBlob(srsID: Int32 = 27700, rings: [[(Double, Double)]], declaredPoints: UInt32? = nil) -> [UInt8] {
        var bytes: [UInt8] = [0x47, 0x50, 0, 0b0000_0001]
        bytes += le(UInt32(bitPattern: srsID))
        bytes.append(1)
        bytes += le(UInt32(3))
        bytes += le(UInt32(rings.count))
        for (i, ring) in rings.enumerated() {
            bytes += le(i == 0 ? declaredPoints ?? UInt32(ring.count) : UInt32(ring.count))
            for (x, y) in ring { bytes += le(x.bitPattern) + le(y.bitPattern) }
        }
        return bytes
    }

    static func le(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8(v >> (8 * $0) & 0xFF) } }
    static func le(_ v: UInt64) -> [UInt8] { (0..<8).map { UInt8(v >> (8 * UInt64($0)) & 0xFF) } }
}
