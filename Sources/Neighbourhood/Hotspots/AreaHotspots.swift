import NeighbourhoodFormats

/// Gi* and local Moran's I on neighbourhood counts rather than grid cells: each area is a
/// point (its interior point, in the working CRS), neighbours are areas whose points are at
/// most a band apart, and the values are the incidents assigned to each area.
public struct AreaHotspots: Sendable {
    /// The band in metres.
    public let band: Double
    /// Whether the band was chosen automatically (the smallest giving every area a neighbour).
    public let bandIsAutomatic: Bool
    /// Incidents per area, in layer order.
    public let counts: [Double]
    /// Gi* per area.
    public let gi: LocalGetisOrd
    /// Local Moran per area (row-standardised weights).
    public let moran: LocalMoran
    /// Each area's point (interior point, working CRS).
    public let points: [Point]

    /// Computes both statistics over the assigner's areas.
    ///
    /// - Parameters:
    ///   - counts: Incidents (or weights) per area, in layer order.
    ///   - assigner: The areas.
    ///   - band: The band in metres, or `nil` for the automatic one.
    ///   - permutations: Conditional permutations, or `nil`.
    /// - Throws: ``GridError`` with fewer than three areas, a bad band or non-finite counts.
    /// - Complexity: O(*n k*) for *n* areas with *k* neighbours, after O(*n*) interior points.
    public init(
        counts: [Double], assigner: AreaAssigner, band: Double?, permutations: ConditionalPermutation?
    ) throws(GridError) {
        let points = assigner.workingLayer.areas.map { $0.geometry.interiorPoint }
        guard points.count == counts.count else {
            throw GridError(.sizeMismatch, "\(counts.count) counts for \(points.count) areas")
        }
        let chosen: Double
        if let band { chosen = band } else { chosen = try SpatialWeights.defaultBand(points: points) }
        let weights = try SpatialWeights.distanceBand(points: points, band: chosen)
        self.band = chosen
        self.points = points
        bandIsAutomatic = band == nil
        self.counts = counts
        gi = try LocalGetisOrd(values: counts, weights: weights.includingSelf(), star: true, permutations: permutations)
        moran = try LocalMoran(values: counts, weights: weights, permutations: permutations)
    }
}

extension HotspotOutputs {
    /// `areas.csv`: `area_id`, `area_name`, `district_id`, `point_easting`, `point_northing`
    /// (the area's interior point, where distances are measured from), `count`, `gi_z`,
    /// `gi_p`, `gi_p_sim`, `gi_bin`, `moran_class`, one line per area in layer order.
    public func writeAreasCSV(_ areas: AreaHotspots, to path: String) throws {
        var text: [UInt8] = []
        text.append(text: "area_id,area_name,district_id,point_easting,point_northing,count,gi_z,gi_p,gi_p_sim,gi_bin,moran_class\n")
        let clusters = areas.moran.clusters(level: 0.05)
        for (i, area) in assigner.layer.areas.enumerated() {
            text.append(csvField: area.id)
            text.append(0x2C)
            text.append(csvField: area.name)
            text.append(0x2C)
            text.append(csvField: assigner.parentIDs[i] ?? "")
            text.append(0x2C)
            text.append(number: areas.points[i].x)
            text.append(0x2C)
            text.append(number: areas.points[i].y)
            text.append(0x2C)
            text.append(number: areas.counts[i])
            text.append(0x2C)
            text.append(number: areas.gi.z[i])
            text.append(0x2C)
            text.append(number: areas.gi.p[i])
            text.append(0x2C)
            if let p = areas.gi.permutationP?[i] { text.append(number: p) }
            text.append(0x2C)
            text.append(integer: Int(areas.gi.bin[i]))
            text.append(0x2C)
            text.append(text: clusters[i].map(\.description) ?? "not-significant")
            text.append(0x0A)
        }
        let file = try OutputFile(path: path)
        try file.write(text)
        try file.close()
    }
}
