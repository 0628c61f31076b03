import Foundation
internal import GRDB

/// An SQLite file holding imported incidents, the boundary layers they are assigned to, and
/// the provenance of every import: analyses read it instead of re-reading years of CSVs.
///
/// The file is identified by SQLite's `application_id` (``IncidentStore/applicationID``);
/// its schema is created and upgraded by numbered migrations, and a store written by a newer
/// version is refused rather than changed. Each import runs in one write transaction with a
/// rollback journal, so a process killed at any moment leaves the store as it was before the
/// import or after it. See `docs/store.md` for the schema.
///
/// An `IncidentStore` owns the SQLite connection (a GRDB `DatabaseQueue`, which serialises
/// every access).
public final class IncidentStore: Sendable {
    /// `NBHD` in ASCII: written to `PRAGMA application_id` so foreign SQLite files are refused.
    public static let applicationID: Int32 = 0x4E42_4844
    /// SQLite's page cache for a store connection (`PRAGMA cache_size`, negative: KiB): 256 MiB,
    /// for layer changes and migrations that rebuild tables.
    static let cachePages = -262_144
    /// The page size of a new store: 16 KiB, where SQLite's default is 4 KiB; an import's
    /// rows fill a quarter as many pages, with a quarter as many page splits and writes
    /// (BENCHMARKS.md). A store made with another page size keeps it.
    static let pageSize = 16_384
    /// The page cache while a file is imported: 32 MiB (see ``importFile(_:columns:locators:body:)``).
    static let importCachePages = -32_768

    /// The store file.
    public let path: String
    let queue: DatabaseQueue

    /// How to open a store.
    public enum Mode: Sendable {
        /// Read and write; creates the file (and its schema) when missing.
        case readWrite
        /// Read only; the file must exist.
        case readOnly
    }

    /// Opens (or, in ``Mode/readWrite``, creates) the store at `path`.
    ///
    /// - Parameters:
    ///   - path: The store file.
    ///   - mode: Read-write (creating the file when missing) or read-only.
    ///   - maxPageCount: A cap on the file's size in pages (SQLite's `max_page_count`), to
    ///     keep a store within a quota or to simulate a full disk; `nil` for none.
    /// - Throws: ``StoreError`` with ``StoreError/Code/cannotOpen`` (missing file or folder),
    ///   ``StoreError/Code/notAStore`` (another application's database, or not SQLite),
    ///   ``StoreError/Code/corrupt``, ``StoreError/Code/newerSchema`` (written by a newer
    ///   version; left untouched) or ``StoreError/Code/readOnly``.
    public init(path: String, mode: Mode = .readWrite, maxPageCount: Int? = nil) throws {
        self.path = path
        let exists = FileManager.default.fileExists(atPath: path)
        if mode == .readOnly, !exists {
            throw StoreError(.cannotOpen, path: path, detail: "no store here; create one with `nbhd import --store \(path) FILES...`")
        }
        if !exists {
            let folder = (path as NSString).deletingLastPathComponent
            let dir = folder.isEmpty ? "." : folder
            if !FileManager.default.isWritableFile(atPath: dir) {
                throw StoreError(
                    .readOnly, path: path,
                    detail: "cannot create the store: the folder '\(dir)' is missing or not writable")
            }
        }
        var config = Configuration()
        config.readonly = mode == .readOnly
        config.label = "nbhd-store"
        config.journalMode = .default
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            if let maxPageCount { try db.execute(sql: "PRAGMA max_page_count = \(maxPageCount)") }
            try db.execute(sql: "PRAGMA cache_size = \(IncidentStore.cachePages)")
        }
        do {
            queue = try DatabaseQueue(path: path, configuration: config)
        } catch {
            throw StoreError.wrap(error, path: path, action: "opening the store")
        }
        try checkIdentity(creating: !exists && mode == .readWrite)
        if mode == .readWrite { try migrate() }
        else { try requireCurrentSchema() }
    }

    /// Refuses files that are not stores; stamps a new file as one.
    private func checkIdentity(creating: Bool) throws {
        do {
            try queue.writeWithoutTransaction { db in
                let id = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                let tables = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0
                if id == IncidentStore.applicationID { return }
                if id == 0, tables == 0 {
                    if !db.configuration.readonly {
                        // Before the first write, which fixes a file's page size.
                        try db.execute(sql: "PRAGMA page_size = \(IncidentStore.pageSize)")
                        try db.execute(sql: "PRAGMA application_id = \(IncidentStore.applicationID)")
                    }
                    return
                }
                throw StoreError(
                    .notAStore, path: path,
                    detail: "this SQLite file belongs to another application (application_id \(id), \(tables) schema objects); give a new file name for the store")
            }
        } catch {
            throw StoreError.wrap(error, path: path, action: "reading the store's identity")
        }
    }

    private func migrate() throws {
        let migrator = StoreSchema.migrator
        do {
            let superseded = try queue.read { try migrator.hasBeenSuperseded($0) }
            if superseded { throw newerSchemaError(try queue.read { try migrator.appliedIdentifiers($0) }) }
            try migrator.migrate(queue)
        } catch {
            throw StoreError.wrap(error, path: path, action: "preparing the store's schema")
        }
    }

    private func requireCurrentSchema() throws {
        let migrator = StoreSchema.migrator
        do {
            try queue.read { db in
                if try migrator.hasBeenSuperseded(db) { throw newerSchemaError(try migrator.appliedIdentifiers(db)) }
                if try !migrator.hasCompletedMigrations(db) {
                    throw StoreError(
                        .newerSchema, path: path,
                        detail: "the store's schema is older than this nbhd; open it once for writing (e.g. `nbhd import --store \(path)`) to upgrade it")
                }
            }
        } catch {
            throw StoreError.wrap(error, path: path, action: "reading the store's schema")
        }
    }

    private func newerSchemaError(_ applied: Set<String>) -> StoreError {
        let unknown = applied.subtracting(StoreSchema.migrator.migrations).sorted()
        return StoreError(
            .newerSchema, path: path,
            detail: "the store was written by a newer nbhd (schema steps \(unknown.joined(separator: ", ")) are unknown here); it is left untouched: use that version or a newer one")
    }

    /// The result of `PRAGMA integrity_check`: `["ok"]` for a sound file.
    public func integrityCheck() throws -> [String] {
        do {
            return try queue.read { try String.fetchAll($0, sql: "PRAGMA integrity_check") }
        } catch {
            throw StoreError.wrap(error, path: path, action: "checking the store's integrity")
        }
    }

    /// Runs `body` in a read transaction, translating SQLite failures.
    func read<T>(_ action: String, _ body: (Database) throws -> T) throws -> T {
        do {
            return try queue.read(body)
        } catch {
            throw StoreError.wrap(error, path: path, action: action)
        }
    }

    /// Runs `body` in one write transaction (all or nothing), translating SQLite failures.
    func write<T>(_ action: String, _ body: (Database) throws -> T) throws -> T {
        do {
            return try queue.write(body)
        } catch {
            throw StoreError.wrap(error, path: path, action: action)
        }
    }
}
