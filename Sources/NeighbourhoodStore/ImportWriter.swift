internal import GRDB
import NeighbourhoodAnalytics
import NeighbourhoodFormats
import NeighbourhoodGeometry
import NeighbourhoodIncidents

/// Writes the rows of one import inside the import's transaction: looks up or adds crime
/// types, outcomes, forces, streets and locations (assigning each new location to every
/// layer of the store), inserts incidents with their identity keys, and keeps the count
/// table up to date; stores the file's extra columns (``ImportColumns``). Handed to the body
/// of ``IncidentStore/importFile(_:columns:locators:body:)``.
///
/// The writer runs on one thread while the file's rows are read on the others, so its
/// per-row work is kept to array look-ups, a few hash mixes and one prepared `INSERT`:
/// everything that depends on a distinct text (ids, hashes) is worked out once per distinct
/// value of a block, and the columns carried row by row as text (``textColumns``: the Crime
/// ID, coordinates, LSOAs) are hashed, and the Crime ID packed, per row by
/// ``ImportWriter/prepare(_:columns:)`` on the thread that read the block.
public final class ImportWriter {
    /// The police.uk columns the writer takes from a block's extra columns, by name; an
    /// ``IncidentTable/Block`` for the writer must collect these and the file's further
    /// columns: ``ImportColumns/collected``.
    public static let columns = [
        "Context", "Crime ID", "Falls within", "LSOA code", "LSOA name", "Last outcome category",
        "Latitude", "Location", "Longitude", "Reported by",
    ]
    /// Those of ``columns`` best carried row by row as text (see
    /// ``NeighbourhoodAnalytics/IncidentTable/Block/columnTexts``): the writer only hashes
    /// them (and reads new locations' coordinates), and their values are distinct or nearly
    /// so within a block (Crime ID, coordinates), or repeat in no order (LSOAs). Interning
    /// them would cost a hash-table look-up per row and an insert (with two allocations) per
    /// distinct value; as text they cost a copy, and ``prepare(_:columns:)`` hashes them row by row
    /// with the hash it gives distinct values. They are all the columns but those the writer
    /// looks up in the store once per distinct value (forces, outcome, street), which a block
    /// must carry as value ids; the writer takes a block carrying any of these either way,
    /// with the same stored rows.
    public static let textColumns: Set<String> = [
        "Context", "Crime ID", "LSOA code", "LSOA name", "Latitude", "Longitude",
    ]
    /// The positions of ``columns``.
    enum Column: Int {
        case context, crimeID, fallsWithin, lsoaCode, lsoaName, outcome, latitude, location, longitude, reportedBy
    }

    private let db: Database
    private let importID: Int64
    private let locators: [LayerLocator]
    /// Where the block's columns are.
    private let columns: ImportColumns
    private var incidents: IncidentRowBuffer
    /// The file's extra values and rejected rows' `incidents.csv` fields.
    private var extras: ExtraColumnWriter
    /// The import's incidents by location and crime type, encoded from ``finish()`` on and
    /// stored by ``storePostings()``.
    private var postings: PostingCollector
    private var encodedPostings: [BackgroundResult<EncodedPostings>] = []
    /// Rejected rows' lines not yet stored, and the chunks stored so far.
    private var rejectedBytes: [UInt8] = []
    private var rejectedChunks = 0
    private let insertLocation: FastStatement
    private let insertRTree: FastStatement
    private let insertLocationArea: FastStatement

    private var forces: LookupTable
    /// The forces' ids, shared with the reading threads (pass it to ``prepare(_:columns:forces:)``).
    public let forceIDs = ImportForceIDs()
    /// Force names already given to ``forceIDs``.
    private var publishedForces: Set<String> = []
    private var types: LookupTable
    private var outcomes: LookupTable
    private var streets: LookupTable
    /// Location ids by (easting bits, northing bits, street id).
    private var locations: LocationTable
    /// Per layer, the area position plus one of each location, indexed by location id (0: in
    /// no area).
    private var locationAreas: [[Int32]]
    /// Locations added by this import, for the spatial index (see ``finish()``).
    private var addedLocations: [RTreePacking.Entry] = []
    /// Occurrences so far of each identity in this import.
    private var occurrences = OccurrenceTable()
    /// The count table's changes.
    private var counts: ImportCounts
    /// The import's incidents by force and month, as runs of ids (stored by ``finish()``).
    private var runs = IncidentRuns()
    /// Rows this import holds, per (force id, month).
    private(set) var forceMonths: [ForceMonth: Int] = [:]
    private(set) var located = 0
    private(set) var noLocation = 0
    /// The file's SHA-256 (lowercase hex), for an import whose ``ImportSource/sha256`` was
    /// empty: the body sets it once it has read (and hashed) the whole file.
    public var fileSHA256: String?

    /// Counts to add: (layer, month, type, area) → n. Call once, when all rows are in.
    func countDeltas() -> [ImportCounts.Key: Int] { counts.deltas() }
    struct ForceMonth: Hashable { var force: Int64; var month: Int64 }

    init(db: Database, importID: Int64, locators: [LayerLocator], columns: ImportColumns = ImportColumns()) throws {
        self.db = db
        self.importID = importID
        self.locators = locators
        self.columns = columns
        incidents = try IncidentRowBuffer(db, importID: importID)
        extras = try ExtraColumnWriter(db, importID: importID, columns: columns)
        // SQLite gives a row without an explicit id the largest id plus one, so this
        // import's rows get consecutive ids from here (checked in finish()).
        postings = PostingCollector(firstID: (try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) + 1 FROM incidents")) ?? 1)
        insertLocation = try FastStatement(
            db, "INSERT INTO locations (easting, northing, lon, lat, street_id) VALUES (?,?,?,?,?)")
        insertRTree = try FastStatement(db, "INSERT INTO location_rtree VALUES (?,?,?,?,?)")
        insertLocationArea = try FastStatement(
            db, "INSERT INTO location_areas (layer_id, location_id, area_id) VALUES (?,?,?)")
        forces = try LookupTable(db, table: "forces")
        types = try LookupTable(db, table: "crime_types")
        outcomes = try LookupTable(db, table: "outcomes")
        streets = try LookupTable(db, table: "streets")
        locations = LocationTable()
        let rows = try Row.fetchCursor(db, sql: "SELECT id, easting, northing, street_id FROM locations")
        while let row = try rows.next() {
            let e: Double = row[1], n: Double = row[2]
            locations.insert(LocationTable.Key(e: e.bitPattern, n: n.bitPattern, street: row[3]), .init(id: row[0], area: 0))
        }
        let maxLocation = try Int.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM locations") ?? 0
        counts = ImportCounts(locators: locators)
        locationAreas = try locators.map { locator in
            var positions: [Int64: Int32] = [:]
            for (position, id) in locator.areaIDs.enumerated() { positions[id] = Int32(position) + 1 }
            var areas = [Int32](repeating: 0, count: maxLocation + 1)
            let rows = try Row.fetchCursor(
                db, sql: "SELECT location_id, area_id FROM location_areas WHERE layer_id = ?",
                arguments: [locator.layerID])
            while let row = try rows.next() {
                let location: Int = row[0]
                if location < areas.count, let position = positions[row[1]] { areas[location] = position }
            }
            return areas
        }
        if let first = locationAreas.first {
            locations.setAreas { first.indices.contains(Int($0)) ? first[Int($0)] : 0 }
        }
    }

    /// Stores a block's rows. The block must collect the writer's ``ImportColumns/collected``;
    /// rows keep the block's order.
    ///
    /// - Throws: ``StoreError`` when SQLite fails (e.g. the disk is full).
    /// - Complexity: O(*n*) in the block's rows, plus one point location per new location.
    public func append(_ block: IncidentTable.Block) throws {
        try append(block, prepared: Self.prepare(block, columns: columns))
    }

    /// Stores a block's rows with what ``prepare(_:columns:)`` made of it.
    ///
    /// - Throws: ``StoreError`` when SQLite fails (e.g. the disk is full).
    public func append(_ block: IncidentTable.Block, prepared: PreparedBlock) throws {
        guard Self.fits(block, columns), prepared.crimeIDHashes.count == block.count,
              prepared.hashes.count == block.count * Self.hashesPerRow else {
            throw StoreError(
                .invalidInput, path: db.description,
                detail: "an import block must collect the columns \(columns.collected.joined(separator: ", ")) and be prepared by ImportWriter.prepare")
        }
        let (rowLocation, rowArea) = try storeLocations(block)
        // Per distinct value of the block, not per row: ids.
        let outcomeColumn = columns.standard[Column.outcome.rawValue]
        let fallsWithinColumn = columns.standard[Column.fallsWithin.rawValue]
        let reportedByColumn = columns.standard[Column.reportedBy.rawValue]
        let typeIDs = try block.crimeTypeValues.map { try types.id(of: $0) }
        let outcomeIDs = try block.columnValues[outcomeColumn].map { try outcomes.id(of: $0) }
        let fallsWithin = try block.columnValues[fallsWithinColumn].map { $0.isEmpty ? nil : try forces.id(of: $0) }
        let reportedBy = try block.columnValues[reportedByColumn].map { try forces.id(of: $0) }
        let crimeIDs = prepared.crimeIDs
        // The file's extra values, stored by their incident ids (consecutive from here, as
        // finish() checks); their hashes go into the rows' content hashes.
        let extraHashes = try extras.append(block, firstID: postings.firstID + Int64(postings.count))
        try extras.appendPoliceValues(block, firstID: postings.firstID + Int64(postings.count))

        // The reading threads learn the forces' ids, to work out later blocks' identities.
        let blockForces = zip(block.columnValues[fallsWithinColumn], fallsWithin).compactMap { name, id in id.map { (name, $0) } }
            + zip(block.columnValues[reportedByColumn], reportedBy).map { ($0, $1) }
        let unpublished = blockForces.filter { publishedForces.insert($0.0).inserted }
        if !unpublished.isEmpty { forceIDs.record(unpublished) }

        // First every row's force and identity (made by the reading thread when it knew the
        // block's forces); then the occurrence of each identity, all in one batch (see
        // OccurrenceTable); then the rows.
        let identities = prepared.identities.flatMap { $0.bases.count == block.count ? $0 : nil }
            ?? Self.identities(
                block, prepared, columns: columns,
                fallsWithin: { fallsWithin[$0] }, reportedBy: { reportedBy[$0] })!
        let forceOf = identities.forces, bases = identities.bases
        var contentHashes = identities.contentHashes
        // A file's extra columns tell changed rows from unchanged ones, not one row from
        // another: they enter the content hash only (not at all without extra columns, so
        // police.uk rows keep the hashes they had before the store kept extra columns).
        for row in extraHashes.indices { contentHashes[row] = Self.mix(contentHashes[row], extraHashes[row]) }
        let occurrence = occurrences.occurrences(of: bases, forces: forceOf, months: block.month)

        var current = ForceMonth(force: -1, month: -1)
        var currentRows = 0
        var rowTypes = [Int64](repeating: 0, count: block.count)
        for row in 0..<block.count {
            let force = forceOf[row]
            let month = Int64(block.month[row])
            if force != current.force || month != current.month {
                if currentRows > 0 { forceMonths[current, default: 0] += currentRows }
                current = ForceMonth(force: force, month: month)
                currentRows = 0
            }
            currentRows += 1
            let type = typeIDs[Int(block.crimeType[row])]
            rowTypes[row] = type
            let key = Self.mix(bases[row], UInt64(occurrence[row])), hash = contentHashes[row]

            let location = rowLocation[row]
            if location > 0 { located += 1 } else { noLocation += 1 }
            runs.add(id: postings.firstID + Int64(postings.count), force: force, month: month)
            guard postings.append(location: location, type: type, month: month) else {
                throw StoreError(
                    .invalidInput, path: db.description,
                    detail: "line \(block.line[row]): location \(location), crime type \(type) or month \(month) is beyond the store's index (32 bits)")
            }
            try incidents.append(
                IncidentRowBuffer.Row(
                    line: block.line[row], month: month, force: force, type: type,
                    outcome: outcomeIDs[Int(block.columnIDs[outcomeColumn][row])], location: location,
                    crimeID: crimeIDs.stored(row), key: key, hash: hash),
                text: crimeIDs.text(row))
        }
        if currentRows > 0 { forceMonths[current, default: 0] += currentRows }
        // The counts, a layer at a time (see ImportCounts.add(layer:months:types:positions:)).
        for k in locators.indices {
            let positions = k == 0 ? rowArea : rowLocation.map { $0 > 0 ? locationAreas[k][Int($0)] : 0 }
            counts.add(layer: k, months: block.month, types: rowTypes, positions: positions)
        }
    }

    /// The location id of each row of `block` (0 for rows without a location) and its area
    /// position plus one in the first layer (0 for none), adding the block's new locations
    /// to `locations` and assigning them to every layer as one batch.
    private func storeLocations(_ block: IncidentTable.Block) throws -> (location: [Int64], area: [Int32]) {
        let streetColumn = columns.standard[Column.location.rawValue]
        var streetIDs = [Int64?](repeating: nil, count: block.columnValues[streetColumn].count)
        var newLocations: [Int64] = []
        var newPoints: [Point] = []
        var rowLocation = [Int64](repeating: 0, count: block.count)
        var rowArea = [Int32](repeating: 0, count: block.count)
        var newKeys: [LocationTable.Key] = []
        // Every located row's key first, then all looked up as one batch; a row whose key
        // the batch did not find may still be at a location an earlier row of this block added.
        var keys: [LocationTable.Key] = []
        var keyRows: [Int] = []
        keys.reserveCapacity(block.count)
        keyRows.reserveCapacity(block.count)
        for row in 0..<block.count where block.status[row] != .noLocation {
            let value = Int(block.columnIDs[streetColumn][row])
            // Streets only for located rows (a "No Location" text is no street).
            let street = try streetIDs[value] ?? streets.id(of: block.columnValues[streetColumn][value])
            streetIDs[value] = street
            keys.append(LocationTable.Key(e: block.x[row].bitPattern, n: block.y[row].bitPattern, street: street))
            keyRows.append(row)
        }
        let found = locations.findAll(keys)
        for (j, row) in keyRows.enumerated() {
            let key = keys[j], street = key.street
            if let found = found[j] ?? (newKeys.isEmpty ? nil : locations.find(key)) {
                rowLocation[row] = found.id
                rowArea[row] = found.area
                continue
            }
            func number(_ column: Column) -> Double? {
                // As text or as a value id: the same String, so the same Double.
                let position = columns.standard[column.rawValue]
                if let texts = block.columnTexts[position] { return Double(texts[row]) }
                return Double(block.columnValues[position][Int(block.columnIDs[position][row])])
            }
            insertLocation.bind(1, block.x[row])
            insertLocation.bind(2, block.y[row])
            if let lon = number(.longitude) { insertLocation.bind(3, lon) } else { insertLocation.bindNull(3) }
            if let lat = number(.latitude) { insertLocation.bind(4, lat) } else { insertLocation.bindNull(4) }
            insertLocation.bind(5, street)
            try insertLocation.run()
            let id = db.lastInsertedRowID
            locations.insert(key, .init(id: id, area: 0))
            rowLocation[row] = id
            newLocations.append(id)
            newKeys.append(key)
            newPoints.append(Point(x: block.x[row], y: block.y[row]))
        }
        guard let first = newLocations.first, let last = newLocations.last else { return (rowLocation, rowArea) }
        addedLocations.append(contentsOf: zip(newLocations, newPoints).map { RTreePacking.Entry(id: $0, box: Self.box($1)) })
        for k in locators.indices where locationAreas[k].count <= Int(last) {
            locationAreas[k].append(contentsOf: repeatElement(0, count: Int(last) + 1 - locationAreas[k].count))
        }
        for (k, locator) in locators.enumerated() {
            let found = locator.index.locate(newPoints)
            for (i, position) in found.enumerated() where position >= 0 {
                let area = locator.areaIDs[Int(position)]
                insertLocationArea.bind(1, locator.layerID)
                insertLocationArea.bind(2, newLocations[i])
                insertLocationArea.bind(3, area)
                try insertLocationArea.run()
                locationAreas[k][Int(newLocations[i])] = position + 1
                if k == 0 { locations.setArea(position + 1, of: newKeys[i]) }
            }
        }
        // Rows at the block's new locations learn their area now.
        if let areas = locationAreas.first {
            for row in 0..<block.count where rowLocation[row] >= first { rowArea[row] = areas[Int(rowLocation[row])] }
        }
        return (rowLocation, rowArea)
    }

    /// Inserts the rows (and rejected rows) still buffered and the import's runs of ids by
    /// force and month, starts encoding the import's postings (stored by
    /// ``storePostings()``) and indexes the import's new locations in `location_rtree`: a
    /// few by SQLite's own R*-tree inserts, many (over ``repackThreshold``) by packing the
    /// whole tree afresh from every location, which costs far less than SQLite's tens of
    /// microseconds per insert.
    func finish() throws {
        try incidents.flush()
        try extras.flush()
        try storeRejected(rejectedBytes[...])
        rejectedBytes = []
        let last = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM incidents") ?? 0
        guard last == postings.firstID + Int64(postings.count) - 1 else {
            throw StoreError(
                .sqlite, path: db.description,
                detail: "the import's incident ids are not consecutive (expected the last to be \(postings.firstID + Int64(postings.count) - 1), found \(last)); nothing was stored")
        }
        try runs.insert(db, importID: importID)
        runs = IncidentRuns()
        // Postings are encoded on two more threads (by location, by crime type) while the
        // R-tree is packed and the import replaces earlier rows and applies its counts;
        // storePostings() inserts them.
        let collector = postings
        postings = PostingCollector(firstID: 0)
        // The rows are all in: their occurrence table (one entry per distinct identity) goes
        // before the postings' sort buffers are made.
        occurrences = OccurrenceTable()
        encodedPostings = [IncidentPostings.Kind.location, .crimeType].map { kind in BackgroundResult { collector.encoded(kind) } }
        if addedLocations.count > Self.repackThreshold {
            let all = locations.all.map { key, id in
                RTreePacking.Entry(id: id, box: Self.box(Point(x: Double(bitPattern: key.e), y: Double(bitPattern: key.n))))
            }
            try RTreePacking.fill("location_rtree", with: all, db, path: db.description)
        } else {
            for entry in addedLocations {
                insertRTree.bind(1, entry.id)
                insertRTree.bind(2, entry.box.minX)
                insertRTree.bind(3, entry.box.maxX)
                insertRTree.bind(4, entry.box.minY)
                insertRTree.bind(5, entry.box.maxY)
                try insertRTree.run()
            }
        }
        addedLocations = []
    }

    /// Keeps rejected rows as their `rejects.csv` lines (`file,line,reason,raw`, no
    /// header), in the order read: stored in chunks of at most ``rejectChunkBytes`` (SQLite
    /// caps a value at 1 GB; a file of garbage can reject millions of rows); and as what
    /// `incidents.csv` lists for them (`incidents`: one per rejected row but those no
    /// `incidents.csv` lists, the oversized lines).
    ///
    /// - Throws: ``StoreError`` when SQLite fails.
    public func appendRejected(_ lines: [UInt8], incidents: [RejectedIncident] = []) throws {
        try extras.appendRejected(incidents)
        rejectedBytes.append(contentsOf: lines)
        while rejectedBytes.count >= Self.rejectChunkBytes {
            try storeRejected(rejectedBytes[..<Self.rejectChunkBytes])
            rejectedBytes.removeFirst(Self.rejectChunkBytes)
        }
    }

    private func storeRejected(_ bytes: ArraySlice<UInt8>) throws {
        guard !bytes.isEmpty else { return }
        let insert = try FastStatement(db, "INSERT INTO import_rejected_rows (import_id, chunk, csv) VALUES (?, ?, ?)")
        insert.bind(1, importID)
        insert.bind(2, rejectedChunks)
        bytes.withUnsafeBytes { insert.bind(3, bytes: $0, asText: false) }
        try insert.run()
        rejectedChunks += 1
    }

    /// Largest chunk of rejected rows' lines stored in one value.
    static let rejectChunkBytes = 1 << 20

    /// Inserts the postings ``finish()`` started encoding: the import's last step.
    func storePostings() throws {
        for postings in encodedPostings { try postings.value().insert(db, importID: importID) }
        encodedPostings = []
    }

    /// New locations above which ``finish()`` repacks the R-tree instead of inserting.
    static let repackThreshold = 2_000

    private static func box(_ p: Point) -> BoundingBox { BoundingBox(minX: p.x, minY: p.y, maxX: p.x, maxY: p.y) }

    /// A row's identity and content hash. The identity of a crime is its Crime ID; of a row
    /// without one (police.uk anti-social behaviour), a hash of its content; either way
    /// combined with the force and the month. The row's key is its identity mixed with the
    /// occurrence number among rows of this file with the same identity (0, 1, ...), so
    /// identical rows stay distinct and re-importing them matches them one to one. `content`
    /// hashes the force, month, crime type and every stored column but the Crime ID;
    /// `crimeID` is the Crime ID's hash.
    @inline(__always)
    static func identity(
        content: UInt64, crimeID: UInt64, hasCrimeID: Bool, force: Int64, month: Int64
    ) -> (identity: UInt64, hash: UInt64) {
        let base = hasCrimeID
            ? mix(mix(mix(0x4352_494D_45, UInt64(bitPattern: force)), UInt64(bitPattern: month)), crimeID)
            : content
        return (base, mix(content, crimeID))
    }

    /// A 64-bit hash of a text's UTF-8 bytes.
    static func hash(_ text: String) -> UInt64 {
        var text = text
        return text.withUTF8(IncidentTable.IDHash.high)
    }

    /// Combines a running hash with a value (MurmurHash3's 64-bit finaliser on the sum).
    @inline(__always)
    static func mix(_ h: UInt64, _ value: UInt64) -> UInt64 {
        var z = (h ^ value) &* 0x9E37_79B9_7F4A_7C15 &+ 0x632B_E59B_D9B4_E019
        z = (z ^ (z >> 33)) &* 0xFF51_AFD7_ED55_8CCD
        z = (z ^ (z >> 33)) &* 0xC4CE_B9FE_1A85_EC53
        return z ^ (z >> 33)
    }
}
