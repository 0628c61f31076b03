/// Binary spatial weights in compressed sparse row (CSR) form: who neighbours whom.
///
/// Observation `i`'s neighbours are `neighbours[offsets[i] ..< offsets[i + 1]]`, in increasing
/// order, never containing `i` itself. Every stored weight is 1 (binary, libpysal's
/// `transform='B'`); statistics that want row-standardised weights divide by the row's
/// cardinality themselves. When ``includesSelf`` is `true` each observation is also its own
/// neighbour with weight 1, the diagonal Getis-Ord Gi\* uses (libpysal's
/// `fill_diagonal(w, 1)`); self is never stored in the lists, so the flag can be switched
/// without copying them.
///
/// Observations are numbered `0 ..< count`; ``ids`` says where each came from (the grid cell
/// number for grid weights, the input position for point weights), so results can be
/// scattered back onto a grid with masked cells left out.
///
/// **Islands.** An observation with no neighbours (other than itself) is an *island*. As in
/// libpysal and esda, islands are kept, not dropped: ``islands`` lists them, and each
/// statistic documents what it reports for them (Gi\*: its own value against the mean; Gi and
/// local Moran: z = 0, p = 1).
public struct SpatialWeights: Sendable, Hashable {
    /// Row starts: `count + 1` entries, `offsets[0] == 0`, non-decreasing.
    public let offsets: [Int32]
    /// Neighbour lists, concatenated row by row; each row sorted, without self.
    public let neighbours: [Int32]
    /// Where each observation came from: a grid cell number or an input position.
    public let ids: [Int]
    /// Whether each observation counts as its own neighbour (the Gi\* diagonal).
    public let includesSelf: Bool

    /// Creates weights from neighbour lists, checking every index is in range and that no
    /// list holds its own observation or a duplicate. The lists need not be symmetric.
    ///
    /// - Parameters:
    ///   - neighbourLists: for each observation, the observations it neighbours (any order).
    ///   - ids: where each observation came from; `0 ..< count` when `nil`.
    ///   - includesSelf: whether each observation is its own neighbour too.
    /// - Throws: ``GridError`` with code `sizeMismatch` when `ids` has the wrong length, or
    ///   `insufficientData` for an index out of range, a self-neighbour or a duplicate.
    /// - Complexity: O(*m* log *k*) for *m* links and at most *k* neighbours per row.
    public init(neighbourLists: [[Int]], ids: [Int]? = nil, includesSelf: Bool = false) throws(GridError) {
        let n = neighbourLists.count
        if let ids, ids.count != n {
            throw GridError(.sizeMismatch, "\(ids.count) ids for \(n) observations")
        }
        var offsets = [Int32](repeating: 0, count: n + 1)
        var flat: [Int32] = []
        flat.reserveCapacity(neighbourLists.reduce(0) { $0 + $1.count })
        for (i, list) in neighbourLists.enumerated() {
            let sorted = list.sorted()
            for (k, j) in sorted.enumerated() {
                guard j >= 0, j < n else {
                    throw GridError(.insufficientData, "observation \(i) lists neighbour \(j), outside 0..<\(n)")
                }
                guard j != i else {
                    throw GridError(.insufficientData, "observation \(i) lists itself; use includesSelf instead")
                }
                guard k == 0 || sorted[k - 1] != j else {
                    throw GridError(.insufficientData, "observation \(i) lists neighbour \(j) twice")
                }
                flat.append(Int32(j))
            }
            offsets[i + 1] = Int32(flat.count)
        }
        self.init(offsets: offsets, neighbours: flat, ids: ids ?? Array(0..<n), includesSelf: includesSelf)
    }

    /// Creates weights from CSR arrays the caller has already checked.
    init(offsets: [Int32], neighbours: [Int32], ids: [Int], includesSelf: Bool) {
        self.offsets = offsets
        self.neighbours = neighbours
        self.ids = ids
        self.includesSelf = includesSelf
        #if DEBUG
            checkInvariants()
        #endif
    }

    /// Number of observations.
    public var count: Int { offsets.count - 1 }

    /// Number of (directed) neighbour links, not counting self.
    public var linkCount: Int { neighbours.count }

    /// The neighbours of observation `i` (without self), in increasing order.
    ///
    /// - Complexity: O(1).
    public func neighbours(of i: Int) -> ArraySlice<Int32> {
        neighbours[Int(offsets[i])..<Int(offsets[i + 1])]
    }

    /// Number of neighbours of `i`, not counting self.
    public func cardinality(of i: Int) -> Int { Int(offsets[i + 1] - offsets[i]) }

    /// Observations with no neighbour other than themselves.
    ///
    /// - Complexity: O(*n*).
    public var islands: [Int] { (0..<count).filter { offsets[$0 + 1] == offsets[$0] } }

    /// The largest number of neighbours any observation has, not counting self.
    public var maximumCardinality: Int { (0..<count).map(cardinality(of:)).max() ?? 0 }

    /// The same links with the self flag set as asked: `includingSelf(true)` is the Gi\*
    /// weights matrix with ones on its diagonal.
    ///
    /// - Complexity: O(1) (the arrays are shared, not copied).
    public func includingSelf(_ flag: Bool = true) -> SpatialWeights {
        SpatialWeights(offsets: offsets, neighbours: neighbours, ids: ids, includesSelf: flag)
    }

    /// Whether every link has its reverse (`j` in `i`'s list exactly when `i` is in `j`'s).
    /// Distance bands and contiguity are always symmetric; weights built from lists may not be.
    ///
    /// - Complexity: O(*m* log *k*).
    public var isSymmetric: Bool {
        for i in 0..<count {
            for j in neighbours(of: i) {
                let row = neighbours(of: Int(j))
                if !binarySearch(row, Int32(i)) { return false }
            }
        }
        return true
    }

    private func binarySearch(_ row: ArraySlice<Int32>, _ value: Int32) -> Bool {
        var low = row.startIndex
        var high = row.endIndex
        while low < high {
            let mid = (low + high) / 2
            if row[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low < row.endIndex && row[low] == value
    }

    /// Checks the CSR invariants; debug builds call it on every construction.
    func checkInvariants() {
        precondition(!offsets.isEmpty && offsets[0] == 0, "offsets must start at 0")
        precondition(Int(offsets[offsets.count - 1]) == neighbours.count, "offsets must end at the link count")
        precondition(ids.count == count, "one id per observation")
        for i in 0..<count {
            precondition(offsets[i] <= offsets[i + 1], "offsets must not decrease")
            var previous: Int32 = -1
            for j in neighbours(of: i) {
                precondition(j > previous && Int(j) < count && Int(j) != i, "row \(i) must be sorted, in range, without self")
                previous = j
            }
        }
    }
}
