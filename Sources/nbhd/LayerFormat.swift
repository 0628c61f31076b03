import ArgumentParser
import Neighbourhood

/// The format of the map layers a command writes: `--format geojson|gpkg`.
enum LayerFormat: String, ExpressibleByArgument, CaseIterable {
    /// One WGS84 `.geojson` file per layer (the default).
    case geojson
    /// One OGC GeoPackage per run, one table per layer, in the working CRS.
    case gpkg

    static var help: ArgumentHelp {
        "Map layers as geojson (one WGS84 .geojson per layer) or gpkg (one GeoPackage per run, a table per layer, in the working CRS)."
    }
}

/// Writes feature layers to one GeoPackage.
func writeGeoPackage(_ layers: [FeatureLayer], to path: String) throws {
    let writer = try GeoPackageWriter(path: path)
    for layer in layers { try writer.write(layer) }
    try writer.close()
}
