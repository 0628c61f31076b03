public import NeighbourhoodGeometry

/// The regions' rings simplified for one drawing scale and the district outlines, computed
/// once and shared by maps of the same areas at the same size (a report's maps differ only
/// in their values).
public struct DisplayGeometry: Sendable {
    /// The simplification tolerance in metres (one pixel).
    public let tolerance: Double
    /// Per region, per part, the simplified rings.
    public let rings: [[[[Point]]]]
    /// District outlines as polylines.
    public let outlines: [[Point]]
}

extension ChoroplethMap {
    /// The simplified geometry this map draws, to reuse through ``displayGeometry`` on maps of
    /// the same regions, groups, district layer and width.
    ///
    /// - Throws: ``MapError`` when there is nothing to frame.
    public func makeDisplayGeometry() throws(MapError) -> DisplayGeometry {
        let layout = try Layout(self)
        return DisplayGeometry(tolerance: 1 / layout.frame.scale, rings: layout.simplified, outlines: layout.outlines)
    }

    /// Where everything goes, and the geometry prepared for drawing.
    struct Layout {
        let frame: MapFrame
        let mapWidth: Double
        let mapHeight: Double
        let height: Double
        /// Per region, per part, rings simplified at the pixel size (in metres).
        let simplified: [[[[Point]]]]
        /// District outlines as polylines in metres.
        let outlines: [[Point]]

        init(_ map: ChoroplethMap) throws(MapError) {
            guard map.width >= 400 else { throw MapError(.invalidOption, "a map must be at least 400 pixels wide; got \(map.width)") }
            var extent = BoundingBox.empty
            for region in map.regions { extent.extend(by: region.geometry.boundingBox) }
            if extent.isEmpty {
                for cell in map.cells { extent.extend(by: cell.bounds) }
                for p in map.points where p.isFinite { extent.extend(by: p) }
            }
            guard !extent.isEmpty else { throw MapError(.noData, "nothing to draw: no areas, cells or points") }
            mapWidth = map.width - ChoroplethMap.panelWidth - 30
            let aspect = extent.width > 0 ? extent.height / extent.width : 1
            mapHeight = Swift.min(Swift.max(mapWidth * aspect, 320), 1.4 * mapWidth)
            frame = try MapFrame(extent: extent, x: 15, y: ChoroplethMap.headerHeight, width: mapWidth, height: mapHeight)
            let legendHeight = ChoroplethMap.legendHeight(map)
            height = Swift.max(ChoroplethMap.headerHeight + mapHeight, ChoroplethMap.headerHeight + legendHeight) + 36
            if let prepared = map.displayGeometry, prepared.tolerance == 1 / frame.scale, prepared.rings.count == map.regions.count {
                simplified = prepared.rings
                outlines = prepared.outlines
                return
            }
            let simplifier = try TilingSimplifier(tolerance: 1 / frame.scale)
            simplified = simplifier.simplify(map.regions.map(\.geometry))
            if let districts = map.districtOutlines {
                let rings = simplifier.simplify(districts)
                outlines = rings.flatMap { parts in parts.flatMap { $0 } }
            } else if map.regions.contains(where: { $0.group != nil }) {
                var groups: [String: [[Point]]] = [:]
                var order: [String] = []
                for (i, region) in map.regions.enumerated() {
                    guard let g = region.group else { continue }
                    if groups[g] == nil { order.append(g) }
                    groups[g, default: []].append(contentsOf: simplified[i].flatMap { $0 })
                }
                outlines = OutlineDissolve.network(of: order.map { groups[$0]! })
            } else {
                outlines = []
            }
        }
    }
}
