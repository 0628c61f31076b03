import Foundation
import Neighbourhood
import Testing

/// GeoPackages against GDAL (Debian's gdal-bin, an independent client): every GeoPackage
/// `nbhd` writes opens in `ogrinfo` with the right feature count, geometry type, CRS and
/// extent, passes GDAL's `validate_gpkg.py`, and converts back with `ogr2ogr` to the same
/// features and properties as the project's own GeoJSON (`Tests/reference/check_geopackage.py`
/// does the comparing and states the tolerances); and a GeoPackage GDAL writes from the shared
/// LSOA GeoJSON loads and assigns exactly like the GeoJSON.
@Suite(.serialized) struct GeoPackageAgreementTests {
    static let lsoa = sharedData("boundaries/wy-lsoa-2011.geojson")
    static let month = sharedData("crime/west-yorkshire/2018-07-west-yorkshire-street.csv")
    static let fields = ["--id-field", "LSOA11CD", "--name-field", "LSOA11NM", "--parent-field", "LAD13CD"]

    /// GDAL's `ogr2ogr`, or `nil` (with a message) when gdal-bin is not installed.
    static var ogr2ogr: String? {
        let found = ["/usr/bin/ogr2ogr", "/usr/local/bin/ogr2ogr"].first { FileManager.default.isExecutableFile(atPath: $0) }
        if found == nil { print("ogr2ogr not found (apt-get install gdal-bin): skipping the GDAL GeoPackage comparison") }
        return found
    }

    /// Runs `nbhd COMMAND ... --out FOLDER` and returns the folder.
    static func nbhd(_ command: String, _ arguments: [String]) throws -> String {
        let folder = try temporaryFolder()
        let result = try run(nbhdExecutable(), [command] + arguments + ["--out", folder])
        #expect(result.status == 0, "\(result.err)")
        return folder
    }

    /// Runs the GDAL check on one table; returns its JSON summary.
    static func check(_ gpkg: String, _ table: String, _ options: [String]) throws -> [String: Any] {
        let script = repositoryRoot.appendingPathComponent("Tests/reference/check_geopackage.py").path
        let result = try run("/usr/bin/env", ["python3", script, gpkg, table] + options)
        #expect(result.status == 0, "check_geopackage.py \(table): \(result.err)")
        let data = Data(result.out.utf8)
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    }

    static func ogrinfo(_ summary: [String: Any]) -> [String: Any] { summary["ogrinfo"] as? [String: Any] ?? [:] }

    @Test func assignGeoPackageOpensInGDALAndEqualsTheGeoJSON() throws {
        guard Self.ogr2ogr != nil else { return }
        let geojson = try Self.nbhd("assign", [Self.month, "--boundaries", Self.lsoa] + Self.fields)
        let gpkg = try Self.nbhd("assign", [Self.month, "--boundaries", Self.lsoa, "--format", "gpkg"] + Self.fields)
        #expect(!FileManager.default.fileExists(atPath: gpkg + "/areas.geojson"))
        let areas = try Self.check(gpkg + "/assign.gpkg", "areas", ["--geojson", geojson + "/areas.geojson"])
        #expect(Self.ogrinfo(areas)["feature_count"] as? Int == 1_388)
        #expect(Self.ogrinfo(areas)["geometry"] as? String == "Multi Polygon")
        #expect(Self.ogrinfo(areas)["epsg"] as? Int == 27700)
        #expect(Self.ogrinfo(areas)["crs_name"] as? String == "OSGB36 / British National Grid")
        #expect(areas["features_compared"] as? Int == 1_388)
        #expect((areas["max_coordinate_difference_metres_in_27700"] as? Double ?? 1) < 1e-4)
        #expect((areas["extent_difference_metres"] as? Double ?? 1) < 1e-3)
        #expect(areas["validate_gpkg"] as? String == "ok")

        let summary = try JSONSerialization.jsonObject(with: Data(readText(gpkg + "/summary.json").utf8)) as? [String: Any]
        let total = summary?["total"] as? [String: Any] ?? [:]
        let located = (total["assigned"] as? Int ?? -1) + (total["outside"] as? Int ?? -1)
        #expect(located == 30_752)
        let incidents = try Self.check(gpkg + "/assign.gpkg", "incidents", ["--incidents-csv", gpkg + "/incidents.csv"])
        #expect(Self.ogrinfo(incidents)["feature_count"] as? Int == located)
        #expect(Self.ogrinfo(incidents)["geometry"] as? String == "Point")
        #expect(incidents["incident_points_matched"] as? Int == located)
        #expect(incidents["validate_gpkg"] as? String == "ok")
        // The counts do not depend on the layer format.
        #expect(try readText(gpkg + "/counts.csv") == readText(geojson + "/counts.csv"))
    }

    @Test func hotspotsGeoPackageOpensInGDALAndEqualsTheGeoJSONAndCSV() throws {
        guard Self.ogr2ogr != nil else { return }
        let arguments = [Self.month, "--study-area", Self.lsoa] + Self.fields
            + ["--type", "Violence and sexual offences", "--cell", "250", "--radius", "400"]
        let geojson = try Self.nbhd("hotspots", arguments)
        let gpkg = try Self.nbhd("hotspots", arguments + ["--format", "gpkg"])
        let grid = try Self.check(gpkg + "/hotspots.gpkg", "grid", ["--geojson", geojson + "/grid.geojson"])
        let cells = try readText(geojson + "/grid.csv").split(separator: "\n").dropFirst().filter { $0.split(separator: ",")[5] == "1" }.count
        #expect(Self.ogrinfo(grid)["feature_count"] as? Int == cells)
        #expect(Self.ogrinfo(grid)["geometry"] as? String == "Polygon")
        #expect(Self.ogrinfo(grid)["epsg"] as? Int == 27700)
        // Cells are made in metres: GDAL's lon/lat equal the GeoJSON's to its 1e-9 degree rounding.
        #expect((grid["max_coordinate_difference_degrees"] as? Double ?? 1) <= 1e-9)
        #expect(grid["validate_gpkg"] as? String == "ok")
        let areas = try Self.check(gpkg + "/hotspots.gpkg", "areas", ["--csv", gpkg + "/areas.csv", "area_id"])
        #expect(Self.ogrinfo(areas)["feature_count"] as? Int == 1_388)
        #expect(areas["csv_rows_matched"] as? Int == 1_388)
        #expect(areas["validate_gpkg"] as? String == "ok")
    }

    @Test func indicatorsGeoPackageOpensInGDALAndEqualsTheGeoJSON() throws {
        guard Self.ogr2ogr != nil else { return }
        let files = ["2017-07", "2018-07"].map { sharedData("crime/west-yorkshire/\($0)-west-yorkshire-street.csv") }
        let arguments = files + ["--boundaries", Self.lsoa] + Self.fields + ["--period", "2018-07", "--baseline", "2017-07"]
        let geojson = try Self.nbhd("indicators", arguments)
        let gpkg = try Self.nbhd("indicators", arguments + ["--format", "gpkg"])
        let areas = try Self.check(gpkg + "/indicators.gpkg", "areas", ["--geojson", geojson + "/indicators.geojson"])
        #expect(Self.ogrinfo(areas)["feature_count"] as? Int == 1_388)
        #expect(areas["features_compared"] as? Int == 1_388)
        #expect((areas["max_coordinate_difference_metres_in_27700"] as? Double ?? 1) < 1e-4)
        #expect(areas["validate_gpkg"] as? String == "ok")
    }

    @Test func ogr2ogrGeoPackageOfTheLSOAsLoadsAndAssignsLikeTheGeoJSON() throws {
        guard let ogr2ogr = Self.ogr2ogr else { return }
        let folder = try temporaryFolder()
        let converted = try run(ogr2ogr, ["-f", "GPKG", folder + "/wy-lsoa.gpkg", Self.lsoa, "-nln", "lsoa"])
        #expect(converted.status == 0, "\(converted.err)")
        let fields = LayerFields(id: "LSOA11CD", name: "LSOA11NM", parent: "LAD13CD")
        let gpkg = try BoundaryLayerReader.read(path: folder + "/wy-lsoa.gpkg", fields: fields)
        let geojson = try GeoJSONLayerReader.read(path: Self.lsoa, fields: fields)
        #expect(gpkg.crs == geojson.crs)
        #expect(gpkg.areas.map(\.id) == geojson.areas.map(\.id))
        #expect(gpkg.areas.map(\.name) == geojson.areas.map(\.name))
        #expect(gpkg.areas.map(\.parentID) == geojson.areas.map(\.parentID))
        for (g, j) in zip(gpkg.areas, geojson.areas) {
            if let difference = ShapefileAgreementTests.difference(g.geometry, j.geometry, tolerance: 0) {
                Issue.record("\(g.id): \(difference)")
            }
        }
        let (a, folderA) = try runAssignment(files: [Self.month], layer: gpkg)
        let (b, folderB) = try runAssignment(files: [Self.month], layer: geojson)
        #expect(a.total == b.total && a.total.assigned == 30_737)
        #expect(try readText(folderA + "/incidents.csv") == readText(folderB + "/incidents.csv"))
        #expect(try readText(folderA + "/counts.csv") == readText(folderB + "/counts.csv"))
    }

    @Test func layerChoosesATableOfAGeoPackageHoldingSeveral() throws {
        guard let ogr2ogr = Self.ogr2ogr else { return }
        let folder = try temporaryFolder()
        let file = folder + "/wy.gpkg"
        #expect(try run(ogr2ogr, ["-f", "GPKG", file, Self.lsoa, "-nln", "lsoa"]).status == 0)
        #expect(try run(ogr2ogr, ["-update", "-f", "GPKG", file, sharedData("boundaries/wy-districts-2013.geojson"), "-nln", "districts"]).status == 0)
        let out = folder + "/out"
        let ambiguous = try run(nbhdExecutable(), ["assign", Self.month, "--boundaries", file, "--out", out] + Self.fields)
        #expect(ambiguous.status == 65)
        #expect(ambiguous.err.contains("holds 2 feature layers (lsoa, districts): choose one with --layer NAME"), "\(ambiguous.err)")
        let missing = try run(nbhdExecutable(), ["assign", Self.month, "--boundaries", file, "--layer", "wards", "--out", out] + Self.fields)
        #expect(missing.status != 0 && missing.err.contains("no feature layer named 'wards'; layers are: lsoa, districts"), "\(missing.err)")
        let chosen = try Self.nbhd("assign", [Self.month, "--boundaries", file, "--layer", "lsoa"] + Self.fields)
        let direct = try Self.nbhd("assign", [Self.month, "--boundaries", Self.lsoa] + Self.fields)
        #expect(try readText(chosen + "/counts.csv") == readText(direct + "/counts.csv"))
        let districts = try BoundaryLayerReader.read(path: file, fields: LayerFields(id: "LAD13CD"), layer: "districts")
        #expect(districts.count == 5 && districts.crs == "OGC:CRS84")
    }

    @Test func formatGpkgRefusesAWorkingCRSWithoutAnEPSGCodeBeforeReadingIncidents() throws {
        let folder = try temporaryFolder()
        let tmerc = "+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy +units=m"
        let result = try run(
            nbhdExecutable(),
            ["assign", Self.month, "--boundaries", Self.lsoa, "--working-crs", tmerc, "--format", "gpkg", "--out", folder])
        #expect(result.status == 78)
        #expect(result.err.contains("--format gpkg records the working CRS by its EPSG code"), "\(result.err)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/incidents.csv"))
    }
}
