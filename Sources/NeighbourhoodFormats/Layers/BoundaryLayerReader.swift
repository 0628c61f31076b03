import NeighbourhoodGeometry

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a boundary layer in whichever format its path names: GeoJSON (`.geojson`, `.json`,
/// optionally gzip-compressed), KML (`.kml`, `.kmz`, or a folder of KML files) or an ESRI
/// Shapefile (`.shp` or a sibling file, or a `.zip` holding one) or a GeoPackage (`.gpkg`).
public enum BoundaryLayerReader {
    /// The formats recognised.
    public enum Format: String, Sendable, CaseIterable {
        /// GeoJSON FeatureCollection.
        case geoJSON = "GeoJSON"
        /// KML or KMZ, or a folder of them.
        case kml = "KML"
        /// ESRI Shapefile (.shp, .shx, .dbf, .prj, .cpg), or a .zip of one.
        case shapefile = "Shapefile"
        /// OGC GeoPackage (.gpkg), one feature table of it.
        case geoPackage = "GeoPackage"
    }

    /// The format of `path`, by its extension (after any `.gz`), or KML for a folder.
    ///
    /// - Throws: ``FormatError`` (`.malformed`) for an extension no reader handles.
    public static func format(of path: String) throws(FormatError) -> Format {
        if isDirectory(path) { return .kml }
        var name = path.lowercased()
        if name.hasSuffix(".gz") { name.removeLast(3) }
        if name.hasSuffix(".geojson") || name.hasSuffix(".json") { return .geoJSON }
        if name.hasSuffix(".kml") || name.hasSuffix(".kmz") { return .kml }
        if [".shp", ".shx", ".dbf", ".zip"].contains(where: { name.hasSuffix($0) }) { return .shapefile }
        if name.hasSuffix(".gpkg") { return .geoPackage }
        throw FormatError(
            .malformed, file: path,
            detail: "cannot tell the boundary format from the file name: use .geojson, .json, .kml, .kmz, "
                + ".shp, .zip (a zipped shapefile), .gpkg or a folder of .kml files")
    }

    /// Reads `path` with the reader for its format.
    ///
    /// - Parameters:
    ///   - path: The file (or KML folder).
    ///   - fields: Which properties give id, name and parent.
    ///   - layer: The table of a GeoPackage holding several; only GeoPackages have layers.
    /// - Throws: ``FormatError`` or ``NeighbourhoodGeometry/BoundaryLayerError`` from the reader;
    ///   ``FormatError`` (`.unsupported`) when `layer` is given for another format.
    public static func read(path: String, fields: LayerFields = LayerFields(), layer: String? = nil) throws -> BoundaryLayer {
        let format = try format(of: path)
        if let layer, format != .geoPackage {
            throw FormatError(
                .unsupported, file: path, detail: "a layer ('\(layer)') can only be chosen in a GeoPackage (.gpkg); this is \(format.rawValue)")
        }
        switch format {
        case .geoJSON: return try GeoJSONLayerReader.read(path: path, fields: fields)
        case .kml: return try KMLLayerReader.read(path: path, fields: fields)
        case .shapefile: return try ShapefileLayerReader.read(path: path, fields: fields)
        case .geoPackage: return try GeoPackageLayerReader.read(path: path, fields: fields, layer: layer)
        }
    }

    private static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }
}
