internal import CProj

extension CoordinateReferenceSystem {
    /// The CRS as ESRI-flavoured WKT 1, the text of a `.prj` file beside a shapefile or an
    /// ESRI ASCII grid, e.g. `PROJCS["British_National_Grid",GEOGCS["GCS_OSGB_1936",...]]` for
    /// EPSG:27700. Written by PROJ's `proj_as_wkt` with `PJ_WKT1_ESRI`, on one line.
    ///
    /// - Parameter definition: Any CRS PROJ accepts (`EPSG:27700`, a PROJ string, WKT).
    /// - Throws: ``ProjectionError``: `.unknownCRS` when PROJ does not know the CRS or cannot
    ///   express it in ESRI WKT, with PROJ's message.
    /// - Complexity: O(1) (one PROJ database lookup).
    public static func esriWKT(_ definition: String) throws(ProjectionError) -> String {
        let context = try ProjContext()
        let crs = try context.crs(definition)
        guard let text = proj_as_wkt(context.handle, crs.handle, PJ_WKT1_ESRI, nil) else {
            throw ProjectionError(
                .unknownCRS, "CRS '\(definition)' cannot be written as ESRI WKT: \(context.lastError())")
        }
        return String(cString: text)
    }
}
