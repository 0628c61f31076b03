extension ClassBreaks {
    /// Jenks natural breaks: the `classes` classes of the sorted finite values with the least
    /// total within-class sum of squared deviations, found exactly by dynamic programming
    /// (Fisher 1958; Jenks 1977), with the same recurrence and tie rule as the widely copied
    /// implementation in jenkspy, so the bounds agree with it. Bounds are the minimum, then
    /// each class's largest value; with fewer distinct values than classes, one class per
    /// distinct value.
    ///
    /// - Throws: ``MapError`` with code `.noData` when no value is finite or `classes < 1`.
    /// - Complexity: O(*k* *n*²) time and O(*k* *n*) memory for *n* values and *k* classes.
    public static func naturalBreaks(of values: [Double], classes: Int) throws(MapError) -> ClassBreaks {
        let data = try prepared(values, classes: classes)
        var distinct: [Double] = []
        for v in data where distinct.last != v { distinct.append(v) }
        if distinct.count <= classes {
            return try ClassBreaks(bounds: [distinct[0]] + distinct, method: .naturalBreaks)
        }
        let n = data.count
        let k = classes
        let width = k + 1
        // lower[l * width + j]: 1-based index of the first value of class j when the first l
        // values form j classes; cost[l * width + j]: the least within-class variance sum.
        var lower = [Int](repeating: 0, count: (n + 1) * width)
        var cost = [Double](repeating: 0, count: (n + 1) * width)
        for j in 1...k { lower[width + j] = 1 }
        for l in 2...n { for j in 1...k { cost[l * width + j] = .infinity } }
        for l in 2...n {
            var s1 = 0.0
            var s2 = 0.0
            var w = 0.0
            var variance = 0.0
            for m in 1...l {
                let i3 = l - m + 1
                let value = data[i3 - 1]
                s2 += value * value
                s1 += value
                w += 1
                variance = s2 - (s1 * s1) / w
                let i4 = i3 - 1
                if i4 != 0 {
                    for j in 2...k where cost[l * width + j] >= variance + cost[i4 * width + j - 1] {
                        lower[l * width + j] = i3
                        cost[l * width + j] = variance + cost[i4 * width + j - 1]
                    }
                }
            }
            lower[l * width + 1] = 1
            cost[l * width + 1] = variance
        }
        var bounds = [Double](repeating: 0, count: k + 1)
        bounds[k] = data[n - 1]
        bounds[0] = data[0]
        var last = n
        var j = k
        while j >= 2 {
            let id = lower[last * width + j] - 2
            bounds[j - 1] = data[Swift.max(id, 0)]
            last = lower[last * width + j] - 1
            j -= 1
        }
        return try ClassBreaks(bounds: bounds, method: .naturalBreaks)
    }
}
