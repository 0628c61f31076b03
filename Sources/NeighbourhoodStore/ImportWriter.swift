internal import GRDB
import NeighbourhoodAnalytics
import NeighbourhoodGeometry
import NeighbourhoodIncidents

/// Writes the rows of one import inside the import's transaction: looks up or adds crime
/// types, outcomes, forces, streets and locations (assigning each new location to every
/// layer of the store), inserts incidents with their identity keys, and keeps the count
/// table up to date. Handed to the body of ``IncidentStore/importFile(_:locators:body:)``.
public final class ImportWriter {
    /// The police.uk columns the writer takes from a block's extra columns, by name; an
    /// ``IncidentTable/Block`` for the writer must collect exactly these (sorted, as
    /// ``NeighbourhoodAnalytics/IncidentTable/extraColumnNames`` orders them).
    public static let columns = [
        "Context", "Crime ID", "Falls within", "LSOA code", "LSOA name", "Last outcome category",
        "Latitude", "Location", "Longitude", "Reported by",
    ]
    private enum Column: Int {
        case context, crimeID, fallsWithin, lsoaCode, lsoaName, outcome, latitude, location, longitude, reportedBy
    }

    private let db: Database
    private let importID: Int64
    private let locators: [LayerLocator]
    private let insertIncident: FastStatement
    private let insertLocation: FastStatement
    private let insertRTree: FastStatement
    private let insertLocationArea: FastStatement

    private var forces: LookupTable
    private var types: LookupTable
    private var outcomes: LookupTable
    private var streets: LookupTable
    /// Location ids by (easting bits, northing bits, street id).
    private var locations: [LocationKey: Int64] = [:]
    /// Per layer, the area of each location (by location id), for the count table.
    private var locationAreas: [[Int64: Int64]]
    /// Occurrences so far of each identity, per file.
    private var occurrences: [UInt64: UInt32] = [:]
    /// Counts to add: (layer, month, type, area) → n.
    private(set) var countDeltas: [CountKey: Int] = [:]
    /// The (force id, month) pairs this import holds.
    private(set) var forceMonths: Set<ForceMonth> = []
    private(set) var located = 0
    private(set) var noLocation = 0

    struct LocationKey: Hashable { var e: UInt64; var n: UInt64; var street: Int64 }
    struct CountKey: Hashable { var layer: Int64; var month: Int64; var type: Int64; var area: Int64 }
    struct ForceMonth: Hashable { var force: Int64; var month: Int64 }

    init(db: Database, importID: Int64, locators: [LayerLocator]) throws {
        self.db = db
        self.importID = importID
        self.locators = locators
        insertIncident = try FastStatement(db, """
            INSERT INTO incidents (import_id, line, month, force_id, type_id, outcome_id, location_id, status,
                                   crime_id, row_key, row_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)
            """)
        insertLocation = try FastStatement(
            db, "INSERT INTO locations (easting, northing, lon, lat, street_id) VALUES (?,?,?,?,?)")
        insertRTree = try FastStatement(db, "INSERT INTO location_rtree VALUES (?,?,?,?,?)")
        insertLocationArea = try FastStatement(
            db, "INSERT INTO location_areas (layer_id, location_id, area_id) VALUES (?,?,?)")
        forces = try LookupTable(db, table: "forces")
        types = try LookupTable(db, table: "crime_types")
        outcomes = try LookupTable(db, table: "outcomes")
        streets = try LookupTable(db, table: "streets")
        let rows = try Row.fetchCursor(db, sql: "SELECT id, easting, northing, street_id FROM locations")
        while let row = try rows.next() {
            let e: Double = row[1], n: Double = row[2]
            locations[LocationKey(e: e.bitPattern, n: n.bitPattern, street: row[3])] = row[0]
        }
        locationAreas = try locators.map { locator in
            var map: [Int64: Int64] = [:]
            let rows = try Row.fetchCursor(
                db, sql: "SELECT location_id, area_id FROM location_areas WHERE layer_id = ?",
                arguments: [locator.layerID])
            while let row = try rows.next() { map[row[0]] = row[1] }
            return map
        }
    }

    /// Stores a block's rows. The block must collect ``ImportWriter/columns``; rows keep the
    /// block's order.
    ///
    /// - Throws: ``StoreError`` when SQLite fails (e.g. the disk is full).
    /// - Complexity: O(*n*) in the block's rows, plus one point location per new location.
    public func append(_ block: IncidentTable.Block) throws {
        guard block.columnIDs.count == ImportWriter.columns.count else {
            throw StoreError(
                .invalidInput, path: db.description,
                detail: "an import block must collect the columns \(ImportWriter.columns.joined(separator: ", "))")
        }
        func text(_ column: Column, _ row: Int) -> String {
            block.columnValues[column.rawValue][Int(block.columnIDs[column.rawValue][row])]
        }
        let typeIDs = try block.crimeTypeValues.map { try types.id(of: $0) }
        let outcomeIDs = try block.columnValues[Column.outcome.rawValue].map { try outcomes.id(of: $0) }
        // Per distinct value of the block (not per row): ids of forces and streets, and a
        // hash of every column value for the identity keys.
        let fallsWithin = try block.columnValues[Column.fallsWithin.rawValue].map { $0.isEmpty ? nil : try forces.id(of: $0) }
        let reportedBy = try block.columnValues[Column.reportedBy.rawValue].map { try forces.id(of: $0) }
        // Streets only for located rows (a "No Location" text is no street).
        var streetIDs = [Int64?](repeating: nil, count: block.columnValues[Column.location.rawValue].count)
        let typeHashes = block.crimeTypeValues.map(Self.hash)
        let valueHashes = block.columnValues.map { $0.map(Self.hash) }
        // New locations of this block, located in every layer as one batch.
        var newLocations: [Int64] = []
        var newPoints: [Point] = []
        var rowLocation = [Int64?](repeating: nil, count: block.count)
        for row in 0..<block.count where block.status[row] != .noLocation {
            let value = Int(block.columnIDs[Column.location.rawValue][row])
            let street = try streetIDs[value] ?? streets.id(of: block.columnValues[Column.location.rawValue][value])
            streetIDs[value] = street
            let key = LocationKey(e: block.x[row].bitPattern, n: block.y[row].bitPattern, street: street)
            if let id = locations[key] {
                rowLocation[row] = id
                continue
            }
            insertLocation.bind(1, block.x[row])
            insertLocation.bind(2, block.y[row])
            if let lon = Double(text(.longitude, row)) { insertLocation.bind(3, lon) } else { insertLocation.bindNull(3) }
            if let lat = Double(text(.latitude, row)) { insertLocation.bind(4, lat) } else { insertLocation.bindNull(4) }
            insertLocation.bind(5, street)
            try insertLocation.run()
            let id = db.lastInsertedRowID
            insertRTree.bind(1, id)
            insertRTree.bind(2, block.x[row])
            insertRTree.bind(3, block.x[row])
            insertRTree.bind(4, block.y[row])
            insertRTree.bind(5, block.y[row])
            try insertRTree.run()
            locations[key] = id
            rowLocation[row] = id
            newLocations.append(id)
            newPoints.append(Point(x: block.x[row], y: block.y[row]))
        }
        if !newPoints.isEmpty {
            for (k, locator) in locators.enumerated() {
                let found = locator.index.locate(newPoints)
                for (i, position) in found.enumerated() where position >= 0 {
                    let area = locator.areaIDs[Int(position)]
                    insertLocationArea.bind(1, locator.layerID)
                    insertLocationArea.bind(2, newLocations[i])
                    insertLocationArea.bind(3, area)
                    try insertLocationArea.run()
                    locationAreas[k][newLocations[i]] = area
                }
            }
        }
        for row in 0..<block.count {
            let force = fallsWithin[Int(block.columnIDs[Column.fallsWithin.rawValue][row])]
                ?? reportedBy[Int(block.columnIDs[Column.reportedBy.rawValue][row])]
            let month = Int64(block.month[row])
            let type = typeIDs[Int(block.crimeType[row])]
            let outcome = outcomeIDs[Int(block.columnIDs[Column.outcome.rawValue][row])]
            forceMonths.insert(ForceMonth(force: force, month: month))
            let crimeID = text(.crimeID, row)
            let (key, hash) = identity(
                block, row, hasCrimeID: !crimeID.isEmpty, force: force, typeHashes: typeHashes, valueHashes: valueHashes)
            insertIncident.bind(1, importID)
            insertIncident.bind(2, block.line[row])
            insertIncident.bind(3, month)
            insertIncident.bind(4, force)
            insertIncident.bind(5, type)
            insertIncident.bind(6, outcome)
            if let location = rowLocation[row] {
                insertIncident.bind(7, location)
                insertIncident.bind(8, StoreSchema.located)
                located += 1
                for (k, locator) in locators.enumerated() {
                    if let area = locationAreas[k][location] {
                        countDeltas[CountKey(layer: locator.layerID, month: month, type: type, area: area), default: 0] += 1
                    }
                }
            } else {
                insertIncident.bindNull(7)
                insertIncident.bind(8, StoreSchema.noLocation)
                noLocation += 1
            }
            if crimeID.isEmpty {
                insertIncident.bindNull(9)
            } else if let packed = CrimeIDCoding.pack(crimeID) {
                insertIncident.bind(9, bytes: packed, asText: false)
            } else {
                insertIncident.bind(9, bytes: Array(crimeID.utf8), asText: true)
            }
            insertIncident.bind(10, Int64(bitPattern: key))
            insertIncident.bind(11, Int64(bitPattern: hash))
            try insertIncident.run()
        }
    }

    /// A row's identity key and content hash. The key of a crime is its Crime ID; of a row
    /// without one (police.uk anti-social behaviour), a hash of its content; either way
    /// combined with the force, the month and the occurrence number among rows of this file
    /// with the same identity, so identical rows stay distinct and re-importing them matches
    /// them one to one.
    private func identity(
        _ block: IncidentTable.Block, _ row: Int, hasCrimeID: Bool, force: Int64, typeHashes: [UInt64],
        valueHashes: [[UInt64]]
    ) -> (UInt64, UInt64) {
        var content = Self.mix(0x6E62_6864, UInt64(bitPattern: force))
        content = Self.mix(content, UInt64(bitPattern: Int64(block.month[row])))
        content = Self.mix(content, typeHashes[Int(block.crimeType[row])])
        for column in 0..<ImportWriter.columns.count where column != Column.crimeID.rawValue {
            content = Self.mix(content, valueHashes[column][Int(block.columnIDs[column][row])])
        }
        let crimeID = valueHashes[Column.crimeID.rawValue][Int(block.columnIDs[Column.crimeID.rawValue][row])]
        let base: UInt64
        if hasCrimeID {
            base = Self.mix(Self.mix(Self.mix(0x4352_494D_45, UInt64(bitPattern: force)), UInt64(bitPattern: Int64(block.month[row]))), crimeID)
        } else {
            base = content
        }
        let occurrence = occurrences[base, default: 0]
        occurrences[base] = occurrence + 1
        let key = Self.mix(base, UInt64(occurrence))
        return (key, Self.mix(content, crimeID))
    }

    /// A 64-bit hash of a text's UTF-8 bytes.
    static func hash(_ text: String) -> UInt64 {
        var text = text
        return text.withUTF8 { IncidentTable.IDHash($0).high }
    }

    /// Combines a running hash with a value (MurmurHash3's 64-bit finaliser on the sum).
    static func mix(_ h: UInt64, _ value: UInt64) -> UInt64 {
        var z = (h ^ value) &* 0x9E37_79B9_7F4A_7C15 &+ 0x632B_E59B_D9B4_E019
        z = (z ^ (z >> 33)) &* 0xFF51_AFD7_ED55_8CCD
        z = (z ^ (z >> 33)) &* 0xC4CE_B9FE_1A85_EC53
        return z ^ (z >> 33)
    }
}

/// Ids of the distinct texts of one lookup table (`forces`, `crime_types`, ...), adding new
/// texts as they come.
struct LookupTable {
    private let db: Database
    private let insert: FastStatement
    private var ids: [String: Int64] = [:]

    init(_ db: Database, table: String) throws {
        self.db = db
        insert = try FastStatement(db, "INSERT INTO \(table) (name) VALUES (?)")
        for row in try Row.fetchAll(db, sql: "SELECT id, name FROM \(table)") {
            ids[row[1]] = row[0]
        }
    }

    mutating func id(of name: String) throws -> Int64 {
        if let id = ids[name] { return id }
        insert.bind(1, bytes: Array(name.utf8), asText: true)
        try insert.run()
        let id = db.lastInsertedRowID
        ids[name] = id
        return id
    }
}

/// Crime IDs as police.uk writes them (64 lowercase hex digits) are stored as 32-byte
/// BLOBs; any other id as TEXT.
enum CrimeIDCoding {
    static func pack(_ id: String) -> [UInt8]? {
        let bytes = Array(id.utf8)
        guard bytes.count == 64 else { return nil }
        var out = [UInt8](repeating: 0, count: 32)
        for i in 0..<32 {
            guard let hi = nibble(bytes[2 * i]), let lo = nibble(bytes[2 * i + 1]) else { return nil }
            out[i] = hi << 4 | lo
        }
        return out
    }

    static func unpack(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .blob(let data):
            let digits = Array("0123456789abcdef".utf8)
            var out: [UInt8] = []
            out.reserveCapacity(data.count * 2)
            for b in data {
                out.append(digits[Int(b >> 4)])
                out.append(digits[Int(b & 15)])
            }
            return String(decoding: out, as: UTF8.self)
        case .string(let s): return s
        default: return ""
        }
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x61...0x66: return c - 0x61 + 10
        default: return nil
        }
    }
}
