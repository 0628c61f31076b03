import NeighbourhoodGeometry

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads KML boundaries as a ``BoundaryLayer`` in longitude/latitude (`OGC:CRS84`).
///
/// Every `<Placemark>` with a `<Polygon>` (directly or in nested `<MultiGeometry>`) becomes
/// one area, through any nesting of `<Document>` and `<Folder>`; Placemarks without a polygon
/// (labels, points) are skipped. Holes come from `<innerBoundaryIs>`. Properties are the
/// `<ExtendedData>` values (`Data`/`value` and `SchemaData`/`SimpleData`) plus `name`, the
/// Placemark's `<name>`; ``LayerFields`` picks id, name and parent among them as for GeoJSON.
///
/// A `.kmz` archive is read through its main `.kml` entry (see ``KMZArchive``). A folder of
/// `.kml`/`.kmz` files is read as one layer, in file-name order. police.uk publishes
/// neighbourhood boundaries this way, one file per neighbourhood: when no id property is
/// named or detected, each file is one area whose id is the file name without `.kml`.
///
/// XML is read by a strict tokenizer that expands no entities and never reads other files
/// or the network; a DOCTYPE declaring entities is refused.
public enum KMLLayerReader {
    /// The CRS of every KML layer: KML coordinates are WGS 84 longitude, latitude.
    public static let crs = "OGC:CRS84"

    /// Reads the layer at `path`, a `.kml` file or a folder of them.
    ///
    /// Without `fields.id`, the id is the first `<ExtendedData>` property named `id`/`code` or
    /// ending in `CD`; else, for a folder, the file name; else the Placemark's `<name>`.
    ///
    /// - Parameters:
    ///   - path: A `.kml` file (optionally gzip-compressed), a `.kmz` archive, or a folder
    ///     of them.
    ///   - fields: Which properties give id, name and parent (`name` is the Placemark name).
    /// - Throws: ``FormatError`` for unreadable or malformed files (with the line), corrupt
    ///   or unsupported `.kmz` archives, and files without any polygon; ``BoundaryLayerError`` naming the Placemark's
    ///   index, id and name for a missing or duplicate id or bad geometry (unclosed or
    ///   too-short ring, non-numeric or non-finite coordinate).
    /// - Complexity: O(*n*) in the size of the files.
    public static func read(path: String, fields: LayerFields = LayerFields()) throws -> BoundaryLayer {
        if let files = try kmlFiles(inFolder: path) {
            var documents: [(file: String, placemarks: [KMLPlacemark])] = []
            for file in files {
                documents.append((file, try placemarks(file: file)))
            }
            return try layer(documents: documents, source: path, fields: fields, oneAreaPerFile: true)
        }
        return try layer(documents: [(path, try placemarks(file: path))], source: path, fields: fields, oneAreaPerFile: false)
    }

    /// The polygon Placemarks of one KML document, or `.kmz` archive, given as bytes (for
    /// tests and fuzzing).
    ///
    /// - Throws: ``FormatError`` naming `file` for malformed XML or a document without any
    ///   polygon Placemark.
    static func placemarks(
        bytes: [UInt8], file: String, maxNodes: Int = XMLTree.maxNodes
    ) throws(FormatError) -> [KMLPlacemark] {
        if KMZArchive.isZip(bytes) {
            return try placemarks(bytes: try KMZArchive.mainDocument(bytes, file: file), file: file, maxNodes: maxNodes)
        }
        let root: XMLElement
        do {
            root = try XMLTree.parse(bytes, maxNodes: maxNodes)
        } catch {
            let line = XMLTokenizer.line(in: bytes, at: error.offset)
            throw FormatError(.malformed, file: file, line: line, detail: "invalid XML: \(error.message)")
        }
        guard root.name == "kml" else {
            throw FormatError(.malformed, file: file, detail: "not a KML document (root element is <\(root.name)>, not <kml>)")
        }
        let all = KMLPlacemark.all(in: root)
        let withPolygons = all.filter(\.hasPolygon)
        guard !withPolygons.isEmpty else {
            let links = containsNetworkLink(root)
                ? "; <NetworkLink>s are not followed: read the linked .kml file (unzip the .kmz if it is inside one)" : ""
            throw FormatError(
                .malformed, file: file,
                detail: "no Placemark with a Polygon (\(all.count) Placemark(s) without polygon geometry)\(links)")
        }
        return withPolygons
    }

    private static func containsNetworkLink(_ element: XMLElement) -> Bool {
        element.children.contains { $0.name == "NetworkLink" || containsNetworkLink($0) }
    }

    private static func placemarks(file: String) throws(FormatError) -> [KMLPlacemark] {
        return try placemarks(
            bytes: try ByteReader.readAll(path: file, maxBytes: KMZArchive.maxSize, what: "a KML boundary layer"), file: file)
    }

    /// Builds the layer from each file's polygon Placemarks.
    static func layer(
        documents: [(file: String, placemarks: [KMLPlacemark])], source: String, fields: LayerFields, oneAreaPerFile: Bool
    ) throws -> BoundaryLayer {
        let first = documents.first?.placemarks.first
        let idField = fields.id ?? first.flatMap { detect($0, suffix: "cd", names: ["id", "code"]) }
        let nameField = fields.name ?? first.flatMap { detect($0, suffix: "nm", names: ["name"]) } ?? "name"
        var areas: [Area] = []
        for (file, placemarks) in documents {
            if idField == nil && oneAreaPerFile {
                areas.append(try fileArea(file: file, placemarks: placemarks, nameField: nameField, fields: fields))
                continue
            }
            for placemark in placemarks {
                let id = idField.map { placemark.value($0) } ?? placemark.name ?? (placemarks.count == 1 ? stem(file) : nil)
                guard let id, !id.isEmpty else {
                    let what = idField.map { "property '\($0)'" } ?? "<name> (name the id property with --id-field)"
                    throw error(.missingID, file, placemark, id: nil, "Placemark has no \(what)")
                }
                areas.append(
                    Area(
                        id: id, name: placemark.value(nameField), parentID: try parent(placemark, file, id, fields),
                        geometry: try geometry(placemark, file, id)))
            }
        }
        return try BoundaryLayer(source: source, crs: crs, areas: areas)
    }

    /// One area from all polygon Placemarks of a file, with the file name as id and the
    /// Placemarks' name when they agree on one.
    private static func fileArea(
        file: String, placemarks: [KMLPlacemark], nameField: String, fields: LayerFields
    ) throws -> Area {
        let id = stem(file)
        var polygons: [Polygon] = []
        for placemark in placemarks {
            polygons.append(contentsOf: try geometry(placemark, file, id).polygons)
        }
        let names = Set(placemarks.compactMap { $0.value(nameField) })
        return Area(
            id: id, name: names.count == 1 ? names.first : nil,
            parentID: try parent(placemarks[0], file, id, fields), geometry: try MultiPolygon(polygons))
    }

    private static func parent(_ placemark: KMLPlacemark, _ file: String, _ id: String, _ fields: LayerFields) throws -> String? {
        guard let field = fields.parent else { return nil }
        guard let value = placemark.value(field) else {
            throw error(.missingID, file, placemark, id: id, "Placemark has no parent property '\(field)'")
        }
        return value
    }

    private static func geometry(_ placemark: KMLPlacemark, _ file: String, _ id: String) throws -> MultiPolygon {
        do {
            return try placemark.multiPolygon()
        } catch let problem as GeometryError {
            throw error(.invalidGeometry, file, placemark, id: id, problem.description)
        } catch let problem as KMLPlacemark.ShapeProblem {
            throw error(.invalidGeometry, file, placemark, id: id, problem.message)
        }
    }

    /// An error naming the file, the Placemark's index among the file's Placemarks, its id,
    /// and its `<name>` when that differs from the id.
    private static func error(
        _ code: BoundaryLayerError.Code, _ file: String, _ placemark: KMLPlacemark, id: String?, _ detail: String
    ) -> BoundaryLayerError {
        let name = placemark.name.flatMap { $0 == id ? nil : "Placemark '\($0)': " } ?? ""
        return BoundaryLayerError(code, source: file, featureIndex: placemark.index, featureID: id, detail: name + detail)
    }

    private static func detect(_ placemark: KMLPlacemark, suffix: String, names: [String]) -> String? {
        let keys = placemark.properties.keys.sorted()
        if let named = keys.first(where: { names.contains($0.lowercased()) }) { return named }
        return keys.first { $0.lowercased().hasSuffix(suffix) && placemark.properties[$0]?.isEmpty == false }
    }

    /// `NC01` for `/data/west-yorkshire/NC01.kml` (or `NC01.kml.gz`).
    static func stem(_ file: String) -> String {
        var base = file.split(separator: "/").last.map(String.init) ?? file
        if base.lowercased().hasSuffix(".gz") { base.removeLast(3) }
        guard let dot = base.lastIndex(of: "."), dot != base.startIndex else { return base }
        return String(base[..<dot])
    }

    /// The `.kml`, `.kml.gz` and `.kmz` files of `path`, sorted, when it is a folder; `nil` when it is not.
    private static func kmlFiles(inFolder path: String) throws(FormatError) -> [String]? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { return nil }
        guard let directory = opendir(path) else {
            throw FormatError(.cannotOpen, file: path, detail: "cannot list the folder")
        }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            let lower = name.lowercased()
            if !name.hasPrefix("."), lower.hasSuffix(".kml") || lower.hasSuffix(".kml.gz") || lower.hasSuffix(".kmz") {
                names.append(name)
            }
        }
        guard !names.isEmpty else {
            throw FormatError(.malformed, file: path, detail: "the folder holds no .kml or .kmz files")
        }
        let folder = path.hasSuffix("/") ? path : path + "/"
        return names.sorted().map { folder + $0 }
    }
}
