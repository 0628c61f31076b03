internal import CProj

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension CoordinateReferenceSystem {
    /// A CRS as a GeoPackage or other database records it: name, authority code and
    /// OGC WKT 1.
    public struct Definition: Sendable, Hashable {
        /// The name PROJ reports, e.g. `OSGB36 / British National Grid`.
        public var name: String
        /// The authority, e.g. `EPSG`, when PROJ knows one.
        public var authority: String?
        /// The authority's code, e.g. 27700, when numeric.
        public var code: Int32?
        /// OGC WKT 1 as GDAL writes it (`PJ_WKT1_GDAL`), on one line.
        public var wkt1: String
    }

    /// The name, authority code and WKT 1 of `definition`, e.g. for `EPSG:27700` the name
    /// `OSGB36 / British National Grid`, `EPSG` 27700 and `PROJCS["OSGB36 / British National Grid",...]`.
    ///
    /// - Throws: ``ProjectionError`` (`.unknownCRS`) with PROJ's message when PROJ does not
    ///   know the CRS or cannot write it as WKT 1.
    /// - Complexity: O(1) (one PROJ database lookup).
    public static func definition(_ definition: String) throws(ProjectionError) -> Definition {
        let context = try ProjContext()
        let crs = try context.crs(definition)
        let options = ["MULTILINE=NO"]
        let text = withCStrings(options) { proj_as_wkt(context.handle, crs.handle, PJ_WKT1_GDAL, $0) }
        guard let text else {
            throw ProjectionError(
                .unknownCRS, "CRS '\(definition)' cannot be written as WKT 1: \(context.lastError())")
        }
        let name = proj_get_name(crs.handle).map { String(cString: $0) } ?? definition
        let authority = proj_get_id_auth_name(crs.handle, 0).map { String(cString: $0) }
        let code = proj_get_id_code(crs.handle, 0).flatMap { Int32(String(cString: $0)) }
        return Definition(name: name, authority: authority, code: code, wkt1: String(cString: text))
    }

    private static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
        let copies = strings.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        var pointers: [UnsafePointer<CChar>?] = copies.map { UnsafePointer($0) } + [nil]
        return pointers.withUnsafeMutableBufferPointer { body(UnsafePointer($0.baseAddress!)) }
    }
}
