import NeighbourhoodGeometry

/// A layer of features to write: a table name, a coordinate reference system, one geometry
/// type, typed attribute fields and the features themselves.
///
/// Built by the pipelines (`nbhd assign`, `hotspots`, `indicators`) and by any caller that
/// wants a GeoPackage table; written by ``GeoPackageWriter/write(_:)``.
public struct FeatureLayer: Sendable {
    /// The table name (letters, digits and `_`, starting with a letter), e.g. `areas`.
    public var table: String
    /// A human-readable description stored in `gpkg_contents`.
    public var description: String
    /// The coordinate reference system of every geometry.
    public var srs: GeoPackageSRS
    /// The geometry type every feature has.
    public var geometryType: FeatureGeometryType
    /// The attribute columns, in order.
    public var fields: [FeatureField]
    /// The features, each with one value per field.
    public var features: [Feature]

    /// Creates a layer.
    public init(
        table: String, description: String = "", srs: GeoPackageSRS, geometryType: FeatureGeometryType,
        fields: [FeatureField], features: [Feature] = []
    ) {
        self.table = table
        self.description = description
        self.srs = srs
        self.geometryType = geometryType
        self.fields = fields
        self.features = features
    }
}

/// A spatial reference system row of `gpkg_spatial_ref_sys`.
public struct GeoPackageSRS: Sendable, Hashable {
    /// The `srs_id` geometries refer to (the EPSG code for EPSG systems).
    public var id: Int32
    /// A name, e.g. `OSGB36 / British National Grid`.
    public var name: String
    /// The defining organisation, e.g. `EPSG`.
    public var organization: String
    /// The organisation's code for the system, e.g. 27700.
    public var organizationCode: Int32
    /// The definition as OGC WKT 1 (as PROJ writes it with `PJ_WKT1_GDAL`).
    public var definition: String
    /// An optional description.
    public var description: String?

    /// Creates a row.
    public init(
        id: Int32, name: String, organization: String, organizationCode: Int32, definition: String,
        description: String? = nil
    ) {
        self.id = id
        self.name = name
        self.organization = organization
        self.organizationCode = organizationCode
        self.definition = definition
        self.description = description
    }

    /// An EPSG system with its srs id equal to its code, e.g.
    /// `.epsg(27700, name: "OSGB36 / British National Grid", definition: wkt)`.
    public static func epsg(_ code: Int32, name: String, definition: String) -> GeoPackageSRS {
        GeoPackageSRS(id: code, name: name, organization: "EPSG", organizationCode: code, definition: definition)
    }
}

/// The geometry types the writer declares in `gpkg_geometry_columns`.
public enum FeatureGeometryType: String, Sendable, Hashable, CaseIterable {
    /// One position per feature (e.g. incidents).
    case point = "POINT"
    /// One polygon with holes per feature (e.g. grid cells).
    case polygon = "POLYGON"
    /// One or more polygons per feature (e.g. areas; single polygons are written as
    /// one-part multipolygons).
    case multiPolygon = "MULTIPOLYGON"
}

/// A feature's geometry.
public enum FeatureGeometry: Sendable, Hashable {
    /// A position.
    case point(Point)
    /// A polygon.
    case polygon(Polygon)
    /// A multipolygon.
    case multiPolygon(MultiPolygon)

    /// The bounding box of every position.
    public var boundingBox: BoundingBox {
        switch self {
        case .point(let p): return BoundingBox(covering: [p])
        case .polygon(let p): return p.boundingBox
        case .multiPolygon(let m): return m.boundingBox
        }
    }
}

/// An attribute column.
public struct FeatureField: Sendable, Hashable {
    /// The column's storage type.
    public enum Kind: String, Sendable, Hashable {
        /// 64-bit integer (`INTEGER`).
        case integer = "INTEGER"
        /// 64-bit float (`DOUBLE`); non-finite values are written as NULL.
        case real = "DOUBLE"
        /// UTF-8 text (`TEXT`).
        case text = "TEXT"
    }

    /// The column name, e.g. `area_id`.
    public var name: String
    /// The storage type.
    public var kind: Kind

    /// Creates a column.
    public init(_ name: String, _ kind: Kind) {
        self.name = name
        self.kind = kind
    }
}

/// One attribute value; `.null` for missing.
public enum FieldValue: Sendable, Hashable {
    /// An integer.
    case integer(Int)
    /// A float (written as NULL when not finite).
    case real(Double)
    /// Text.
    case text(String)
    /// No value.
    case null

    /// `.real(v)` for a finite number, `.null` for `nil` or a non-finite one.
    public static func number(_ value: Double?) -> FieldValue {
        guard let value, value.isFinite else { return .null }
        return .real(value)
    }

    /// `.text(s)` or `.null` for `nil`.
    public static func string(_ value: String?) -> FieldValue {
        value.map { .text($0) } ?? .null
    }
}

/// One feature: a geometry (or none) and one value per field of its layer.
public struct Feature: Sendable, Hashable {
    /// The geometry, `nil` for none.
    public var geometry: FeatureGeometry?
    /// The attribute values, in the layer's field order.
    public var values: [FieldValue]

    /// Creates a feature.
    public init(geometry: FeatureGeometry?, values: [FieldValue]) {
        self.geometry = geometry
        self.values = values
    }
}
