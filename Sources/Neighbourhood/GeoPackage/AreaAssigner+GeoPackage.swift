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
