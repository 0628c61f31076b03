/// Class bounds for a choropleth map: `k` classes over sorted values, each class holding the
/// values in `(bounds[i], bounds[i + 1]]` (the first also holds `bounds[0]`), as mapclassify's
/// `bins` and jenkspy's breaks are read.
public struct ClassBreaks: Sendable, Hashable {
    /// How the bounds were chosen.
    public enum Method: String, Sendable, Hashable, CaseIterable {
        /// Equal numbers of values per class (quantiles, linear interpolation as numpy).
        case quantile
        /// Jenks natural breaks (Fisher 1958; Jenks 1977): least within-class squared deviation.
        case naturalBreaks = "jenks"
        /// Classes either side of a centre (e.g. a rate ratio of 1), quantiles on each side.
        case diverging
    }

    /// `classCount + 1` ascending bounds: the minimum, the upper bound of each class.
    public let bounds: [Double]
    /// The method used.
    public let method: Method
    /// For ``Method/diverging``: the centre, which is one of the bounds.
    public let centre: Double?

    /// Creates breaks from ascending bounds.
    ///
    /// - Throws: ``MapError`` when fewer than two bounds are given, one is not finite, or they
    ///   are not ascending.
    public init(bounds: [Double], method: Method, centre: Double? = nil) throws(MapError) {
        guard bounds.count >= 2 else {
            throw MapError(.noData, "class bounds need at least a minimum and a maximum; got \(bounds.count) value(s)")
        }
        guard bounds.allSatisfy(\.isFinite) else { throw MapError(.noData, "a class bound is not a finite number") }
        for i in 1..<bounds.count where bounds[i] < bounds[i - 1] {
            throw MapError(.noData, "class bounds are not ascending: \(bounds[i - 1]) before \(bounds[i])")
        }
        self.bounds = bounds
        self.method = method
        self.centre = centre
    }

    /// The number of classes.
    public var classCount: Int { bounds.count - 1 }

    /// The class holding `value` (0-based), or `nil` when it lies outside the bounds.
    ///
    /// - Complexity: O(log *k*).
    public func classIndex(of value: Double) -> Int? {
        guard value.isFinite, value >= bounds[0], value <= bounds[bounds.count - 1] else { return nil }
        var lo = 1
        var hi = bounds.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if value <= bounds[mid] { hi = mid } else { lo = mid + 1 }
        }
        return lo - 1
    }

    /// Values in each class, for the legend.
    ///
    /// - Complexity: O(*n* log *k*).
    public func counts(of values: [Double]) -> [Int] {
        var counts = [Int](repeating: 0, count: classCount)
        for v in values { if let c = classIndex(of: v) { counts[c] += 1 } }
        return counts
    }

    /// Quantile classes: bounds at the `i / k` quantiles of the finite values, with numpy's
    /// default linear interpolation (`h = (n − 1) p`), repeated bounds merged (mapclassify's
    /// `Quantiles`, which also merges ties, so fewer classes may result).
    ///
    /// - Throws: ``MapError`` with code `.noData` when no value is finite or `classes < 1`.
    /// - Complexity: O(*n* log *n*).
    public static func quantiles(of values: [Double], classes: Int) throws(MapError) -> ClassBreaks {
        let sorted = try prepared(values, classes: classes)
        var bounds = [sorted[0]]
        for i in 1...classes {
            let q = quantile(sorted, Double(i) / Double(classes))
            if q > bounds[bounds.count - 1] { bounds.append(q) }
        }
        if bounds.count == 1 { bounds.append(sorted[0]) }
        return try ClassBreaks(bounds: bounds, method: .quantile)
    }

    /// The `p` quantile (0 to 1) of ascending, non-empty `sorted` values by linear
    /// interpolation (numpy's default).
    ///
    /// - Complexity: O(1).
    public static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        let h = Double(sorted.count - 1) * p
        let lo = Int(h.rounded(.down))
        let hi = Swift.min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }

    /// Diverging classes: `perSide` quantile classes of the values below `centre` and as many
    /// above, with `centre` a bound, so colours either side of it mean "lower" and "higher".
    ///
    /// - Throws: ``MapError`` with code `.noData` when no value is finite.
    /// - Complexity: O(*n* log *n*).
    public static func diverging(of values: [Double], centre: Double, perSide: Int) throws(MapError) -> ClassBreaks {
        let sorted = try prepared(values, classes: perSide)
        let below = sorted.filter { $0 < centre }
        let above = sorted.filter { $0 > centre }
        var bounds: [Double] = []
        if below.isEmpty {
            bounds.append(Swift.min(centre, sorted[0]))
        } else {
            bounds.append(below[0])
            for i in 1..<perSide {
                let q = quantile(below, Double(i) / Double(perSide))
                if q > bounds[bounds.count - 1], q < centre { bounds.append(q) }
            }
        }
        if centre > bounds[bounds.count - 1] { bounds.append(centre) }
        if !above.isEmpty {
            for i in 1...perSide {
                let q = quantile(above, Double(i) / Double(perSide))
                if q > bounds[bounds.count - 1] { bounds.append(q) }
            }
        }
        if bounds.count == 1 { bounds.append(bounds[0]) }
        return try ClassBreaks(bounds: bounds, method: .diverging, centre: centre)
    }

    /// Finite values sorted ascending; throws when there are none.
    static func prepared(_ values: [Double], classes: Int) throws(MapError) -> [Double] {
        guard classes >= 1 else { throw MapError(.noData, "the number of classes must be at least 1; got \(classes)") }
        let sorted = values.filter(\.isFinite).sorted()
        guard !sorted.isEmpty else { throw MapError(.noData, "there is no value to classify") }
        return sorted
    }
}
