import NeighbourhoodAnalytics

extension Briefing {
    /// One map per computed indicator over the scope's neighbourhoods, shaded by rate per
    /// 1,000 residents, count or rate ratio, with district outlines; none for a single
    /// neighbourhood or a period without data.
    ///
    /// - Throws: ``MapError`` when the palette cannot give the classes asked for.
    public func indicatorMaps(width: Double = 900) throws(MapError) -> [ChoroplethMap] {
        guard let indicators, areaPositions.count > 1 else { return [] }
        var maps: [ChoroplethMap] = []
        for k in indicators.results.indices { maps.append(try indicatorMap(indicators.results[k], index: k, width: width)) }
        return maps
    }

    /// The map of the indicator with this id, or `nil` when it was not computed (or the
    /// scope is a single neighbourhood, or the period has no data).
    ///
    /// - Throws: ``MapError`` when the palette cannot give the classes asked for.
    public func indicatorMap(id: String, width: Double = 900) throws(MapError) -> ChoroplethMap? {
        guard let indicators, areaPositions.count > 1,
            let k = indicators.results.firstIndex(where: { $0.indicatorId == id })
        else { return nil }
        return try indicatorMap(indicators.results[k], index: k, width: width)
    }

    private func indicatorMap(_ result: IndicatorComputation.Result, index k: Int, width: Double) throws(MapError) -> ChoroplethMap {
        let definition = indicators?.compiled.indicators.first { $0.definition.id == result.indicatorId }?.definition
        let label = definition?.label ?? result.indicatorId
        let unit = definition?.unit ?? "offences"
        var byArea: [String: IndicatorRow] = [:]
        for row in result.rows where row.level == .neighbourhood { byArea[row.areaId] = row }
        let rows = areaPositions.map { byArea[request.assigner.layer.areas[$0].id] }
        let values: [Double?]
        let valueLabel: String
        switch request.measure {
        case .rate:
            values = rows.map { $0?.ratePer1000.number }
            valueLabel = "\(unit.capitalized) per 1,000 residents"
        case .count:
            values = rows.map { $0?.value.number }
            valueLabel = "\(unit.capitalized) recorded"
        case .ratio:
            values = rows.map { $0?.rateRatio.number }.map { $0.flatMap { $0.isFinite ? $0 : nil } }
            valueLabel = "Rate ratio against \(result.baseline?.description ?? "the baseline") (1 = no change)"
        }
        var map = baseMap(title: label, valueLabel: valueLabel, values: values, width: width, index: k)
        map.decimals = request.measure == .count && definition?.weight == nil ? 0 : (request.measure == .ratio ? 2 : 1)
        let total = rows.reduce(0.0) { $0 + ($1?.count.number ?? 0) }
        if total == 0 {
            map.note = "\(label): no incidents recorded in \(areaName) in \(request.period), so there is nothing to shade."
            map.regions = map.regions.map { var r = $0; r.value = nil; return r }
        } else if request.measure == .ratio, result.baseline == nil {
            map.note = "No baseline with data: change cannot be mapped."
            map.regions = map.regions.map { var r = $0; r.value = nil; return r }
        } else if !values.contains(where: { $0 != nil }) {
            map.note = "No neighbourhood has a value: \(request.measure == .rate ? "no population figures for these areas" : "nothing to shade")."
        } else {
            map.classes = try classify(values.compactMap { $0 }, diverging: request.measure == .ratio)
            if request.measure == .ratio, !request.palette.isDiverging { map.palette = .blueRed }
        }
        return map
    }

    /// The hotspot map: neighbourhoods shaded by incident count (viridis), Gi* hot cells at
    /// 90, 95 and 99 % after FDR, and labels for the neighbourhoods with most incidents.
    ///
    /// - Throws: ``MapError`` when the classes cannot be drawn.
    public func hotspotMap(width: Double = 900) throws(MapError) -> ChoroplethMap? {
        guard indicators != nil, areaPositions.count > 1 else { return nil }
        let types = request.hotspotTypes.isEmpty ? "All crime" : request.hotspotTypes.sorted().joined(separator: ", ")
        var map = baseMap(
            title: "Hotspots: \(types.lowercased() == "all crime" ? "all crime" : types)", valueLabel: "Incidents recorded",
            values: neighbourhoodCounts.map { Optional($0) }, width: width, index: 99)
        map.palette = .viridis
        map.labelTop = request.labelTop
        if hotspotIncidents == 0 {
            map.note = hotspotNote ?? "No incidents recorded: there is nothing to shade."
            map.regions = map.regions.map { var r = $0; r.value = nil; return r }
            return map
        }
        map.classes = try classify(neighbourhoodCounts)
        if let cells = hotspots?.cells, let bins = cells.giBin {
            map.cellTitle = "Gi* hot spot (\(Int(cells.grid.cellSize)) m cells, FDR)"
            map.cellKey = [("99 % confidence", RGBColour(0xcb181d)), ("95 % confidence", RGBColour(0xfb6a4a)), ("90 % confidence", RGBColour(0xfcbba1))]
            for cell in 0..<cells.grid.cellCount where cells.inStudyArea[cell] && bins[cell] > 0 {
                map.cells.append(.init(bounds: cells.grid.bounds(of: cell), keyIndex: 3 - bins[cell]))
            }
        }
        return map
    }

    private func baseMap(title: String, valueLabel: String, values: [Double?], width: Double, index: Int) -> ChoroplethMap {
        var map = ChoroplethMap(title: "\(title) — \(areaName)", period: periodLine(), valueLabel: valueLabel)
        map.width = width
        map.palette = request.palette
        map.idPrefix = "map\(index)"
        let layer = request.assigner.workingLayer
        let grouped = request.scope != .force || request.districtLayer == nil
        map.regions = zip(areaPositions, values).map { p, value in
            let area = layer.areas[p]
            return .init(
                id: area.id, name: request.assigner.layer.areas[p].name, geometry: area.geometry, value: value,
                group: grouped ? request.assigner.parentIDs[p] ?? "" : nil)
        }
        if !grouped, let districts = request.districtLayer { map.districtOutlines = districts.areas.map(\.geometry) }
        return map
    }

    /// The period, with missing months said plainly.
    func periodLine() -> String {
        var line = "Period \(request.period)"
        if !missingMonths.isEmpty {
            line += " — NO DATA for \(missingMonths.map(\.description).joined(separator: ", ")): \(request.period.count - missingMonths.count) of \(request.period.count) months shown"
        }
        return line
    }

    private func classify(_ values: [Double], diverging: Bool = false) throws(MapError) -> ClassBreaks {
        if diverging { return try .diverging(of: values, centre: 1, perSide: min(3, max(1, request.classes / 2))) }
        switch request.method {
        case .quantile: return try .quantiles(of: values, classes: request.classes)
        case .naturalBreaks: return try .naturalBreaks(of: values, classes: request.classes)
        case .diverging: return try .diverging(of: values, centre: 1, perSide: min(3, max(1, request.classes / 2)))
        }
    }
}
