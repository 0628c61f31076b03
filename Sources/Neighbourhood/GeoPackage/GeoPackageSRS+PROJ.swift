extension GeoPackageSRS {
    /// The `gpkg_spatial_ref_sys` row for a CRS PROJ knows: its authority code as srs id
    /// (e.g. 27700), the name and the WKT 1 definition PROJ writes.
    ///
    /// - Parameter crs: A CRS with an EPSG code, e.g. `EPSG:27700`.
    /// - Throws: ``NeighbourhoodProjection/ProjectionError`` when PROJ does not know the CRS or
    ///   it has no numeric authority code (a GeoPackage needs one as its srs id).
    public init(crs: String) throws(ProjectionError) {
        let definition = try CoordinateReferenceSystem.definition(crs)
        guard let authority = definition.authority, let code = definition.code, code > 0 else {
            throw ProjectionError(
                .unknownCRS, "CRS '\(crs)' has no authority code (such as EPSG:27700) to use as a GeoPackage srs id")
        }
        self.init(
            id: code, name: definition.name, organization: authority, organizationCode: code, definition: definition.wkt1)
    }
}
