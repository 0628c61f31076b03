import Foundation
import NeighbourhoodGeometry
import Testing
@testable import NeighbourhoodProjection

/// The area of use PROJ 9.1 records for "OSGB36 to WGS 84 (6)": longitude −8.82…1.92,
/// latitude 49.79…60.94.
private let area = BoundingBox(minX: -8.82, minY: 49.79, maxX: 1.92, maxY: 60.94)

/// Metres between two longitude/latitude points a few nanodegrees apart.
private func metres(_ a: Point, _ b: Point) -> Double {
    let m = 111_320.0
    return max(abs(a.x - b.x) * m * cos(a.y * .pi / 180), abs(a.y - b.y) * m)
}

/// Largest coordinate difference between two equally long batches.
private func worst(_ a: [Point], _ b: [Point]) -> Double {
    zip(a, b).map { max(abs($0.x - $1.x), abs($0.y - $1.y)) }.max() ?? 0
}

/// Points every `step` degrees over the area of use.
private func geographicGrid(step: Double) -> [Point] {
    var points: [Point] = []
    var lat = area.minY + step / 2
    while lat < area.maxY {
        var lon = area.minX + step / 2
        while lon < area.maxX {
            points.append(Point(lon, lat))
            lon += step
        }
        lat += step
    }
    return points
}

@Suite struct NativeFastPathTests {
    let native = try! CoordinateTransformer(from: "EPSG:4326", to: "EPSG:27700")
    let proj = try! CoordinateTransformer(from: "EPSG:4326", to: "EPSG:27700", allowingNativeFastPath: false)

    @Test func isActiveForWGS84AndBritishNationalGridBothWays() throws {
        // Fails if PROJ here chooses another operation (e.g. the OSTN15 grid is installed).
        #expect(native.usesNativeFastPath)
        #expect(try CoordinateTransformer(from: "EPSG:27700", to: "EPSG:4326").usesNativeFastPath)
        #expect(!proj.usesNativeFastPath)
    }

    /// PROJ 9.1 runs the very same pipeline for longitude-first WGS 84 and for ETRS89 (through
    /// the null "ETRS89 to WGS 84 (1)"), so those take the native route too, and agree.
    @Test(arguments: ["OGC:CRS84", "EPSG:4258"])
    func isActiveWherePROJRunsTheSamePipeline(source: String) throws {
        let fast = try CoordinateTransformer(from: source, to: "EPSG:27700")
        let slow = try CoordinateTransformer(from: source, to: "EPSG:27700", allowingNativeFastPath: false)
        #expect(fast.usesNativeFastPath)
        var a = geographicGrid(step: 0.25), b = a
        fast.transform(&a)
        slow.transform(&b)
        #expect(worst(a, b) < 1e-6)
    }

    @Test(arguments: [
        ("EPSG:4326", "EPSG:3857"), ("EPSG:4326", "EPSG:29903"),
        ("EPSG:4326", "+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy +units=m"), ("EPSG:4326", "EPSG:32630"),
        ("EPSG:27700", "EPSG:32630"), ("EPSG:4277", "EPSG:27700"), ("EPSG:27700", "EPSG:3857"),
    ])
    func isOffForOtherTransformations(source: String, target: String) throws {
        #expect(try !CoordinateTransformer(from: source, to: target).usesNativeFastPath)
    }

    @Test func optOutByParameterAndEnvironmentValue() {
        #expect(!proj.usesNativeFastPath)
        for value in ["0", "false", "FALSE", "no", "off"] {
            #expect(!NativeFastPath.isAllowed(environmentValue: value), "\(value)")
        }
        for value in [nil, "1", "yes", "true", ""] as [String?] {
            #expect(NativeFastPath.isAllowed(environmentValue: value), "\(value ?? "unset")")
        }
        #expect(NativeFastPath.environmentVariable == "NBHD_PROJ_NATIVE")
    }

    @Test func forwardMatchesPROJOnADenseGridOverGreatBritain() {
        let input = geographicGrid(step: 0.05)
        #expect(input.count > 45_000)
        var fast = input, reference = input
        #expect(native.transform(&fast) == 0)
        #expect(proj.transform(&reference) == 0)
        let difference = worst(fast, reference)
        print("native vs PROJ, 4326->27700, \(input.count) grid points: max \(difference) m")
        #expect(difference <= 0.001)
        #expect(difference < 1e-6, "expected micrometres or better, got \(difference) m")
    }

    @Test func inverseMatchesPROJOnADenseGridOverGreatBritain() {
        var input = geographicGrid(step: 0.05)
        #expect(proj.transform(&input) == 0)  // grid positions of the geographic grid
        var fast = input, reference = input
        #expect(native.transform(&fast, inverse: true) == 0)
        #expect(proj.transform(&reference, inverse: true) == 0)
        let difference = zip(fast, reference).map { metres($0, $1) }.max()!
        print("native vs PROJ, 27700->4326, \(input.count) grid points: max \(difference) m")
        #expect(difference <= 0.001)
        #expect(difference < 1e-6, "expected micrometres or better, got \(difference) m")
    }

    @Test func randomPointsMatchPROJBothWays() throws {
        var rng = SystemRandomNumberGenerator()
        let input = (0..<200_000).map { _ in
            Point(Double.random(in: area.minX...area.maxX, using: &rng), Double.random(in: area.minY...area.maxY, using: &rng))
        }
        var fast = input, reference = input
        #expect(native.transform(&fast) == 0)
        #expect(proj.transform(&reference) == 0)
        let forward = worst(fast, reference)
        // The other transformer's forward direction: 27700 -> 4326.
        let back = try CoordinateTransformer(from: "EPSG:27700", to: "EPSG:4326")
        let backPROJ = try CoordinateTransformer(from: "EPSG:27700", to: "EPSG:4326", allowingNativeFastPath: false)
        var fastBack = reference, referenceBack = reference
        #expect(back.transform(&fastBack) == 0)
        #expect(backPROJ.transform(&referenceBack) == 0)
        let inverse = zip(fastBack, referenceBack).map { metres($0, $1) }.max()!
        print("native vs PROJ, 200,000 random points: forward max \(forward) m, inverse max \(inverse) m")
        #expect(forward <= 0.001 && forward < 1e-6)
        #expect(inverse <= 0.001 && inverse < 1e-6)
    }

    @Test func agreesWithPyprojFixtures() throws {
        let cases = try fixture("pyproj-gb-grid.csv")
        var points = cases.map(\.0)
        #expect(native.transform(&points) == 0)
        let forward = worst(points, cases.map(\.1))
        let inverseCases = try fixture("pyproj-gb-grid-inverse.csv")
        var back = inverseCases.map(\.0)
        #expect(native.transform(&back, inverse: true) == 0)
        let inverse = zip(back, inverseCases.map(\.1)).map { metres($0, $1) }.max()!
        print("native vs pyproj fixtures: forward max \(forward) m (\(cases.count) points), inverse max \(inverse) m (\(inverseCases.count) points)")
        #expect(forward <= 0.001)
        #expect(inverse <= 0.001)
    }

    @Test func pointsOutsideTheAreaAreExactlyPROJs() {
        let outside = [
            Point(-9.5, 55), Point(3, 52), Point(-2, 61.5), Point(-2, 49), Point(2.35, 48.86), Point(-74, 40.7),
            Point(151.2, -33.9), Point(0, 95), Point(.nan, 53), Point(-1, .infinity), Point(-8.8200001, 55),
            Point(area.minX, 55), Point(-2, area.maxY), Point(area.maxX, area.minY),
        ]
        // Interleave with points inside so that the batch takes both routes.
        let inside = [Point(-1.5, 53.8), Point(-0.1, 51.5), Point(-3.2, 56)]
        var mixed: [Point] = []
        for (k, p) in outside.enumerated() { mixed.append(p); mixed.append(inside[k % inside.count]) }
        var fast = mixed, reference = mixed
        let fastFailures = native.transform(&fast), referenceFailures = proj.transform(&reference)
        #expect(fastFailures == referenceFailures)
        for k in stride(from: 0, to: mixed.count, by: 2) {
            #expect(fast[k] == reference[k], "\(mixed[k]): \(fast[k]) vs \(reference[k])")
            #expect(max(abs(fast[k + 1].x - reference[k + 1].x), abs(fast[k + 1].y - reference[k + 1].y)) < 1e-6)
        }
        // The same in the inverse direction, from grid positions outside PROJ's box.
        let gridOutside = [Point(-300_000, 500_000), Point(900_000, 300_000), Point(400_000, 1_400_000), Point(.nan, 0)]
        var fastGrid = gridOutside, referenceGrid = gridOutside
        #expect(native.transform(&fastGrid, inverse: true) == proj.transform(&referenceGrid, inverse: true))
        #expect(fastGrid == referenceGrid)
    }

    @Test func pointsJustInsideTheBoxesMatchPROJ() throws {
        // Along the edges of both boxes PROJ must still be using the Helmert pipeline: a
        // ballpark answer would be ~100 m away.
        let path = try #require(native.fastPath)
        let g = path.geographicBox
        var edge: [Point] = []
        for k in 1..<200 {
            let t = Double(k) / 200
            let lon = g.minX + t * (g.maxX - g.minX), lat = g.minY + t * (g.maxY - g.minY)
            edge += [Point(lon, g.minY + 1e-9), Point(lon, g.maxY - 1e-9), Point(g.minX + 1e-9, lat), Point(g.maxX - 1e-9, lat)]
        }
        var fast = edge, reference = edge
        native.transform(&fast)
        proj.transform(&reference)
        #expect(edge.allSatisfy { path.contains($0, toGrid: true) })
        let forward = worst(fast, reference)
        let b = path.gridBox
        var gridEdge: [Point] = []
        for k in 1..<400 {
            let t = Double(k) / 400
            let x = b.minX + t * (b.maxX - b.minX), y = b.minY + t * (b.maxY - b.minY)
            gridEdge += [Point(x, b.minY + 1e-3), Point(x, b.maxY - 1e-3), Point(b.minX + 1e-3, y), Point(b.maxX - 1e-3, y)]
        }
        var fastGrid = gridEdge, referenceGrid = gridEdge
        native.transform(&fastGrid, inverse: true)
        proj.transform(&referenceGrid, inverse: true)
        let inverse = zip(fastGrid, referenceGrid).map { metres($0, $1) }.max()!
        print("box edges: forward max \(forward) m, inverse max \(inverse) m; grid box \(b)")
        #expect(forward < 1e-6)
        #expect(inverse < 1e-6)
    }

    @Test func theConstructionCheckRejectsARouteThatDisagreesWithPROJ() throws {
        let path = try #require(native.fastPath)
        #expect(path.agreesWithPROJ(context: native.context, operation: native.operation))
        // The same boxes with the direction reversed: PROJ's answers are then ~10^6 m away.
        let reversed = NativeFastPath(orientation: .gridToGeographic, geographicBox: path.geographicBox, gridBox: path.gridBox)
        #expect(!reversed.agreesWithPROJ(context: native.context, operation: native.operation))
        // A transformer whose PROJ operation is another one entirely.
        let other = try CoordinateTransformer(from: "EPSG:4326", to: "EPSG:3857")
        #expect(!path.agreesWithPROJ(context: other.context, operation: other.operation))
    }

    @Test func operationsAreComparedParameterByParameter() {
        let expected = NativeBritishNationalGrid.geographicToGridPipeline
        #expect(NativeFastPath.sameOperation(expected, expected))
        #expect(NativeFastPath.sameOperation(expected.replacingOccurrences(of: "+k=0.9996012717", with: "+k=9.996012717e-1"), expected))
        #expect(!NativeFastPath.sameOperation(expected.replacingOccurrences(of: "+x=446.448", with: "+x=446.449"), expected))
        #expect(!NativeFastPath.sameOperation(expected.replacingOccurrences(of: "+ellps=airy", with: "+ellps=GRS80"), expected))
        #expect(!NativeFastPath.sameOperation(expected + " +step +proj=noop", expected))
        #expect(!NativeFastPath.sameOperation(NativeBritishNationalGrid.gridToGeographicPipeline, expected))
    }

    @Test func transverseMercatorMatchesOrdnanceSurveysWorkedExample() {
        // Ordnance Survey, "A guide to coordinate systems in Great Britain" (2020), annex C:
        // 52°39′27.2531″ N, 1°43′4.5177″ E on Airy 1830 is E 651,409.903, N 313,177.270.
        let phi = (52 + 39 / 60.0 + 27.2531 / 3600) * .pi / 180
        let lambda = (1 + 43 / 60.0 + 4.5177 / 3600) * .pi / 180
        let p = TransverseMercator.britishNationalGrid.forward(latitude: phi, longitude: lambda)
        #expect(abs(p.x - 651_409.903) < 0.001 && abs(p.y - 313_177.270) < 0.001, "\(p)")
        let back: (latitude: Double, longitude: Double) = TransverseMercator.britishNationalGrid.inverse(x: p.x, y: p.y)
        #expect(abs(back.latitude - phi) < 1e-12)
        #expect(abs(back.longitude - lambda) < 1e-12)
    }

    @Test(arguments: [0.0, 1e-9, -3.4e-3, 0.004, 0.0099, -0.02, 0.5])
    func smallAngleSineAndCosineAreExactToRounding(angle: Double) {
        let (s, c) = TransverseMercator.sinCosOfSmallAngle(angle)
        #expect(abs(s - sin(angle)) <= 2 * angle.magnitude.ulp + 1e-300)
        #expect(abs(c - cos(angle)) <= 2 * (1.0).ulp)
    }
}
