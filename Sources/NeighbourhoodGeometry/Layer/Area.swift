/// One neighbourhood, district or other area of a boundary layer.
public struct Area: Sendable, Hashable {
    /// The area's code, unique in its layer (e.g. an LSOA code such as `E01011698`).
    public var id: String
    /// A readable name (e.g. `Leeds 001A`); the id when the source has none.
    public var name: String
    /// The id of the area one level up (e.g. the district code), when known.
    public var parentID: String?
    /// The area's shape, in the layer's coordinate reference system.
    public var geometry: MultiPolygon

    /// Creates an area.
    public init(id: String, name: String? = nil, parentID: String? = nil, geometry: MultiPolygon) {
        self.id = id
        self.name = name ?? id
        self.parentID = parentID
        self.geometry = geometry
    }
}
