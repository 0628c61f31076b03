import NeighbourhoodFormats

/// The measure cells are ranked by in `hotspots.csv`.
public enum HotspotMeasure: String, Sendable, CaseIterable {
    /// Getis-Ord Gi* z-score.
    case giZ = "gi_z"
    /// Kernel density.
    case density
    /// Incident count.
    case count
}

/// One line of the patrol table: a top-ranked cell, where to stand in it and what happens
/// there.
public struct HotspotRank: Sendable {
    /// 1 for the highest-ranked cell.
    public var rank: Int
    /// The cell number.
    public var cell: Int
    /// The value of the ranking measure.
    public var value: Double
    /// The most frequent incident position in the cell (police.uk snaps incidents to
    /// points on streets, so this is a street location), in the working CRS; the cell
    /// centre when the cell has no incidents.
    public var location: Point
    /// Incidents in the cell by crime type.
    public var countsByType: [String: Int]
}

extension HotspotCells {
    /// The `n` study-area cells with the highest `measure`, ties broken by count (higher
    /// first) then cell number; cells whose measure was not computed are skipped.
    ///
    /// - Parameters:
    ///   - rows: The table rows that were gridded (after filtering).
    ///   - table: The incident table.
    /// - Complexity: O(*c* log *c* + *r*) for *c* cells and *r* rows.
    public func top(_ n: Int, by measure: HotspotMeasure, rows: [Int], table: IncidentTable) -> [HotspotRank] {
        let values: [Double]
        switch measure {
        case .giZ: values = giZ ?? []
        case .density: values = density
        case .count: values = count.map(Double.init)
        }
        guard values.count == grid.cellCount, n > 0 else { return [] }
        let candidates = (0..<grid.cellCount).filter { inStudyArea[$0] && values[$0].isFinite }
        let chosen = candidates.sorted { a, b in
            if values[a] != values[b] { return values[a] > values[b] }
            if count[a] != count[b] { return count[a] > count[b] }
            return a < b
        }.prefix(n)
        var slot: [Int: Int] = [:]
        for (k, cell) in chosen.enumerated() { slot[cell] = k }
        var byType = Array(repeating: [String: Int](), count: chosen.count)
        var positions = Array(repeating: [Point: Int](), count: chosen.count)
        for row in rows {
            guard let p = table.point(at: row), let cell = grid.cell(containing: p), let k = slot[cell] else { continue }
            byType[k][table.crimeType.value(at: row), default: 0] += 1
            positions[k][p, default: 0] += 1
        }
        return chosen.enumerated().map { k, cell in
            let best = positions[k].max { a, b in
                a.value != b.value ? a.value < b.value : (a.key.x, a.key.y) > (b.key.x, b.key.y)
            }
            return HotspotRank(
                rank: k + 1, cell: cell, value: values[cell], location: best?.key ?? grid.centre(of: cell),
                countsByType: byType[k])
        }
    }
}

extension HotspotOutputs {
    /// `hotspots.csv`: `rank`, `cell_id`, the measure, `gi_bin`, `neighbourhood_id`,
    /// `neighbourhood_name`, `district_id`, `longitude`, `latitude`, `easting`, `northing`
    /// (the street-level location), `count`, then one column per crime type.
    public func writeHotspotsCSV(
        _ ranks: [HotspotRank], cells: HotspotCells, measure: HotspotMeasure, crimeTypes: [String], to path: String
    ) throws {
        var lonLat = ranks.map(\.location)
        _ = try CoordinateTransformation(from: assigner.workingCRS, to: "EPSG:4326").transform(&lonLat)
        var text: [UInt8] = []
        text.append(text: "rank,cell_id,\(measure.rawValue),gi_bin,neighbourhood_id,neighbourhood_name,district_id,")
        text.append(text: "longitude,latitude,easting,northing,count")
        for type in crimeTypes {
            text.append(0x2C)
            text.append(csvField: type.isEmpty ? "(no type)" : type)
        }
        text.append(0x0A)
        for (k, r) in ranks.enumerated() {
            text.append(integer: r.rank)
            text.append(0x2C)
            text.append(integer: r.cell)
            text.append(0x2C)
            text.append(number: r.value)
            text.append(0x2C)
            if let bin = cells.giBin?[r.cell] { text.append(integer: bin) }
            text.append(0x2C)
            let area = cells.area[r.cell]
            if area >= 0 {
                let a = assigner.layer.areas[Int(area)]
                text.append(csvField: a.id)
                text.append(0x2C)
                text.append(csvField: a.name)
                text.append(0x2C)
                text.append(csvField: assigner.parentIDs[Int(area)] ?? "")
            } else {
                text.append(text: ",,")
            }
            text.append(0x2C)
            text.append(fixed: lonLat[k].x, decimals: 6)
            text.append(0x2C)
            text.append(fixed: lonLat[k].y, decimals: 6)
            text.append(0x2C)
            text.append(fixed: r.location.x, decimals: 1)
            text.append(0x2C)
            text.append(fixed: r.location.y, decimals: 1)
            text.append(0x2C)
            text.append(integer: cells.count[r.cell])
            for type in crimeTypes {
                text.append(0x2C)
                text.append(integer: r.countsByType[type] ?? 0)
            }
            text.append(0x0A)
        }
        let file = try OutputFile(path: path)
        try file.write(text)
        try file.close()
    }
}
