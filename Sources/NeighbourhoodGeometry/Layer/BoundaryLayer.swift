/// A set of areas, such as the 1,388 LSOAs of West Yorkshire, in one coordinate reference
/// system, with unique ids.
///
/// A layer is a plain value: read it with a format reader (GeoJSON and others), project it
/// with a transformer, and build an ``AreaIndex`` over a projected copy to assign points.
public struct BoundaryLayer: Sendable {
    /// Where the layer came from, for messages and manifests (usually a file path).
    public var source: String
    /// The coordinate reference system of every coordinate, as a PROJ-readable identifier
    /// such as `OGC:CRS84` (longitude/latitude) or `EPSG:27700`.
    public var crs: String
    /// The areas in source order.
    public private(set) var areas: [Area]
    private var positionByID: [String: Int]

    /// Creates a layer, checking that ids are unique.
    ///
    /// - Throws: ``BoundaryLayerError`` with code `.duplicateID` naming both features.
    /// - Complexity: O(*n*) in the number of areas.
    public init(source: String, crs: String, areas: [Area]) throws(BoundaryLayerError) {
        var positions: [String: Int] = [:]
        positions.reserveCapacity(areas.count)
        for (index, area) in areas.enumerated() {
            if let first = positions[area.id] {
                throw BoundaryLayerError(
                    .duplicateID, source: source, featureIndex: index, featureID: area.id,
                    detail: "id '\(area.id)' is also used by feature \(first)")
            }
            positions[area.id] = index
        }
        self.source = source
        self.crs = crs
        self.areas = areas
        self.positionByID = positions
    }

    /// The number of areas.
    public var count: Int { areas.count }

    /// The position in ``areas`` of the area with this id, if any.
    public func index(ofID id: String) -> Int? { positionByID[id] }

    /// The bounding box of all areas.
    ///
    /// - Complexity: O(*n*) in the number of positions.
    public var boundingBox: BoundingBox {
        var box = BoundingBox.empty
        for area in areas { box.extend(by: area.geometry.boundingBox) }
        return box
    }

    /// A copy with every area's geometry replaced by `transform(area.geometry)` and the
    /// given CRS; ids, names and parents are kept.
    public func replacingGeometry(
        crs: String, _ transform: (MultiPolygon) throws -> MultiPolygon
    ) rethrows -> BoundaryLayer {
        var copy = self
        copy.crs = crs
        for i in copy.areas.indices {
            copy.areas[i].geometry = try transform(copy.areas[i].geometry)
        }
        return copy
    }

    /// A copy with each area's parent id set from `parents` (same order as ``areas``).
    public func settingParents(_ parents: [String?]) -> BoundaryLayer {
        precondition(parents.count == areas.count, "one parent per area")
        var copy = self
        for i in copy.areas.indices { copy.areas[i].parentID = parents[i] }
        return copy
    }
}

/// A boundary layer that cannot be used: a duplicate id, or a feature with bad geometry.
public struct BoundaryLayerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of fault, for callers that branch on it.
    public enum Code: Sendable, Hashable {
        /// Two features share an id.
        case duplicateID
        /// A feature's geometry breaks an invariant (see ``GeometryError``).
        case invalidGeometry
        /// A feature lacks the id field, or its value is empty.
        case missingID
    }

    /// The kind of fault.
    public var code: Code
    /// The layer's source (file path).
    public var source: String
    /// Zero-based position of the feature in its file.
    public var featureIndex: Int
    /// The feature's id, when it has one.
    public var featureID: String?
    /// What is wrong.
    public var detail: String

    /// Creates an error.
    public init(
        _ code: Code, source: String, featureIndex: Int, featureID: String?, detail: String
    ) {
        self.code = code
        self.source = source
        self.featureIndex = featureIndex
        self.featureID = featureID
        self.detail = detail
    }

    /// E.g. `wy.geojson: feature 12 (id E01011698): ring 0 (outer): ring is not closed ...`.
    public var description: String {
        let id = featureID.map { " (id \($0))" } ?? ""
        return "\(source): feature \(featureIndex)\(id): \(detail)"
    }
}
