import NeighbourhoodFormats

/// Writes `indicators.csv`, `shares.csv` and `indicators.geojson` from an ``IndicatorRun``.
///
/// Figures that are not plain numbers are written as words, never as a misleading number:
/// `suppressed` (disclosure control), `suppressed_at_source`, `>=N` for a lower bound (a total
/// including small numbers suppressed at source), and an empty cell when not available, with
/// the reason in `notes`.
public struct IndicatorOutputs: Sendable {
    /// The assigner, for area names and geometry.
    public let assigner: AreaAssigner

    /// Creates a writer.
    public init(assigner: AreaAssigner) {
        self.assigner = assigner
    }

    /// The CSV header of `indicators.csv`.
    public static let header = [
        "area_id", "area_name", "level", "parent_id", "indicator", "period", "count", "value", "rate_per_1000",
        "share_of_parent", "rank", "baseline_period", "baseline_count", "baseline_rate_per_1000", "rate_ratio",
        "rate_ratio_lower", "rate_ratio_upper", "p_value", "q_value", "funnel_lower_99_8", "funnel_lower_95",
        "funnel_upper_95", "funnel_upper_99_8", "flag", "notes",
    ]

    /// `indicators.csv`: one row per indicator, area and level (neighbourhoods, then districts,
    /// then the force).
    public func writeCSV(_ output: IndicatorRun.Output, to path: String) throws {
        var names: [String: String] = [:]
        for area in assigner.layer.areas { names[area.id] = area.name }
        var text: [UInt8] = []
        text.append(text: IndicatorOutputs.header.joined(separator: ",") + "\n")
        let file = try OutputFile(path: path)
        for result in output.results {
            for row in result.rows {
                var notes: [String] = []
                func note(_ reason: String) {
                    // Skip a reason already said, in the same or in fuller words.
                    if notes.contains(where: { $0.hasPrefix(reason) || reason.hasPrefix($0) }) {
                        if let i = notes.firstIndex(where: { reason.hasPrefix($0) }) { notes[i] = reason }
                        return
                    }
                    notes.append(reason)
                }
                func figure(_ f: Figure) {
                    text.append(0x2C)
                    switch f {
                    case .value(let v) where !v.isFinite:
                        // +inf (a rate ratio over a zero baseline): blank, with the reason.
                        let reason = "the baseline is 0 and the period is not: the rate ratio (and its upper bound) is infinite, left blank"
                        note(reason)
                    case .value(let v): text.append(number: v)
                    case .lowerBound(let v):
                        text.append(text: ">=")
                        text.append(number: v)
                    case .suppressed: text.append(text: "suppressed")
                    case .suppressedAtSource: text.append(text: "suppressed_at_source")
                    case .notAvailable(let reason): note(reason)
                    }
                }
                text.append(csvField: row.areaId)
                text.append(0x2C)
                text.append(csvField: row.level == .neighbourhood ? names[row.areaId] ?? "" : "")
                text.append(0x2C)
                text.append(text: row.level.rawValue)
                text.append(0x2C)
                text.append(csvField: row.parentId ?? "")
                text.append(0x2C)
                text.append(csvField: result.indicatorId)
                text.append(0x2C)
                text.append(text: result.period.description)
                figure(row.count)
                figure(row.value)
                figure(row.ratePer1000)
                figure(row.shareOfParent)
                text.append(0x2C)
                if let rank = row.rank { text.append(integer: rank) }
                text.append(0x2C)
                text.append(text: result.baseline?.description ?? "")
                for f in [row.baselineCount, row.baselineRatePer1000, row.rateRatio, row.rateRatioLower, row.rateRatioUpper, row.pValue, row.qValue] {
                    figure(f)
                }
                for limit in [row.funnel?.lower998, row.funnel?.lower95, row.funnel?.upper95, row.funnel?.upper998] {
                    text.append(0x2C)
                    if let limit { text.append(number: limit) }
                }
                text.append(0x2C)
                text.append(text: row.flag.description)
                if case .notAvailable(let reason) = row.flag { note(reason) }
                text.append(0x2C)
                text.append(csvField: notes.joined(separator: "; "))
                text.append(0x0A)
            }
            try file.drain(&text)
        }
        try file.write(text)
        try file.close()
    }

    /// `shares.csv`: `share`, `area_id`, `level`, `numerator`, `denominator`, `share`, `lower`,
    /// `upper` (exact 95 % interval).
    public func writeSharesCSV(_ output: IndicatorRun.Output, to path: String) throws {
        var text: [UInt8] = []
        text.append(text: "share_id,area_id,level,numerator,denominator,share,lower,upper\n")
        for (definition, rows) in output.shares {
            for row in rows {
                text.append(csvField: definition.id)
                text.append(0x2C)
                text.append(csvField: row.areaId)
                text.append(0x2C)
                text.append(text: row.level.rawValue)
                for f in [row.numerator, row.denominator, row.share, row.lower, row.upper] {
                    text.append(0x2C)
                    switch f {
                    case .value(let v): text.append(number: v)
                    case .lowerBound(let v): text.append(text: ">="); text.append(number: v)
                    case .notAvailable: break
                    default: text.append(text: f.status)
                    }
                }
                text.append(0x0A)
            }
        }
        let file = try OutputFile(path: path)
        try file.write(text)
        try file.close()
    }

    /// `indicators.geojson`: the neighbourhoods (WGS84) with, per indicator, `<id>_count`,
    /// `<id>_rate_per_1000`, `<id>_rate_ratio` and `<id>_flag` (numbers, or `null` when
    /// suppressed or not available; the flag says `suppressed`).
    public func writeGeoJSON(_ output: IndicatorRun.Output, to path: String) throws {
        let geographic = ["OGC:CRS84", "EPSG:4326"].contains(assigner.layer.crs)
        let lonLat = geographic ? assigner.layer : try assigner.workingLayer.projected(to: "EPSG:4326")
        var rowsByArea: [String: [(String, IndicatorRow)]] = [:]
        for result in output.results {
            for row in result.rows where row.level == .neighbourhood {
                rowsByArea[row.areaId, default: []].append((result.indicatorId, row))
            }
        }
        let file = try OutputFile(path: path)
        var text: [UInt8] = []
        text.append(text: "{\"type\":\"FeatureCollection\",\"features\":[\n")
        for (i, area) in lonLat.areas.enumerated() {
            if i > 0 { text.append(text: ",\n") }
            text.append(text: "{\"type\":\"Feature\",\"properties\":{\"area_id\":")
            text.append(jsonString: area.id)
            text.append(text: ",\"area_name\":")
            text.append(jsonString: area.name)
            text.append(text: ",\"parent_id\":")
            if let parent = assigner.parentIDs[i] { text.append(jsonString: parent) } else { text.append(text: "null") }
            for (id, row) in rowsByArea[area.id] ?? [] {
                for (suffix, f) in [("count", row.count), ("rate_per_1000", row.ratePer1000), ("rate_ratio", row.rateRatio)] {
                    text.append(text: ",\"\(id)_\(suffix)\":")
                    if let v = f.number, v.isFinite { text.append(number: v) } else { text.append(text: "null") }
                }
                text.append(text: ",\"\(id)_flag\":")
                text.append(jsonString: row.flag.description)
            }
            text.append(text: "},\"geometry\":")
            text.append(geoJSON: area.geometry)
            text.append(0x7D)
            try file.drain(&text)
        }
        text.append(text: "\n]}\n")
        try file.write(text)
        try file.close()
    }
}
