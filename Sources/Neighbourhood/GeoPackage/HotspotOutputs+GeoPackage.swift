extension HotspotOutputs {
    /// The `grid` layer of `nbhd hotspots --format gpkg`: the study-area cells as squares in
    /// the working CRS with the properties of `grid.geojson` (`cell_id`, `easting`,
    /// `northing`, `count`, `weight`, `density`, `gi_z`, `gi_p`, `gi_p_sim`, `gi_bin`,
    /// `moran_class`, `neighbourhood_id`, `district_id`; statistics not computed are NULL).
    ///
    /// - Throws: ``NeighbourhoodProjection/ProjectionError`` when the working CRS has no EPSG code.
    /// - Complexity: O(*n*) in the number of cells.
    public func gridLayer(_ cells: HotspotCells) throws -> FeatureLayer {
        let grid = cells.grid
        var features: [Feature] = []
        features.reserveCapacity(cells.studyAreaCellCount)
        for cell in 0..<grid.cellCount where cells.inStudyArea[cell] {
            let b = grid.bounds(of: cell)
            let centre = grid.centre(of: cell)
            let square = try Polygon(
                exterior: [
                    Point(x: b.minX, y: b.minY), Point(x: b.maxX, y: b.minY), Point(x: b.maxX, y: b.maxY),
                    Point(x: b.minX, y: b.maxY), Point(x: b.minX, y: b.minY),
                ])
            let area = cells.area[cell]
            let neighbourhood = area >= 0 ? assigner.layer.areas[Int(area)].id : ""
            let district = area >= 0 ? assigner.parentIDs[Int(area)] ?? "" : ""
            features.append(
                Feature(
                    geometry: .polygon(square),
                    values: [
                        .integer(cell), .real(centre.x), .real(centre.y), .integer(cells.count[cell]),
                        .number(cells.weight[cell]), .number(cells.density[cell]), .number(cells.giZ?[cell]),
                        .number(cells.giP?[cell]), .number(cells.giPSim?[cell]), cells.giBin.map { .integer($0[cell]) } ?? .null,
                        .string(cells.moranClass?[cell]), .text(neighbourhood), .text(district),
                    ]))
        }
        return FeatureLayer(
            table: "grid", description: "Hotspot grid cells in the study area (nbhd hotspots)",
            srs: try GeoPackageSRS(crs: assigner.workingCRS), geometryType: .polygon,
            fields: [
                FeatureField("cell_id", .integer), FeatureField("easting", .real), FeatureField("northing", .real),
                FeatureField("count", .integer), FeatureField("weight", .real), FeatureField("density", .real),
                FeatureField("gi_z", .real), FeatureField("gi_p", .real), FeatureField("gi_p_sim", .real),
                FeatureField("gi_bin", .integer), FeatureField("moran_class", .text),
                FeatureField("neighbourhood_id", .text), FeatureField("district_id", .text),
            ],
            features: features)
    }

    /// The `areas` layer of `nbhd hotspots --format gpkg`: the neighbourhoods in the working
    /// CRS with the columns of `areas.csv` (`area_id`, `area_name`, `parent_id` (the
    /// district), `point_easting`, `point_northing`, `count`, `gi_z`, `gi_p`, `gi_p_sim`,
    /// `gi_bin`, `moran_class`).
    ///
    /// - Throws: ``NeighbourhoodProjection/ProjectionError`` when the working CRS has no EPSG code.
    public func areasLayer(_ areas: AreaHotspots) throws -> FeatureLayer {
        let clusters = areas.moran.clusters(level: 0.05)
        return try assigner.areaFeatureLayer(
            table: "areas", description: "Gi* and local Moran over neighbourhood counts (nbhd hotspots)",
            extraFields: [
                FeatureField("point_easting", .real), FeatureField("point_northing", .real), FeatureField("count", .real),
                FeatureField("gi_z", .real), FeatureField("gi_p", .real), FeatureField("gi_p_sim", .real),
                FeatureField("gi_bin", .integer), FeatureField("moran_class", .text),
            ],
            extraValues: { i in
                [
                    .number(areas.points[i].x), .number(areas.points[i].y), .number(areas.counts[i]), .number(areas.gi.z[i]),
                    .number(areas.gi.p[i]), .number(areas.gi.permutationP?[i]), .integer(Int(areas.gi.bin[i])),
                    .text(clusters[i].map(\.description) ?? "not-significant"),
                ]
            })
    }
}
