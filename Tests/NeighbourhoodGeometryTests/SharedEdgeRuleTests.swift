import Testing
@testable import NeighbourhoodGeometry

/// The written rule: a point on a shared edge goes to exactly one polygon, the one east of it
/// (or north of it for a horizontal edge).
@Suite struct SharedEdgeRuleTests {
    /// A 2 x 2 block of unit squares: 0 south-west, 1 south-east, 2 north-west, 3 north-east.
    let tiles: [Polygon] = [
        try! Polygon(exterior: square(0, 0, 1, 1)), try! Polygon(exterior: square(1, 0, 2, 1)),
        try! Polygon(exterior: square(0, 1, 1, 2)), try! Polygon(exterior: square(1, 1, 2, 2)),
    ]

    func owners(_ p: Point) -> [Int] { tiles.indices.filter { tiles[$0].contains(p) } }

    @Test func verticalSharedEdgeGoesEast() {
        #expect(owners(Point(1, 0.5)) == [1])
        #expect(owners(Point(1, 1.5)) == [3])
    }

    @Test func horizontalSharedEdgeGoesNorth() {
        #expect(owners(Point(0.5, 1)) == [2])
        #expect(owners(Point(1.5, 1)) == [3])
    }

    @Test func vertexSharedByFourGoesNorthEast() {
        #expect(owners(Point(1, 1)) == [3])
    }

    @Test func reversedNeighbourRingGivesTheSameAnswer() throws {
        // The west square drawn clockwise, the east one counter-clockwise.
        let west = try Polygon(exterior: Array(square(0, 0, 1, 1).reversed()))
        let east = try Polygon(exterior: square(1, 0, 2, 1))
        for y in stride(from: 0.0, to: 1.0, by: 0.0625) {
            let p = Point(1, y)
            #expect([west.contains(p), east.contains(p)] == [false, true])
        }
    }

    @Test func slantedSharedEdgePartitionsExactly() throws {
        // Two triangles sharing the diagonal from (0,0) to (3,1); points exactly on it
        // (representable multiples of 1/3 are not, so use the exact lattice points).
        let below = try Polygon(exterior: [Point(0, 0), Point(3, 0), Point(3, 1), Point(0, 0)])
        let above = try Polygon(exterior: [Point(0, 0), Point(3, 1), Point(0, 1), Point(0, 0)])
        for k in 0...30 {
            let p = Point(Double(k) * 0.1 * 3, Double(k) * 0.1)  // near or on the diagonal
            let count = [below.contains(p), above.contains(p)].filter { $0 }.count
            if p.y < 1, p.y >= 0 { #expect(count == 1, "point \(p)") }
        }
    }

    @Test func orientationIsExactWhereFloatingPointFails() {
        // Shewchuk's classic: nearly collinear points where naive evaluation is wrong.
        let a = Point(0.5, 0.5), b = Point(12, 12), c = Point(24, 24)
        #expect(Orientation(a, b, c) == .collinear)
        let c2 = Point(24.000000000000004, 24)
        #expect(Orientation(a, b, c2) == .clockwise)
        let c3 = Point(24, 24.000000000000004)
        #expect(Orientation(a, b, c3) == .counterClockwise)
        // Large grid coordinates with a tiny offset.
        let p = Point(430_000.1, 433_000.3), q = Point(430_010.1, 433_010.3)
        let onLine = Point(430_005.1, 433_005.3)
        #expect(Orientation(p, q, onLine) == .collinear)
        #expect(Orientation(p, q, Point(onLine.x.nextUp, onLine.y)) == .clockwise)
    }
}
