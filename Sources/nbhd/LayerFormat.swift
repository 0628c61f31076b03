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

extension LayerFormat {
    /// Fails before any work when a GeoPackage cannot record `workingCRS` (it needs an
    /// authority code such as EPSG:27700 as its srs id).
    func checkCRS(_ workingCRS: String) throws {
        guard self == .gpkg else { return }
        do { _ = try GeoPackageSRS(crs: workingCRS) } catch {
            throw ProjectionError(
                error.code,
                "--format gpkg records the working CRS by its EPSG code, which '\(workingCRS)' lacks (\(error.message)); "
                    + "give --working-crs as EPSG:NNNN or use --format geojson")
        }
    }
}
