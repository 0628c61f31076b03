import NeighbourhoodGeometry

/// Reads a GeoJSON FeatureCollection of Polygon/MultiPolygon features as a ``BoundaryLayer``.
///
/// Coordinates are longitude/latitude (RFC 7946) unless the file carries the legacy `crs`
/// member (`urn:ogc:def:crs:EPSG::27700` and the like), which is honoured. Gzip-compressed
/// files (`.geojson.gz`) are read directly.
public enum GeoJSONLayerReader {
    /// The largest GeoJSON text read (decompressed): 1 GiB. England's 32,844 LSOAs take 80 MB.
    public static let defaultMaxBytes = ByteReader.defaultReadLimit

    /// Reads the layer at `path`.
    ///
    /// Memory is bounded: the text is refused past `maxBytes`, and the parsed document past
    /// ``JSONParser/defaultMaxValues`` values outside coordinate arrays.
    ///
    /// - Parameters:
    ///   - path: A `.geojson`/`.json` file, optionally gzip-compressed.
    ///   - fields: Which properties give id, name and parent.
    ///   - maxBytes: The largest (decompressed) file accepted.
    /// - Throws: ``FormatError`` for unreadable, malformed or oversized files;
    ///   ``BoundaryLayerError`` naming the feature's index and id for a missing id, a
    ///   duplicate id, or bad geometry (unclosed or too-short ring, non-finite coordinate).
    public static func read(
        path: String, fields: LayerFields = LayerFields(), maxBytes: Int = GeoJSONLayerReader.defaultMaxBytes
    ) throws -> BoundaryLayer {
        let bytes = try ByteReader.readAll(path: path, maxBytes: maxBytes, what: "a GeoJSON boundary layer")
        let json = try JSONParser.parse(bytes, file: path)
        return try layer(from: json, source: path, fields: fields)
    }

    /// Builds a layer from a parsed GeoJSON document.
    public static func layer(from json: JSONValue, source: String, fields: LayerFields) throws -> BoundaryLayer {
        guard json["type"]?.stringValue == "FeatureCollection" else {
            throw FormatError(
                .malformed, file: source,
                detail: "not a GeoJSON FeatureCollection (top-level \"type\" is \(json["type"]?.scalarText.map { "'\($0)'" } ?? "missing"))")
        }
        guard case .array(let features)? = json["features"] else {
            throw FormatError(.malformed, file: source, detail: "FeatureCollection has no \"features\" array")
        }
        let crs = try crsName(json["crs"], source: source)
        var areas: [Area] = []
        areas.reserveCapacity(features.count)
        let idField = fields.id ?? detectField(features, suffix: "cd", names: ["id", "code"])
        let nameField = fields.name ?? detectField(features, suffix: "nm", names: ["name"])
        for (index, feature) in features.enumerated() {
            let properties = feature["properties"]
            let id: String?
            if let idField {
                id = properties?[idField]?.scalarText
            } else {
                id = feature["id"]?.scalarText
            }
            guard let id, !id.isEmpty else {
                let what = idField.map { "property '\($0)'" } ?? "\"id\" member (name the id property with --id-field)"
                throw BoundaryLayerError(
                    .missingID, source: source, featureIndex: index, featureID: nil,
                    detail: "feature has no \(what)")
            }
            if let parent = fields.parent, properties?[parent]?.scalarText == nil {
                throw BoundaryLayerError(
                    .missingID, source: source, featureIndex: index, featureID: id,
                    detail: "feature has no parent property '\(parent)'")
            }
            let geometry: MultiPolygon
            do {
                geometry = try multiPolygon(feature["geometry"])
            } catch let error as GeometryError {
                throw BoundaryLayerError(
                    .invalidGeometry, source: source, featureIndex: index, featureID: id,
                    detail: error.description)
            } catch let error as ShapeProblem {
                throw BoundaryLayerError(
                    .invalidGeometry, source: source, featureIndex: index, featureID: id, detail: error.message)
            }
            areas.append(
                Area(
                    id: id, name: nameField.flatMap { properties?[$0]?.scalarText },
                    parentID: fields.parent.flatMap { properties?[$0]?.scalarText }, geometry: geometry))
        }
        return try BoundaryLayer(source: source, crs: crs, areas: areas)
    }

    struct ShapeProblem: Error { var message: String }

    /// The CRS named by a legacy `crs` member; RFC 7946 longitude/latitude when absent.
    static func crsName(_ member: JSONValue?, source: String) throws(FormatError) -> String {
        guard let member, case .object = member else { return "OGC:CRS84" }
        guard member["type"]?.stringValue == "name", let name = member["properties"]?["name"]?.stringValue else {
            throw FormatError(
                .unsupported, file: source,
                detail: "only a \"crs\" member of type \"name\" is supported (e.g. urn:ogc:def:crs:EPSG::27700)")
        }
        let lower = name.lowercased()
        if lower.hasSuffix("crs84") || lower.hasSuffix("crs:84") { return "OGC:CRS84" }
        if lower.hasPrefix("urn:ogc:def:crs:epsg:") {
            let code = name.split(separator: ":").last.map(String.init) ?? ""
            return "EPSG:\(code)"
        }
        return name
    }

    static func detectField(_ features: [JSONValue], suffix: String, names: [String]) -> String? {
        guard let first = features.first, case .object(let members)? = first["properties"] else { return nil }
        if let named = members.first(where: { names.contains($0.key.lowercased()) }) { return named.key }
        return members.first { $0.key.lowercased().hasSuffix(suffix) && $0.value.scalarText != nil }?.key
    }

    static func multiPolygon(_ geometry: JSONValue?) throws -> MultiPolygon {
        guard let geometry, case .object = geometry else {
            throw ShapeProblem(message: "feature has no geometry")
        }
        let type = geometry["type"]?.stringValue ?? "missing"
        guard case .coordinates(let tree)? = geometry["coordinates"] else {
            throw ShapeProblem(message: "\(type) geometry has no coordinates array")
        }
        switch type {
        case "Polygon":
            return MultiPolygon(try polygon(tree, part: nil))
        case "MultiPolygon":
            guard case .nested(let parts) = tree else {
                throw ShapeProblem(message: "MultiPolygon coordinates must be an array of polygons")
            }
            var polygons: [Polygon] = []
            for (i, part) in parts.enumerated() { polygons.append(try polygon(part, part: i)) }
            return try MultiPolygon(polygons)
        default:
            throw ShapeProblem(message: "geometry type '\(type)' is not Polygon or MultiPolygon")
        }
    }

    static func polygon(_ tree: CoordinateTree, part: Int?) throws -> Polygon {
        var rings: [[Point]] = []
        switch tree {
        case .nested(let children):
            for (i, child) in children.enumerated() {
                switch child {
                case .positions(let points): rings.append(points)
                case .empty: rings.append([])
                default:
                    throw ShapeProblem(message: "\(part.map { "polygon \($0), " } ?? "")ring \(i) is not an array of positions")
                }
            }
        case .positions:
            throw ShapeProblem(message: "polygon coordinates must be an array of rings, not of positions")
        case .empty: throw GeometryError(.empty, ring: 0, part: part, detail: "polygon has no rings")
        case .position: throw ShapeProblem(message: "polygon coordinates must be an array of rings")
        }
        do {
            return try Polygon(exterior: rings[0], holes: Array(rings.dropFirst()))
        } catch {
            var e = error
            e.part = part
            throw e
        }
    }
}
