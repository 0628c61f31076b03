/// Funnel flags, ranks and multiple-comparison q-values.
extension IndicatorComputation {
    /// The funnel limits and flag of a unit against its parent's rate.
    ///
    /// The parent's rate is its placed total over its population: for districts compared
    /// with the force, rows that could not be placed are left out, so the reference rate is
    /// that of the areas themselves.
    func funnelFlag(
        _ unit: Unit, parent: Unit?, usable: Bool, weighted: Bool, count: Figure, unplaced: AreaObservation
    ) throws(GridError) -> (FunnelLimits?, IndicatorRow.FunnelStatus) {
        func unavailable(_ reason: String) -> (FunnelLimits?, IndicatorRow.FunnelStatus) {
            (nil, .notAvailable(reason))
        }
        guard let parent else { return unavailable("the force has no parent to compare with") }
        if case .suppressed = count { return (nil, .suppressed) }
        if weighted { return unavailable("funnel limits assume Poisson counts; not for a weighted indicator") }
        guard usable, let current = unit.current else { return unavailable("the count is not a published number") }
        guard let population = unit.population, population > 0 else { return unavailable("no population for this area") }
        guard let parentCurrent = parent.current, parentCurrent.suppressedCells == 0 else {
            return unavailable("the parent's total includes cells suppressed at source")
        }
        guard let parentPopulation = parent.population, parentPopulation > 0 else {
            return unavailable("the parent's population is incomplete")
        }
        let placed = parent.level == .force ? parentCurrent.count - unplaced.count : parentCurrent.count
        let expected = Double(placed) / Double(parentPopulation) * Double(population)
        let limits = try FunnelLimits(expected: expected)
        return (limits, .flagged(limits.flag(observed: Double(current.count))))
    }

    /// Ranks rows by rate within each level and adds q-values across each level's p-values.
    func rankAndCorrect(_ rows: [IndicatorRow]) -> [IndicatorRow] {
        var rows = rows
        for level in [AreaLevel.neighbourhood, .district] {
            let members = rows.indices.filter { rows[$0].level == level }
            // Ranks: competition ranking on the exact double (equal count/population ratios
            // give equal doubles, as division is correctly rounded).
            let rated = members.compactMap { i in rows[i].ratePer1000.number.map { (i, $0) } }
                .sorted { $0.1 > $1.1 }
            var previous: Double? = nil
            var previousRank = 0
            for (position, (i, rate)) in rated.enumerated() {
                let rank = rate == previous ? previousRank : position + 1
                rows[i].rank = rank
                previous = rate
                previousRank = rank
            }
            let tested = members.compactMap { i in rows[i].pValue.number.map { (i, $0) } }
            let q = options.correction(tested.map(\.1))
            for (k, (i, _)) in tested.enumerated() where k < q.count {
                rows[i].qValue = q[k].isFinite ? .value(q[k]) : .notAvailable("the correction gave no value")
            }
        }
        if let f = rows.indices.last, rows[f].level == .force, rows[f].pValue.number != nil {
            rows[f].qValue = rows[f].pValue  // one test at force level: nothing to correct
        }
        return rows
    }
}
