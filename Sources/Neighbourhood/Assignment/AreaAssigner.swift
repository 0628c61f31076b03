/// Assigns points to the areas of a boundary layer: the layer projected once into a metric
/// working CRS, an ``AreaIndex`` over it, and each area's parent.
///
/// ```swift
/// let layer = try GeoJSONLayerReader.read(path: "geodata/wy-lsoa-2011.geojson",
///                                         fields: LayerFields(id: "LSOA11CD", parent: "LAD11CD"))
/// let assigner = try AreaAssigner(layer: layer)
/// let areas = try assigner.assign([Point(x: -1.5491, y: 53.7997)])  // Leeds city centre
/// ```
public struct AreaAssigner: Sendable {
    /// The layer as read, in its own CRS.
    public let layer: BoundaryLayer
    /// The layer in ``workingCRS``, which the index is built on.
    public let workingLayer: BoundaryLayer
    /// The metric CRS in which points meet areas (British National Grid for layers in
    /// Great Britain).
    public var workingCRS: String { workingCRSChoice.crs }
    /// The working CRS and how it was chosen (given, or by where the layer lies).
    public let workingCRSChoice: WorkingCRSChoice
    /// The point-in-polygon index over ``workingLayer``.
    public let index: AreaIndex
    /// Each area's parent id, from the layer's parent field or a parent layer.
    public let parentIDs: [String?]
    /// Where the parents came from: a field name, a parent layer's source, or `nil`.
    public let parentSource: String?

    /// Projects `layer` to `workingCRS` and indexes it.
    ///
    /// - Parameters:
    ///   - layer: The areas (e.g. LSOAs), in any CRS PROJ knows.
    ///   - workingCRS: A projected CRS in metres, or `nil` to choose one from where the
    ///     layer lies (``WorkingCRSChoice/automatic(for:)``: EPSG:27700 in Great Britain,
    ///     else the UTM zone of the layer's centre).
    ///   - parentLayer: Optional areas one level up (e.g. districts). Each area's parent is
    ///     the parent area containing its interior point (see
    ///     ``NeighbourhoodGeometry/MultiPolygon/interiorPoint``); this replaces any parent
    ///     field of `layer`.
    /// - Throws: ``ProjectionError`` when a CRS is unknown or in degrees.
    public init(layer: BoundaryLayer, workingCRS: String? = nil, parentLayer: BoundaryLayer? = nil) throws {
        let choice = try workingCRS.map { try WorkingCRSChoice.given($0) } ?? WorkingCRSChoice.automatic(for: layer)
        self.layer = layer
        workingCRSChoice = choice
        let workingCRS = choice.crs
        let working = try layer.projected(to: workingCRS)
        workingLayer = working
        index = AreaIndex(areas: working.areas.map(\.geometry))
        if let parentLayer {
            let parents = try parentLayer.projected(to: workingCRS)
            let parentIndex = AreaIndex(areas: parents.areas.map(\.geometry))
            parentIDs = working.areas.map { area in
                parentIndex.area(containing: area.geometry.interiorPoint).map { parents.areas[$0].id }
            }
            parentSource = parentLayer.source
        } else {
            parentIDs = layer.areas.map(\.parentID)
            parentSource = layer.areas.contains { $0.parentID != nil } ? "field" : nil
        }
    }

    /// An assigner with no areas: points are projected to `workingCRS` and every located row
    /// is `outside`. For analyses that need points but no boundaries (hotspots over the
    /// points' extent).
    ///
    /// - Throws: ``ProjectionError`` when `workingCRS` is unknown or in degrees.
    public init(noAreasIn workingCRS: String? = nil) throws {
        let choice = try workingCRS.map { try WorkingCRSChoice.given($0) } ?? .defaultWithoutLayer
        let empty = try BoundaryLayer(source: "(no boundaries)", crs: choice.crs, areas: [])
        layer = empty
        workingLayer = empty
        workingCRSChoice = choice
        index = AreaIndex(areas: [])
        parentIDs = []
        parentSource = nil
    }

    /// The area position for each point (`nil` when in no area).
    ///
    /// - Parameters:
    ///   - points: Points in `crs`, x = longitude/easting.
    ///   - crs: The points' CRS; WGS84 longitude/latitude by default.
    /// - Throws: ``ProjectionError`` when the CRS is unknown.
    /// - Complexity: O(*n*), in parallel across cores for large batches.
    public func assign(_ points: [Point], crs: String = CoordinateReferenceSystem.wgs84) throws -> [Int?] {
        var projected = points
        if crs != workingCRS {
            try CoordinateTransformation(from: crs, to: workingCRS).transform(&projected)
        }
        return index.locate(projected).map { $0 >= 0 ? Int($0) : nil }
    }

    /// The ids of the areas containing each point (`nil` when in no area).
    public func assignIDs(_ points: [Point], crs: String = CoordinateReferenceSystem.wgs84) throws -> [String?] {
        try assign(points, crs: crs).map { $0.map { layer.areas[$0].id } }
    }
}
