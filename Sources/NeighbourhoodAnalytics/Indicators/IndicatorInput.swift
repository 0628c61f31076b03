import NeighbourhoodIncidents

/// What one area contributed to an indicator in one period.
public struct AreaObservation: Sendable, Hashable {
    /// Rows (incidents, admissions) counted; for area-level tables the sum of published cells.
    public var count: Int
    /// The weighted total (equal to `count` for unweighted indicators).
    public var weighted: Double
    /// Cells suppressed at source among those summed (area-level tables); 0 for row data.
    public var suppressedCells: Int

    /// An observation; `weighted` defaults to `count`.
    public init(count: Int, weighted: Double? = nil, suppressedCells: Int = 0) {
        self.count = count
        self.weighted = weighted ?? Double(count)
        self.suppressedCells = suppressedCells
    }

    /// Nothing observed.
    public static let zero = AreaObservation(count: 0)

    /// Adds another observation.
    public mutating func add(_ o: AreaObservation) {
        count += o.count
        weighted += o.weighted
        suppressedCells += o.suppressedCells
    }
}

/// The areas an indicator is computed over: the neighbourhoods, their districts, the force.
public struct AreaFrame: Sendable {
    /// Neighbourhood area ids, in output order.
    public var areas: [String]
    /// District of each neighbourhood; areas without one count only towards the force.
    public var parent: [String: String]
    /// Residents per area id (neighbourhoods); an area without one has no rate.
    public var population: [String: Int]
    /// Id written on the force row, e.g. `West Yorkshire`.
    public var forceId: String

    /// Creates a frame.
    public init(areas: [String], parent: [String: String], population: [String: Int], forceId: String) {
        self.areas = areas
        self.parent = parent
        self.population = population
        self.forceId = forceId
    }
}

/// One indicator's observations for the period and, optionally, the baseline.
public struct IndicatorInput: Sendable {
    /// Observations over one period.
    public struct Period: Sendable {
        /// The months asked for.
        public var months: MonthRange
        /// Months of `months` the data does not have (a force that did not submit): carried
        /// into the result, and left out of the period's exposure.
        public var missingMonths: [Month]
        /// Per neighbourhood area id.
        public var byArea: [String: AreaObservation]
        /// Rows counted at force level only (no location, or outside every area).
        public var unplaced: AreaObservation

        /// Creates a period.
        public init(months: MonthRange, missingMonths: [Month] = [], byArea: [String: AreaObservation], unplaced: AreaObservation = .zero) {
            self.months = months
            self.missingMonths = missingMonths
            self.byArea = byArea
            self.unplaced = unplaced
        }

        /// Months with data: the exposure used by the rate-ratio test.
        public var exposure: Int { months.count - missingMonths.filter { months.contains($0) }.count }
    }

    /// The indicator's id.
    public var indicatorId: String
    /// Whether `weighted` differs from `count` (rates use it; exact tests do not apply).
    public var isWeighted: Bool
    /// The period reported.
    public var period: Period
    /// The baseline it is compared with, if any.
    public var baseline: Period?
    /// Whether an area absent from `byArea` had nothing (row data: true) or is unknown
    /// (area-level tables that simply lack the area: false, so its figures are not available).
    public var absentAreaIsZero: Bool

    /// Creates an input.
    public init(indicatorId: String, isWeighted: Bool = false, period: Period, baseline: Period? = nil, absentAreaIsZero: Bool = true) {
        self.indicatorId = indicatorId
        self.isWeighted = isWeighted
        self.period = period
        self.baseline = baseline
        self.absentAreaIsZero = absentAreaIsZero
    }
}
