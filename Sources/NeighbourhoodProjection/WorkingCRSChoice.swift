internal import CProj
import NeighbourhoodGeometry

/// The metric CRS in which points meet areas, and how it was chosen.
///
/// Distances (kernel radii, cell sizes, distance bands) and the shared-edge rule are applied
/// in this CRS, so it must be projected (metres). Given explicitly it is used as is;
/// otherwise it is chosen from where the boundary layer lies: British National Grid
/// (EPSG:27700) when the layer lies within its area of use as PROJ records it (Great Britain
/// and its waters), else the WGS 84 / UTM zone of the layer's centre (EPSG:326zz north of the
/// equator, 327zz south), or WGS 84 / UPS beyond 84° N or 80° S.
public struct WorkingCRSChoice: Sendable, Hashable {
    /// The CRS, e.g. `EPSG:27700`.
    public var crs: String
    /// Whether it was chosen automatically rather than given.
    public var isAutomatic: Bool
    /// How it was chosen, in words (for manifests and summaries).
    public var rule: String

    /// A CRS given by the user.
    ///
    /// - Throws: ``ProjectionError`` when the CRS is unknown or in degrees.
    public static func given(_ crs: String) throws(ProjectionError) -> WorkingCRSChoice {
        try CoordinateReferenceSystem.requireProjected(crs)
        return WorkingCRSChoice(crs: crs, isAutomatic: false, rule: "given")
    }

    /// British National Grid, chosen because there is no boundary layer to choose from.
    public static let defaultWithoutLayer = WorkingCRSChoice(
        crs: CoordinateReferenceSystem.britishNationalGrid, isAutomatic: true,
        rule: "no boundary layer to choose from: British National Grid (give --working-crs for data outside Great Britain)")

    /// The CRS for data lying within `bounds`, longitude/latitude in degrees.
    ///
    /// - Throws: ``ProjectionError`` when PROJ cannot report British National Grid's area
    ///   of use (a broken PROJ installation).
    public static func automatic(forLonLat bounds: BoundingBox) throws(ProjectionError) -> WorkingCRSChoice {
        let bng = CoordinateReferenceSystem.britishNationalGrid
        guard !bounds.isEmpty else { return defaultWithoutLayer }
        let area = try CoordinateReferenceSystem.areaOfUse(bng)
        if bounds.minX >= area.minX, bounds.maxX <= area.maxX, bounds.minY >= area.minY, bounds.maxY <= area.maxY {
            return WorkingCRSChoice(
                crs: bng, isAutomatic: true,
                rule: "the layer lies within British National Grid's area of use "
                    + "(\(degrees(area.minX))…\(degrees(area.maxX)) E, \(degrees(area.minY))…\(degrees(area.maxY)) N)")
        }
        let lon = (bounds.minX + bounds.maxX) / 2, lat = (bounds.minY + bounds.maxY) / 2
        let outside = "the layer (\(degrees(bounds.minX))…\(degrees(bounds.maxX)) E, "
            + "\(degrees(bounds.minY))…\(degrees(bounds.maxY)) N) is not within British National Grid's area of use"
        if lat > 84 { return WorkingCRSChoice(crs: "EPSG:32661", isAutomatic: true, rule: outside + "; its centre is north of 84° N: UPS North") }
        if lat < -80 { return WorkingCRSChoice(crs: "EPSG:32761", isAutomatic: true, rule: outside + "; its centre is south of 80° S: UPS South") }
        let zone = min(60, max(1, Int(((lon + 180) / 6).rounded(.down)) + 1))
        let code = (lat >= 0 ? 32600 : 32700) + zone
        return WorkingCRSChoice(
            crs: "EPSG:\(code)", isAutomatic: true,
            rule: outside + "; UTM zone \(zone)\(lat >= 0 ? "N" : "S") of its centre (\(degrees(lon)) E, \(degrees(lat)) N)")
    }

    /// The CRS for `layer`: its longitude/latitude extent decides (see ``automatic(forLonLat:)``).
    ///
    /// - Throws: ``ProjectionError`` when the layer's CRS is unknown.
    public static func automatic(for layer: BoundaryLayer) throws(ProjectionError) -> WorkingCRSChoice {
        try automatic(forLonLat: layer.geographicBounds())
    }

    private static func degrees(_ value: Double) -> String {
        let hundredths = (value * 100).rounded()
        return String(hundredths / 100)
    }
}

extension CoordinateReferenceSystem {
    /// The area of use PROJ records for `definition`, as a longitude/latitude box in degrees.
    ///
    /// - Throws: ``ProjectionError`` (`.unknownCRS`) when the CRS is unknown or has no
    ///   recorded area of use (e.g. a bare PROJ string).
    public static func areaOfUse(_ definition: String) throws(ProjectionError) -> BoundingBox {
        let context = try ProjContext()
        let crs = try context.crs(definition)
        var west = 0.0, south = 0.0, east = 0.0, north = 0.0
        guard proj_get_area_of_use(context.handle, crs.handle, &west, &south, &east, &north, nil) != 0,
            west > -1000
        else {
            throw ProjectionError(.unknownCRS, "PROJ records no area of use for CRS '\(definition)'")
        }
        return BoundingBox(minX: west, minY: south, maxX: east, maxY: north)
    }
}

extension BoundaryLayer {
    /// The layer's extent in longitude/latitude degrees: its bounding box's edges, sampled
    /// every 1/32 of their length, transformed from the layer's CRS (projected boxes are
    /// not rectangles in degrees, so the corners alone are not enough).
    ///
    /// - Throws: ``ProjectionError`` when the layer's CRS is unknown.
    public func geographicBounds() throws(ProjectionError) -> BoundingBox {
        let box = boundingBox
        guard !box.isEmpty else { return box }
        if try CoordinateReferenceSystem.info(crs).isGeographic, crs == "OGC:CRS84" || crs == CoordinateReferenceSystem.wgs84 {
            return box
        }
        var samples: [Point] = []
        for k in 0...32 {
            let t = Double(k) / 32
            let x = box.minX + t * box.width, y = box.minY + t * box.height
            samples += [Point(x: x, y: box.minY), Point(x: x, y: box.maxY), Point(x: box.minX, y: y), Point(x: box.maxX, y: y)]
        }
        try CoordinateTransformation(from: crs, to: CoordinateReferenceSystem.wgs84).transform(&samples)
        return BoundingBox(covering: samples.filter(\.isFinite))
    }
}
