/// The SQL of the GeoPackage 1.3 core tables, required reference systems and R-tree
/// triggers (OGC 12-128r18, clauses 1.1.2, 1.1.3, 2.1.5, 2.1.6 and annex F.3).
enum GeoPackageSchema {
    /// The core tables, as the standard's table definition SQL gives them.
    static let core = [
        """
        CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY,
          organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL,
          description TEXT)
        """,
        """
        CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL,
          identifier TEXT UNIQUE, description TEXT DEFAULT '',
          last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
          min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
          CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))
        """,
        """
        CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL,
          geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
          CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
          CONSTRAINT uk_gc_table_name UNIQUE (table_name),
          CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
          CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id))
        """,
        """
        CREATE TABLE gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL,
          definition TEXT NOT NULL, scope TEXT NOT NULL,
          CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))
        """,
    ]

    /// The three rows every GeoPackage holds. The EPSG:4326 definition is the WKT 1 text
    /// GDAL writes for it (`osr.SpatialReference.ImportFromEPSG(4326).ExportToWkt()`), fixed
    /// here because this module does not link PROJ; other systems come from the caller.
    static let requiredSystems = [
        GeoPackageSRS(
            id: -1, name: "Undefined Cartesian SRS", organization: "NONE", organizationCode: -1,
            definition: "undefined", description: "undefined Cartesian coordinate reference system"),
        GeoPackageSRS(
            id: 0, name: "Undefined geographic SRS", organization: "NONE", organizationCode: 0,
            definition: "undefined", description: "undefined geographic coordinate reference system"),
        GeoPackageSRS(
            id: 4326, name: "WGS 84 geodetic", organization: "EPSG", organizationCode: 4326,
            definition: wgs84WKT,
            description: "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid"),
    ]

    static let wgs84WKT = """
        GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],\
        AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,\
        AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]
        """

    /// The six triggers of the R-tree extension (annex F.3) for `table`'s `geom` column with
    /// primary key `fid`. They call `ST_IsEmpty`, `ST_MinX` ... which SQLite resolves only
    /// when they fire, in a GeoPackage-aware client (GDAL, QGIS) that defines them.
    static func rtreeTriggers(table: String) -> [String] {
        let t = GeoPackageWriter.quote(table)
        let r = GeoPackageWriter.quote("rtree_\(table)_geom")
        let name = { (suffix: String) in GeoPackageWriter.quote("rtree_\(table)_geom_\(suffix)") }
        let insertNew = "INSERT OR REPLACE INTO \(r) VALUES (NEW.\"fid\", ST_MinX(NEW.\"geom\"), ST_MaxX(NEW.\"geom\"), "
            + "ST_MinY(NEW.\"geom\"), ST_MaxY(NEW.\"geom\"));"
        return [
            "CREATE TRIGGER \(name("insert")) AFTER INSERT ON \(t) WHEN (new.\"geom\" NOT NULL AND NOT ST_IsEmpty(NEW.\"geom\")) "
                + "BEGIN \(insertNew) END",
            "CREATE TRIGGER \(name("update1")) AFTER UPDATE OF \"geom\" ON \(t) WHEN OLD.\"fid\" = NEW.\"fid\" AND "
                + "(NEW.\"geom\" NOTNULL AND NOT ST_IsEmpty(NEW.\"geom\")) BEGIN \(insertNew) END",
            "CREATE TRIGGER \(name("update2")) AFTER UPDATE OF \"geom\" ON \(t) WHEN OLD.\"fid\" = NEW.\"fid\" AND "
                + "(NEW.\"geom\" ISNULL OR ST_IsEmpty(NEW.\"geom\")) BEGIN DELETE FROM \(r) WHERE id = OLD.\"fid\"; END",
            "CREATE TRIGGER \(name("update3")) AFTER UPDATE ON \(t) WHEN OLD.\"fid\" != NEW.\"fid\" AND "
                + "(NEW.\"geom\" NOTNULL AND NOT ST_IsEmpty(NEW.\"geom\")) BEGIN DELETE FROM \(r) WHERE id = OLD.\"fid\"; \(insertNew) END",
            "CREATE TRIGGER \(name("update4")) AFTER UPDATE ON \(t) WHEN OLD.\"fid\" != NEW.\"fid\" AND "
                + "(NEW.\"geom\" ISNULL OR ST_IsEmpty(NEW.\"geom\")) BEGIN DELETE FROM \(r) WHERE id IN (OLD.\"fid\", NEW.\"fid\"); END",
            "CREATE TRIGGER \(name("delete")) AFTER DELETE ON \(t) WHEN old.\"geom\" NOT NULL "
                + "BEGIN DELETE FROM \(r) WHERE id = OLD.\"fid\"; END",
        ]
    }
}
