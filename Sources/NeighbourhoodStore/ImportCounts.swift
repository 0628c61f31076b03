internal import CPrefetch
/// The changes one import makes to the count table: incidents by (layer, month, crime type,
/// area).
///
/// Rows come month by month (a police.uk file is one force and one month), so each layer's
/// counts for the current month go to a dense array by (crime type, area position), small
/// enough to stay in cache, and move to the table of all counts when that layer's month
/// changes: the table is touched once per cell and month, not once per row.
struct ImportCounts {
    /// A cell of the count table.
    struct Key: Hashable {
        var layer: Int64
        var month: Int64
        var type: Int64
        var area: Int64

        /// The key in 64 bits (area 32, month 16, type 8, layer 8), or `nil` when a part
        /// does not fit.
        var packed: UInt64? {
            guard (0..<(1 << 32)).contains(area), (0..<(1 << 16)).contains(month), (0..<256).contains(type),
                  (0..<256).contains(layer) else { return nil }
            return UInt64(area) | UInt64(month) << 32 | UInt64(type) << 48 | UInt64(layer) << 56
        }

        init(layer: Int64, month: Int64, type: Int64, area: Int64) {
            self.layer = layer
            self.month = month
            self.type = type
            self.area = area
        }

        init(packed: UInt64) {
            self.init(
                layer: Int64(packed >> 56), month: Int64(packed >> 32 & 0xFFFF), type: Int64(packed >> 48 & 0xFF),
                area: Int64(packed & 0xFFFF_FFFF))
        }
    }

    /// One layer's counts for its current month.
    private struct MonthCells {
        let layerID: Int64
        /// The store's area id of each area position.
        let areaIDs: [Int64]
        var month: Int64 = -1
        /// Crime type ids below this have cells.
        var types = 0
        /// Counts by `type × areaIDs.count + position`.
        var cells: [UInt32] = []
        /// Cells that are not zero.
        var touched: [Int] = []
    }

    /// Crime type ids at or above this skip the dense cells.
    private static let denseTypes = 1024

    private var layers: [MonthCells]
    /// Counts moved out of the dense cells, by packed key, and those whose parts do not pack.
    private var packed = IntegerTable(capacity: 1 << 16)
    private var unpacked: [Key: Int] = [:]

    /// Counts for the layers of `locators`, in their order.
    init(locators: [LayerLocator]) {
        layers = locators.map { MonthCells(layerID: $0.layerID, areaIDs: $0.areaIDs) }
    }

    /// Counts one incident in layer `k` (an index of the locators), at area position `position`.
    @inline(__always)
    mutating func add(layer k: Int, month: Int64, type: Int64, position: Int) {
        guard month == layers[k].month, type >= 0, type < layers[k].types else {
            addSlowly(layer: k, month: month, type: type, position: position)
            return
        }
        let cell = Int(type) &* layers[k].areaIDs.count &+ position
        if layers[k].cells[cell] == 0 { layers[k].touched.append(cell) }
        layers[k].cells[cell] &+= 1
    }

    /// Counts a block's incidents in layer `k`: row `i` of month `months[i]` and crime type
    /// `types[i]` at area position `positions[i] - 1` (0: in no area, not counted).
    ///
    /// The same as ``add(layer:month:type:position:)`` row by row, in a loop small enough
    /// for the processor to have several rows' cells on their way from memory at once, and
    /// each cell a few rows ahead prefetched (the cells of a large layer do not fit in the
    /// core's cache, and rows come in no order of area).
    mutating func add(layer k: Int, months: [Int32], types: [Int64], positions: [Int32]) {
        precondition(months.count == positions.count && types.count == positions.count, "one month, type and position per row")
        let lookahead = 8
        let areas = layers[k].areaIDs.count
        for i in positions.indices where positions[i] != 0 {
            let j = i + lookahead
            if j < positions.count, positions[j] != 0, types[j] >= 0, types[j] < layers[k].types {
                layers[k].cells.withUnsafeBufferPointer {
                    nbhd_prefetch($0.baseAddress! + (Int(types[j]) &* areas &+ Int(positions[j]) - 1))
                }
            }
            add(layer: k, month: Int64(months[i]), type: types[i], position: Int(positions[i]) - 1)
        }
    }

    private mutating func addSlowly(layer k: Int, month: Int64, type: Int64, position: Int) {
        guard (0..<Int64(Self.denseTypes)).contains(type) else {
            add(1, to: Key(layer: layers[k].layerID, month: month, type: type, area: layers[k].areaIDs[position]))
            return
        }
        if month != layers[k].month {
            flush(k)
            layers[k].month = month
        }
        if type >= layers[k].types {
            // More crime types than the cells hold: move the month out and widen them.
            flush(k)
            layers[k].types = Int(type) + 4
            layers[k].cells = [UInt32](repeating: 0, count: layers[k].types * layers[k].areaIDs.count)
        }
        add(layer: k, month: month, type: type, position: position)
    }

    /// Moves layer `k`'s current month into the table.
    private mutating func flush(_ k: Int) {
        let areas = layers[k].areaIDs.count
        for cell in layers[k].touched {
            let key = Key(
                layer: layers[k].layerID, month: layers[k].month, type: Int64(cell / areas),
                area: layers[k].areaIDs[cell % areas])
            add(Int(layers[k].cells[cell]), to: key)
            layers[k].cells[cell] = 0
        }
        layers[k].touched.removeAll(keepingCapacity: true)
    }

    private mutating func add(_ n: Int, to key: Key) {
        if let bits = key.packed { packed.add(Int64(n), to: bits) } else { unpacked[key, default: 0] += n }
    }

    /// Every count to add: (layer, month, type, area) → n.
    mutating func deltas() -> [Key: Int] {
        for k in layers.indices { flush(k) }
        var out = unpacked
        out.reserveCapacity(unpacked.count + packed.count)
        packed.forEach { key, n in out[Key(packed: key), default: 0] += Int(n) }
        return out
    }
}
