import Foundation
import NeighbourhoodGeometry
import Testing
@testable import NeighbourhoodProjection

/// Reads a fixture of `a,b,c,d` rows written by Tests/reference/make_projection_fixture.py.
func fixture(_ name: String) throws -> [(Point, Point)] {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent(name)
    let text = try String(contentsOf: url, encoding: .utf8)
    return text.split(separator: "\n").dropFirst().filter { !$0.hasPrefix("#") }.map { line in
        let v = line.split(separator: ",").map { Double($0)! }
        return (Point(v[0], v[1]), Point(v[2], v[3]))
    }
}

@Suite struct ProjectionTests {
    @Test func forwardAgreesWithPyprojWithinOneMillimetre() throws {
        let cases = try fixture("pyproj-gb-grid.csv")
        #expect(cases.count > 1_000)
        var points = cases.map(\.0)
        let failures = try CoordinateTransformation(from: "EPSG:4326", to: "EPSG:27700").transform(&points)
        #expect(failures == 0)
        let worst = zip(points, cases).map { max(abs($0.x - $1.1.x), abs($0.y - $1.1.y)) }.max()!
        #expect(worst < 0.001, "worst difference \(worst) m")
    }

    @Test func inverseAgreesWithPyprojWithinOneMillimetre() throws {
        let cases = try fixture("pyproj-gb-grid-inverse.csv")
        #expect(cases.count > 1_000)
        let transformer = try CoordinateTransformer(from: "EPSG:27700", to: "EPSG:4326")
        var points = cases.map(\.0)
        #expect(transformer.transform(&points) == 0)
        // 1 mm is about 1.6e-8 degrees of longitude at 60°N and 9e-9 of latitude.
        let worstLon = zip(points, cases).map { abs($0.x - $1.1.x) }.max()!
        let worstLat = zip(points, cases).map { abs($0.y - $1.1.y) }.max()!
        #expect(worstLon < 1e-8 && worstLat < 1e-8, "worst \(worstLon), \(worstLat) degrees")
    }

    @Test func axisOrderIsLongitudeFirstForEPSG4326() throws {
        let t = try CoordinateTransformer(from: "EPSG:4326", to: "EPSG:27700")
        let leeds = try t.transform(Point(x: -1.5491, y: 53.7997))
        #expect(abs(leeds.x - 429_950) < 500 && abs(leeds.y - 433_600) < 500, "\(leeds)")
        let back = try t.transform(leeds, inverse: true)
        // The Helmert step's inverse is not exact: the round trip is good to about 1e-7°.
        #expect(abs(back.x + 1.5491) < 1e-6 && abs(back.y - 53.7997) < 1e-6, "\(back)")
    }

    @Test func acceptsProjStringsAndWKT() throws {
        let proj = "+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy +units=m +no_defs"
        let t = try CoordinateTransformer(from: "EPSG:27700", to: proj)
        let p = try t.transform(Point(x: 430_000, y: 433_000))
        #expect(abs(p.x - 430_000) < 1e-6 && abs(p.y - 433_000) < 1e-6)
        let info = try CoordinateReferenceSystem.info("EPSG:27700")
        #expect(info.name == "OSGB36 / British National Grid")
        #expect(!info.isGeographic)
    }

    @Test func unknownCRSCarriesPROJsMessage() {
        let error = #expect(throws: ProjectionError.self) {
            try CoordinateTransformer(from: "EPSG:999999", to: "EPSG:27700")
        }
        #expect(error?.code == .unknownCRS)
        #expect(error?.message.hasPrefix("unknown CRS 'EPSG:999999': ") == true)
        #expect(error?.message.contains("crs not found") == true, "\(error?.message ?? "")")
    }

    @Test func degreesAreRefusedForDistances() {
        let error = #expect(throws: ProjectionError.self) {
            try CoordinateReferenceSystem.requireProjected("EPSG:4326")
        }
        #expect(error?.code == .notProjected)
    }

    @Test func failedPointsBecomeInfiniteAndAreCounted() throws {
        let t = try CoordinateTransformer(from: "EPSG:4326", to: "EPSG:27700")
        var points = [Point(x: -1.5, y: 53.8), Point(x: 0, y: 95), Point(x: .nan, y: 1)]
        #expect(t.transform(&points) == 2)
        #expect(points[0].isFinite && !points[1].isFinite && !points[2].isFinite)
        #expect(throws: ProjectionError.self) { try t.transform(Point(x: 0, y: 95)) }
    }

    @Test func parallelBatchMatchesSerial() throws {
        var rng = SystemRandomNumberGenerator()
        let input = (0..<400_000).map { _ in
            Point(x: Double.random(in: -6...1.5, using: &rng), y: Double.random(in: 50...58, using: &rng))
        }
        var parallel = input
        try CoordinateTransformation(from: "EPSG:4326", to: "EPSG:27700").transform(&parallel)
        var serial = input
        try CoordinateTransformer(from: "EPSG:4326", to: "EPSG:27700").transform(&serial)
        #expect(parallel == serial)
    }
}

@Suite struct ESRIWKTTests {
    @Test func britishNationalGridIsNamedAsESRIDoes() throws {
        let wkt = try CoordinateReferenceSystem.esriWKT("EPSG:27700")
        #expect(wkt.hasPrefix("PROJCS[\"British_National_Grid\""))
        #expect(wkt.contains("GCS_OSGB_1936") && wkt.contains("Transverse_Mercator"))
        #expect(!wkt.contains("\n"))
        #expect(try CoordinateReferenceSystem.esriWKT("EPSG:4326").hasPrefix("GEOGCS[\"GCS_WGS_1984\""))
        #expect(throws: ProjectionError.self) { try CoordinateReferenceSystem.esriWKT("EPSG:999999") }
    }
}
