internal import GRDB

/// The store's schema, as numbered migrations (GRDB's `DatabaseMigrator`). A migration is
/// never edited once released; changes are new migrations, so old stores upgrade in place
/// and a store that has migrations this version lacks is recognised as newer.
enum StoreSchema {
    /// Incident status codes in `incidents.status`.
    static let located = 1
    static let noLocation = 2

    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: incidents, locations, layers, provenance") { db in
            try db.execute(sql: """
                CREATE TABLE forces (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
                CREATE TABLE crime_types (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
                CREATE TABLE outcomes (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
                CREATE TABLE streets (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
                CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
                INSERT INTO settings VALUES ('working_crs', 'EPSG:27700');

                CREATE TABLE imports (
                    id INTEGER PRIMARY KEY,
                    file_name TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    sha256 TEXT NOT NULL UNIQUE,
                    imported_at TEXT NOT NULL,
                    seconds REAL NOT NULL,
                    rows_read INTEGER NOT NULL,
                    located INTEGER NOT NULL,
                    no_location INTEGER NOT NULL,
                    rejected INTEGER NOT NULL,
                    rows_stored INTEGER NOT NULL,
                    rows_added INTEGER NOT NULL,
                    rows_removed INTEGER NOT NULL,
                    rows_changed INTEGER NOT NULL,
                    rows_unchanged INTEGER NOT NULL,
                    replaced TEXT NOT NULL);
                CREATE TABLE import_rejects (
                    import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
                    reason TEXT NOT NULL, count INTEGER NOT NULL,
                    PRIMARY KEY (import_id, reason)) WITHOUT ROWID;

                CREATE TABLE locations (
                    id INTEGER PRIMARY KEY,
                    easting REAL NOT NULL, northing REAL NOT NULL,
                    lon REAL, lat REAL,
                    street_id INTEGER NOT NULL REFERENCES streets(id),
                    UNIQUE (easting, northing, street_id));
                CREATE VIRTUAL TABLE location_rtree USING rtree(id, min_e, max_e, min_n, max_n);

                CREATE TABLE incidents (
                    id INTEGER PRIMARY KEY,
                    import_id INTEGER NOT NULL,
                    line INTEGER NOT NULL,
                    month INTEGER NOT NULL,
                    force_id INTEGER NOT NULL,
                    type_id INTEGER NOT NULL,
                    outcome_id INTEGER NOT NULL,
                    location_id INTEGER,
                    status INTEGER NOT NULL,
                    crime_id BLOB,
                    row_key INTEGER NOT NULL,
                    row_hash INTEGER NOT NULL);
                CREATE INDEX incidents_by_month_force_type ON incidents (month, force_id, type_id);
                CREATE INDEX incidents_by_location ON incidents (location_id);

                CREATE TABLE layers (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    file_name TEXT NOT NULL,
                    extension TEXT NOT NULL,
                    sha256 TEXT NOT NULL,
                    id_field TEXT, name_field TEXT, parent_field TEXT,
                    added_at TEXT NOT NULL,
                    content BLOB NOT NULL);
                CREATE TABLE areas (
                    id INTEGER PRIMARY KEY,
                    layer_id INTEGER NOT NULL REFERENCES layers(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    code TEXT NOT NULL, name TEXT, parent TEXT,
                    UNIQUE (layer_id, code));
                CREATE TABLE location_areas (
                    layer_id INTEGER NOT NULL, location_id INTEGER NOT NULL, area_id INTEGER NOT NULL,
                    PRIMARY KEY (layer_id, location_id)) WITHOUT ROWID;
                CREATE TABLE area_counts (
                    layer_id INTEGER NOT NULL, month INTEGER NOT NULL, type_id INTEGER NOT NULL,
                    area_id INTEGER NOT NULL, n INTEGER NOT NULL,
                    PRIMARY KEY (layer_id, month, type_id, area_id)) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v2: force-months, one lighter index on incidents") { db in
            // Which import holds each force and month, so an import of new months needs no
            // pass over the stored rows. Indexes cost on every imported row: the
            // per-location one more than it saved (area filters go through location_areas
            // and the month index), and the crime type in the month index doubled its cost
            // (rows arrive in month order, so (month, force) grows at its end only).
            try db.execute(sql: """
                CREATE TABLE force_months (
                    force_id INTEGER NOT NULL, month INTEGER NOT NULL,
                    import_id INTEGER NOT NULL, rows INTEGER NOT NULL,
                    PRIMARY KEY (force_id, month)) WITHOUT ROWID;
                INSERT INTO force_months (force_id, month, import_id, rows)
                    SELECT force_id, month, max(import_id), count(*) FROM incidents GROUP BY force_id, month;
                DROP INDEX incidents_by_location;
                DROP INDEX incidents_by_month_force_type;
                CREATE INDEX incidents_by_month_force ON incidents (month, force_id);
                """)
        }
        migrator.registerMigration("v3: incidents by location and crime type, rejected rows") { db in
            // Area and type filters read the incidents they select through postings
            // (IncidentPostings), which an import writes once at its end instead of a B-tree
            // insert per row.
            try db.execute(sql: IncidentPostings.createTable)
            // The rejected rows themselves (their `rejects.csv` lines), beside their counts.
            try db.execute(sql: """
                CREATE TABLE import_rejected_rows (
                    import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
                    chunk INTEGER NOT NULL, csv BLOB NOT NULL,
                    PRIMARY KEY (import_id, chunk)) WITHOUT ROWID;
                """)
            try IncidentPostings.rebuild(db, path: db.description)
        }
        migrator.registerMigration("v4: incidents by month and force in runs, not an index") { db in
            // The (month, force) index cost about as much as the rest of SQLite's work on an
            // imported row together (BENCHMARKS.md); a police.uk file's rows are one run of
            // ids, so month filters and replaced force-months read id ranges instead.
            try db.execute(sql: IncidentRuns.createTable)
            try IncidentRuns.rebuild(db)
            try db.execute(sql: "DROP INDEX incidents_by_month_force")
        }
        migrator.registerMigration("v5: built indexes of the stored layers") { db in
            // Reading, projecting and indexing the England LSOAs took about 4 s of every
            // import; the kept index reads back in a fraction of that. Stores from v4 gain
            // an empty table, filled by their next import.
            try db.execute(sql: IncidentStore.createLayerIndexes)
        }
        migrator.registerMigration("v6: extra columns of force extracts") { db in
            // The columns of a file beyond those the store keeps anyway (force extracts'
            // offence codes, knife flags, ...), names and values each stored once; and the
            // `incidents.csv` fields of rejected rows. Imports made before keep neither.
            try db.execute(sql: ExtraColumns.createTables)
        }
        migrator.registerMigration("v7: id columns, differing forces and contexts") { db in
            // Each import's id column by name (a force extract's `Ref`), so its ids read back
            // under it, and its header, so a column its file lacks reads as absent; `Falls within`, `Reported by` and `Context` go into incident_extras
            // only where a row needs them (ExtraColumns), so police.uk rows cost nothing more.
            // Imports made before keep NULL: they kept neither.
            try db.execute(sql: ExtraColumns.addImportColumns)
        }
        return migrator
    }()
}
