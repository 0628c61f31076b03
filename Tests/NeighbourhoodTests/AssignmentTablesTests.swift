import Testing
@testable import Neighbourhood

/// The worker's private tables: the id lookup agrees with the layer's `String` lookup, the
/// count table and the position cache keep what they are given.
@Suite struct AssignmentTablesTests {
    static func layer(_ ids: [String]) throws -> BoundaryLayer {
        let ring = [Point(0, 0), Point(1, 0), Point(1, 1), Point(0, 1), Point(0, 0)]
        let polygon = MultiPolygon(try Polygon(exterior: ring))
        return try BoundaryLayer(
            source: "test", crs: "EPSG:27700", areas: ids.map { Area(id: $0, geometry: polygon) })
    }

    /// What the lookup answers for `text` as an unquoted field.
    static func position(_ lookup: AreaIDLookup, _ text: String) -> Int32 {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer {
            lookup.position(of: CSVField(start: 0, end: $0.count, isQuoted: false), in: $0)
        }
    }

    @Test func idLookupAgreesWithTheLayer() throws {
        let queries = ["E01011642", "N0001", "N0002", "N000", "N00011", "n0001", "", " N0001", "\u{212A}1", "K1", "Ä"]
        for ids in [["N0001", "N0002", "K1"], ["N0001", "\u{212A}1", "A\u{308}"], ["E01011642"]] {
            let layer = try Self.layer(ids)
            let lookup = AreaIDLookup(layer)
            for query in queries {
                let expected = query.isEmpty ? -1 : layer.index(ofID: query).map { Int32($0) } ?? -1
                #expect(Self.position(lookup, query) == expected, "\(query) in \(ids)")
            }
        }
    }

    @Test func quotedIdsAreDecoded() throws {
        let lookup = AreaIDLookup(try Self.layer(["N0001", "A\"B"]))
        let bytes = Array("\"A\"\"B\"".utf8)
        let position = bytes.withUnsafeBufferPointer {
            lookup.position(of: CSVField(start: 0, end: $0.count, isQuoted: true), in: $0)
        }
        #expect(position == 1)
        #expect(lookup.position(of: nil, in: UnsafeBufferPointer(start: nil, count: 0)) == -1)
    }

    @Test func countTableAddsUpThroughGrowth() {
        var table = PackedCounter(capacity: 4)
        var expected: [UInt64: Int] = [:]
        var state: UInt64 = 12345
        for _ in 0..<50_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let key = (state >> 33) % 3_000 == 0 ? 0 : (state >> 20) % 7_919
            table.add(key)
            expected[key, default: 0] += 1
        }
        table.add(42, 5)
        expected[42, default: 0] += 5
        #expect(table.count == expected.count)
        #expect(Dictionary(uniqueKeysWithValues: table.entries) == expected)
    }

    @Test func positionCacheFindsWhatItHoldsAndStartsAfreshWhenFull() {
        var cache = LocationCache(capacity: 8)
        let points = (0..<4).map { Point(x: -1.5 - Double($0) * 0.001, y: 53.8) }
        for (i, p) in points.enumerated() { cache.insert(p, Point(x: Double(i), y: 0), Int32(i)) }
        for (i, p) in points.enumerated() {
            let hit = cache.find(p)
            #expect(hit?.0 == Point(x: Double(i), y: 0) && hit?.1 == Int32(i))
        }
        #expect(cache.find(Point(x: -1.5, y: 53.9)) == nil)
        #expect(cache.find(Point(x: 0.0, y: -0.0)) == nil)
        cache.insert(Point(x: 9, y: 9), Point(x: 1, y: 1), 7)  // full at half: starts afresh
        #expect(cache.find(points[0]) == nil)
        #expect(cache.find(Point(x: 9, y: 9))?.1 == 7)
    }

    @Test func cellCounterAddsUpAcrossMonthsTypesAndLargeLayers() {
        for areas in [3, CellCounter.denseAreaLimit + 1] {
            var counter = CellCounter(areas: areas)
            var expected: [UInt64: Int] = [:]
            // Months in runs, back again, no month; types past the dense ones; every area.
            let months: [Int32] = [24_216, 24_216, 24_217, -1, 24_216, 24_217, 24_217]
            for (step, month) in months.enumerated() {
                for area in Int32(0)..<3 {
                    for type in [0, 1, 31, 32, 40] as [Int32] where (Int(area) + Int(type) + step) % 3 != 0 {
                        counter.add(area: area, month: month, type: type)
                        expected[CellCounter.key(area: area, month: month, type: type), default: 0] += 1
                    }
                }
            }
            #expect(Dictionary(uniqueKeysWithValues: counter.entries) == expected)
            // Reading the entries leaves the counter as it was.
            counter.add(area: 0, month: 24_217, type: 0)
            expected[CellCounter.key(area: 0, month: 24_217, type: 0), default: 0] += 1
            #expect(Dictionary(uniqueKeysWithValues: counter.entries) == expected)
        }
    }
}
