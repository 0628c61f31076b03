import NeighbourhoodAnalytics

/// A briefing for one area and period: headline indicators with change against a baseline,
/// the neighbourhood figures behind each map, the top hotspots as a patrol table,
/// concentration, data quality and the definitions used. Built by ``BriefingRequest/build()``
/// from the same library pipelines as `nbhd indicators` (``IndicatorRun``) and
/// `nbhd hotspots` (``HotspotAnalysis``); rendered by ``html()``.
public struct Briefing: Sendable {
    /// What was asked.
    public let request: BriefingRequest
    /// How every input row was accounted for.
    public let tally: AssignmentTally
    /// The incident rows read (all months), for further layers such as incident points.
    public let table: IncidentTable
    /// Rows counted once because they repeat an earlier row's id.
    public let duplicates: Int
    /// The indicator computation, or `nil` when no month of the period has data.
    public let indicators: IndicatorRun.Output?
    /// Months of the period with no rows at all in the input.
    public let missingMonths: [Month]
    /// Months of the baseline with no rows at all (the baseline is dropped when all are).
    public let baselineMissingMonths: [Month]
    /// Whether the baseline was dropped because none of its months has data.
    public let baselineDropped: Bool
    /// Positions in the layer of the neighbourhoods in scope.
    public let areaPositions: [Int]
    /// Incidents in the period inside the scope's neighbourhoods (hotspot crime types).
    public let hotspotIncidents: Int
    /// The hotspot run, when there were incidents to map.
    public let hotspots: HotspotAnalysis.Run?
    /// The patrol table.
    public let patrol: [HotspotRank]
    /// Cumulative PAI of the patrol table's cells, by row.
    public let cumulativePAI: [Double]
    /// Concentration over the scope's neighbourhoods and over study-area cells.
    public let concentration: (neighbourhoods: Concentration?, cells: Concentration?)
    /// Hotspot neighbourhood counts in scope order.
    public let neighbourhoodCounts: [Double]
    /// Why the hotspot section is empty, when it is.
    public let hotspotNote: String?
    /// Things the reader must know (missing months, unavailable indicators, no population).
    public let warnings: [String]

    /// The name of the area covered, e.g. `West Yorkshire`, `District E08000035`, `Leeds 111B`.
    public var areaName: String {
        switch request.scope {
        case .force: return request.forceName
        case .district(let id): return "District \(id)"
        case .neighbourhood(let id):
            let layer = request.assigner.layer
            return layer.index(ofID: id).map { layer.areas[$0].name } ?? id
        }
    }

    /// The row describing the whole scope in an indicator's result.
    public func headline(_ result: IndicatorComputation.Result) -> IndicatorRow? {
        let key = request.scope.row(forceId: request.forceName)
        return result.rows.first { $0.level == key.level && $0.areaId == key.id }
    }
}
