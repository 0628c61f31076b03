/// Incident counts by area, month and crime type: a dense array for the month being read, in
/// front of a ``PackedCounter`` that holds everything else.
///
/// Police.uk files come a month at a time, so nearly every row adds to a cell of the current
/// month. Counting those in an array indexed by area and type (320 KB for 2,500 areas) keeps
/// to memory that stays in cache, where the hash table over all months (16 MB at 10 M rows)
/// missed the cache on nearly every row. When the month changes, the array's non-zero cells
/// move into the table. Types past the first ``denseTypes`` of a worker, and layers too large
/// for the array, go straight to the table.
struct CellCounter {
    /// Crime type ids counted in the array.
    static let denseTypes = 32
    /// The most areas counted in the array (8 MB).
    static let denseAreaLimit = 1 << 16

    private var table = PackedCounter()
    /// The month whose counts the array holds (a ``Month/ordinal``, or -1 for none).
    private var month: Int32 = -1
    private var dense: [Int32]
    /// Array positions holding a non-zero count.
    private var touched: [Int32] = []
    private let denseAreas: Int

    /// A counter for a layer of `areas` areas.
    init(areas: Int) {
        denseAreas = areas <= CellCounter.denseAreaLimit ? areas : 0
        dense = Array(repeating: 0, count: denseAreas * CellCounter.denseTypes)
    }

    /// The table's key: area, month (``Month/ordinal`` plus one, 0 for none) and type.
    static func key(area: Int32, month: Int32, type: Int32) -> UInt64 {
        UInt64(UInt32(area)) << 40 | UInt64(Int(month) + 1) << 24 | UInt64(UInt32(type))
    }

    /// Counts one incident in `area` (a layer position) in `month` (an ordinal, or -1) of
    /// crime type `type` (the worker's id).
    @inline(__always)
    mutating func add(area: Int32, month: Int32, type: Int32) {
        guard area >= 0, Int(area) < denseAreas, type >= 0, type < CellCounter.denseTypes else {
            table.add(CellCounter.key(area: area, month: month, type: type))
            return
        }
        if month != self.month {
            flush()
            self.month = month
        }
        let i = Int(area) &* CellCounter.denseTypes &+ Int(type)
        let count = dense[i]
        if count == 0 { touched.append(Int32(i)) }
        if count == Int32.max {
            table.add(CellCounter.key(area: area, month: month, type: type), Int(count))
            dense[i] = 1
        } else {
            dense[i] = count + 1
        }
    }

    /// Moves the array's counts into the table.
    private mutating func flush() {
        for i in touched {
            let position = Int(i)
            table.add(
                CellCounter.key(
                    area: Int32(position / CellCounter.denseTypes), month: month,
                    type: Int32(position % CellCounter.denseTypes)),
                Int(dense[position]))
            dense[position] = 0
        }
        touched.removeAll(keepingCapacity: true)
    }

    /// Every (key, count) pair, in no particular order; keys as ``key(area:month:type:)``.
    var entries: [(UInt64, Int)] {
        var all = self
        all.flush()
        return all.table.entries
    }
}
