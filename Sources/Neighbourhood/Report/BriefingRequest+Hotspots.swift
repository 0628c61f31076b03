import NeighbourhoodAnalytics

extension BriefingRequest {
    /// The hotspot part of a briefing.
    struct HotspotSection {
        var incidents = 0
        var run: HotspotAnalysis.Run?
        var ranks: [HotspotRank] = []
        var pai: [Double] = []
        var concentration: (neighbourhoods: Concentration?, cells: Concentration?) = (nil, nil)
        var counts: [Double] = []
        var note: String?
    }

    /// Density, Gi* and the patrol table over the scope's neighbourhoods, with
    /// ``HotspotAnalysis`` (the library side of `nbhd hotspots`).
    func hotspotSection(table: IncidentTable, positions: [Int], periodHasData: Bool) throws -> HotspotSection {
        var section = HotspotSection()
        let inScope = Set(positions.map(Int32.init))
        let rows = table.rows(passing: IncidentFilter(crimeTypes: hotspotTypes.isEmpty ? nil : hotspotTypes, months: period))
            .filter { inScope.contains(table.area[$0]) }
        section.incidents = rows.count
        var slot: [Int32: Int] = [:]
        for (k, p) in positions.enumerated() { slot[Int32(p)] = k }
        var counts = [Double](repeating: 0, count: positions.count)
        for row in rows { counts[slot[table.area[row]]!] += 1 }
        section.counts = counts
        guard periodHasData else {
            section.note = "No data for the period: no hotspots can be found."
            return section
        }
        guard !rows.isEmpty else {
            section.note = "No incidents were recorded in the area in \(period): there are no hotspots to patrol."
            return section
        }
        if positions.count > 1 { section.concentration.neighbourhoods = try? Concentration(counts: counts) }
        let scopeAssigner: AreaAssigner
        if positions.count == assigner.layer.count {
            scopeAssigner = assigner
        } else {
            let layer = try BoundaryLayer(
                source: assigner.layer.source, crs: assigner.layer.crs, areas: positions.map { assigner.layer.areas[$0] }
            ).settingParents(positions.map { assigner.parentIDs[$0] })
            scopeAssigner = try AreaAssigner(layer: layer, workingCRS: assigner.workingCRS)
        }
        let points = rows.map { Point(x: table.x[$0], y: table.y[$0]) }
        do {
            let run = try HotspotAnalysis(parameters: .init(cellSize: cellSize, radius: radius))
                .run(points: points, weights: nil, assigner: scopeAssigner)
            section.run = run
            // A patrol table lists places where incidents happened: cells with none are left out
            // (with few incidents, high-z cells can be empty neighbours of the one that has them).
            var ranks = run.cells.top(top, by: .giZ, rows: rows, table: table).filter { run.cells.count[$0.cell] > 0 }
            for k in ranks.indices { ranks[k].rank = k + 1 }
            section.ranks = ranks
            let included = run.cells.inStudyArea
            let cellCounts = run.cells.count.map(Double.init)
            section.pai = ranks.indices.map { k in
                (try? PredictiveAccuracy(selected: ranks[...k].map(\.cell), counts: cellCounts, included: included))?.pai ?? .nan
            }
            let inside = run.studyGrid.insideCells.map { cellCounts[$0] }
            section.concentration.cells = try? Concentration(counts: inside)
            // Re-express the patrol table's areas as the full layer's positions.
            if scopeAssigner.layer.count != assigner.layer.count {
                var cells = run.cells
                cells.area = cells.area.map { $0 >= 0 ? Int32(positions[Int($0)]) : $0 }
                section.run?.cells = cells
            }
        } catch {
            section.note = "Hotspots could not be computed: \(error)."
        }
        return section
    }
}
