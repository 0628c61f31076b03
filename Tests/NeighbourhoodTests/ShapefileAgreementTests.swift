import Foundation
import Neighbourhood
import Testing

/// The shapefile reader against the GeoJSON reader on the same boundaries: the ONS MSOA
/// shapefile against the West Yorkshire MSOA GeoJSON, and GDAL's `ogr2ogr` (an independent
/// writer) converting the WY LSOA GeoJSON to a shapefile.
@Suite(.serialized) struct ShapefileAgreementTests {
    static let msoaFolder = "boundaries/ew-msoa-2011-bsc-shapefile/"
    static let msoaShapefile = Result {
        try ShapefileLayerReader.read(
            path: sharedData(msoaFolder + "Middle_Layer_Super_Output_Areas__December_2011__EW_BSC_V2.shp"),
            fields: LayerFields(id: "MSOA11CD", name: "MSOA11NM"))
    }
    static let wyMSOA = Result {
        try GeoJSONLayerReader.read(
            path: sharedData("boundaries/wy-msoa-2011-bng27700.geojson"), fields: LayerFields(id: "MSOA11CD", name: "MSOA11NM"))
    }

    /// A ring without its closing point, counter-clockwise, starting at its smallest (x, y).
    static func normalised(_ ring: [Point]) -> [Point] {
        var open = Array(ring.dropLast())
        if Polygon.signedArea(ofRing: ring) < 0 { open.reverse() }
        let start = open.indices.min { (open[$0].x, open[$0].y) < (open[$1].x, open[$1].y) } ?? 0
        return Array(open[start...] + open[..<start])
    }

    /// Each polygon as normalised rings (outer first, holes in order of their first point),
    /// the polygons in order of their first point.
    static func normalised(_ geometry: MultiPolygon) -> [[[Point]]] {
        geometry.polygons.map { polygon in
            [normalised(polygon.exterior)] + polygon.holes.map(normalised).sorted { ($0[0].x, $0[0].y) < ($1[0].x, $1[0].y) }
        }.sorted { ($0[0][0].x, $0[0][0].y) < ($1[0][0].x, $1[0][0].y) }
    }

    /// The first difference between two areas' geometries beyond `tolerance`, or `nil`.
    static func difference(_ a: MultiPolygon, _ b: MultiPolygon, tolerance: Double) -> String? {
        let pa = normalised(a), pb = normalised(b)
        guard pa.count == pb.count else { return "\(pa.count) vs \(pb.count) polygons" }
        for (i, (ra, rb)) in zip(pa, pb).enumerated() {
            guard ra.count == rb.count else { return "polygon \(i): \(ra.count) vs \(rb.count) rings" }
            for (j, (va, vb)) in zip(ra, rb).enumerated() {
                guard va.count == vb.count else { return "polygon \(i) ring \(j): \(va.count) vs \(vb.count) vertices" }
                for (k, (p, q)) in zip(va, vb).enumerated() where abs(p.x - q.x) > tolerance || abs(p.y - q.y) > tolerance {
                    return "polygon \(i) ring \(j) vertex \(k): \(p) vs \(q)"
                }
            }
        }
        return nil
    }

    @Test func msoaShapefileLoadsAllOfEnglandAndWalesInBritishNationalGrid() throws {
        let layer = try Self.msoaShapefile.get()
        #expect(layer.count == 7_201)
        #expect(layer.crs == "EPSG:27700")
        #expect(layer.areas.first { $0.id == "E02002183" }?.name == "Bradford 001")
        #expect(layer.areas.filter { $0.id.hasPrefix("W") }.count == 410)  // Welsh MSOAs, 2011
    }

    @Test func prjWKTItselfIsTheBritishNationalGridForPROJ() throws {
        let prj = try String(
            contentsOfFile: sharedData(Self.msoaFolder + "Middle_Layer_Super_Output_Areas__December_2011__EW_BSC_V2.prj"),
            encoding: .utf8)
        var points = [Point(x: 430_000, y: 433_000), Point(x: 150_000, y: 30_000), Point(x: 600_000, y: 1_100_000)]
        let original = points
        #expect(try CoordinateTransformation(from: prj, to: "EPSG:27700").transform(&points) == 0)
        for (p, q) in zip(points, original) { #expect(abs(p.x - q.x) < 1e-3 && abs(p.y - q.y) < 1e-3, "\(p) vs \(q)") }
        // ... so a layer that kept the WKT as its CRS would project to the same place.
        let wkt = try ShapefileLayerReader.read(
            path: sharedData(Self.msoaFolder + "Middle_Layer_Super_Output_Areas__December_2011__EW_BSC_V2.shp"),
            fields: LayerFields(id: "MSOA11CD"), crs: prj)
        #expect(try CoordinateReferenceSystem.info(wkt.crs).isGeographic == false)
    }

    @Test func westYorkshireMSOAsMatchTheGeoJSONWithinOneMillimetre() throws {
        let shapes = try Self.msoaShapefile.get()
        let geojson = try Self.wyMSOA.get()
        #expect(geojson.count == 299)
        var compared = 0
        for area in geojson.areas {
            guard let i = shapes.index(ofID: area.id) else {
                Issue.record("\(area.id) is not in the shapefile")
                continue
            }
            #expect(shapes.areas[i].name == area.name)
            if let difference = Self.difference(shapes.areas[i].geometry, area.geometry, tolerance: 1e-3) {
                Issue.record("\(area.id): \(difference)")
            }
            compared += 1
        }
        #expect(compared == 299)
    }

    @Test func assignmentAgainstShapefileAndGeoJSONIsIdentical() throws {
        let shapes = try Self.msoaShapefile.get()
        let geojson = try Self.wyMSOA.get()
        let wyIDs = Set(geojson.areas.map(\.id))
        let wyShapes = try BoundaryLayer(source: shapes.source, crs: shapes.crs, areas: shapes.areas.filter { wyIDs.contains($0.id) })
        let file = sharedData("crime/west-yorkshire/2018-07-west-yorkshire-street.csv")
        let (a, folderA) = try runAssignment(files: [file], layer: wyShapes)
        let (b, folderB) = try runAssignment(files: [file], layer: geojson)
        #expect(a.total == b.total)
        #expect(a.total.rowsRead == 31_635 && a.total.assigned > 30_000)
        #expect(try readText(folderA + "/incidents.csv") == readText(folderB + "/incidents.csv"))
        let countsA = try readText(folderA + "/counts.csv").split(separator: "\n").sorted()
        let countsB = try readText(folderB + "/counts.csv").split(separator: "\n").sorted()
        #expect(countsA == countsB)
    }

    @Test func ogr2ogrShapefileOfTheLSOAsReadsLikeTheGeoJSON() throws {
        let ogr2ogr = ["/usr/bin/ogr2ogr", "/usr/local/bin/ogr2ogr"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let ogr2ogr else {
            print("ogr2ogr not found (apt-get install gdal-bin): skipping the GDAL-written shapefile comparison")
            return
        }
        let source = sharedData("boundaries/wy-lsoa-2011.geojson")
        let folder = try temporaryFolder()
        let converted = try run(ogr2ogr, ["-f", "ESRI Shapefile", folder + "/wy-lsoa.shp", source])
        #expect(converted.status == 0, "\(converted.err)")
        let fields = LayerFields(id: "LSOA11CD", name: "LSOA11NM", parent: "LAD13CD")
        let shapes = try ShapefileLayerReader.read(path: folder + "/wy-lsoa.shp", fields: fields)
        let geojson = try GeoJSONLayerReader.read(path: source, fields: fields)
        #expect(shapes.crs == geojson.crs)
        #expect(shapes.areas.map(\.id) == geojson.areas.map(\.id))
        #expect(shapes.areas.map(\.name) == geojson.areas.map(\.name))
        #expect(shapes.areas.map(\.parentID) == geojson.areas.map(\.parentID))
        for (s, g) in zip(shapes.areas, geojson.areas) {
            if let difference = Self.difference(s.geometry, g.geometry, tolerance: 0) { Issue.record("\(s.id): \(difference)") }
        }
        let file = sharedData("crime/west-yorkshire/2018-07-west-yorkshire-street.csv")
        let (a, folderA) = try runAssignment(files: [file], layer: shapes)
        let (b, folderB) = try runAssignment(files: [file], layer: geojson)
        #expect(a.total == b.total && a.total.assigned == 30_737)
        #expect(try readText(folderA + "/incidents.csv") == readText(folderB + "/incidents.csv"))
        #expect(try readText(folderA + "/counts.csv") == readText(folderB + "/counts.csv"))
    }

    @Test func zippedMSOAShapefileReadsLikeTheFolder() throws {
        let folder = try temporaryFolder()
        let stem = sharedData(Self.msoaFolder + "Middle_Layer_Super_Output_Areas__December_2011__EW_BSC_V2")
        let archive = folder + "/msoa.zip"
        // Python's zipfile (deflate) is the independent writer; CI installs python3.
        let zipped = try run("/usr/bin/env", ["python3", "-m", "zipfile", "-c", archive] + ["shp", "shx", "dbf", "prj", "cpg"].map { stem + "." + $0 })
        #expect(zipped.status == 0, "\(zipped.err)")
        let layer = try ShapefileLayerReader.read(path: archive, fields: LayerFields(id: "MSOA11CD", name: "MSOA11NM"))
        #expect(layer.crs == "EPSG:27700" && layer.source == archive)
        #expect(layer.areas == (try Self.msoaShapefile.get()).areas)
    }
}
