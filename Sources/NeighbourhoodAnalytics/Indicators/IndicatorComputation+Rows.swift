/// Aggregation of areas into districts and the force, and the figures of one row.
extension IndicatorComputation {
    /// One area at one level with its summed observations.
    struct Unit {
        var id: String
        var level: AreaLevel
        var parent: String?
        /// `nil`: unknown (an area-level table without this area). For the force, includes
        /// the unplaced rows.
        var current: AreaObservation?
        var baseline: AreaObservation?
        /// `nil` when the population of the area (or of a member) is missing.
        var population: Int?
        var missingPopulation: Int = 0
    }

    func aggregate(_ input: IndicatorInput) -> [Unit] {
        func observation(_ period: IndicatorInput.Period?, _ id: String) -> AreaObservation? {
            guard let period else { return nil }
            if let o = period.byArea[id] { return o }
            return input.absentAreaIsZero ? .zero : nil
        }
        var units: [Unit] = []
        var districts: [String: Unit] = [:]
        var force = Unit(id: frame.forceId, level: .force, parent: nil, current: input.period.unplaced,
                         baseline: input.baseline?.unplaced, population: 0)
        func add(_ unit: Unit, into target: inout Unit) {
            if let a = target.current { target.current = unit.current.map { var s = a; s.add($0); return s } }
            if let a = target.baseline { target.baseline = unit.baseline.map { var s = a; s.add($0); return s } }
            if let p = unit.population, let q = target.population { target.population = p + q } else { target.population = nil }
            target.missingPopulation += unit.population == nil ? max(1, unit.missingPopulation) : unit.missingPopulation
        }
        for id in frame.areas {
            let parent = frame.parent[id]
            let unit = Unit(id: id, level: .neighbourhood, parent: parent ?? frame.forceId,
                            current: observation(input.period, id), baseline: observation(input.baseline, id),
                            population: frame.population[id])
            units.append(unit)
            if let parent {
                var d = districts[parent] ?? Unit(id: parent, level: .district, parent: frame.forceId, current: .zero,
                                                  baseline: input.baseline == nil ? nil : .zero, population: 0)
                add(unit, into: &d)
                districts[parent] = d
            }
            add(unit, into: &force)
        }
        units += districts.keys.sorted().map { districts[$0]! }
        units.append(force)
        return units
    }

    private func suppressedByThreshold(_ o: AreaObservation) -> Bool {
        guard let n = options.suppressBelow else { return false }
        return o.count < n
    }

    /// The count and value figures of an observation.
    private func figures(_ o: AreaObservation?, weighted: Bool) -> (count: Figure, value: Figure, usable: Bool) {
        guard let o else {
            let na = Figure.notAvailable("the input has no figure for this area")
            return (na, na, false)
        }
        if o.suppressedCells > 0 {
            if o.count == 0, o.weighted == 0 { return (.suppressedAtSource, .suppressedAtSource, false) }
            return (.lowerBound(Double(o.count)), .lowerBound(o.weighted), false)
        }
        if suppressedByThreshold(o) { return (.suppressed, .suppressed, false) }
        return (.value(Double(o.count)), .value(weighted ? o.weighted : Double(o.count)), true)
    }

    /// A figure derived from `value`, carrying its status.
    private func derived(_ value: Figure, _ f: (Double) -> Double) -> Figure {
        switch value {
        case .value(let v): return .value(f(v))
        case .lowerBound(let v): return .lowerBound(f(v))
        default: return value
        }
    }

    func row(_ unit: Unit, parent: Unit?, input: IndicatorInput) throws(GridError) -> IndicatorRow {
        let weighted = input.isWeighted
        let (count, value, usable) = figures(unit.current, weighted: weighted)
        let noPopulation = Figure.notAvailable(
            unit.level == .neighbourhood ? "no population for this area"
                : "no population for \(unit.missingPopulation) member area(s)")
        var rate = noPopulation
        if let pop = unit.population {
            rate = pop > 0 ? derived(value, { $0 * 1000 / Double(pop) }) : .notAvailable("population is 0")
        }
        // Share of the parent's value.
        var share = Figure.notAvailable("the force has no parent")
        if let parent {
            // The parent's total is not itself disclosure-checked here: its own row is.
            let parentValue = parent.current.map { $0.suppressedCells > 0 ? Figure.lowerBound($0.weighted) : .value(weighted ? $0.weighted : Double($0.count)) } ?? .notAvailable("no parent total")
            switch (value, parentValue) {
            case (.value(let v), .value(let p)):
                share = p > 0 ? .value(v / p) : .notAvailable("the parent's total is 0")
            case (.suppressed, _): share = .suppressed
            case (.suppressedAtSource, _): share = .suppressedAtSource
            case (.notAvailable(let why), _): share = .notAvailable(why)
            case (_, .notAvailable(let why)): share = .notAvailable("the parent's total is not available (\(why))")
            default: share = .notAvailable("the area's or the parent's total includes cells suppressed at source")
            }
        }
        // Baseline and change.
        var baselineCount = Figure.notAvailable("no baseline period")
        var baselineRate = baselineCount
        var rr = baselineCount, lower = baselineCount, upper = baselineCount, p = baselineCount
        if let baseline = input.baseline {
            let t1 = Double(input.period.exposure), t2 = Double(baseline.exposure)
            let (bCount, bValue, bUsable) = figures(unit.baseline, weighted: weighted)
            baselineCount = bCount
            baselineRate = noPopulation
            if let pop = unit.population {
                baselineRate = pop > 0 ? derived(bValue, { $0 * t1 / t2 * 1000 / Double(pop) }) : .notAvailable("population is 0")
            }
            if usable && bUsable, let c = unit.current, let b = unit.baseline {
                if weighted {
                    let v1 = c.weighted / t1, v2 = b.weighted / t2
                    rr = v2 > 0 ? .value(v1 / v2) : (v1 > 0 ? .value(.infinity) : .notAvailable("no events in either period"))
                    let why = Figure.notAvailable("exact interval and test assume Poisson counts; not for a weighted indicator")
                    (lower, upper, p) = (why, why, why)
                } else {
                    let ratio = try PoissonRateRatio(count: c.count, exposure: t1, baselineCount: b.count, baselineExposure: t2, confidence: options.confidence)
                    if let e = ratio.estimate, let l = ratio.lower, let u = ratio.upper {
                        (rr, lower, upper) = (.value(e), .value(l), .value(u))
                    } else {
                        let why = Figure.notAvailable("no events in either period")
                        (rr, lower, upper) = (why, why, why)
                    }
                    p = .value(ratio.pValue)
                }
            } else {
                let status: Figure
                if case .suppressed = count { status = .suppressed }
                else if case .suppressed = bCount { status = .suppressed }
                else { status = .notAvailable("the period's or the baseline's count is not a published number") }
                (rr, lower, upper, p) = (status, status, status, status)
            }
        }
        let (funnel, flag) = try funnelFlag(unit, parent: parent, usable: usable, weighted: weighted, count: count, unplaced: input.period.unplaced)
        return IndicatorRow(
            areaId: unit.id, level: unit.level, parentId: unit.parent, count: count, value: value,
            ratePer1000: rate, shareOfParent: share, rank: nil, baselineCount: baselineCount,
            baselineRatePer1000: baselineRate, rateRatio: rr, rateRatioLower: lower, rateRatioUpper: upper,
            pValue: p, qValue: p.number == nil ? p : .notAvailable("pending"), funnel: funnel, flag: flag)
    }

    func parentLevel(_ level: AreaLevel) -> AreaLevel {
        level == .neighbourhood ? .district : .force
    }
}
