extension AssignmentOutputs {
    /// The `areas` layer of `nbhd assign --format gpkg`: the boundaries in the working CRS
    /// with the properties of `areas.geojson` (`area_id`, `area_name`, `parent_id`, `total` and
    /// one integer column per crime type).
    ///
    /// - Throws: ``NeighbourhoodProjection/ProjectionError`` when the working CRS has no EPSG code.
    /// - Complexity: O(*n*) in the number of positions.
    public func areasLayer(_ counts: IncidentCounts) throws -> FeatureLayer {
        let byType = counts.totalsByAreaAndType()
        let types = counts.crimeTypes
        return try assigner.areaFeatureLayer(
            table: "areas", description: "Areas with incident counts (nbhd assign)",
            extraFields: [FeatureField("total", .integer)] + types.map { FeatureField($0.isEmpty ? "(no type)" : $0, .integer) },
            extraValues: { i in
                let areaCounts = byType[i] ?? [:]
                return [.integer(areaCounts.values.reduce(0, +))] + types.map { .integer(areaCounts[$0] ?? 0) }
            })
    }

    /// The `incidents` layer of `nbhd assign --format gpkg`, without its features: points in
    /// the working CRS with `file`, `crime_id` (police.uk's `Crime ID` when the table holds
    /// that column), `month`, `crime_type`, `easting`, `northing`, `area_id`, `parent_id` and
    /// `status`. Write it with its features streamed from the table:
    ///
    /// ```swift
    /// try writer.write(try outputs.incidentsLayer(), features: outputs.incidentFeatures(table))
    /// ```
    ///
    /// - Throws: ``NeighbourhoodProjection/ProjectionError`` when the working CRS has no EPSG code.
    public func incidentsLayer() throws -> FeatureLayer {
        FeatureLayer(
            table: "incidents", description: "Located incidents (nbhd assign)", srs: try GeoPackageSRS(crs: assigner.workingCRS),
            geometryType: .point,
            fields: [
                FeatureField("file", .text), FeatureField("crime_id", .text), FeatureField("month", .text),
                FeatureField("crime_type", .text), FeatureField("easting", .real), FeatureField("northing", .real),
                FeatureField("area_id", .text), FeatureField("parent_id", .text), FeatureField("status", .text),
            ])
    }

    /// One point feature per located row of `table` (assigned or outside), in row order, made
    /// as the sequence is read (nothing is held). Rows without location have no point and are
    /// left out (`incidents.csv` lists them).
    ///
    /// - Complexity: O(*n*) in the number of rows, O(1) memory.
    public func incidentFeatures(_ table: IncidentTable) -> some Sequence<Feature> {
        let crimeIDs = table.columns["Crime ID"]
        let assigner = assigner
        return (0..<table.count).lazy.compactMap { row -> Feature? in
            guard let point = table.point(at: row) else { return nil }
            let area = Int(table.area[row])
            return Feature(
                geometry: .point(point),
                values: [
                    .text(table.files[Int(table.file[row])]),
                    crimeIDs.map { .text($0.value(at: row)) } ?? .null,
                    .string(table.monthValue(at: row)?.description),
                    .text(table.crimeType.value(at: row)),
                    .real(point.x), .real(point.y),
                    area >= 0 ? .text(assigner.layer.areas[area].id) : .null,
                    area >= 0 ? .string(assigner.parentIDs[area]) : .null,
                    .text(table.status[row].rawValue),
                ])
        }
    }
}
