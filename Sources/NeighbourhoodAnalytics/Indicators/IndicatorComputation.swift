import NeighbourhoodIncidents

/// Per-area figures of one indicator: count, rate per 1,000 residents, share of the parent,
/// rank, change against a baseline with an exact test, and a funnel-plot flag, for every
/// neighbourhood, every district (aggregated from its members) and the force.
///
/// Methods (see `docs/indicators.md`):
/// - **Change**: the rate ratio of the period against the baseline with exposures the months
///   with data, its exact 95 % interval and exact p-value by the conditional binomial method
///   (Przyborowski and Wilenski 1940; ``PoissonRateRatio``). The population is the same in
///   both periods and cancels.
/// - **Funnel**: the count against Spiegelhalter's (2005) interpolated exact Poisson limits
///   around `E = parent rate × population` (``FunnelLimits``); districts against the force.
/// - **Multiple comparisons**: funnel flags are per area and uncorrected (the 99.8 % limits are
///   the conservative ones, as Spiegelhalter recommends); p-values of change are accompanied
///   by Benjamini–Hochberg q-values across the areas of one level (``Options/correction``).
/// - **Weighted indicators** (harm): rates, shares, ranks and the ratio use the weighted total;
///   the interval, test and funnel assume Poisson counts, so they are not available.
public struct IndicatorComputation: Sendable {
    /// How the figures are produced.
    public struct Options: Sendable {
        /// Disclosure control: counts below this (and every figure computed from them) are
        /// reported as ``Figure/suppressed``; `nil` suppresses nothing.
        public var suppressBelow: Int?
        /// Confidence level of the rate-ratio interval.
        public var confidence: Double
        /// Name of the multiple-comparison correction, for the manifest.
        public var correctionName: String
        /// Adjusted p-values (q-values) from raw p-values, in the same order.
        public var correction: @Sendable ([Double]) -> [Double]

        /// Options; the correction defaults to Benjamini–Hochberg (Benjamini and Hochberg 1995).
        public init(
            suppressBelow: Int? = nil, confidence: Double = 0.95,
            correctionName: String = "Benjamini-Hochberg q-values across areas of one level",
            correction: (@Sendable ([Double]) -> [Double])? = nil
        ) {
            self.suppressBelow = suppressBelow
            self.confidence = confidence
            self.correctionName = correctionName
            self.correction = correction ?? { FalseDiscoveryRate.benjaminiHochberg($0) }
        }
    }

    /// The frame of areas.
    public let frame: AreaFrame
    /// The options.
    public let options: Options

    /// Creates a computation over `frame`.
    ///
    /// - Throws: ``GridError/Code/insufficientData`` when an area id is repeated, a population
    ///   is negative, `suppressBelow` is below 1 or the confidence level is not in (0, 1).
    public init(frame: AreaFrame, options: Options = Options()) throws(GridError) {
        guard Set(frame.areas).count == frame.areas.count else {
            throw GridError(.insufficientData, "the area list repeats an id")
        }
        if let bad = frame.population.first(where: { $0.value < 0 }) {
            throw GridError(.insufficientData, "area \(bad.key) has a negative population (\(bad.value))")
        }
        if let n = options.suppressBelow, n < 1 {
            throw GridError(.insufficientData, "--suppress-below needs a count of at least 1; got \(n)")
        }
        guard options.confidence > 0, options.confidence < 1 else {
            throw GridError(.insufficientData, "a confidence level must lie strictly between 0 and 1; got \(options.confidence)")
        }
        self.frame = frame
        self.options = options
    }

    /// The result of one indicator.
    public struct Result: Sendable {
        /// The indicator's id.
        public let indicatorId: String
        /// The period.
        public let period: MonthRange
        /// Months of the period without data.
        public let missingMonths: [Month]
        /// The baseline, if any.
        public let baseline: MonthRange?
        /// Months of the baseline without data.
        public let baselineMissingMonths: [Month]
        /// Rows: neighbourhoods in frame order, then districts by id, then the force.
        public let rows: [IndicatorRow]
        /// The multiple-comparison correction used for q-values.
        public let correction: String
        /// The disclosure threshold applied, if any.
        public let suppressBelow: Int?
    }

    /// Computes every row of one indicator.
    ///
    /// - Throws: ``GridError/Code/insufficientData`` when a count is negative or a period has
    ///   no month with data.
    /// - Complexity: O(areas × log(count)) for the exact tests and limits, plus
    ///   O(areas log areas) for ranks and q-values.
    public func compute(_ input: IndicatorInput) throws(GridError) -> Result {
        guard input.period.exposure > 0 else {
            throw GridError(.insufficientData, "\(input.indicatorId): every month of \(input.period.months) is missing")
        }
        if let b = input.baseline, b.exposure <= 0 {
            throw GridError(.insufficientData, "\(input.indicatorId): every month of the baseline \(b.months) is missing")
        }
        let units = aggregate(input)
        var position: [AreaLevel: [String: Int]] = [:]
        for (i, u) in units.enumerated() { position[u.level, default: [:]][u.id] = i }
        var rows: [IndicatorRow] = []
        rows.reserveCapacity(units.count)
        for unit in units {
            let parent = unit.parent.flatMap { position[parentLevel(unit.level)]?[$0] }.map { units[$0] }
            rows.append(try row(unit, parent: parent, input: input))
        }
        rows = rankAndCorrect(rows)
        return Result(
            indicatorId: input.indicatorId, period: input.period.months, missingMonths: input.period.missingMonths,
            baseline: input.baseline?.months, baselineMissingMonths: input.baseline?.missingMonths ?? [],
            rows: rows, correction: options.correctionName, suppressBelow: options.suppressBelow)
    }
}
