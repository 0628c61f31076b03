extension StoreExport {
    /// The fields of an exported incident, as in the CSV export: `file`, `line`, `crime_id`,
    /// `month`, `force`, `crime_type`, `outcome`, `longitude`, `latitude`, `location`,
    /// `easting`, `northing`, `status` and one `<layer>_id` per store layer.
    static func incidentFields(layers: [StoredLayer]) -> [FeatureField] {
        [
            FeatureField("file", .text), FeatureField("line", .integer), FeatureField("crime_id", .text),
            FeatureField("month", .text), FeatureField("force", .text), FeatureField("crime_type", .text),
            FeatureField("outcome", .text), FeatureField("longitude", .real), FeatureField("latitude", .real),
            FeatureField("location", .text), FeatureField("easting", .real), FeatureField("northing", .real),
            FeatureField("status", .text),
        ] + layers.map { FeatureField("\($0.name)_id", .text) }
    }

    /// One incident as a GeoPackage feature: a point in the store's working CRS, or no
    /// geometry for a row without location (GeoPackage allows a NULL geometry).
    static func feature(_ incident: StoredIncident) -> Feature {
        let point = incident.easting.flatMap { e in incident.northing.map { Point(x: e, y: $0) } }
        let month = incident.month >= 0 ? Month(ordinal: incident.month)?.description : nil
        return Feature(
            geometry: point.map { .point($0) },
            values: [
                .text(incident.file), .integer(incident.line), .text(incident.crimeID), .string(month),
                .text(incident.force), .text(incident.crimeType), .text(incident.outcome),
                .number(incident.longitude), .number(incident.latitude), .text(incident.street),
                .number(incident.easting), .number(incident.northing),
                .text(incident.locationID == nil ? "no_location" : "located"),
            ] + incident.areas.map { .string($0) })
    }

    /// Writes the incidents of `query` as the `incidents` table of a new GeoPackage at `path`
    /// (points in the store's working CRS), streaming them from the store to the file with
    /// bounded memory; returns the number written.
    ///
    /// - Throws: ``FormatError`` when the file cannot be written, ``StoreError`` when the
    ///   store cannot be read, ``NeighbourhoodProjection/ProjectionError`` when the store's
    ///   working CRS has no EPSG code.
    static func writeGeoPackage(store: IncidentStore, query: StoreQuery, path: String) throws -> Int {
        let layers = try store.layerRecords()
        let layer = FeatureLayer(
            table: "incidents", description: "Stored incidents (nbhd export)",
            srs: try GeoPackageSRS(crs: try store.workingCRS()), geometryType: .point,
            fields: incidentFields(layers: layers))
        let writer = try GeoPackageWriter(path: path)
        let incidents = PushedSequence<StoredIncident> { yield in
            try store.forEachIncident(query, layers: layers) { try yield($0) }
        }
        var written = 0
        do {
            try writer.write(layer, features: incidents.lazy.map { incident -> Feature in
                written += 1
                return feature(incident)
            })
        } catch {
            incidents.cancel()
            throw error
        }
        try incidents.finish()
        try writer.close()
        return written
    }
}
