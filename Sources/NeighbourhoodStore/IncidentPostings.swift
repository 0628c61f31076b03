internal import GRDB

/// The store's index of incidents by location and by crime type (table `incident_postings`):
/// one row per (kind, value, import) holding the incident ids in ``PostingCoding``'s layout.
///
/// A B-tree index on `incidents.location_id` costs SQLite a random insert per imported row
/// (25–30 s for 10 M rows, see BENCHMARKS.md); postings are gathered in memory while an
/// import writes its rows and stored once at its end, about one row per location the
/// import touches, so area and type filters read only the incidents they select.
enum IncidentPostings {
    /// What a posting's value is.
    enum Kind: Int64 {
        /// A location id (`locations.id`); rows without location have no location posting.
        case location = 1
        /// A crime type id (`crime_types.id`).
        case crimeType = 2
    }

    /// One posting row's key.
    struct Key: Hashable {
        var kind: Kind
        var value: Int64
        var importID: Int64
    }

    static let createTable = """
        CREATE TABLE incident_postings (
            kind INTEGER NOT NULL, value INTEGER NOT NULL, import_id INTEGER NOT NULL,
            first_month INTEGER NOT NULL, last_month INTEGER NOT NULL, ids BLOB NOT NULL,
            PRIMARY KEY (kind, value, import_id));
        """

    /// Builds the postings of every stored incident (for stores made before postings).
    static func rebuild(_ db: Database, path: String) throws {
        let imports = try Int64.fetchAll(db, sql: "SELECT DISTINCT import_id FROM incidents ORDER BY import_id")
        for importID in imports {
            let rows = try FastStatement(db, "SELECT id, coalesce(location_id, 0), type_id, month FROM incidents WHERE import_id = ? ORDER BY id")
            rows.bind(1, importID)
            var collector: PostingCollector?
            while try rows.step() {
                let id = rows.int64(0)
                if collector == nil { collector = PostingCollector(firstID: id) }
                guard collector!.append(id: id, location: rows.int64(1), type: rows.int64(2), month: rows.int64(3)) else {
                    throw StoreError(.invalidInput, path: path, detail: "incident \(id) has a location, type or month beyond the store's index (32 bits)")
                }
            }
            try collector?.encoded().insert(db, importID: importID)
        }
    }

    /// The ids of the incidents holding any of `values` (of `kind`) in `months` (all months
    /// when `nil`), ascending.
    ///
    /// - Throws: ``StoreError/Code/corrupt`` for a posting that does not decode.
    static func ids(
        _ db: Database, kind: Kind, values: [Int64], months: ClosedRange<Int64>?, path: String
    ) throws -> [Int64] {
        let select = try FastStatement(db, "SELECT first_month, last_month, ids FROM incident_postings WHERE kind = ? AND value = ?")
        select.bind(1, kind.rawValue)
        var out: [Int64] = []
        for value in values {
            select.bind(2, value)
            while try select.step() {
                if let months, select.int64(1) < months.lowerBound || select.int64(0) > months.upperBound { continue }
                let decoded = PostingCoding.forEachSegment(select.blob(2)) { month, ids in
                    if months?.contains(month) ?? true { out.append(contentsOf: ids) }
                }
                if !decoded {
                    throw StoreError(.corrupt, path: path, detail: "the index entry of \(kind) \(value) does not decode; rebuild the store by importing its files afresh")
                }
            }
        }
        out.sort()
        return out
    }

    /// Takes `removed` incident ids out of the postings `keys` (of an earlier import whose
    /// rows a re-published force-month replaces), dropping postings left empty.
    static func remove(_ removed: Set<Int64>, from keys: Set<Key>, _ db: Database, path: String) throws {
        let select = try FastStatement(db, "SELECT ids FROM incident_postings WHERE kind = ? AND value = ? AND import_id = ?")
        let update = try FastStatement(db, "UPDATE incident_postings SET first_month = ?, last_month = ?, ids = ? WHERE kind = ? AND value = ? AND import_id = ?")
        let delete = try FastStatement(db, "DELETE FROM incident_postings WHERE kind = ? AND value = ? AND import_id = ?")
        for key in keys.sorted(by: { ($0.kind.rawValue, $0.value, $0.importID) < ($1.kind.rawValue, $1.value, $1.importID) }) {
            select.bind(1, key.kind.rawValue)
            select.bind(2, key.value)
            select.bind(3, key.importID)
            var kept: [PostingCoding.Segment] = []
            var found = false
            while try select.step() {
                found = true
                let decoded = PostingCoding.forEachSegment(select.blob(0)) { month, ids in
                    let left = ids.filter { !removed.contains($0) }
                    if !left.isEmpty { kept.append(PostingCoding.Segment(month: month, ids: left)) }
                }
                if !decoded {
                    throw StoreError(.corrupt, path: path, detail: "the index entry of \(key.kind) \(key.value) does not decode; rebuild the store by importing its files afresh")
                }
            }
            guard found else { continue }
            let statement = kept.isEmpty ? delete : update
            var next: Int32 = 1
            if let first = kept.first, let last = kept.last {
                update.bind(1, first.month)
                update.bind(2, last.month)
                update.bind(3, bytes: PostingCoding.encode(kept), asText: false)
                next = 4
            }
            statement.bind(next, key.kind.rawValue)
            statement.bind(next + 1, key.value)
            statement.bind(next + 2, key.importID)
            try statement.run()
        }
    }
}

/// One import's incidents by location and by crime type, gathered row by row while the
/// import writes them (ids are consecutive from ``firstID``, in the order rows are added)
/// and encoded as postings by ``encoded()`` at the end of the import.
struct PostingCollector {
    /// The id of the first row added.
    let firstID: Int64
    private var locations: [UInt32] = []
    private var types: [UInt32] = []
    private var months: [Int32] = []
    /// The rows' ids when they are not consecutive from ``firstID`` (rebuilding the postings
    /// of stored rows, where replaced force-months left gaps).
    private var explicitIDs: [Int64]?

    /// Rows added so far.
    var count: Int { months.count }

    init(firstID: Int64) {
        self.firstID = firstID
    }

    /// Adds the next row (id `firstID + count`): its location id (0 for none), crime type
    /// id and month ordinal. Returns `false` when an id does not fit the collector's 32 bits.
    @inline(__always)
    mutating func append(location: Int64, type: Int64, month: Int64) -> Bool {
        guard let location = UInt32(exactly: location), let type = UInt32(exactly: type),
              let month = Int32(exactly: month) else { return false }
        locations.append(location)
        types.append(type)
        months.append(month)
        return true
    }

    /// Adds a row with its own id (ids ascending): for postings rebuilt from stored rows.
    mutating func append(id: Int64, location: Int64, type: Int64, month: Int64) -> Bool {
        if explicitIDs == nil, id != firstID + Int64(count) {
            explicitIDs = (0..<Int64(count)).map { firstID + $0 }
        }
        guard append(location: location, type: type, month: month) else { return false }
        explicitIDs?.append(id)
        return true
    }

    @inline(__always)
    private func id(ofRow row: Int32) -> Int64 { explicitIDs?[Int(row)] ?? firstID + Int64(row) }

    /// The import's postings, encoded (pure work: safe on another thread while the import
    /// goes on; see ``EncodedPostings/insert(_:importID:)``): those by location, then those
    /// by crime type.
    func encoded() -> EncodedPostings {
        var out = encoded(.location)
        let types = encoded(.crimeType)
        let shift = out.bytes.count
        out.bytes += types.bytes
        out.rows += types.rows.map { row in
            var row = row
            row.bytes = (row.bytes.lowerBound + shift)..<(row.bytes.upperBound + shift)
            return row
        }
        return out
    }

    /// The import's postings of one kind, encoded: the two kinds can be encoded at once, on
    /// two threads.
    func encoded(_ kind: IncidentPostings.Kind) -> EncodedPostings {
        var out = EncodedPostings()
        guard let minMonth = months.min(), let maxMonth = months.max() else { return out }
        // Rows in month order (in id order within a month); each kind then sorts these
        // stably by key, so each key's rows come out by month and by id within a month.
        var monthStart = [Int](repeating: 0, count: Int(maxMonth - minMonth) + 2)
        for month in months { monthStart[Int(month - minMonth) + 1] += 1 }
        for k in 1..<monthStart.count { monthStart[k] += monthStart[k - 1] }
        var byMonth = [Int32](repeating: 0, count: count)
        for (row, month) in months.enumerated() {
            byMonth[monthStart[Int(month - minMonth)]] = Int32(row)
            monthStart[Int(month - minMonth)] += 1
        }
        switch kind {
        case .location: encode(.location, keys: locations, skippingZero: true, byMonth, into: &out)
        case .crimeType: encode(.crimeType, keys: types, skippingZero: false, byMonth, into: &out)
        }
        return out
    }

    /// A row and its month, side by side so that encoding reads them in one sequential pass.
    private struct Entry {
        var row: Int32
        var month: Int32
    }

    /// Groups the rows (`byMonth`: row numbers in month order) by key, a stable counting
    /// sort, and encodes one posting per key.
    private func encode(
        _ kind: IncidentPostings.Kind, keys: [UInt32], skippingZero: Bool, _ byMonth: [Int32],
        into out: inout EncodedPostings
    ) {
        guard let maxKey = keys.max() else { return }
        var start = [Int](repeating: 0, count: Int(maxKey) + 2)
        for key in keys { start[Int(key) + 1] += 1 }
        for k in 1..<start.count { start[k] += start[k - 1] }
        var sorted = [Entry](repeating: Entry(row: 0, month: 0), count: keys.count)
        var fill = start
        for row in byMonth {
            let key = Int(keys[Int(row)])
            sorted[fill[key]] = Entry(row: row, month: months[Int(row)])
            fill[key] += 1
        }
        for key in 0...Int(maxKey) where start[key] < start[key + 1] && !(skippingZero && key == 0) {
            let entries = sorted[start[key]..<start[key + 1]]
            let first = out.bytes.count
            var segmentStart = entries.startIndex
            while segmentStart < entries.endIndex {
                let month = entries[segmentStart].month
                var segmentEnd = segmentStart
                while segmentEnd < entries.endIndex, entries[segmentEnd].month == month { segmentEnd += 1 }
                PostingCoding.append(
                    month: Int64(month), ids: entries[segmentStart..<segmentEnd].lazy.map { id(ofRow: $0.row) },
                    to: &out.bytes)
                segmentStart = segmentEnd
            }
            out.rows.append(EncodedPostings.Row(
                kind: kind, value: Int64(key), firstMonth: entries.first!.month, lastMonth: entries.last!.month,
                bytes: first..<out.bytes.count))
        }
    }
}

/// One import's postings made by ``PostingCollector/encoded()``: the rows of
/// `incident_postings` but the import id, their bytes kept end to end in one array.
struct EncodedPostings: Sendable {
    struct Row: Sendable {
        var kind: IncidentPostings.Kind
        var value: Int64
        var firstMonth: Int32
        var lastMonth: Int32
        var bytes: Range<Int>
    }

    var rows: [Row] = []
    var bytes: [UInt8] = []

    /// Inserts the postings as import `importID`'s.
    func insert(_ db: Database, importID: Int64) throws {
        let insert = try FastStatement(db, """
            INSERT INTO incident_postings (kind, value, import_id, first_month, last_month, ids) VALUES (?,?,?,?,?,?)
            """)
        insert.bind(3, importID)
        try bytes.withUnsafeBytes { all in
            for row in rows {
                insert.bind(1, row.kind.rawValue)
                insert.bind(2, row.value)
                insert.bind(4, Int64(row.firstMonth))
                insert.bind(5, Int64(row.lastMonth))
                insert.bind(6, bytes: UnsafeRawBufferPointer(rebasing: all[row.bytes]), asText: false)
                try insert.run()
            }
        }
    }
}
