import Foundation

/// Place-based indicators from an incident table: definitions compiled against the input's
/// columns, rows counted per neighbourhood and period (duplicates once, rows without a
/// place at force level only), and per-area figures with baseline comparison.
///
/// ```swift
/// let definitions = try IndicatorDefinitions(path: "geodata/indicators.json")
/// let run = try IndicatorRun(definitions: definitions, period: july2018, baseline: july2017)
/// let output = try run.compute(table: table, assigner: assigner, frame: frame)
/// ```
public struct IndicatorRun: Sendable {
    /// The definitions and their weight tables.
    public let definitions: IndicatorDefinitions
    /// The period reported.
    public let period: MonthRange
    /// The baseline period, if any.
    public let baseline: MonthRange?
    /// Computation options (suppression, confidence, correction).
    public let options: IndicatorComputation.Options
    /// Only these indicator ids, or all when empty.
    public let only: Set<String>

    /// Creates a run.
    public init(
        definitions: IndicatorDefinitions, period: MonthRange, baseline: MonthRange? = nil,
        options: IndicatorComputation.Options = .init(), only: Set<String> = []
    ) {
        self.definitions = definitions
        self.period = period
        self.baseline = baseline
        self.options = options
        self.only = only
    }

    /// What a run produced.
    public struct Output: Sendable {
        /// The definitions as compiled for this input (variants used, unavailable indicators).
        public var compiled: CompiledIndicatorSet
        /// One result per computed indicator, in definition order.
        public var results: [IndicatorComputation.Result]
        /// Share indicators, with their per-area rows.
        public var shares: [(definition: IndicatorSet.ShareDefinition, rows: [IndicatorComputation.ShareRow])]
        /// Months of the period (and baseline) with no rows at all in the input.
        public var missingMonths: [Month]
        /// Months of the baseline with no rows.
        public var baselineMissingMonths: [Month]
        /// Rows not counted because they repeat an earlier row's id.
        public var duplicatesDropped: Int
        /// Rows without a month (counted in neither period).
        public var rowsWithoutMonth: Int
        /// Rows in the period counted at force level only (no location or outside every area).
        public var unplacedInPeriod: Int
    }

    /// Counts and computes every indicator.
    ///
    /// - Parameters:
    ///   - table: The incident rows, with the extra columns ``IndicatorDefinitions/columns`` names.
    ///   - frame: The areas (ids in the layer's order), parents and populations.
    ///   - areaTables: Area-level inputs (e.g. hospital admissions) by indicator id.
    /// - Throws: ``GridError`` when the definitions do not compile or a period has no data.
    /// - Complexity: O(*n* · *k*) for *n* rows and *k* indicators, plus the per-area statistics.
    public func compute(
        table: IncidentTable, frame: AreaFrame, areaTables: [(id: String, table: AreaCountTable)] = []
    ) throws(GridError) -> Output {
        var dictionaries: [String: [String]] = [IndicatorSelector.crimeTypeColumn: table.crimeType.values]
        for name in definitions.columns where (table.rowsWithColumn[name] ?? 0) > 0 {
            dictionaries[name] = table.columns[name]?.values
        }
        let compiled = try definitions.set.compile(columns: dictionaries, weightTables: definitions.weightTables)
        let present = Set(table.month.filter { $0 >= 0 })
        let missing = period.months.filter { !present.contains(Int32($0.ordinal)) }
        let baselineMissing = baseline?.months.filter { !present.contains(Int32($0.ordinal)) } ?? []
        let tally = count(table: table, compiled: compiled, frame: frame)
        let computation = try IndicatorComputation(frame: frame, options: options)
        var inputs: [IndicatorInput] = []
        for (k, indicator) in compiled.indicators.enumerated() where only.isEmpty || only.contains(indicator.definition.id) {
            inputs.append(IndicatorInput(
                indicatorId: indicator.definition.id, isWeighted: indicator.isWeighted,
                period: .init(months: period, missingMonths: missing, byArea: tally.byArea[0][k], unplaced: tally.unplaced[0][k]),
                baseline: baseline.map {
                    .init(months: $0, missingMonths: baselineMissing, byArea: tally.byArea[1][k], unplaced: tally.unplaced[1][k])
                }))
        }
        // Indicators are independent: compute them on all cores, keep definition order.
        let outcomes = ParallelMap.map(inputs) { input in
            Result<IndicatorComputation.Result, GridError> { () throws(GridError) in try computation.compute(input) }
        }
        var results: [IndicatorComputation.Result] = []
        for outcome in outcomes { results.append(try outcome.get()) }
        for (id, areaTable) in areaTables where only.isEmpty || only.contains(id) {
            results.append(try computation.compute(areaInput(id: id, table: areaTable)))
        }
        var shares: [(IndicatorSet.ShareDefinition, [IndicatorComputation.ShareRow])] = []
        for share in compiled.shares {
            guard let n = results.first(where: { $0.indicatorId == share.numerator }),
                let d = results.first(where: { $0.indicatorId == share.denominator })
            else { continue }
            shares.append((share, IndicatorComputation.shares(numerator: n, denominator: d, confidence: options.confidence)))
        }
        return Output(
            compiled: compiled, results: results, shares: shares, missingMonths: missing,
            baselineMissingMonths: baselineMissing, duplicatesDropped: tally.duplicates,
            rowsWithoutMonth: tally.withoutMonth, unplacedInPeriod: tally.unplacedRows)
    }

    private struct Tally {
        /// [period 0 / baseline 1][indicator] → area id → observation.
        var byArea: [[[String: AreaObservation]]]
        var unplaced: [[AreaObservation]]
        var duplicates = 0
        var withoutMonth = 0
        var unplacedRows = 0
    }

    private func count(table: IncidentTable, compiled: CompiledIndicatorSet, frame: AreaFrame) -> Tally {
        let k = compiled.indicators.count
        let areas = frame.areas.count
        // Dense accumulation by area position, converted to dictionaries at the end.
        var counts = [[Int]](repeating: [Int](repeating: 0, count: areas * k), count: 2)
        var weights = [[Double]](repeating: [Double](repeating: 0, count: areas * k), count: 2)
        var unplacedCounts = [[Int]](repeating: [Int](repeating: 0, count: k), count: 2)
        var unplacedWeights = [[Double]](repeating: [Double](repeating: 0, count: k), count: 2)
        var tally = Tally(byArea: [], unplaced: [])
        let columnIDs: [[Int32]] = compiled.columns.map { name in
            name == IndicatorSelector.crimeTypeColumn ? table.crimeType.ids : table.columns[name]?.ids ?? []
        }
        var ids = [Int32](repeating: 0, count: columnIDs.count)
        for row in 0..<table.count {
            if table.isDuplicate[row] { tally.duplicates += 1; continue }
            let m = Int(table.month[row])
            if m < 0 { tally.withoutMonth += 1; continue }
            let inPeriod = period.contains(ordinal: m)
            let inBaseline = baseline?.contains(ordinal: m) ?? false
            if !inPeriod && !inBaseline { continue }
            let area = Int(table.area[row])
            if area < 0, inPeriod { tally.unplacedRows += 1 }
            for c in columnIDs.indices { ids[c] = columnIDs[c][row] }
            let rowClass = ids.withUnsafeBufferPointer { compiled.rowClass($0) }
            for i in 0..<k {
                let w: Double
                if rowClass >= 0 {
                    w = compiled.classWeights[rowClass * k + i]
                } else {
                    w = compiled.weight(i, valueIDs: ids) ?? -1
                }
                guard w >= 0 else { continue }
                for p in 0..<2 where p == 0 ? inPeriod : inBaseline {
                    if area >= 0 {
                        counts[p][area * k + i] += 1
                        weights[p][area * k + i] += w
                    } else {
                        unplacedCounts[p][i] += 1
                        unplacedWeights[p][i] += w
                    }
                }
            }
        }
        tally.byArea = (0..<2).map { p in
            (0..<k).map { i in
                var byArea: [String: AreaObservation] = [:]
                for a in 0..<areas where counts[p][a * k + i] > 0 {
                    byArea[frame.areas[a]] = AreaObservation(
                        count: counts[p][a * k + i],
                        weighted: compiled.indicators[i].isWeighted ? weights[p][a * k + i] : nil)
                }
                return byArea
            }
        }
        tally.unplaced = (0..<2).map { p in
            (0..<k).map { i in
                AreaObservation(
                    count: unplacedCounts[p][i],
                    weighted: compiled.indicators[i].isWeighted ? unplacedWeights[p][i] : nil)
            }
        }
        return tally
    }

    private func areaInput(id: String, table: AreaCountTable) -> IndicatorInput {
        func period(_ months: MonthRange) -> IndicatorInput.Period {
            let totals = table.totals(over: months)
            var byArea: [String: AreaObservation] = [:]
            for areaID in Set(totals.known.keys).union(totals.suppressedCells.keys) {
                byArea[areaID] = AreaObservation(
                    count: totals.known[areaID] ?? 0, suppressedCells: totals.suppressedCells[areaID] ?? 0)
            }
            return .init(months: months, missingMonths: totals.monthsWithoutData, byArea: byArea)
        }
        return IndicatorInput(
            indicatorId: id, period: period(self.period), baseline: baseline.map(period), absentAreaIsZero: false)
    }
}
