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

extension AreaAssigner {
    /// The GeoPackage layer of this assigner's areas in the working CRS: `area_id`,
    /// `area_name`, `parent_id`, then `extraFields` with the values `extraValues(i)` gives for
    /// area `i`.
    func areaFeatureLayer(
        table: String, description: String, extraFields: [FeatureField], extraValues: (Int) -> [FieldValue]
    ) throws -> FeatureLayer {
        let features = workingLayer.areas.enumerated().map { i, area in
            Feature(
                geometry: .multiPolygon(area.geometry),
                values: [.text(area.id), .text(area.name), .string(parentIDs[i])] + extraValues(i))
        }
        return FeatureLayer(
            table: table, description: description, srs: try GeoPackageSRS(crs: workingCRS), geometryType: .multiPolygon,
            fields: [FeatureField("area_id", .text), FeatureField("area_name", .text), FeatureField("parent_id", .text)]
                + extraFields,
            features: features)
    }
}
