extension IndicatorOutputs {
    /// The `areas` layer of `nbhd indicators --format gpkg`: the neighbourhoods in the working
    /// CRS with the properties of `indicators.geojson`: per indicator `<id>_count`,
    /// `<id>_rate_per_1000`, `<id>_rate_ratio` (NULL when suppressed or not available) and
    /// `<id>_flag`.
    ///
    /// - Throws: ``NeighbourhoodProjection/ProjectionError`` when the working CRS has no EPSG code.
    public func areasLayer(_ output: IndicatorRun.Output) throws -> FeatureLayer {
        var ids: [String] = []
        var rowsByArea: [String: [String: IndicatorRow]] = [:]
        for result in output.results {
            if !ids.contains(result.indicatorId) { ids.append(result.indicatorId) }
            for row in result.rows where row.level == .neighbourhood {
                rowsByArea[row.areaId, default: [:]][result.indicatorId] = row
            }
        }
        let layer = assigner.layer
        return try assigner.areaFeatureLayer(
            table: "areas", description: "Neighbourhood indicators (nbhd indicators)",
            extraFields: ids.flatMap { id in
                [
                    FeatureField("\(id)_count", .real), FeatureField("\(id)_rate_per_1000", .real),
                    FeatureField("\(id)_rate_ratio", .real), FeatureField("\(id)_flag", .text),
                ]
            },
            extraValues: { i in
                let rows = rowsByArea[layer.areas[i].id] ?? [:]
                return ids.flatMap { id -> [FieldValue] in
                    guard let row = rows[id] else { return [.null, .null, .null, .null] }
                    return [
                        .number(row.count.number), .number(row.ratePer1000.number), .number(row.rateRatio.number),
                        .text(row.flag.description),
                    ]
                }
            })
    }
}
