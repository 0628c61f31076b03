/// Indicator definitions compiled against one input's column dictionaries: per row, which
/// indicators count it and with what weight, by table look-up.
///
/// Rows are described by one value id per column in ``columns`` (the position of the row's
/// value in that column's dictionary, as given to ``IndicatorSet/compile(columns:weightTables:)``).
/// Each available indicator becomes a table over the product of the columns it reads (e.g.
/// 15 crime types × 3 knife-flag values = 45 entries), so matching a row is a multiply-add per
/// column and one array read.
///
/// The fast path for many rows: ``rowClass(_:)`` turns a row's value ids into one integer (its
/// combination of values, when there are at most ``IndicatorSet/maximumTableSize`` of them),
/// and ``classWeights`` holds every indicator's weight for every class, so a row costs one
/// key computation and one read per indicator; rows of one class can also be counted first and
/// weighed once.
public struct CompiledIndicatorSet: Sendable {
    /// An indicator that can be computed from this input.
    public struct Indicator: Sendable {
        /// The definition.
        public let definition: IndicatorDefinition
        /// The variant used (the first whose columns the input has).
        public let variant: IndicatorDefinition.Variant
        /// Whether the variant, or one it refers to, is a proxy.
        public let isProxy: Bool
        /// Proxy notes of the variant and of the variants it refers to.
        public let proxyNotes: [String]
        /// Whether matched rows carry a weight other than 1.
        public var isWeighted: Bool { definition.weight != nil }
        /// Weight-column values of matched rows that the weight table lacks (weighed by the
        /// definition's `defaultWeight`, or 0), sorted; report them.
        public let unweightedValues: [String]

        /// Positions in ``CompiledIndicatorSet/columns`` of the columns read, and the stride of
        /// each in `table`.
        let slots: [(slot: Int, stride: Int)]
        /// Per combination of value ids: the weight when matched, or a negative number when not.
        /// (Weights are checked ≥ 0 when compiled.)
        let table: [Double]
    }

    /// An indicator this input cannot give, and why.
    public struct Unavailable: Sendable, Hashable {
        /// The indicator's id.
        public let id: String
        /// Why, e.g. "needs column 'knife_flag', which the input does not have (police.uk
        /// street files have no knife flag; force extracts do)".
        public let reason: String
    }

    /// The columns rows must supply value ids for, in this order.
    public let columns: [String]
    /// The indicators that can be computed, in definition order.
    public let indicators: [Indicator]
    /// The indicators that cannot, in definition order.
    public let unavailable: [Unavailable]
    /// Share indicators whose numerator and denominator are both available.
    public let shares: [IndicatorSet.ShareDefinition]

    /// Per column of ``columns``, its number of values and its stride in a row class.
    let classSizes: [Int]
    let classStrides: [Int]
    /// Number of row classes (combinations of all columns' values); `nil` when there are more
    /// than ``IndicatorSet/maximumTableSize`` (use ``weight(_:valueIDs:)`` then).
    public let rowClassCount: Int?
    /// For row class `c` and indicator `k`, entry `c × indicators.count + k`: the weight with
    /// which `k` counts rows of that class, or −1 when it does not count them. Empty when
    /// ``rowClassCount`` is `nil`.
    public let classWeights: [Double]

    init(columns: [String], sizes: [Int], indicators: [Indicator], unavailable: [Unavailable], shares: [IndicatorSet.ShareDefinition]) {
        self.columns = columns
        self.indicators = indicators
        self.unavailable = unavailable
        self.shares = shares
        classSizes = sizes
        var strides = [Int](repeating: 1, count: sizes.count)
        var total = 1
        var fits = true
        for i in stride(from: sizes.count - 1, through: 0, by: -1) {
            strides[i] = total
            let (p, overflow) = total.multipliedReportingOverflow(by: max(1, sizes[i]))
            if overflow || p > IndicatorSet.maximumTableSize { fits = false; break }
            total = p
        }
        classStrides = strides
        let product = sizes.allSatisfy { $0 > 0 } ? total : 0
        guard fits, product * max(1, indicators.count) <= 4 * IndicatorSet.maximumTableSize else {
            rowClassCount = nil
            classWeights = []
            return
        }
        rowClassCount = product
        var table = [Double](repeating: -1, count: product * indicators.count)
        var ids = [Int32](repeating: 0, count: sizes.count)
        for c in 0..<product {
            var rest = c
            for i in 0..<sizes.count { ids[i] = Int32(rest / strides[i]); rest %= strides[i] }
            ids.withUnsafeBufferPointer { row in
                for k in indicators.indices { table[c * indicators.count + k] = indicators[k].lookUp(row) }
            }
        }
        classWeights = table
    }

    /// The row class of a row's value ids (one per column of ``columns``), or −1 when an id is
    /// outside its column's dictionary or ``rowClassCount`` is `nil`.
    ///
    /// - Complexity: O(number of columns).
    public func rowClass(_ valueIDs: UnsafeBufferPointer<Int32>) -> Int {
        guard rowClassCount != nil else { return -1 }
        var key = 0
        for i in 0..<classSizes.count {
            let v = Int(valueIDs[i])
            guard v >= 0, v < classSizes[i] else { return -1 }
            key += v * classStrides[i]
        }
        return key
    }

    /// The position of an available indicator, by id.
    public func index(of id: String) -> Int? { indicators.firstIndex { $0.definition.id == id } }

    /// The weight with which indicator `k` counts a row (1 for unweighted indicators), or `nil`
    /// when it does not count it.
    ///
    /// - Parameters:
    ///   - k: Position in ``indicators``.
    ///   - valueIDs: The row's value id for each of ``columns``, in order. Ids outside a
    ///     column's dictionary match nothing.
    /// - Complexity: O(number of columns the indicator reads).
    @inlinable
    public func weight(_ k: Int, valueIDs: UnsafeBufferPointer<Int32>) -> Double? {
        let w = indicators[k].lookUp(valueIDs)
        return w < 0 ? nil : w
    }

    /// ``weight(_:valueIDs:)`` for a row given as an array.
    public func weight(_ k: Int, valueIDs: [Int32]) -> Double? {
        valueIDs.withUnsafeBufferPointer { weight(k, valueIDs: $0) }
    }
}

extension CompiledIndicatorSet.Indicator {
    /// The table entry of a row; negative when not matched.
    @usableFromInline
    func lookUp(_ valueIDs: UnsafeBufferPointer<Int32>) -> Double {
        var key = 0
        var previousStride = table.count
        for (slot, stride) in slots {
            let v = Int(valueIDs[slot])
            // stride of the next-outer column bounds this column's ids.
            guard v >= 0, v * stride < previousStride else { return -1 }
            key += v * stride
            previousStride = stride
        }
        return table[key]
    }
}
