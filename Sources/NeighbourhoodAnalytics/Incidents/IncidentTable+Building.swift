import NeighbourhoodIncidents

extension IncidentTable {
    /// A block of rows in the making, with text values held as ids into block-local value
    /// lists; appending it to a table maps them to the table's ids. Workers fill blocks in
    /// parallel; the table takes them in input order.
    public struct Block: Sendable {
        /// Physical line of each row in its file (the header is line 1).
        public var line: [Int] = []
        /// Eastings.
        public var x: [Double] = []
        /// Northings.
        public var y: [Double] = []
        /// Area positions, or -1.
        public var area: [Int32] = []
        /// Month ordinals, or -1.
        public var month: [Int32] = []
        /// Statuses.
        public var status: [IncidentStatus] = []
        /// A 128-bit hash of each row's id, or `nil` when the row has none; empty (no rows)
        /// for a block collected without id hashes (see `IncidentCollection.idHashes`), whose
        /// rows an ``IncidentTable`` then never marks as duplicates.
        public var idHash: [IDHash?] = []
        /// Crime type ids into ``crimeTypeValues``.
        public var crimeType: [Int32] = []
        /// Distinct crime types in this block.
        public var crimeTypeValues: [String] = []
        /// For each extra column (in the table's order), row value ids into ``columnValues``;
        /// empty for a column carried in ``columnTexts``.
        public var columnIDs: [[Int32]] = []
        /// For each extra column, the distinct values in this block; empty for a column
        /// carried in ``columnTexts``.
        public var columnValues: [[String]] = []
        /// For each extra column, its values row by row when the column is carried as text
        /// instead of as value ids (see ``RowTexts``), else `nil`.
        public var columnTexts: [RowTexts?] = []
        /// For each extra column, whether the block's file has it.
        public var columnPresent: [Bool] = []

        /// An empty block for `extraColumns` columns, those at the positions in `textColumns`
        /// carried row by row in ``columnTexts`` rather than as ids into ``columnValues``.
        public init(extraColumns: Int = 0, textColumns: Set<Int> = []) {
            columnIDs = Array(repeating: [], count: extraColumns)
            columnValues = Array(repeating: [], count: extraColumns)
            columnTexts = (0..<extraColumns).map { textColumns.contains($0) ? RowTexts() : nil }
            columnPresent = Array(repeating: false, count: extraColumns)
        }

        /// Number of rows.
        public var count: Int { x.count }
    }

    /// One text column's values row by row, as UTF-8 bytes back to back in one buffer: for a
    /// column whose values are all or nearly all distinct (police.uk Crime IDs), where giving
    /// each block-local value an id would cost a hash-table insert and two allocations per row
    /// and save nothing.
    public struct RowTexts: Sendable {
        /// The values' UTF-8 bytes, one after another (``used`` of them), then spare zeros:
        /// a value is copied in with one `memcpy`, where `Array.append(contentsOf:)` cost
        /// several times that for values of a few bytes (the import copies six a row).
        @usableFromInline var storage: [UInt8] = []
        private var used = 0
        /// Where each row's value ends in ``storage``; it starts where the previous one ends.
        @usableFromInline var ends: [Int] = []

        /// No rows.
        public init() {}

        /// Number of rows.
        public var count: Int { ends.count }

        /// Appends a row's value. Bytes that are not valid UTF-8 are repaired as
        /// `String(decoding:as:)` repairs them, so that a value reads the same as when
        /// it is held as a `String` in ``Block/columnValues``.
        ///
        /// - Complexity: O(*n*) in the value's length (amortised).
        public mutating func append(_ value: UnsafeBufferPointer<UInt8>) {
            var high: UInt8 = 0
            for b in value { high |= b }
            if high < 0x80 {
                write(value)
            } else {
                var repaired = String(decoding: value, as: UTF8.self)
                repaired.withUTF8 { write($0) }
            }
            ends.append(used)
        }

        @inline(__always)
        private mutating func write(_ value: UnsafeBufferPointer<UInt8>) {
            guard let source = value.baseAddress, !value.isEmpty else { return }
            if used + value.count > storage.count {
                storage.append(contentsOf: repeatElement(0, count: Swift.max(storage.count, value.count, 1 << 12)))
            }
            let at = used
            storage.withUnsafeMutableBufferPointer { $0.baseAddress!.advanced(by: at).update(from: source, count: value.count) }
            used += value.count
        }

        /// Calls `body` with row `row`'s UTF-8 bytes.
        @inline(__always)
        public func withValue<R>(_ row: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
            let start = row == 0 ? 0 : ends[row - 1], end = ends[row]
            return try storage.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[start..<end])) }
        }

        /// Calls `body` with each row's UTF-8 bytes, in row order.
        @inlinable
        public func forEachValue(_ body: (UnsafeBufferPointer<UInt8>) throws -> Void) rethrows {
            try storage.withUnsafeBufferPointer { all in
                try ends.withUnsafeBufferPointer { ends in
                    var start = 0
                    for end in ends {
                        try body(UnsafeBufferPointer(rebasing: all[start..<end]))
                        start = end
                    }
                }
            }
        }

        /// Row `row`'s value.
        public subscript(row: Int) -> String {
            withValue(row) { String(decoding: $0, as: UTF8.self) }
        }
    }

    /// Two independent 64-bit hashes of an id: with 10 million ids the chance that two
    /// different ids share both is about 10⁻²⁵.
    public struct IDHash: Hashable, Sendable {
        /// First half.
        public var high: UInt64
        /// Second half.
        public var low: UInt64

        /// Hashes `bytes`.
        public init(_ bytes: UnsafeBufferPointer<UInt8>) {
            high = Self.high(bytes)
            low = ByteHash.hash(bytes, seed: 0xC2B2_AE3D_27D4_EB4F)
        }

        /// The first half (``high``) of the hash of `bytes`, alone.
        @inline(__always)
        public static func high(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
            ByteHash.hash(bytes, seed: 0x9E37_79B9_7F4A_7C15)
        }
    }

    /// Tracks ids seen so far, to mark repeated rows as duplicates: an open-addressing table
    /// of 128-bit id hashes kept side by side, so a probe touches one cache line (a plain
    /// `Set` costs several times more per row at 10 million rows).
    public struct DuplicateFilter: Sendable {
        /// Slot pairs (high, low); (0, 0) marks an empty slot.
        private var slots: [UInt64]
        private var count = 0

        /// An empty filter.
        public init() {
            slots = Array(repeating: 0, count: 2 << 16)
        }

        /// Whether `hash` was seen before; records it.
        ///
        /// - Complexity: O(1) expected.
        public mutating func isRepeat(_ hash: IDHash) -> Bool {
            if (count + 1) * 4 > slots.count { grow() }
            // (0, 0) is the empty marker: move the one hash that equals it aside.
            let high = hash.high, low = hash.high == 0 && hash.low == 0 ? 1 : hash.low
            let found = slots.withUnsafeMutableBufferPointer { table -> Bool in
                let mask = table.count / 2 - 1
                var slot = Int(truncatingIfNeeded: low) & mask
                while true {
                    let h = table[2 * slot], l = table[2 * slot + 1]
                    if h == 0 && l == 0 {
                        table[2 * slot] = high
                        table[2 * slot + 1] = low
                        return false
                    }
                    if h == high && l == low { return true }
                    slot = (slot + 1) & mask
                }
            }
            if !found { count += 1 }
            return found
        }

        private mutating func grow() {
            let old = slots
            slots = Array(repeating: 0, count: old.count * 2)
            slots.withUnsafeMutableBufferPointer { table in
                let mask = table.count / 2 - 1
                for i in stride(from: 0, to: old.count, by: 2) where old[i] != 0 || old[i + 1] != 0 {
                    var slot = Int(truncatingIfNeeded: old[i + 1]) & mask
                    while table[2 * slot] != 0 || table[2 * slot + 1] != 0 { slot = (slot + 1) & mask }
                    table[2 * slot] = old[i]
                    table[2 * slot + 1] = old[i + 1]
                }
            }
        }
    }

    /// Registers a source file; later appended blocks belong to it.
    public mutating func beginFile(_ path: String) {
        files.append(path)
    }

    /// Appends a block's rows, marking repeated ids as duplicates through `duplicates`.
    ///
    /// - Complexity: O(*n*) in the block's rows.
    public mutating func append(_ block: Block, duplicates: inout DuplicateFilter) {
        let fileIndex = Int32(max(0, files.count - 1))
        x.append(contentsOf: block.x)
        y.append(contentsOf: block.y)
        area.append(contentsOf: block.area)
        month.append(contentsOf: block.month)
        status.append(contentsOf: block.status)
        file.append(contentsOf: repeatElement(fileIndex, count: block.count))
        if block.idHash.count == block.count {
            for hash in block.idHash {
                isDuplicate.append(hash.map { duplicates.isRepeat($0) } ?? false)
            }
        } else {
            isDuplicate.append(contentsOf: repeatElement(false, count: block.count))
        }
        let typeMap = block.crimeTypeValues.map { crimeType.id(of: $0) }
        crimeType.ids.append(contentsOf: block.crimeType.map { typeMap[Int($0)] })
        for (k, name) in extraColumnNames.enumerated() where k < block.columnIDs.count {
            // Mutate in place through the dictionary so the id arrays are not copied.
            if block.columnPresent[k], let texts = block.columnTexts[k] {
                for row in 0..<texts.count {
                    let id = columns[name]!.id(of: texts[row])
                    columns[name]!.ids.append(id)
                }
                rowsWithColumn[name, default: 0] += block.count
            } else if block.columnPresent[k] {
                let map = block.columnValues[k].map { columns[name]!.id(of: $0) }
                columns[name]!.ids.append(contentsOf: block.columnIDs[k].map { map[Int($0)] })
                rowsWithColumn[name, default: 0] += block.count
            } else {
                let blank = columns[name]!.id(of: "")
                columns[name]!.ids.append(contentsOf: repeatElement(blank, count: block.count))
            }
        }
    }

    /// The extra columns' names in a fixed (sorted) order: the order of a ``Block``'s columns.
    public var extraColumnNames: [String] { columns.keys.sorted() }
}
