internal import CProj

/// Well-known coordinate reference systems and facts about any CRS PROJ knows.
///
/// A CRS is written as PROJ accepts it: `EPSG:27700`, an `urn:ogc:def:crs:...` name, a PROJ
/// string such as `+proj=tmerc ...`, WKT, or PROJJSON.
public enum CoordinateReferenceSystem {
    /// WGS 84 longitude/latitude in degrees, x = longitude (police.uk and GeoJSON order).
    public static let wgs84 = "EPSG:4326"
    /// British National Grid (OSGB36 / British National Grid), easting/northing in metres.
    public static let britishNationalGrid = "EPSG:27700"

    /// Facts about a CRS.
    public struct Info: Sendable, Hashable {
        /// The CRS's name as PROJ reports it, e.g. `OSGB36 / British National Grid`.
        public var name: String
        /// Whether coordinates are angles (degrees) rather than lengths.
        public var isGeographic: Bool
    }

    /// Looks up `definition` in PROJ.
    ///
    /// - Throws: ``ProjectionError`` (`.unknownCRS`) with PROJ's message.
    public static func info(_ definition: String) throws(ProjectionError) -> Info {
        let context = try ProjContext()
        let crs = try context.crs(definition)
        let type = proj_get_type(crs.handle)
        let geographic = type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS
            || type == PJ_TYPE_GEOGRAPHIC_CRS
        let name = proj_get_name(crs.handle).map { String(cString: $0) } ?? definition
        return Info(name: name, isGeographic: geographic)
    }

    /// Throws unless `definition` is a projected (or otherwise length-based) CRS, for
    /// operations that measure distances.
    public static func requireProjected(_ definition: String) throws(ProjectionError) {
        if try info(definition).isGeographic {
            throw ProjectionError(
                .notProjected,
                "CRS '\(definition)' is in degrees; distances need a projected CRS such as EPSG:27700")
        }
    }
}
