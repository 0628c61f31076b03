import Foundation
import Neighbourhood
import Testing

/// GDAL's `ogr2ogr`, an independent KML writer, when installed (Debian `gdal-bin`).
let ogr2ogr: String? = ["/usr/bin/ogr2ogr", "/usr/local/bin/ogr2ogr", "/opt/homebrew/bin/ogr2ogr"]
    .first { FileManager.default.isExecutableFile(atPath: $0) }

/// KML written by GDAL from the shared GeoJSON reads as the same layer and assigns the same.
@Suite(.serialized) struct KMLAgreementTests {
    static let fields = LayerFields(id: "LSOA11CD", name: "LSOA11NM", parent: "LAD13CD")

    @Test(.enabled(if: ogr2ogr != nil, "ogr2ogr is not installed (apt-get install gdal-bin); KML agreement not checked"))
    func ogr2ogrKMLMatchesGeoJSONAndAssignsIdentically() throws {
        let geojsonPath = sharedData("boundaries/wy-lsoa-2011.geojson")
        let folder = try temporaryFolder()
        let kmlPath = folder + "/wy-lsoa-2011.kml"
        let conversion = try run(ogr2ogr!, ["-f", "KML", kmlPath, geojsonPath])
        try #require(conversion.status == 0, "ogr2ogr failed: \(conversion.err)")

        let geojson = try GeoJSONLayerReader.read(path: geojsonPath, fields: Self.fields)
        let kml = try KMLLayerReader.read(path: kmlPath, fields: Self.fields)
        #expect(geojson.count == 1_388)
        #expect(kml.crs == geojson.crs)
        #expect(kml.areas.map(\.id) == geojson.areas.map(\.id))
        #expect(kml.areas.map(\.name) == geojson.areas.map(\.name))
        #expect(kml.areas.map(\.parentID) == geojson.areas.map(\.parentID))
        var worst = 0.0, shapeMismatches: [String] = []
        for (a, b) in zip(kml.areas, geojson.areas) {
            let ringsA = a.geometry.polygons.flatMap(\.rings), ringsB = b.geometry.polygons.flatMap(\.rings)
            guard a.geometry.polygons.count == b.geometry.polygons.count, ringsA.map(\.count) == ringsB.map(\.count) else {
                shapeMismatches.append(a.id)
                continue
            }
            for (p, q) in zip(ringsA.joined(), ringsB.joined()) {
                worst = max(worst, abs(p.x - q.x), abs(p.y - q.y))
            }
        }
        #expect(shapeMismatches.isEmpty)
        #expect(worst <= 1e-9, "largest vertex difference \(worst) degrees")

        let crimes = [sharedData("crime/west-yorkshire/2018-07-west-yorkshire-street.csv")]
        let (fromGeoJSON, geojsonFolder) = try runAssignment(files: crimes, layer: geojson)
        let (fromKML, kmlFolder) = try runAssignment(files: crimes, layer: kml)
        #expect(fromKML.total == fromGeoJSON.total)
        #expect(fromKML.total.assigned == 30_737)
        #expect(try readText(kmlFolder + "/incidents.csv") == readText(geojsonFolder + "/incidents.csv"))
        #expect(try readText(kmlFolder + "/counts.csv") == readText(geojsonFolder + "/counts.csv"))
    }

    /// The same layer split into one file per area, as police.uk publishes neighbourhoods,
    /// with no id attribute (only the district name): the file names become the ids.
    @Test(.enabled(if: ogr2ogr != nil, "ogr2ogr is not installed (apt-get install gdal-bin); KML folder not checked"))
    func folderOfPerAreaFilesUsesFileNamesAsIDs() throws {
        let geojsonPath = sharedData("boundaries/wy-lsoa-2011.geojson")
        let geojson = try GeoJSONLayerReader.read(path: geojsonPath, fields: Self.fields)
        let folder = try temporaryFolder()
        let chosen = ["E01010568", "E01011698", "E01011229"]
        for id in chosen {
            let conversion = try run(ogr2ogr!, [
                "-f", "KML", "-where", "LSOA11CD = '\(id)'", "-select", "LAD13NM", folder + "/\(id).kml", geojsonPath,
            ])
            try #require(conversion.status == 0, "ogr2ogr failed: \(conversion.err)")
        }
        let layer = try KMLLayerReader.read(path: folder)
        #expect(layer.areas.map(\.id) == chosen.sorted())
        #expect(layer.areas.map(\.name) == ["Bradford", "Kirklees", "Leeds"])
        for area in layer.areas {
            let original = try #require(geojson.index(ofID: area.id).map { geojson.areas[$0] })
            #expect(area.geometry.edgeCount == original.geometry.edgeCount)
            #expect(abs(area.geometry.boundingBox.minX - original.geometry.boundingBox.minX) < 1e-9)
        }
    }
}

/// `--boundaries` picks the reader by the file name.
@Suite struct BoundaryFormatCommandTests {
    @Test(.enabled(if: ogr2ogr != nil, "ogr2ogr is not installed (apt-get install gdal-bin); KML via the CLI not checked"))
    func assignFromKMLAndShapefileGivesTheSameCountsAsGeoJSON() throws {
        let geojson = repositoryRoot.appendingPathComponent("geodata/wy-lsoa-2011.geojson").path
        let folder = try temporaryFolder()
        let kml = folder + "/wy.kml"
        try #require(try run(ogr2ogr!, ["-f", "KML", kml, geojson]).status == 0)
        let crimes = repositoryRoot.appendingPathComponent("geodata/crime/2018-07-west-yorkshire-street.csv.gz").path
        var counts: [String] = []
        for layer in [geojson, kml] {
            let out = folder + "/out-\(counts.count)"
            let result = try run(nbhdExecutable(), [
                "assign", crimes, "--boundaries", layer, "--id-field", "LSOA11CD", "--name-field", "LSOA11NM", "--parent-field", "LAD11CD",
                "--out", out, "--no-incidents",
            ])
            try #require(result.status == 0, "\(result.err)")
            counts.append(try readText(out + "/counts.csv"))
        }
        // The same layer as a shapefile through the same option.
        let shp = folder + "/wy-shp"
        try #require(try run(ogr2ogr!, ["-f", "ESRI Shapefile", shp, geojson]).status == 0)
        let shpOut = folder + "/out-shp"
        let result = try run(nbhdExecutable(), [
            "assign", crimes, "--boundaries", shp + "/wy-lsoa-2011.shp", "--id-field", "LSOA11CD", "--name-field", "LSOA11NM",
            "--parent-field", "LAD11CD", "--out", shpOut, "--no-incidents",
        ])
        try #require(result.status == 0, "\(result.err)")
        counts.append(try readText(shpOut + "/counts.csv"))
        #expect(counts[0] == counts[1])
        #expect(counts[0] == counts[2])
        #expect(counts[0].split(separator: "\n").count > 1_000)
    }

    @Test func unknownBoundaryFormatIsRefused() throws {
        let folder = try temporaryFolder()
        try write("x", to: folder + "/areas.txt")
        let result = try run(nbhdExecutable(), [
            "assign", repositoryRoot.appendingPathComponent("geodata/crime/2018-07-west-yorkshire-street.csv.gz").path,
            "--boundaries", folder + "/areas.txt", "--out", folder + "/out",
        ])
        #expect(result.status == 65)
        #expect(result.err.contains("cannot tell the boundary format from the file name"))
    }
}
