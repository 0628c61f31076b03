import NeighbourhoodAnalytics
import NeighbourhoodIncidents

extension ImportWriter {
    /// What the writer needs of a block that depends on the block alone: made by
    /// ``ImportWriter/prepare(_:columns:)`` on the thread that read the block, so that the writer's
    /// own thread (the one SQLite work is serialised on) does less per row.
    public struct PreparedBlock: Sendable {
        /// Per row, ``hashesPerRow`` hashes in a row: the crime type's, then every stored
        /// column's but the Crime ID's (see ``identity(content:crimeID:hasCrimeID:force:month:)``).
        var hashes: [UInt64] = []
        /// Per row: its Crime ID's hash.
        var crimeIDHashes: [UInt64] = []
        /// Per row: its Crime ID's stored form.
        var crimeIDs = PackedCrimeIDs()
        /// Per row: force, identity and content hash, when every force of the block was
        /// known to the reading thread (see ``ImportForceIDs``).
        var identities: RowIdentities?
    }

    /// Whether `block` has the columns of `columns`, a value for every row in each, only those
    /// of ``textColumns`` possibly carried as text.
    static func fits(_ block: IncidentTable.Block, _ columns: ImportColumns) -> Bool {
        let n = columns.collected.count
        guard block.columnIDs.count == n, block.columnTexts.count == n, block.crimeType.count == block.count else {
            return false
        }
        return block.columnTexts.indices.allSatisfy { k in
            if let texts = block.columnTexts[k] { return columns.textPositions.contains(k) && texts.count == block.count }
            return block.columnIDs[k].count == block.count
        }
    }

    static let contentColumns = (0..<ImportWriter.columns.count).filter { $0 != Column.crimeID.rawValue }
    static let hashesPerRow = 1 + contentColumns.count

    /// Hashes and encodes a block's rows for ``append(_:prepared:)``; safe on any thread.
    /// `columns` says where the block's columns are (police.uk files: the default).
    ///
    /// The content hash starts from the force's *id* in the store, so it is finished by the
    /// writer; here each row's text hashes are gathered into one flat array for it.
    ///
    /// With `forces` (the writer's ``ImportWriter/forceIDs``), a block whose forces all have
    /// ids already also gets each row's identity and content hash here.
    public static func prepare(
        _ block: IncidentTable.Block, columns: ImportColumns = ImportColumns(), forces: ImportForceIDs? = nil
    ) -> PreparedBlock {
        var prepared = PreparedBlock()
        guard fits(block, columns) else { return prepared }
        let typeHashes = block.crimeTypeValues.map(Self.hash)
        prepared.hashes = [UInt64](repeating: 0, count: block.count * hashesPerRow)
        // Column by column into the rows' runs of hashesPerRow (fits(_:) checked that every
        // column has a value per row). A column carried as text is hashed row by row with
        // the hash of hash(_:) over the same bytes: the same hashes as from value ids.
        let perRow = hashesPerRow
        prepared.hashes.withUnsafeMutableBufferPointer { out in
            var at = 0
            for type in block.crimeType {
                out[at] = typeHashes[Int(type)]
                at += perRow
            }
            for (k, content) in contentColumns.enumerated() {
                let column = columns.standard[content]
                at = 1 + k
                if let texts = block.columnTexts[column] {
                    texts.forEachValue { value in
                        out[at] = IncidentTable.IDHash.high(value)
                        at += perRow
                    }
                } else {
                    let valueHashes = block.columnValues[column].map(Self.hash)
                    for id in block.columnIDs[column] {
                        out[at] = valueHashes[Int(id)]
                        at += perRow
                    }
                }
            }
        }
        // The Crime ID row by row: the same hash and packing of the same bytes whether the
        // block carries it as text or as value ids.
        let crimeID = columns.standard[Column.crimeID.rawValue]
        if let texts = block.columnTexts[crimeID] {
            prepared.crimeIDHashes.reserveCapacity(block.count)
            texts.forEachValue { prepared.crimeIDHashes.append(IncidentTable.IDHash.high($0)) }
            prepared.crimeIDs = PackedCrimeIDs(count: block.count) { row, body in texts.withValue(row, body) }
        } else {
            let ids = block.columnIDs[crimeID], values = block.columnValues[crimeID]
            let valueHashes = values.map(Self.hash)
            prepared.crimeIDHashes = ids.map { valueHashes[Int($0)] }
            prepared.crimeIDs = PackedCrimeIDs(count: block.count) { row, body in
                var value = values[Int(ids[row])]
                value.withUTF8(body)
            }
        }
        if let forces {
            let fallsWithin = forces.ids(of: block.columnValues[columns.standard[Column.fallsWithin.rawValue]])
            let reportedBy = forces.ids(of: block.columnValues[columns.standard[Column.reportedBy.rawValue]])
            prepared.identities = identities(
                block, prepared, columns: columns,
                fallsWithin: { fallsWithin[$0] }, reportedBy: { reportedBy[$0] })
        }
        return prepared
    }

    /// Each row's force (its `Falls within` force's id, else its `Reported by` one's), identity
    /// and content hash (see ``identity(content:crimeID:hasCrimeID:force:month:)``); `nil`
    /// when a row's force has no id. `fallsWithin` and `reportedBy` give the id of each
    /// value id of those columns (`fallsWithin` gives `nil` for an empty text, which falls
    /// back to `Reported by`).
    static func identities(
        _ block: IncidentTable.Block, _ prepared: PreparedBlock, columns: ImportColumns,
        fallsWithin: (Int) -> Int64??, reportedBy: (Int) -> Int64?
    ) -> RowIdentities? {
        let fallsWithinIDs = block.columnIDs[columns.standard[Column.fallsWithin.rawValue]]
        let reportedByIDs = block.columnIDs[columns.standard[Column.reportedBy.rawValue]]
        let fallsWithinText = block.columnValues[columns.standard[Column.fallsWithin.rawValue]]
        var out = RowIdentities(
            forces: [Int64](repeating: 0, count: block.count), bases: [UInt64](repeating: 0, count: block.count),
            contentHashes: [UInt64](repeating: 0, count: block.count))
        for row in 0..<block.count {
            let value = Int(fallsWithinIDs[row])
            let force: Int64
            if !fallsWithinText[value].isEmpty {
                guard let id = fallsWithin(value) ?? nil else { return nil }
                force = id
            } else {
                guard let id = reportedBy(Int(reportedByIDs[row])) else { return nil }
                force = id
            }
            let month = Int64(block.month[row])
            var content = mix(mix(0x6E62_6864, UInt64(bitPattern: force)), UInt64(bitPattern: month))
            for k in (row * hashesPerRow)..<((row + 1) * hashesPerRow) {
                content = mix(content, prepared.hashes[k])
            }
            (out.bases[row], out.contentHashes[row]) = identity(
                content: content, crimeID: prepared.crimeIDHashes[row],
                hasCrimeID: prepared.crimeIDs.kind(row) != .none, force: force, month: month)
            out.forces[row] = force
        }
        return out
    }
}
