import Foundation

/// Imports incident files into an ``IncidentStore``: each file is read, projected and
/// written in one transaction, its new locations assigned to every layer of the store.
/// Files already imported (same SHA-256) are skipped; files re-publishing a force and month
/// replace the rows the store held for it.
///
/// ```swift
/// let store = try IncidentStore(path: "wy.sqlite")
/// let reports = try IncidentImport(store: store).run(files: ["2018-07-west-yorkshire-street.csv.gz"])
/// ```
public struct IncidentImport {
    /// The store.
    public let store: IncidentStore
    /// Reading options (columns, workers, block size); collection is set by the import.
    public var options: AssignmentOptions

    /// Creates an import into `store`.
    public init(store: IncidentStore, options: AssignmentOptions = AssignmentOptions()) {
        self.store = store
        self.options = options
    }

    /// Imports `files` in order, one transaction each.
    ///
    /// - Parameters:
    ///   - files: Incident CSVs (plain or gzip), police.uk layout for the stored text columns.
    ///   - progress: Called after each block with the file and rows done.
    ///   - fileDone: Called after each file with its report (before the next is read).
    /// - Throws: ``FormatError`` for an unreadable file, ``StoreError`` for the store; files
    ///   before the failing one stay imported, nothing of the failing one is stored.
    public func run(
        files: [String], progress: ((String, Int) -> Void)? = nil, fileDone: ((ImportReport) -> Void)? = nil
    ) throws -> [ImportReport] {
        let workingCRS = try store.workingCRS()
        // A file is hashed before it is read only when a stored import has its size (only
        // then can it be one imported before); otherwise it is hashed as it is read. The
        // first such file is hashed while the store's layers are read.
        let first = try files.first.map { file in
            let size = try Self.size(of: file)
            return (size: size, checksum: try store.hasImport(ofSize: size) ? BackgroundResult { try FileChecksum(path: file) } : nil)
        }
        let locators = try StoreLayers.locators(in: store)
        let assigner = try AreaAssigner(noAreasIn: workingCRS)
        var options = self.options
        options.writeIncidents = false
        var reports: [ImportReport] = []
        for (k, file) in files.enumerated() {
            let size = try k == 0 ? first!.size : Self.size(of: file)
            var source = ImportSource(name: file, size: size, sha256: "")
            let hashFirst = try k == 0 ? first!.checksum != nil : store.hasImport(ofSize: size)
            if hashFirst {
                let checksum = try k == 0 ? first!.checksum!.value() : FileChecksum(path: file)
                source = ImportSource(name: file, size: checksum.bytes, sha256: checksum.sha256)
            }
            options.checksumInputs = !hashFirst
            // The file's own columns beyond police.uk's (none in a police.uk file) are kept too.
            // The writer hashes the Crime ID itself (ImportWriter.prepare): no IDHash per row.
            let columns = try Self.columns(of: file, options: options.columns)
            options.collection = IncidentCollection(
                extraColumns: columns.collected, textColumns: ImportWriter.textColumns, idHashes: false,
                idColumn: "Crime ID")
            let job = AssignmentJob(assigner: assigner, options: options)
            let report = try store.importFile(source, columns: columns, locators: locators) { writer in
                let result = try job.run(
                    files: [file], progress: { progress?(file, $0.rows) },
                    prepare: { [forces = writer.forceIDs] in ImportWriter.prepare($0, columns: columns, forces: forces) },
                    rejected: { try writer.appendRejected($0, incidents: $1) },
                    blocks: { try writer.append($0, prepared: $1) })
                writer.fileSHA256 = result.files.first?.checksum?.sha256
                return result.total
            }
            fileDone?(report)
            reports.append(report)
        }
        return reports
    }

    /// The columns an import of `file` takes: police.uk's, and as extra columns every other
    /// column of its header but those the store keeps in its own way (coordinates, month,
    /// crime type, id and reported area, as `columns` and the header's names resolve them).
    ///
    /// - Throws: ``FormatError`` for a file without a header or without coordinate columns.
    static func columns(of file: String, options columns: IncidentColumns) throws -> ImportColumns {
        let header = try AssignmentJob.header(of: file)
        let schema = try IncidentSchema(header: header, columns: columns, file: file)
        let kept = Set([schema.xColumn, schema.yColumn] + [
            schema.idColumn, schema.monthColumn, schema.typeColumn, schema.reportedAreaColumn,
        ].compactMap { $0 })
        // A byte order mark belongs to the file, not to its first column's name.
        let names = header.map { $0.hasPrefix("\u{FEFF}") ? String($0.dropFirst()) : $0 }
        // A later column named like a kept one is never the one a reader of the file finds.
        let keptNames = Set(kept.map { IncidentSchema.normalise(names[$0]) })
        return ImportColumns(
            extra: names.indices.filter {
                !kept.contains($0) && !keptNames.contains(IncidentSchema.normalise(names[$0]))
            }.map { names[$0] },
            idColumn: schema.idColumn.map { names[$0] }, header: names)
    }

    /// The size in bytes of the file at `path`.
    static func size(of path: String) throws -> Int {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let size = (attributes[.size] as? NSNumber)?.intValue
        else {
            throw FormatError(.cannotOpen, file: path, detail: "cannot read the file's size (is it there?)")
        }
        return size
    }
}
