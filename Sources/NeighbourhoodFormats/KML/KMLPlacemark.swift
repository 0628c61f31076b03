import NeighbourhoodGeometry

/// One `<Placemark>` of a KML document: its name, its properties and its geometry element.
///
/// Properties come from `<ExtendedData>`: `<Data name="k"><value>v</value></Data>` and
/// `<SchemaData><SimpleData name="k">v</SimpleData></SchemaData>`, values trimmed of
/// surrounding white space.
struct KMLPlacemark {
    /// Zero-based position among all Placemarks of the file, in document order.
    var index: Int
    /// The `<name>` text, trimmed; `nil` when absent or empty.
    var name: String?
    /// The `id` attribute of `<Placemark>`, if any.
    var elementID: String?
    /// `<ExtendedData>` values by name.
    var properties: [String: String]
    /// The Placemark element, for reading its geometry.
    var element: XMLElement

    /// A geometry problem in a Placemark, before it is tied to its file and id.
    struct ShapeProblem: Error {
        var message: String
    }

    /// The Placemarks under `root`, in document order, through nested `<Document>` and
    /// `<Folder>` elements (and any other container).
    static func all(in root: XMLElement) -> [KMLPlacemark] {
        var elements: [XMLElement] = []
        collect(root, into: &elements)
        return elements.enumerated().map { index, element in
            var properties: [String: String] = [:]
            if let extended = element.child("ExtendedData") {
                for data in extended.children {
                    switch data.name {
                    case "Data":
                        if let key = data.attribute("name") {
                            properties[key] = trimmed(data.child("value")?.text ?? "")
                        }
                    case "SchemaData":
                        for simple in data.children where simple.name == "SimpleData" {
                            if let key = simple.attribute("name") { properties[key] = trimmed(simple.text) }
                        }
                    default: break
                    }
                }
            }
            let name = element.child("name").map { trimmed($0.text) }
            return KMLPlacemark(
                index: index, name: name?.isEmpty == false ? name : nil, elementID: element.attribute("id"),
                properties: properties, element: element)
        }
    }

    private static func collect(_ element: XMLElement, into result: inout [XMLElement]) {
        for child in element.children {
            if child.name == "Placemark" {
                result.append(child)
            } else {
                collect(child, into: &result)
            }
        }
    }

    /// The value of a property: an `<ExtendedData>` value, else for `name` the Placemark's
    /// `<name>`.
    func value(_ key: String) -> String? {
        if let value = properties[key], !value.isEmpty { return value }
        if key.lowercased() == "name" { return name }
        return nil
    }

    /// Whether the Placemark has at least one `<Polygon>`, directly or in a `<MultiGeometry>`.
    var hasPolygon: Bool { !polygonElements.isEmpty }

    /// The `<Polygon>` elements of the Placemark's geometry, through nested `<MultiGeometry>`.
    var polygonElements: [XMLElement] {
        var result: [XMLElement] = []
        func walk(_ element: XMLElement) {
            for child in element.children {
                if child.name == "Polygon" {
                    result.append(child)
                } else if child.name == "MultiGeometry" {
                    walk(child)
                }
            }
        }
        walk(element)
        return result
    }

    /// The Placemark's polygons as one multipolygon; other geometry types are ignored.
    ///
    /// - Throws: ``GeometryError`` (with the polygon's position as `part` when there are
    ///   several) or ``ShapeProblem`` for missing boundaries and unreadable coordinates.
    func multiPolygon() throws -> MultiPolygon {
        let elements = polygonElements
        var polygons: [Polygon] = []
        for (i, element) in elements.enumerated() {
            let part = elements.count > 1 ? i : nil
            guard let outer = element.child("outerBoundaryIs")?.child("LinearRing") else {
                throw ShapeProblem(message: "\(part.map { "polygon \($0): " } ?? "")<Polygon> has no <outerBoundaryIs><LinearRing>")
            }
            var rings = [try Self.ring(outer, number: 0, part: part)]
            for inner in element.children where inner.name == "innerBoundaryIs" {
                for ring in inner.children where ring.name == "LinearRing" {
                    rings.append(try Self.ring(ring, number: rings.count, part: part))
                }
            }
            do {
                polygons.append(try Polygon(exterior: rings[0], holes: Array(rings.dropFirst())))
            } catch {
                var e = error
                e.part = part
                throw e
            }
        }
        return try MultiPolygon(polygons)
    }

    private static func ring(_ linearRing: XMLElement, number: Int, part: Int?) throws(ShapeProblem) -> [Point] {
        let prefix = "\(part.map { "polygon \($0), " } ?? "")ring \(number) (\(number == 0 ? "outer" : "hole")): "
        guard let coordinates = linearRing.child("coordinates") else {
            throw ShapeProblem(message: prefix + "<LinearRing> has no <coordinates>")
        }
        do {
            return try positions(coordinates.text)
        } catch {
            throw ShapeProblem(message: prefix + error.message)
        }
    }

    /// Reads KML `<coordinates>` text: `lon,lat[,alt]` tuples separated by white space.
    /// Altitudes are checked to be numbers and dropped.
    ///
    /// - Throws: ``ShapeProblem`` naming the tuple for a tuple that is not two or three
    ///   comma-separated decimal numbers, or a number too large for a `Double`.
    /// - Complexity: O(*n*) in the length of `text`.
    static func positions(_ text: String) throws(ShapeProblem) -> [Point] {
        var points: [Point] = []
        let tuples = text.utf8.split(whereSeparator: XMLTokenizer.isSpace)
        points.reserveCapacity(tuples.count)
        for (i, tuple) in tuples.enumerated() {
            let parts = tuple.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
            let shown = String(Substring(tuple).prefix(60))
            guard parts.count == 2 || parts.count == 3 else {
                throw ShapeProblem(message: "coordinate tuple \(i) '\(shown)' is not lon,lat or lon,lat,alt")
            }
            var values: [Double] = []
            for part in parts {
                guard let value = number(part) else {
                    throw ShapeProblem(message: "coordinate tuple \(i) '\(shown)': '\(String(Substring(part).prefix(40)))' is not a number")
                }
                guard value.isFinite else {
                    throw ShapeProblem(message: "coordinate tuple \(i) '\(shown)' has a non-finite coordinate")
                }
                values.append(value)
            }
            points.append(Point(x: values[0], y: values[1]))
        }
        return points
    }

    /// A decimal number (`-1.5`, `2e-3`); `nil` for anything else, including `nan` and `inf`.
    private static func number(_ text: Substring.UTF8View) -> Double? {
        guard !text.isEmpty, text.count < 64,
            text.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2B || $0 == 0x2D || $0 == 0x2E || $0 == 0x45 || $0 == 0x65 })
        else { return nil }
        return Double(Substring(text))
    }

    private static func trimmed(_ text: String) -> String {
        let utf8 = text.utf8
        guard let first = utf8.firstIndex(where: { !XMLTokenizer.isSpace($0) }),
            let last = utf8.lastIndex(where: { !XMLTokenizer.isSpace($0) })
        else { return "" }
        return String(Substring(utf8[first...last]))
    }
}
