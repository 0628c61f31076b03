extension IndicatorSet {
    /// The largest product table compiled for one indicator (value combinations of the
    /// columns it reads).
    public static let maximumTableSize = 1 << 22

    /// Compiles the definitions against one input's columns.
    ///
    /// - Parameters:
    ///   - columns: For each column the input has, its distinct values (the row collection's
    ///     dictionary; a row's value id is a position in it). The crime type is the
    ///     pseudo-column ``IndicatorSelector/crimeTypeColumn`` (`crime_type`).
    ///   - weightTables: Loaded weight tables by id (key → weight); keys compare like selector
    ///     values (trimmed, case-insensitive).
    /// - Returns: The available indicators as look-up tables, and the unavailable ones with a
    ///   reason (a needed column is missing, or an indicator it refers to is unavailable).
    /// - Throws: ``GridError/Code/insufficientData`` when a weight table an available indicator
    ///   needs was not passed or has a negative or non-finite weight, or when an indicator's
    ///   table would exceed ``maximumTableSize``.
    /// - Complexity: O(Σ table sizes × selector size).
    public func compile(columns: [String: [String]], weightTables: [String: [String: Double]] = [:]) throws(GridError) -> CompiledIndicatorSet {
        var chosen: [String: (variant: IndicatorDefinition.Variant, selector: IndicatorSelector, notes: [String], proxy: Bool)] = [:]
        var unavailable: [String: String] = [:]
        let byId = Dictionary(uniqueKeysWithValues: indicators.map { ($0.id, $0) })

        // Resolve in dependency order (validate() rejected cycles).
        func resolve(_ id: String) {
            if chosen[id] != nil || unavailable[id] != nil { return }
            let d = byId[id]!
            var reasons: [String] = []
            for v in d.variants {
                let missing = v.selector.columns.filter { columns[$0] == nil }.sorted()
                var refProblems: [String] = []
                for ref in v.selector.referencedIndicators.sorted() {
                    resolve(ref)
                    if let why = unavailable[ref] { refProblems.append("'\(ref)' is not available (\(why))") }
                }
                if let w = d.weight, columns[w.column] == nil, !missing.contains(w.column) {
                    reasons.append("\(v.name): needs weight column '\(w.column)', which the input does not have")
                    continue
                }
                if missing.isEmpty && refProblems.isEmpty {
                    var notes: [String] = v.proxy ? [v.proxyNote ?? "\(d.id) is a proxy"] : []
                    var proxy = v.proxy
                    let inlined = inline(v.selector, chosen: chosen, notes: &notes, proxy: &proxy)
                    chosen[id] = (v, inlined, notes, proxy)
                    return
                }
                let parts = (missing.isEmpty ? [] : ["needs column\(missing.count > 1 ? "s" : "") \(missing.map { "'\($0)'" }.joined(separator: ", ")), which the input does not have"]) + refProblems
                reasons.append("\(v.name): \(parts.joined(separator: "; "))")
            }
            var reason = reasons.joined(separator: "; ")
            if let note = d.unavailableNote { reason += " (\(note))" }
            unavailable[id] = reason
        }
        for d in indicators { resolve(d.id) }

        // Column slots: every column an available indicator reads, in a stable order.
        var used = Set<String>()
        for d in indicators {
            guard let c = chosen[d.id] else { continue }
            used.formUnion(c.selector.columns)
            if let w = d.weight { used.insert(w.column) }
        }
        let slotNames = used.sorted { a, b in
            if a == IndicatorSelector.crimeTypeColumn { return b != a }
            if b == IndicatorSelector.crimeTypeColumn { return false }
            return a < b
        }
        let slotOf = Dictionary(uniqueKeysWithValues: slotNames.enumerated().map { ($1, $0) })

        var compiled: [CompiledIndicatorSet.Indicator] = []
        for d in indicators {
            guard let c = chosen[d.id] else { continue }
            var read = c.selector.columns
            if let w = d.weight { read.insert(w.column) }
            let names = read.sorted { slotOf[$0]! < slotOf[$1]! }
            // Strides: the last column varies fastest.
            var strides = [Int](repeating: 1, count: names.count)
            var size = 1
            for i in stride(from: names.count - 1, through: 0, by: -1) {
                strides[i] = size
                let (product, overflow) = size.multipliedReportingOverflow(by: max(1, columns[names[i]]!.count))
                guard !overflow, product <= Self.maximumTableSize else {
                    throw GridError(.tooManyCells, "indicator '\(d.id)' reads columns \(names.joined(separator: ", ")) with too many value combinations (over \(Self.maximumTableSize)); simplify its selector")
                }
                size = product
            }
            let predicate = CompiledPredicate(c.selector, columns: columns, slotOf: Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) }))
            var weights: [Double]? = nil
            var weightSlot = 0
            var missingWeights = Set<String>()
            if let w = d.weight {
                guard let table = weightTables[w.table] else {
                    throw GridError(.insufficientData, "indicator '\(d.id)' needs weight table '\(w.table)'; load it and pass it to compile")
                }
                var normalizedTable: [String: Double] = [:]
                for (key, value) in table {
                    guard value >= 0, value.isFinite else {
                        throw GridError(.insufficientData, "weight table '\(w.table)' gives '\(key)' the weight \(value); weights must be finite and ≥ 0")
                    }
                    normalizedTable[SelectorValue.normalized(key)] = value
                }
                weightSlot = names.firstIndex(of: w.column)!
                weights = columns[w.column]!.map { normalizedTable[SelectorValue.normalized($0)] ?? -1 }
            }
            var table = [Double](repeating: -1, count: size)
            var ids = [Int](repeating: 0, count: names.count)
            let counts = names.map { columns[$0]!.count }
            if counts.allSatisfy({ $0 > 0 }) {
                for key in 0..<size {
                    var rest = key
                    for i in 0..<names.count { ids[i] = rest / strides[i]; rest %= strides[i] }
                    guard predicate.matches(ids) else { continue }
                    if let weights {
                        let v = weights[ids[weightSlot]]
                        if v >= 0 {
                            table[key] = v
                        } else {
                            table[key] = d.weight!.defaultWeight ?? 0
                            missingWeights.insert(columns[d.weight!.column]![ids[weightSlot]])
                        }
                    } else {
                        table[key] = 1
                    }
                }
            }
            compiled.append(.init(
                definition: d, variant: c.variant, isProxy: c.proxy, proxyNotes: c.notes,
                unweightedValues: missingWeights.sorted(),
                slots: names.enumerated().map { (slotOf[$1]!, strides[$0]) }, table: table))
        }
        let availableIds = Set(compiled.map(\.definition.id))
        return CompiledIndicatorSet(
            columns: slotNames, sizes: slotNames.map { columns[$0]!.count }, indicators: compiled,
            unavailable: indicators.compactMap { d in unavailable[d.id].map { .init(id: d.id, reason: $0) } },
            shares: shares.filter { availableIds.contains($0.numerator) && availableIds.contains($0.denominator) })
    }

    /// Replaces indicator references by the referenced indicators' chosen selectors,
    /// collecting their proxy notes.
    private func inline(
        _ s: IndicatorSelector,
        chosen: [String: (variant: IndicatorDefinition.Variant, selector: IndicatorSelector, notes: [String], proxy: Bool)],
        notes: inout [String], proxy: inout Bool
    ) -> IndicatorSelector {
        switch s {
        case .indicator(let id):
            let c = chosen[id]!
            notes += c.notes.filter { !notes.contains($0) }
            proxy = proxy || c.proxy
            return c.selector
        case .anyOf(let v): return .anyOf(v.map { inline($0, chosen: chosen, notes: &notes, proxy: &proxy) })
        case .allOf(let v): return .allOf(v.map { inline($0, chosen: chosen, notes: &notes, proxy: &proxy) })
        case .not(let v): return .not(inline(v, chosen: chosen, notes: &notes, proxy: &proxy))
        default: return s
        }
    }
}

/// A selector with each leaf turned into a per-value-id Boolean table.
private indirect enum CompiledPredicate {
    case leaf(slot: Int, accepts: [Bool])
    case any([CompiledPredicate])
    case all([CompiledPredicate])
    case not(CompiledPredicate)

    init(_ s: IndicatorSelector, columns: [String: [String]], slotOf: [String: Int]) {
        func leaf(_ column: String, _ values: [String], _ normalize: (String) -> String) -> CompiledPredicate {
            let wanted = Set(values.map(normalize))
            return .leaf(slot: slotOf[column]!, accepts: columns[column]!.map { wanted.contains(normalize($0)) })
        }
        switch s {
        case .crimeTypes(let v): self = leaf(IndicatorSelector.crimeTypeColumn, v, SelectorValue.normalized)
        case .offenceCodes(let v, let column): self = leaf(column, v, SelectorValue.offenceCode)
        case .column(let name, let values): self = leaf(name, values, SelectorValue.normalized)
        case .indicator: self = .all([])  // inlined before compiling; unreachable
        case .anyOf(let v): self = .any(v.map { CompiledPredicate($0, columns: columns, slotOf: slotOf) })
        case .allOf(let v): self = .all(v.map { CompiledPredicate($0, columns: columns, slotOf: slotOf) })
        case .not(let v): self = .not(CompiledPredicate(v, columns: columns, slotOf: slotOf))
        }
    }

    func matches(_ ids: [Int]) -> Bool {
        switch self {
        case .leaf(let slot, let accepts): return accepts[ids[slot]]
        case .any(let v): return v.contains { $0.matches(ids) }
        case .all(let v): return v.allSatisfy { $0.matches(ids) }
        case .not(let v): return !v.matches(ids)
        }
    }
}
