// GeoPackage writing and reading: the 1,388 West Yorkshire LSOAs as `nbhd assign` writes them
// (areas layer, EPSG:27700, 16 count columns), a 50,000-cell hotspot grid layer (13 columns,
// as `nbhd hotspots` writes it) and reading the LSOA GeoPackage back as a boundary layer.
//
//   swift run -c release gpkg-bench ../../shared/data/boundaries/wy-lsoa-2011.geojson [runs]
//
// Prints the best and worst of `runs` (default 5) wall-clock times per step.
import Foundation
import Neighbourhood

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    print("usage: gpkg-bench LSOA.geojson [runs]")
    exit(64)
}
let runs = arguments.count > 2 ? Int(arguments[2]) ?? 5 : 5
let folder = NSTemporaryDirectory() + "gpkg-bench-\(getpid())"
try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try body()
    let d = ContinuousClock.now - start
    return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

func report(_ name: String, _ times: [Double]) {
    print(String(format: "%@: best %.3f s, worst %.3f s (%d runs)", name as NSString, times.min()!, times.max()!, times.count))
}

let layer = try GeoJSONLayerReader.read(
    path: arguments[1], fields: LayerFields(id: "LSOA11CD", name: "LSOA11NM", parent: "LAD13CD"))
let assigner = try AreaAssigner(layer: layer)
let types = [
    "Anti-social behaviour", "Bicycle theft", "Burglary", "Criminal damage and arson", "Drugs", "Other crime",
    "Other theft", "Possession of weapons", "Public order", "Robbery", "Shoplifting", "Theft from the person",
    "Vehicle crime", "Violence and sexual offences",
]
let srs = try GeoPackageSRS(crs: "EPSG:27700")

// 1. The areas layer: build (features from the working layer) and write.
var areaTimes: [Double] = []
for run in 0..<runs {
    areaTimes.append(
        try seconds {
            let features = assigner.workingLayer.areas.enumerated().map { i, area in
                Feature(
                    geometry: .multiPolygon(area.geometry),
                    values: [.text(area.id), .text(area.name), .string(assigner.parentIDs[i]), .integer(i)]
                        + types.map { _ in .integer(i % 7) })
            }
            let writer = try GeoPackageWriter(path: folder + "/areas-\(run).gpkg")
            try writer.write(
                FeatureLayer(
                    table: "areas", srs: srs, geometryType: .multiPolygon,
                    fields: [FeatureField("area_id", .text), FeatureField("area_name", .text), FeatureField("parent_id", .text),
                        FeatureField("total", .integer)] + types.map { FeatureField($0, .integer) },
                    features: features))
            try writer.close()
        })
}
report("write 1,388 LSOAs (areas layer)", areaTimes)

// 2. A 250 x 200 grid of 250 m cells (50,000 squares) with the hotspot grid's 13 columns.
var gridTimes: [Double] = []
var gridWriteTimes: [Double] = []
for run in 0..<runs {
    var writeOnly = 0.0
    gridTimes.append(
        try seconds {
            var features: [Feature] = []
            features.reserveCapacity(50_000)
            for cell in 0..<50_000 {
                let x = 390_000 + Double(cell % 250) * 250, y = 400_000 + Double(cell / 250) * 250
                let square = try Polygon(exterior: [
                    Point(x: x, y: y), Point(x: x + 250, y: y), Point(x: x + 250, y: y + 250), Point(x: x, y: y + 250), Point(x: x, y: y),
                ])
                let z = Double(cell % 97) / 10 - 4.8
                features.append(
                    Feature(
                        geometry: .polygon(square),
                        values: [
                            .integer(cell), .real(x + 125), .real(y + 125), .integer(cell % 13), .real(Double(cell % 13)),
                            .real(Double(cell % 29) * 0.37), .real(z), .real(0.05), .null, .integer(Int(z / 2)),
                            .text("not-significant"), .text("E0101\(cell % 1388)"), .text("E08000035"),
                        ]))
            }
            let start = ContinuousClock.now
            defer {
                let d = ContinuousClock.now - start
                writeOnly = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
            }
            let writer = try GeoPackageWriter(path: folder + "/grid-\(run).gpkg")
            try writer.write(
                FeatureLayer(
                    table: "grid", srs: srs, geometryType: .polygon,
                    fields: [
                        FeatureField("cell_id", .integer), FeatureField("easting", .real), FeatureField("northing", .real),
                        FeatureField("count", .integer), FeatureField("weight", .real), FeatureField("density", .real),
                        FeatureField("gi_z", .real), FeatureField("gi_p", .real), FeatureField("gi_p_sim", .real),
                        FeatureField("gi_bin", .integer), FeatureField("moran_class", .text),
                        FeatureField("neighbourhood_id", .text), FeatureField("district_id", .text),
                    ],
                    features: features))
            try writer.close()
        })
    gridWriteTimes.append(writeOnly)
}
report("make and write 50,000 grid cells (grid layer)", gridTimes)
report("  of which GeoPackageWriter (create, write, close)", gridWriteTimes)

// 3. Reading the LSOA GeoPackage back, against reading the GeoJSON.
var readTimes: [Double] = []
var geoJSONTimes: [Double] = []
for _ in 0..<runs {
    readTimes.append(
        try seconds {
            _ = try GeoPackageLayerReader.read(path: folder + "/areas-0.gpkg", fields: LayerFields(id: "area_id", name: "area_name"))
        })
    geoJSONTimes.append(
        try seconds {
            _ = try GeoJSONLayerReader.read(path: arguments[1], fields: LayerFields(id: "LSOA11CD", name: "LSOA11NM"))
        })
}
report("read 1,388 LSOAs from the GeoPackage", readTimes)
report("read 1,388 LSOAs from the GeoJSON (for comparison)", geoJSONTimes)
for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasSuffix("-0.gpkg") {
    let size = (try FileManager.default.attributesOfItem(atPath: folder + "/" + name)[.size] as? Int) ?? 0
    print("\(name): \(size) bytes")
}
try? FileManager.default.removeItem(atPath: folder)
