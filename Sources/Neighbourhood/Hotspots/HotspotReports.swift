/// The JSON summaries of a hotspot run: concentration of incidents over places, and the
/// evaluation of one period's hotspots against another period's incidents.
public enum HotspotReports {
    /// The shares of places reported: top 1 %, 5 %, 10 % and 20 %.
    public static let topFractions = [0.01, 0.05, 0.10, 0.20]

    /// `concentration.json` text: Gini, generalised Gini (Bernasco and Steenbeek 2017), the
    /// share of places holding 25 % and 50 % of incidents, and the share of incidents in the
    /// top places, over study-area cells and (when given) over neighbourhoods.
    ///
    /// - Parameters:
    ///   - cellCounts: Incidents per study-area cell.
    ///   - areaCounts: Incidents per neighbourhood (every area of the layer, zeros included), or `nil`.
    /// - Throws: ``GridError`` when there are no places.
    public static func concentrationJSON(cellCounts: [Double], areaCounts: [Double]?) throws(GridError) -> String {
        var j = JSONText()
        j.open("{")
        j.key("cells")
        try appendConcentration(cellCounts, &j)
        if let areaCounts, !areaCounts.isEmpty {
            j.key("neighbourhoods")
            try appendConcentration(areaCounts, &j)
        }
        j.member("method", "Gini as in DescTools (unbiased = FALSE); generalised Gini G' = max(1, N/C)(G - 1) + 1 for N places and C incidents (Bernasco and Steenbeek 2017); ties in place ranking broken by place number")
        j.close("}")
        return j.text + "\n"
    }

    private static func appendConcentration(_ counts: [Double], _ j: inout JSONText) throws(GridError) {
        let c = try Concentration(counts: counts)
        j.open("{")
        j.member("places", c.places)
        j.member(exact: "incidents", c.incidents)
        j.member(exact: "gini", c.gini)
        j.member(exact: "generalised_gini", c.generalizedGini)
        j.member(exact: "share_of_places_holding_25pc", c.incidents > 0 ? c.placeShare(holding: 0.25) : .nan)
        j.member(exact: "share_of_places_holding_50pc", c.incidents > 0 ? c.placeShare(holding: 0.5) : .nan)
        j.key("share_of_incidents_in_top")
        j.open("{")
        for f in topFractions {
            j.member(exact: "\(Int((f * 100).rounded()))pc", c.incidents > 0 ? c.incidentShare(inTop: f) : .nan)
        }
        j.close("}")
        j.close("}")
    }

    /// `evaluation.json` text: for the top 1, 5, 10 and 20 % of study-area cells by `scores`
    /// in the first period, the hit rate, PAI (Chainey, Tompson and Uhlig 2008) and PEI in
    /// both periods and the RRI, PAI(t2)/PAI(t1) (Levine 2008).
    ///
    /// - Parameters:
    ///   - scores: The ranking measure per cell in the first period.
    ///   - period1: Incidents per cell in the first period.
    ///   - period2: Incidents per cell in the second period.
    ///   - included: Study-area mask.
    ///   - labels: The two periods' names.
    /// - Throws: ``GridError`` when a period has no incidents in the study area.
    public static func evaluationJSON(
        scores: [Double], period1: [Double], period2: [Double], included: [Bool], labels: (String, String),
        measure: HotspotMeasure
    ) throws(GridError) -> String {
        var j = JSONText()
        j.open("{")
        j.member("selection_period", labels.0)
        j.member("evaluation_period", labels.1)
        j.member("ranked_by", measure.rawValue)
        j.member("study_area_cells", included.reduce(0) { $0 + ($1 ? 1 : 0) })
        j.key("top")
        j.open("[")
        for f in topFractions {
            let selected = try HotspotSelection.top(fraction: f, of: scores, included: included)
            let r = try RecaptureRateIndex(selected: selected, period1: period1, period2: period2, included: included)
            j.open("{")
            j.member(exact: "fraction_of_cells", f)
            j.member("cells", selected.count)
            for (name, a) in [("selection_period", r.period1), ("evaluation_period", r.period2)] {
                j.key(name)
                j.open("{")
                j.member(exact: "incidents_captured", a.captured)
                j.member(exact: "incidents_total", a.total)
                j.member(exact: "hit_rate", a.hitRate)
                j.member(exact: "area_share", a.areaShare)
                j.member(exact: "pai", a.pai)
                j.member(exact: "pei", a.pei)
                j.close("}")
            }
            j.member(exact: "rri", r.rri ?? .nan)
            j.close("}")
        }
        j.close("]")
        j.member("method", "top cells by the first period's measure (ties: higher measure, then lower cell number); hit rate n/N; PAI = (n/N)/(a/A); PEI = PAI / PAI of the best cells of the same number; RRI = PAI(t2)/PAI(t1)")
        j.close("}")
        return j.text + "\n"
    }
}
