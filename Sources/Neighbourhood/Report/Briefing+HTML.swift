import NeighbourhoodAnalytics

extension Briefing {
    /// The briefing as one self-contained HTML5 page: inline CSS and SVG maps, no scripts,
    /// fonts or requests; headings, table headers with scope, captions and alt text for every
    /// map; laid out to print on A4.
    ///
    /// - Throws: ``MapError`` when a map cannot be drawn.
    public func html() throws(MapError) -> String {
        var h = "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
        h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        h += "<title>\(e(title))</title>\n<style>\n\(Self.css)</style>\n</head>\n<body>\n<main>\n"
        h += "<h1>\(e(title))</h1>\n"
        h += "<p class=\"lede\">\(e(areaName)) · period \(e(request.period.description))"
        h += request.baseline.map { " · compared with \(e($0.description))" } ?? ""
        h += " · \(areaPositions.count.formatted()) neighbourhood\(areaPositions.count == 1 ? "" : "s")</p>\n"
        if !warnings.isEmpty {
            h += "<section class=\"warnings\" aria-labelledby=\"warn\"><h2 id=\"warn\">Read this first</h2><ul>\n"
            for w in warnings { h += "<li>\(e(w))</li>\n" }
            h += "</ul></section>\n"
        }
        h += headlineSection()
        h += try mapSection()
        h += patrolSection()
        h += concentrationSection()
        h += dataQualitySection()
        h += definitionsSection()
        h += "<section aria-labelledby=\"repro\"><h2 id=\"repro\">Reproduce this briefing</h2>\n"
        h += "<pre><code>\(e(request.command))</code></pre></section>\n"
        h += "<footer><p>Contains public sector information licensed under the Open Government Licence v3.0. "
        h += "Boundaries: Office for National Statistics, © Crown copyright and database right. Made with nbhd.</p></footer>\n"
        h += "</main>\n</body>\n</html>\n"
        return h
    }

    /// The page title.
    public var title: String { "Crime briefing: \(areaName), \(request.period)" }

    private func headlineSection() -> String {
        var h = "<section aria-labelledby=\"headline\"><h2 id=\"headline\">Headline indicators</h2>\n"
        guard let indicators else {
            return h + "<p class=\"empty\">No data for any month of \(e(request.period.description)): no figures can be given.</p></section>\n"
        }
        let hasBaseline = indicators.results.first?.baseline != nil
        h += "<table>\n<caption>\(e(areaName)), \(e(request.period.description))"
        h += hasBaseline ? " against \(e(indicators.results.first!.baseline!.description))" : ""
        h += ". Change is the rate ratio with its exact 95 % interval; significance from the exact conditional test at 5 %.</caption>\n"
        h += "<thead><tr><th scope=\"col\">Indicator</th><th scope=\"col\">Count</th><th scope=\"col\">Per 1,000 residents</th>"
        if hasBaseline {
            h += "<th scope=\"col\">Baseline count</th><th scope=\"col\">Change (95 % CI)</th><th scope=\"col\">p</th><th scope=\"col\">Significance</th>"
        }
        h += "</tr></thead>\n<tbody>\n"
        for result in indicators.results {
            let label = indicators.compiled.indicators.first { $0.definition.id == result.indicatorId }?.definition.label ?? result.indicatorId
            guard let row = headline(result) else { continue }
            h += "<tr><th scope=\"row\">\(e(label))</th><td>\(text(row.value, 0))</td><td>\(text(row.ratePer1000, 2))</td>"
            if hasBaseline {
                let interval = row.rateRatioLower.number == nil ? "" : " (\(text(row.rateRatioLower, 2))–\(text(row.rateRatioUpper, 2)))"
                h += "<td>\(text(row.baselineCount, 0))</td><td>\(text(row.rateRatio, 2))\(interval)</td>"
                h += "<td>\(pText(row.pValue))</td><td>\(significance(row))</td>"
            }
            h += "</tr>\n"
        }
        h += "</tbody></table>\n"
        for u in indicators.compiled.unavailable {
            h += "<p class=\"note\">\(e(u.id)): not available — \(e(u.reason)).</p>\n"
        }
        return h + "</section>\n"
    }

    private func mapSection() throws(MapError) -> String {
        var h = "<section aria-labelledby=\"maps\"><h2 id=\"maps\">Maps</h2>\n"
        if areaPositions.count == 1 {
            return h + "<p class=\"empty\">\(e(areaName)) is a single neighbourhood: a map would have nothing to compare it with, so none is drawn. Its figures are in the tables.</p></section>\n"
        }
        if indicators == nil {
            return h + "<p class=\"empty\">No data for the period: no maps are drawn rather than empty ones.</p></section>\n"
        }
        var maps = try indicatorMaps()
        if let hot = try hotspotMap() { maps.insert(hot, at: 0) }
        // Every map shows the same neighbourhoods at the same size: simplify once.
        if let first = maps.first {
            let geometry = try first.makeDisplayGeometry()
            for k in maps.indices { maps[k].displayGeometry = geometry }
        }
        for map in maps {
            h += "<figure>\n\(try map.svg())<figcaption>\(e(map.title)). \(e(map.description ?? map.defaultDescription()))</figcaption>\n</figure>\n"
        }
        return h + "</section>\n"
    }

    private func patrolSection() -> String {
        var h = "<section aria-labelledby=\"patrol\"><h2 id=\"patrol\">Patrol hotspots</h2>\n"
        guard let run = hotspots, !patrol.isEmpty else {
            return h + "<p class=\"empty\">\(e(hotspotNote ?? "No hotspots."))</p></section>\n"
        }
        let cells = run.cells
        var lonLat = patrol.map(\.location)
        _ = try? CoordinateTransformation(from: request.assigner.workingCRS, to: "EPSG:4326").transform(&lonLat)
        h += "<p>The \(patrol.count) \(Int(cells.grid.cellSize)) m cells with the highest Getis-Ord Gi* z-score for "
        h += "\(request.hotspotTypes.isEmpty ? "all crime" : e(request.hotspotTypes.sorted().joined(separator: ", "))) in \(e(request.period.description)) "
        h += "(\(hotspotIncidents.formatted()) incidents). Location: the most frequent incident point in the cell (a street position). "
        h += "PAI: share of incidents over share of area, for the cells down to that row.</p>\n"
        h += "<table class=\"patrol\">\n<caption>Patrol table</caption>\n<thead><tr><th scope=\"col\">Rank</th><th scope=\"col\">Neighbourhood</th>"
        h += "<th scope=\"col\">Location (lat, lon; easting, northing)</th><th scope=\"col\">Incidents</th>"
        h += "<th scope=\"col\">Counts by type</th><th scope=\"col\">Gi* z</th><th scope=\"col\">PAI</th></tr></thead>\n<tbody>\n"
        for (k, r) in patrol.enumerated() {
            let area = cells.area[r.cell]
            let name = area >= 0 ? request.assigner.layer.areas[Int(area)].name : "outside"
            h += "<tr><td>\(r.rank)</td><th scope=\"row\">\(e(name))</th>"
            h += "<td>\(ValueFormat.number(lonLat[k].y, decimals: 5)), \(ValueFormat.number(lonLat[k].x, decimals: 5))<br>"
            h += "E \(Int(r.location.x.rounded())) N \(Int(r.location.y.rounded()))</td><td>\(cells.count[r.cell])</td>"
            let byType = r.countsByType.filter { $0.value > 0 }.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            h += "<td class=\"types\">" + byType.map { "\(e($0.key.isEmpty ? "(no type)" : $0.key)) \($0.value)" }.joined(separator: ", ") + "</td>"
            h += "<td>\(ValueFormat.number(r.value, decimals: 2))</td><td>\(ValueFormat.number(cumulativePAI[k], decimals: 1))</td></tr>\n"
        }
        return h + "</tbody></table></section>\n"
    }

    private func concentrationSection() -> String {
        var h = "<section aria-labelledby=\"conc\"><h2 id=\"conc\">Concentration</h2>\n"
        let rows = [("Neighbourhoods", concentration.neighbourhoods), ("\(Int(request.cellSize)) m cells", concentration.cells)]
            .compactMap { name, c in c.map { (name, $0) } }
        guard !rows.isEmpty else {
            return h + "<p class=\"empty\">Not measured: \(areaPositions.count == 1 ? "a single neighbourhood has nothing to concentrate over" : "no incidents in the period").</p></section>\n"
        }
        h += "<table>\n<caption>How concentrated incidents are (Gini: 0 even, 1 all in one place; Bernasco and Steenbeek 2017 for the generalised Gini).</caption>\n"
        h += "<thead><tr><th scope=\"col\">Places</th><th scope=\"col\">Count</th><th scope=\"col\">Incidents</th><th scope=\"col\">Places holding half of incidents</th>"
        h += "<th scope=\"col\">Share of incidents in top 5 %</th><th scope=\"col\">Gini</th><th scope=\"col\">Generalised Gini</th></tr></thead>\n<tbody>\n"
        for (name, c) in rows {
            h += "<tr><th scope=\"row\">\(e(name))</th><td>\(c.places.formatted())</td><td>\(ValueFormat.number(c.incidents, decimals: 0))</td>"
            h += "<td>\(c.placesHolding(0.5).formatted()) (\(ValueFormat.number(100 * c.placeShare(holding: 0.5), decimals: 1)) %)</td>"
            h += "<td>\(ValueFormat.number(100 * c.incidentShare(inTop: 0.05), decimals: 1)) %</td>"
            h += "<td>\(ValueFormat.number(c.gini, decimals: 3))</td><td>\(ValueFormat.number(c.generalizedGini, decimals: 3))</td></tr>\n"
        }
        return h + "</tbody></table></section>\n"
    }

    private func dataQualitySection() -> String {
        var h = "<section aria-labelledby=\"dq\"><h2 id=\"dq\">Data quality</h2>\n"
        h += "<table>\n<caption>Every input row of \(e(request.source.inputs.count.formatted())) input(s), all months; the outcomes add up to the rows read.</caption>\n"
        h += "<thead><tr><th scope=\"col\">Rows</th><th scope=\"col\">Number</th></tr></thead>\n<tbody>\n"
        let t = tally
        for (name, n) in [
            ("Read", t.rowsRead), ("In a neighbourhood", t.assigned), ("Outside every neighbourhood", t.outside),
            ("Without location (force totals only)", t.noLocation), ("Rejected (unreadable)", t.rejected),
            ("Repeating an earlier Crime ID (counted once)", duplicates),
        ] {
            h += "<tr><th scope=\"row\">\(e(name))</th><td>\(n.formatted())</td></tr>\n"
        }
        h += "</tbody></table>\n<p>Outcomes \(t.isBalanced ? "add up to the rows read" : "DO NOT add up to the rows read")."
        h += missingMonths.isEmpty ? " Every month of the period has data." : " Months of the period without any data: \(e(missingMonths.map(\.description).joined(separator: ", ")))."
        if request.baseline != nil {
            h += baselineMissingMonths.isEmpty ? " Every month of the baseline has data." : " Months of the baseline without any data: \(e(baselineMissingMonths.map(\.description).joined(separator: ", ")))."
        }
        if let i = indicators, i.unplacedInPeriod > 0 {
            h += " \(i.unplacedInPeriod.formatted()) rows in the period count at force level only (no location or outside every neighbourhood)."
        }
        return h + "</p></section>\n"
    }

    private func definitionsSection() -> String {
        var h = "<section aria-labelledby=\"defs\"><h2 id=\"defs\">Definitions and methods</h2>\n<dl>\n"
        for indicator in indicators?.compiled.indicators ?? [] {
            let d = indicator.definition
            h += "<dt>\(e(d.label))</dt><dd>\(e(d.description)) Counted here with: \(e(indicator.variant.name))."
            for note in indicator.proxyNotes { h += " <strong>Proxy:</strong> \(e(note))" }
            h += "</dd>\n"
        }
        h += "<dt>Rates</dt><dd>Per 1,000 residents (population table given to the command).</dd>\n"
        h += "<dt>Change</dt><dd>Rate ratio of the period against the baseline, exposures the months with data; exact conditional binomial test and Clopper-Pearson interval (Przyborowski and Wilenski 1940).</dd>\n"
        h += "<dt>Maps</dt><dd>\(e(request.method == .naturalBreaks ? "Jenks natural breaks" : request.method.rawValue)) classes of the neighbourhood values, colour-blind-safe palette; geometry simplified to the drawing's resolution for display only; district outlines \(request.districtLayer == nil ? "dissolved from their neighbourhoods" : "from the district layer").</dd>\n"
        h += "<dt>Hotspots</dt><dd>\(Int(request.cellSize)) m cells, quartic kernel of radius \(Int(request.radius)) m, Getis-Ord Gi* with Benjamini-Hochberg FDR at 90/95/99 % (Getis and Ord 1992); PAI after Chainey et al. (2008).</dd>\n"
        return h + "</dl></section>\n"
    }

    private func significance(_ row: IndicatorRow) -> String {
        guard let p = row.pValue.number, let ratio = row.rateRatio.number else { return "not tested" }
        if p < 0.05 { return ratio > 1 ? "<strong>significant increase</strong>" : "<strong>significant decrease</strong>" }
        return "no significant change"
    }

    private func text(_ f: Figure, _ decimals: Int) -> String {
        switch f {
        case .value(let v): return ValueFormat.number(v, decimals: decimals == 0 && v != v.rounded() && abs(v) < 100 ? 1 : decimals)
        case .lowerBound(let v): return "≥ " + ValueFormat.number(v, decimals: 0)
        case .suppressed, .suppressedAtSource: return "suppressed"
        case .notAvailable: return "–"
        }
    }

    private func pText(_ f: Figure) -> String {
        guard let p = f.number else { return "–" }
        return p < 0.001 ? "&lt; 0.001" : ValueFormat.number(p, decimals: 3)
    }

    private func e(_ s: String) -> String { SVGText.escaped(s) }

    static let css = """
        :root { color: #1a1a1a; background: #ffffff; font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; }
        body { margin: 0; }
        main { max-width: 960px; margin: 0 auto; padding: 16px; line-height: 1.4; }
        h1 { font-size: 1.6em; margin: 0.2em 0; }
        h2 { font-size: 1.25em; border-bottom: 2px solid #1a1a1a; padding-bottom: 2px; margin-top: 1.4em; }
        .lede { font-size: 1.05em; color: #333333; }
        .warnings { border: 2px solid #8a4b00; background: #fff4e5; padding: 4px 12px; }
        .warnings h2 { border: none; margin-top: 0.4em; }
        .empty { font-weight: bold; padding: 8px; border-left: 4px solid #1a1a1a; background: #f2f2f2; }
        table { border-collapse: collapse; width: 100%; font-size: 0.9em; margin: 0.6em 0; }
        caption { text-align: left; font-style: italic; color: #333333; padding-bottom: 4px; }
        th, td { border: 1px solid #8c8c8c; padding: 3px 6px; text-align: left; vertical-align: top; }
        thead th { background: #e8e8e8; }
        td { font-variant-numeric: tabular-nums; }
        td.types { font-size: 0.9em; }
        figure { margin: 1em 0; break-inside: avoid; page-break-inside: avoid; }
        figure svg { width: 100%; height: auto; display: block; }
        figcaption { font-size: 0.85em; color: #333333; }
        pre { white-space: pre-wrap; word-break: break-all; background: #f2f2f2; padding: 8px; font-size: 0.85em; }
        dt { font-weight: bold; margin-top: 0.5em; }
        footer { margin-top: 2em; font-size: 0.8em; color: #333333; }
        @page { size: A4; margin: 12mm; }
        @media print {
          main { max-width: none; padding: 0; }
          h2 { break-after: avoid; }
          table, tr { break-inside: avoid; }
          .patrol { font-size: 0.75em; }
        }

        """
}
