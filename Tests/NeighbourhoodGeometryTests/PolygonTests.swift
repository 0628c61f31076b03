import Testing
@testable import NeighbourhoodGeometry

func square(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> [Point] {
    [Point(x0, y0), Point(x1, y0), Point(x1, y1), Point(x0, y1), Point(x0, y0)]
}

@Suite struct PolygonTests {
    @Test func validRingsAreAccepted() throws {
        let p = try Polygon(exterior: square(0, 0, 10, 10), holes: [square(2, 2, 4, 4)])
        #expect(p.rings.count == 2)
        #expect(p.edgeCount == 8)
    }

    @Test func unclosedRingIsRejectedWithItsPositions() {
        let ring = [Point(0, 0), Point(1, 0), Point(1, 1), Point(0, 1)]
        #expect(throws: GeometryError(.unclosedRing, ring: 0, detail: "ring is not closed: first (0.0, 0.0), last (0.0, 1.0)")) {
            try Polygon(exterior: ring)
        }
    }

    @Test func tooShortRingIsRejected() {
        let error = #expect(throws: GeometryError.self) {
            try Polygon(exterior: square(0, 0, 1, 1), holes: [[Point(0.2, 0.2), Point(0.3, 0.3), Point(0.2, 0.2)]])
        }
        #expect(error?.code == .tooFewPositions)
        #expect(error?.description == "ring 1 (hole): ring has 3 position(s); a closed ring needs at least 4")
    }

    @Test func nonFiniteCoordinateIsRejected() {
        var ring = square(0, 0, 1, 1)
        ring[2] = Point(.nan, 1)
        let error = #expect(throws: GeometryError.self) { try Polygon(exterior: ring) }
        #expect(error?.code == .nonFiniteCoordinate)
        #expect(error?.detail == "position 2 has a non-finite coordinate (nan, 1.0)")
    }

    @Test func areaSubtractsHolesAndIgnoresOrientation() throws {
        let p = try Polygon(exterior: square(0, 0, 10, 10), holes: [square(2, 2, 4, 4)])
        #expect(abs(p.area - 96) < 1e-12)
        let clockwise = Array(square(0, 0, 10, 10).reversed())
        #expect(Polygon.signedArea(ofRing: clockwise) == -100)
        #expect(try Polygon(exterior: clockwise).area == 100)
    }

    @Test func areaKeepsPrecisionAtGridCoordinates() throws {
        // A 1 m square at British National Grid magnitudes.
        let p = try Polygon(exterior: square(430_000.25, 433_000.75, 430_001.25, 433_001.75))
        #expect(abs(p.area - 1) < 1e-9)
    }

    @Test(arguments: [
        (Point(5, 5), Position.inside),
        (Point(3, 3), Position.outside),  // in the hole
        (Point(2, 3), Position.onBoundary),  // on the hole's edge
        (Point(0, 5), Position.onBoundary),
        (Point(10, 10), Position.onBoundary),  // vertex
        (Point(11, 5), Position.outside),
        (Point(5, 10.000000000000002), Position.outside),
    ])
    func positionIsThreeWay(point: Point, expected: Position) throws {
        let p = try Polygon(exterior: square(0, 0, 10, 10), holes: [square(2, 2, 4, 4)])
        #expect(p.position(of: point) == expected)
    }

    @Test func multiPolygonBoundingBoxAndArea() throws {
        let m = try MultiPolygon([Polygon(exterior: square(0, 0, 1, 1)), Polygon(exterior: square(5, 5, 7, 6))])
        #expect(m.boundingBox == BoundingBox(minX: 0, minY: 0, maxX: 7, maxY: 6))
        #expect(m.area == 3)
        #expect(m.position(of: Point(6, 5.5)) == .inside)
        #expect(m.position(of: Point(3, 3)) == .outside)
    }

    @Test func interiorPointIsInside() throws {
        // A U shape: the box centre is outside.
        let u = try Polygon(exterior: [
            Point(0, 0), Point(10, 0), Point(10, 10), Point(8, 10), Point(8, 2), Point(2, 2), Point(2, 10),
            Point(0, 10), Point(0, 0),
        ])
        let m = MultiPolygon(u)
        #expect(m.position(of: Point(5, 5)) == .outside)
        #expect(m.position(of: m.interiorPoint) == .inside)
    }
}
