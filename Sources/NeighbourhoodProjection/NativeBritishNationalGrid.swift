import NeighbourhoodGeometry

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// PROJ's operation between WGS 84 longitude/latitude and British National Grid when the
/// OSTN15 grid is not installed, computed in Swift: "Inverse of OSGB36 to WGS 84 (6) + British
/// National Grid". Forward (WGS 84 → grid) it runs PROJ's steps:
///
/// 1. degrees → radians;
/// 2. geodetic → geocentric on WGS 84 (height 0);
/// 3. the inverse of the 7-parameter position-vector Helmert EPSG:1314, as PROJ inverts it;
/// 4. geocentric → geodetic on Airy 1830 (Bowring), the height dropped;
/// 5. Poder/Engsager transverse Mercator (φ₀ 49° N, λ₀ 2° W, *k*₀ 0.9996012717,
///    false origin 400 km W, 100 km N of the true origin).
///
/// The inverse runs the steps backwards. ``CoordinateTransformer`` uses it only after checking
/// that PROJ chose exactly this pipeline and that both agree on check points, and only inside
/// the operation's area of use.
struct NativeBritishNationalGrid: Sendable {
    /// WGS 84, the source datum.
    let wgs84 = Ellipsoid.wgs84
    /// Airy 1830, OSGB36's ellipsoid.
    let airy = Ellipsoid.airy1830
    /// OSGB36 → WGS 84 (applied inversely when going to the grid).
    let helmert = HelmertTransformation.osgb36ToWGS84
    /// The grid's transverse Mercator.
    let grid = TransverseMercator.britishNationalGrid
    private let sinCentral: Double, cosCentral: Double

    /// PROJ's factor from degrees to radians (its `unitconvert` multiplies by it and divides
    /// by it on the way back).
    static let radiansPerDegree = 0.017453292519943295

    /// Sets up the constants (once per transformer).
    init() {
        sinCentral = sin(grid.centralMeridian)
        cosCentral = cos(grid.centralMeridian)
    }

    /// The PROJ string (PROJ 5 flavour, axis order normalised to longitude first) of the
    /// operation from WGS 84 longitude/latitude to British National Grid, as PROJ 9.1 writes it.
    static let geographicToGridPipeline = """
        +proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad +step +proj=push +v_3 \
        +step +proj=cart +ellps=WGS84 +step +inv +proj=helmert +x=446.448 +y=-125.157 +z=542.06 \
        +rx=0.15 +ry=0.247 +rz=0.842 +s=-20.489 +convention=position_vector \
        +step +inv +proj=cart +ellps=airy +step +proj=pop +v_3 +step +proj=tmerc +lat_0=49 \
        +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy
        """

    /// The same operation written from the grid to WGS 84 (PROJ's string for EPSG:27700 →
    /// EPSG:4326).
    static let gridToGeographicPipeline = """
        +proj=pipeline +step +inv +proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 \
        +y_0=-100000 +ellps=airy +step +proj=push +v_3 +step +proj=cart +ellps=airy \
        +step +proj=helmert +x=446.448 +y=-125.157 +z=542.06 +rx=0.15 +ry=0.247 +rz=0.842 \
        +s=-20.489 +convention=position_vector +step +inv +proj=cart +ellps=WGS84 \
        +step +proj=pop +v_3 +step +proj=unitconvert +xy_in=rad +xy_out=deg
        """

    /// British National Grid easting and northing (metres) of a WGS 84 longitude and latitude
    /// (degrees). Meaningful inside the operation's area of use only.
    ///
    /// - Complexity: O(1).
    @inline(__always)
    func gridPoint(longitude: Double, latitude: Double) -> Point {
        let phi = latitude * Self.radiansPerDegree, lambda = longitude * Self.radiansPerDegree
        let onWGS84 = wgs84.geocentric(
            sinLatitude: sin(phi), cosLatitude: cos(phi), sinLongitude: sin(lambda), cosLongitude: cos(lambda))
        let position = airy.geodetic(helmert.inverse(onWGS84))
        // sin and cos of λ − λ₀ by the angle-difference identities.
        let sinOffset = position.sinLongitude * cosCentral - position.cosLongitude * sinCentral
        let cosOffset = position.cosLongitude * cosCentral + position.sinLongitude * sinCentral
        let (x, y) = grid.forward(
            sinLatitude: position.sinLatitude, cosLatitude: position.cosLatitude,
            sinLongitude: sinOffset, cosLongitude: cosOffset)
        return Point(x: x, y: y)
    }

    /// WGS 84 longitude and latitude (degrees) of a British National Grid easting and northing
    /// (metres). Meaningful inside the operation's area of use only.
    ///
    /// - Complexity: O(1).
    @inline(__always)
    func geographicPoint(easting: Double, northing: Double) -> Point {
        guard let onGrid: GeodeticPosition = grid.inverse(x: easting, y: northing) else {
            return Point(x: .infinity, y: .infinity)
        }
        // sin and cos of λ = (λ − λ₀) + λ₀ by the angle-sum identities.
        let sinLambda = onGrid.sinLongitude * cosCentral + onGrid.cosLongitude * sinCentral
        let cosLambda = onGrid.cosLongitude * cosCentral - onGrid.sinLongitude * sinCentral
        let onAiry = airy.geocentric(
            sinLatitude: onGrid.sinLatitude, cosLatitude: onGrid.cosLatitude,
            sinLongitude: sinLambda, cosLongitude: cosLambda)
        let position = wgs84.geodetic(helmert.forward(onAiry))
        return Point(x: position.longitude / Self.radiansPerDegree, y: position.latitude / Self.radiansPerDegree)
    }

    /// The box PROJ uses to decide whether a grid coordinate falls in the operation's area of
    /// use: the area's longitude/latitude box (on the grid's own datum, no datum shift), 21
    /// points along each edge projected to the grid, and their extremes, as PROJ's
    /// `reproject_bbox` does.
    ///
    /// - Complexity: O(1) (84 projections).
    func gridBox(ofGeographic box: BoundingBox) -> BoundingBox {
        let steps = 20
        let stepLon = (box.maxX - box.minX) / Double(steps), stepLat = (box.maxY - box.minY) / Double(steps)
        var result = BoundingBox(minX: .infinity, minY: .infinity, maxX: -.infinity, maxY: -.infinity)
        for j in 0...steps {
            let lon = box.minX + Double(j) * stepLon, lat = box.minY + Double(j) * stepLat
            for (x, y) in [(lon, box.minY), (lon, box.maxY), (box.minX, lat), (box.maxX, lat)] {
                let p = grid.forward(latitude: y * Self.radiansPerDegree, longitude: x * Self.radiansPerDegree)
                result.minX = min(result.minX, p.x)
                result.minY = min(result.minY, p.y)
                result.maxX = max(result.maxX, p.x)
                result.maxY = max(result.maxY, p.y)
            }
        }
        return result
    }
}
