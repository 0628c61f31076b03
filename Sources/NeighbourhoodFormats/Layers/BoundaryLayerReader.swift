import NeighbourhoodGeometry

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a boundary layer in whichever format its path names: GeoJSON (`.geojson`, `.json`,
/// optionally gzip-compressed), KML (`.kml`, `.kmz`, or a folder of KML files) or an ESRI
/// Shapefile (`.shp` or a sibling file, or a `.zip` holding one).
public enum BoundaryLayerReader {
    /// The formats recognised.
    public enum Format: String, Sendable, CaseIterable {
        /// GeoJSON FeatureCollection.
        case geoJSON = "GeoJSON"
        /// KML or KMZ, or a folder of them.
        case kml = "KML"
        /// ESRI Shapefile (.shp, .shx, .dbf, .prj, .cpg), or a .zip of one.
        case shapefile = "Shapefile"
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
        throw FormatError(
            .malformed, file: path,
            detail: "cannot tell the boundary format from the file name: use .geojson, .json, .kml, .kmz, "
                + ".shp, .zip (a zipped shapefile) or a folder of .kml files")
    }

    /// Reads `path` with the reader for its format.
    ///
    /// - Throws: ``FormatError`` or ``NeighbourhoodGeometry/BoundaryLayerError`` from the reader.
    public static func read(path: String, fields: LayerFields = LayerFields()) throws -> BoundaryLayer {
        switch try format(of: path) {
        case .geoJSON: return try GeoJSONLayerReader.read(path: path, fields: fields)
        case .kml: return try KMLLayerReader.read(path: path, fields: fields)
        case .shapefile: return try ShapefileLayerReader.read(path: path, fields: fields)
        }
    }

    private static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }
}
