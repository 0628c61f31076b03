public import NeighbourhoodGeometry

/// A classed (choropleth) map of neighbourhoods in a projected CRS, with district outlines,
/// an optional hotspot layer, incident points, labels for the top areas, a legend with class
/// bounds and units, a scale bar, a north arrow, a title, the period and the attribution,
/// written as one standalone SVG document.
///
/// Polygons with holes are drawn as one path per ring set with `fill-rule="evenodd"`, so
/// holes stay holes whatever the ring orientation. Geometry is simplified for display only
/// (``TilingSimplifier`` at the drawing's pixel size).
///
/// ```swift
/// var map = ChoroplethMap(title: "All crime", period: "2018-07", valueLabel: "offences")
/// map.regions = areas.map { .init(id: $0.id, name: $0.name, geometry: $0.geometry, value: counts[$0.id]) }
/// map.classes = try .naturalBreaks(of: values, classes: 5)
/// let svg = try map.svg()
/// ```
public struct ChoroplethMap: Sendable {
    /// One area to shade.
    public struct Region: Sendable {
        /// The area's id.
        public var id: String
        /// The name used for its label.
        public var name: String
        /// The geometry in the map's projected CRS (metres).
        public var geometry: MultiPolygon
        /// The value shaded, or `nil` when there is none (drawn hatched grey as "no data").
        public var value: Double?
        /// The group (e.g. district id) whose dissolved outline is drawn heavier.
        public var group: String?

        /// Creates a region.
        public init(id: String, name: String, geometry: MultiPolygon, value: Double?, group: String? = nil) {
            self.id = id
            self.name = name
            self.geometry = geometry
            self.value = value
            self.group = group
        }
    }

    /// A square grid cell of the hotspot layer.
    public struct Cell: Sendable {
        /// The cell's extent in the projected CRS.
        public var bounds: BoundingBox
        /// Index into ``ChoroplethMap/cellKey``.
        public var keyIndex: Int

        /// Creates a cell.
        public init(bounds: BoundingBox, keyIndex: Int) {
            self.bounds = bounds
            self.keyIndex = keyIndex
        }
    }

    /// The title.
    public var title: String
    /// The period shown under the title, e.g. `July 2018 (2018-07)`.
    public var period: String
    /// The legend heading: what is shaded and its unit, e.g. `Offences per 1,000 residents`.
    public var valueLabel: String
    /// The areas.
    public var regions: [Region] = []
    /// Class bounds; `nil` when nothing can be classified (then ``note`` should say why).
    public var classes: ClassBreaks?
    /// The palette.
    public var palette: Palette = .yellowOrangeRed
    /// Decimals in legend bounds and labels.
    public var decimals: Int = 0
    /// District outlines given as a layer (drawn instead of the regions' dissolved groups).
    public var districtOutlines: [MultiPolygon]?
    /// Hotspot cells, drawn over the shading.
    public var cells: [Cell] = []
    /// The hotspot layer's legend: label and colour for each key index.
    public var cellKey: [(label: String, colour: RGBColour)] = []
    /// The hotspot layer's legend heading.
    public var cellTitle: String = "Hotspots"
    /// Incident points in the projected CRS.
    public var points: [Point] = []
    /// Label this many areas with the highest values.
    public var labelTop: Int = 0
    /// A message drawn across the map when the data cannot support shading (no incidents,
    /// a single area, missing months).
    public var note: String?
    /// The attribution line.
    public var attribution: String =
        "Contains public sector information licensed under the Open Government Licence v3.0. Boundaries: ONS, © Crown copyright and database right."
    /// The drawing's width in pixels.
    public var width: Double = 900
    /// Alternative text: a one-sentence description (the SVG `<desc>` and the HTML `alt`).
    public var description: String?
    /// Geometry already simplified for this map's regions and size (see
    /// ``makeDisplayGeometry()``); `nil` simplifies when drawing.
    public var displayGeometry: DisplayGeometry?
    /// An id prefix for elements, unique within a page holding several maps.
    public var idPrefix: String = "map"

    /// Creates a map with a title, period and legend heading.
    public init(title: String, period: String, valueLabel: String) {
        self.title = title
        self.period = period
        self.valueLabel = valueLabel
    }

    /// The class colours for ``classes`` from ``palette``.
    ///
    /// - Throws: ``MapError`` when the palette cannot give that many classes.
    public func classColours() throws(MapError) -> [RGBColour] {
        guard let classes else { return [] }
        if classes.method == .diverging, let centre = classes.centre {
            let below = classes.bounds.dropLast().filter { $0 < centre }.count
            let above = classes.classCount - below
            let p = palette.isDiverging ? palette : .blueRed
            return try p.divergingColours(below: below, above: above)
        }
        let p = palette.isDiverging && classes.method != .diverging ? Palette.yellowOrangeRed : palette
        return try p.colours(classes.classCount)
    }

    /// The fill of a value: its class's colour, or `nil` (no data / outside the classes).
    public func colour(of value: Double?) throws(MapError) -> RGBColour? {
        guard let value, let classes, let c = classes.classIndex(of: value) else { return nil }
        return try classColours()[c]
    }

    /// Formats `value` with ``decimals`` and thousands separators.
    public func format(_ value: Double) -> String {
        ValueFormat.number(value, decimals: decimals)
    }
}

/// Number formatting for legends and tables.
public enum ValueFormat {
    /// `value` rounded to `decimals`, with comma thousands separators: `1,234.5`.
    public static func number(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "–" : (value > 0 ? "∞" : "−∞") }
        var factor = 1.0
        for _ in 0..<decimals { factor *= 10 }
        let scaled = (abs(value) * factor).rounded()
        let whole = Int(scaled / factor)
        let fraction = Int(scaled - Double(whole) * factor)
        var digits = String(whole)
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        grouped = digits + grouped
        if decimals > 0 {
            var f = String(fraction)
            while f.count < decimals { f = "0" + f }
            grouped += "." + f
        }
        return (value < 0 && scaled > 0 ? "−" : "") + grouped
    }
}
