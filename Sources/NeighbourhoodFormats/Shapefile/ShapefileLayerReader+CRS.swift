#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ShapefileLayerReader {
    /// The CRS identifier for a `.prj` WKT (WKT1, ESRI or OGC flavour).
    ///
    /// - `EPSG:27700` for British National Grid, recognised by its name
    ///   (`OSGB_1936_British_National_Grid`, `British_National_Grid`,
    ///   `OSGB 1936 / British National Grid`) together with a Transverse Mercator projection
    ///   and a 400000 false easting;
    /// - `EPSG:<code>` when the WKT ends with the top-level `AUTHORITY["EPSG","<code>"]`;
    /// - `OGC:CRS84` (longitude/latitude) for a WGS 84 `GEOGCS` (`GCS_WGS_1984`, `WGS 84`)
    ///   without an authority, as GDAL writes it;
    /// - otherwise the WKT itself, which PROJ reads directly.
    static func crs(fromWKT raw: String) -> String {
        let wkt = raw.trimmingSpaces.filter { !$0.isNewline }
        let compact = wkt.lowercased().filter { $0.isLetter || $0.isNumber }
        let bngNames = ["projcsosgb1936britishnationalgrid", "projcsbritishnationalgrid"]
        let lowered = wkt.lowercased().filter { !$0.isWhitespace }
        if bngNames.contains(where: compact.hasPrefix), compact.contains("transversemercator"),
            lowered.contains("false_easting\",400000]") || lowered.contains("false_easting\",400000.0]")
        {
            return "EPSG:27700"
        }
        // The top-level authority closes the WKT: ...AUTHORITY["EPSG","27700"]]
        let tight = Array(wkt.filter { !$0.isWhitespace })
        let marker = Array("AUTHORITY[\"EPSG\",\"")
        if let open = tight.lastIndex(of: "["), open >= 9, open - 9 + marker.count <= tight.count - 3,
            tight.suffix(3) == ["\"", "]", "]"]
        {
            let start = open - 9  // "AUTHORITY" precedes the bracket
            if Array(tight[start..<(start + marker.count)]) == marker {
                let code = tight[(start + marker.count)..<(tight.count - 3)]
                if !code.isEmpty, code.allSatisfy({ $0.isASCII && $0.isNumber }) { return "EPSG:" + String(code) }
            }
        }
        if ["geogcsgcswgs1984", "geogcswgs84"].contains(where: compact.hasPrefix),
            compact.contains("datumdwgs1984") || compact.contains("datumwgs1984")
        {
            return "OGC:CRS84"
        }
        return wkt
    }

    static func fileExists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }
}
