import NeighbourhoodAnalytics

/// What a briefing covers and how it is drawn; ``build()`` computes the ``Briefing``.
public struct BriefingRequest: Sendable {
    /// What neighbourhood maps shade.
    public enum Measure: String, Sendable, Hashable, CaseIterable {
        /// Offences per 1,000 residents (needs a population table).
        case rate
        /// Offences counted.
        case count
        /// Rate ratio against the baseline (diverging classes around 1; needs a baseline).
        case ratio
    }

    /// The neighbourhoods (and their districts) with the assigner that places points in them.
    public var assigner: AreaAssigner
    /// Where the incidents come from (CSV files now; the store later).
    public var source: any IncidentSource
    /// Indicator definitions.
    public var definitions: IndicatorDefinitions
    /// Residents per neighbourhood id.
    public var population: [String: Int]
    /// The period reported.
    public var period: MonthRange
    /// The baseline compared with, if any.
    public var baseline: MonthRange?
    /// The area covered.
    public var scope: BriefingScope = .force
    /// The force's name (also the id of the force row).
    public var forceName: String = "force"
    /// Crime types for the hotspot section; empty for every type.
    public var hotspotTypes: Set<String> = []
    /// Hotspot grid cell in metres.
    public var cellSize: Double = 250
    /// Hotspot kernel radius in metres.
    public var radius: Double = 400
    /// Rows in the patrol table.
    public var top: Int = 10
    /// What the maps shade.
    public var measure: Measure = .rate
    /// Classification of the maps.
    public var method: ClassBreaks.Method = .naturalBreaks
    /// Classes per map.
    public var classes: Int = 5
    /// The maps' palette.
    public var palette: Palette = .yellowOrangeRed
    /// District boundaries to draw, in the working CRS; `nil` dissolves the neighbourhoods.
    public var districtLayer: BoundaryLayer?
    /// Neighbourhoods labelled on the hotspot map.
    public var labelTop: Int = 5
    /// The command that reproduces the briefing, shown in it.
    public var command: String = ""

    /// Creates a request with the defaults above.
    public init(
        assigner: AreaAssigner, source: any IncidentSource, definitions: IndicatorDefinitions,
        population: [String: Int], period: MonthRange, baseline: MonthRange?
    ) {
        self.assigner = assigner
        self.source = source
        self.definitions = definitions
        self.population = population
        self.period = period
        self.baseline = baseline
    }

    /// Loads the incidents and computes everything the briefing shows.
    ///
    /// Zero incidents, one neighbourhood, and months without data are not errors: the
    /// briefing says so (see ``Briefing/warnings`` and the map notes).
    ///
    /// - Throws: the source's error, ``MapError`` for an unknown area, ``GridError`` when the
    ///   definitions do not compile.
    public func build() throws -> Briefing {
        let positions = try scope.areaPositions(in: assigner)
        let loaded = try source.load(assigner: assigner, extraColumns: definitions.columns)
        let table = loaded.table
        let present = Set(table.month.filter { $0 >= 0 })
        let missing = period.months.filter { !present.contains(Int32($0.ordinal)) }
        let baselineMissing = baseline?.months.filter { !present.contains(Int32($0.ordinal)) } ?? []
        var warnings: [String] = []
        var indicators: IndicatorRun.Output?
        var baselineDropped = false
        if missing.count < period.count {
            var usedBaseline = baseline
            if let b = baseline, baselineMissing.count == b.count {
                usedBaseline = nil
                baselineDropped = true
                warnings.append("No rows at all for any month of the baseline \(b): change against the baseline cannot be shown.")
            }
            var parents: [String: String] = [:]
            for (i, area) in assigner.layer.areas.enumerated() { parents[area.id] = assigner.parentIDs[i] }
            let frame = AreaFrame(
                areas: assigner.layer.areas.map(\.id), parent: parents, population: population, forceId: forceName)
            indicators = try IndicatorRun(definitions: definitions, period: period, baseline: usedBaseline)
                .compute(table: table, frame: frame)
        } else {
            warnings.append("No rows at all for any month of \(period): the input holds no data for the period, so there is nothing to report.")
        }
        if !missing.isEmpty, missing.count < period.count {
            warnings.append(
                "No rows at all for \(missing.map(\.description).joined(separator: ", ")): figures cover \(period.count - missing.count) of \(period.count) months of \(period) and are not comparable with a full period.")
        }
        if !baselineMissing.isEmpty, !baselineDropped {
            warnings.append("No rows at all for \(baselineMissing.map(\.description).joined(separator: ", ")) in the baseline: its rates use the months with data.")
        }
        if positions.count == 1 {
            warnings.append("The area is a single neighbourhood: maps cannot compare places, so none is drawn; figures are in the tables.")
        }
        let hotspot = try hotspotSection(table: table, positions: positions, periodHasData: indicators != nil)
        return Briefing(
            request: self, tally: loaded.tally, table: table, duplicates: table.duplicateCount, indicators: indicators,
            missingMonths: missing, baselineMissingMonths: baselineMissing, baselineDropped: baselineDropped,
            areaPositions: positions, hotspotIncidents: hotspot.incidents, hotspots: hotspot.run, patrol: hotspot.ranks,
            cumulativePAI: hotspot.pai, concentration: hotspot.concentration, neighbourhoodCounts: hotspot.counts,
            hotspotNote: hotspot.note, warnings: warnings)
    }
}
