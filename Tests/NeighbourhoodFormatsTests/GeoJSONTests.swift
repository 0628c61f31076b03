import NeighbourhoodGeometry
import Testing
@testable import NeighbourhoodFormats

func feature(_ id: String, _ ring: String, type: String = "Polygon") -> String {
    "{\"type\":\"Feature\",\"properties\":{\"CODE\":\"\(id)\",\"NAME\":\"n\(id)\",\"PARENT\":\"P\"},\"geometry\":{\"type\":\"\(type)\",\"coordinates\":[\(ring)]}}"
}

let unitRing = "[[0,0],[1,0],[1,1],[0,1],[0,0]]"

func layerFile(_ features: [String], crs: String? = nil) throws -> String {
    let crsMember = crs.map { ",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"\($0)\"}}" } ?? ""
    return try temporaryFile("{\"type\":\"FeatureCollection\"\(crsMember),\"features\":[\n" + features.joined(separator: ",\n") + "\n]}", suffix: ".geojson")
}

func readLayer(_ path: String) throws -> BoundaryLayer {
    try GeoJSONLayerReader.read(path: path, fields: LayerFields(id: "CODE", name: "NAME", parent: "PARENT"))
}

@Suite struct GeoJSONTests {
    @Test func readsPolygonsMultiPolygonsAndHoles() throws {
        let path = try layerFile([
            feature("A", "[[0,0],[4,0],[4,4],[0,4],[0,0]],[[1,1],[2,1],[2,2],[1,2],[1,1]]"),
            feature("B", "[\(unitRing)],[[[5,5],[6,5],[6,6],[5,6],[5,5]]]", type: "MultiPolygon"),
        ])
        let layer = try readLayer(path)
        #expect(layer.count == 2 && layer.crs == "OGC:CRS84")
        #expect(layer.areas[0].geometry.polygons[0].rings.count == 2)
        #expect(layer.areas[1].geometry.polygons.count == 2)
        #expect(layer.areas[0].name == "nA" && layer.areas[0].parentID == "P")
    }

    @Test(arguments: [
        ("urn:ogc:def:crs:EPSG::27700", "EPSG:27700"), ("urn:ogc:def:crs:OGC:1.3:CRS84", "OGC:CRS84"),
        ("EPSG:2157", "EPSG:2157"),
    ])
    func legacyCRSMemberIsHonoured(name: String, expected: String) throws {
        #expect(try readLayer(try layerFile([feature("A", unitRing)], crs: name)).crs == expected)
    }

    @Test func duplicateIDNamesBothFeatures() throws {
        let path = try layerFile([feature("A", unitRing), feature("B", unitRing), feature("A", unitRing)])
        let error = #expect(throws: BoundaryLayerError.self) { try readLayer(path) }
        #expect(error?.description == "\(path): feature 2 (id A): id 'A' is also used by feature 0")
    }

    @Test func unclosedRingNamesTheFeature() throws {
        let path = try layerFile([feature("A", unitRing), feature("B", "[[0,0],[1,0],[1,1],[0,1]]")])
        let error = #expect(throws: BoundaryLayerError.self) { try readLayer(path) }
        #expect(error?.description == "\(path): feature 1 (id B): ring 0 (outer): ring is not closed: first (0.0, 0.0), last (0.0, 1.0)")
    }

    @Test func tooShortRingNamesTheFeature() throws {
        let path = try layerFile([feature("C", "[[0,0],[1,0],[0,0]]")])
        let error = #expect(throws: BoundaryLayerError.self) { try readLayer(path) }
        #expect(error?.description == "\(path): feature 0 (id C): ring 0 (outer): ring has 3 position(s); a closed ring needs at least 4")
    }

    @Test func nonFiniteCoordinateNamesTheFeature() throws {
        let path = try layerFile([feature("D", "[[0,0],[1e999,0],[1,1],[0,0]]")])
        let error = #expect(throws: BoundaryLayerError.self) { try readLayer(path) }
        #expect(error?.description == "\(path): feature 0 (id D): ring 0 (outer): position 1 has a non-finite coordinate (inf, 0.0)")
    }

    /// Found by `Fuzz/run.sh` (fuzz-geojson and fuzz-shapefile): a vertex at 5.3e60 passed
    /// the finiteness check and then overflowed the index's grid sizing (a trap, not an error).
    @Test func absurdCoordinateNamesTheFeature() throws {
        let path = try layerFile([feature("E", "[[0,0],[5344444444444444444444444444444444444444444444444444444444444.5,0],[1,1],[0,0]]")])
        let error = #expect(throws: BoundaryLayerError.self) { try readLayer(path) }
        #expect(error?.description == "\(path): feature 0 (id E): ring 0 (outer): position 1 has a coordinate beyond ±1e12, which no coordinate reference system uses: (5.344444444444444e+60, 0.0)")
    }

    @Test func missingIDAndWrongGeometryType() throws {
        let noID = try layerFile(["{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[\(unitRing)]}}"])
        let e1 = #expect(throws: BoundaryLayerError.self) { try readLayer(noID) }
        #expect(e1?.description == "\(noID): feature 0: feature has no property 'CODE'")
        let point = try layerFile(["{\"type\":\"Feature\",\"properties\":{\"CODE\":\"X\",\"PARENT\":\"P\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]}}"])
        let e2 = #expect(throws: BoundaryLayerError.self) { try readLayer(point) }
        #expect(e2?.description == "\(point): feature 0 (id X): geometry type 'Point' is not Polygon or MultiPolygon")
    }

    @Test func invalidJSONGivesLineAndColumn() throws {
        let path = try temporaryFile("{\"type\":\"FeatureCollection\",\n\"features\":[}", suffix: ".geojson")
        let error = #expect(throws: FormatError.self) { try readLayer(path) }
        #expect(error?.description == "\(path): line 2: column 13: invalid JSON: unexpected character")
    }

    @Test func deepNestingIsRefusedNotCrashed() throws {
        let path = try temporaryFile(String(repeating: "[", count: 100_000), suffix: ".geojson")
        let error = #expect(throws: FormatError.self) { try readLayer(path) }
        #expect(error?.detail.contains("nesting deeper than 512 levels") == true)
    }

    @Test func sharedWestYorkshireLayersLoad() throws {
        let lsoa = try GeoJSONLayerReader.read(path: sharedData("boundaries/wy-lsoa-2011.geojson"), fields: LayerFields(id: "LSOA11CD", parent: "LAD13CD"))
        #expect(lsoa.count == 1_388)
        #expect(lsoa.areas.filter { $0.geometry.polygons.count > 1 }.count == 13)
        #expect(Set(lsoa.areas.compactMap(\.parentID)).count == 5)
        let bng = try GeoJSONLayerReader.read(path: sharedData("boundaries/wy-msoa-2011-bng27700.geojson"))
        #expect(bng.count == 299 && bng.crs == "EPSG:27700")
    }
}
