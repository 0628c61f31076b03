import NeighbourhoodGeometry

/// A parsed JSON value. Coordinate arrays under a `"coordinates"` key are parsed straight
/// into points (see ``CoordinateTree``) so large boundary files need no per-number boxes.
public indirect enum JSONValue: Sendable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number.
    case number(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object, members in file order.
    case object([(key: String, value: JSONValue)])
    /// The value of a `"coordinates"` member.
    case coordinates(CoordinateTree)

    /// The member named `key` of an object.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// The string value, if this is a string.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// A scalar rendered as text: strings as they are, integers without a fraction.
    public var scalarText: String? {
        switch self {
        case .string(let s): return s
        case .number(let d):
            if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
            return String(d)
        case .bool(let b): return b ? "true" : "false"
        default: return nil
        }
    }

    /// The name of the JSON type, for messages.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array, .coordinates: "array"
        case .object: "object"
        }
    }
}

/// Nested coordinate arrays: a position, a list of positions, or deeper nesting.
public indirect enum CoordinateTree: Sendable {
    /// One position `[x, y, ...]` (extra ordinates such as z are dropped).
    case position(Point)
    /// An array of positions: a ring or line.
    case positions([Point])
    /// An array of deeper arrays: a polygon's rings, or a multipolygon's polygons.
    case nested([CoordinateTree])
    /// An empty array.
    case empty
}
