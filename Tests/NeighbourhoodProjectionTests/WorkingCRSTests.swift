import Foundation
import NeighbourhoodGeometry
import Testing
@testable import NeighbourhoodProjection

@Suite("Automatic working CRS")
struct WorkingCRSTests {
    /// Expected codes from pyproj 3.7.2: `query_utm_crs_info(datum_name="WGS 84",
    /// area_of_interest=AreaOfInterest(w, s, e, n))` gives exactly one zone for each box, and
    /// `CRS("EPSG:27700").area_of_use` is (-9.01, 49.75, 2.01, 61.01).
    @Test(
        "British National Grid inside its area of use, else the UTM zone pyproj finds",
        arguments: [
            ("West Yorkshire", [-2.18, 53.52, -1.20, 53.96], "EPSG:27700"),
            ("Shetland and Cornwall", [-5.75, 49.95, -0.72, 60.86], "EPSG:27700"),
            ("Paris", [2.30, 48.80, 2.40, 48.90], "EPSG:32631"),
            ("Sydney", [151.0, -34.0, 151.3, -33.7], "EPSG:32756"),
            ("New York", [-74.1, 40.6, -73.8, 40.9], "EPSG:32618"),
            ("Reykjavik", [-22.0, 64.0, -21.7, 64.2], "EPSG:32627"),
            ("Auckland", [174.6, -37.0, 174.9, -36.8], "EPSG:32760"),
            ("Svalbard pole", [10.0, 85.0, 20.0, 86.0], "EPSG:32661"),
        ])
    func choice(place: String, box: [Double], expected: String) throws {
        let bounds = BoundingBox(minX: box[0], minY: box[1], maxX: box[2], maxY: box[3])
        let choice = try WorkingCRSChoice.automatic(forLonLat: bounds)
        #expect(choice.crs == expected, "\(place)")
        #expect(choice.isAutomatic)
        try CoordinateReferenceSystem.requireProjected(choice.crs)
    }

    @Test("the rule says why, with the area of use PROJ records")
    func ruleText() throws {
        let inside = try WorkingCRSChoice.automatic(forLonLat: BoundingBox(minX: -1.6, minY: 53.7, maxX: -1.5, maxY: 53.8))
        #expect(inside.rule.hasPrefix("the layer lies within British National Grid's area of use (-9."))
        let paris = try WorkingCRSChoice.automatic(forLonLat: BoundingBox(minX: 2.30, minY: 48.80, maxX: 2.40, maxY: 48.90))
        #expect(paris.rule == "the layer (2.3…2.4 E, 48.8…48.9 N) is not within British National Grid's area of use; UTM zone 31N of its centre (2.35 E, 48.85 N)")
        let area = try CoordinateReferenceSystem.areaOfUse("EPSG:27700")
        #expect(abs(area.minY - 49.75) < 1e-9 && abs(area.maxY - 61.01) < 1e-9 && abs(area.maxX - 2.01) < 1e-9)
    }

    @Test("a given CRS is used as is; degrees are refused")
    func given() throws {
        let choice = try WorkingCRSChoice.given("EPSG:32630")
        #expect(choice.crs == "EPSG:32630" && !choice.isAutomatic && choice.rule == "given")
        #expect(throws: ProjectionError.self) { try WorkingCRSChoice.given("EPSG:4326") }
    }

    @Test("a layer in British National Grid metres is located in degrees before choosing")
    func projectedLayer() throws {
        // A 10 km square of Leeds in EPSG:27700.
        let ring = [Point(x: 425_000, y: 428_000), Point(x: 435_000, y: 428_000), Point(x: 435_000, y: 438_000),
                    Point(x: 425_000, y: 438_000), Point(x: 425_000, y: 428_000)]
        let layer = try BoundaryLayer(
            source: "leeds", crs: "EPSG:27700",
            areas: [Area(id: "A", geometry: MultiPolygon(Polygon(exterior: ring)))])
        let bounds = try layer.geographicBounds()
        // pyproj 3.7.2: Transformer.from_crs(27700, 4326, always_xy=True) of the same 33
        // samples per edge gives longitudes -1.622387 … -1.469624, latitudes 53.747205 … 53.837656.
        #expect(abs(bounds.minX - -1.622387) < 1e-5 && abs(bounds.maxX - -1.469624) < 1e-5)
        #expect(abs(bounds.minY - 53.747205) < 1e-5 && abs(bounds.maxY - 53.837656) < 1e-5)
        #expect(try WorkingCRSChoice.automatic(for: layer).crs == "EPSG:27700")
    }
}
