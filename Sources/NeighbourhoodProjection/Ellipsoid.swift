#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A reference ellipsoid with the derived constants PROJ computes from `+ellps=` (semi-major
/// axis and reciprocal flattening, as in PROJ's `ellipsoid.cpp`), and the conversions between
/// geodetic and geocentric (Earth-centred, Earth-fixed) coordinates that PROJ's `cart` step
/// performs.
///
/// Angles are radians, lengths metres. Pure Swift; used by ``NativeBritishNationalGrid``.
struct Ellipsoid: Sendable, Hashable {
    /// Semi-major axis *a*, metres.
    let a: Double
    /// Semi-minor axis *b* = (1 − *f*) *a*, metres.
    let b: Double
    /// Flattening *f*.
    let f: Double
    /// First eccentricity squared, *e*² = 2*f* − *f*².
    let es: Double
    /// Second eccentricity squared, *e*′² = tan²(asin *e*) (PROJ's `e2s`).
    let e2s: Double

    /// Creates an ellipsoid from its semi-major axis and reciprocal flattening.
    init(semiMajorAxis a: Double, inverseFlattening rf: Double) {
        self.a = a
        f = 1 / rf
        es = 2 * f - f * f
        let e2 = tan(asin(es.squareRoot()))
        e2s = e2 * e2
        b = (1 - f) * a
    }

    /// WGS 84: *a* = 6,378,137 m, 1/*f* = 298.257223563 (PROJ's `+ellps=WGS84`).
    static let wgs84 = Ellipsoid(semiMajorAxis: 6_378_137, inverseFlattening: 298.257223563)
    /// Airy 1830: *a* = 6,377,563.396 m, 1/*f* = 299.3249646 (PROJ's `+ellps=airy`, the
    /// ellipsoid of OSGB36 and the British National Grid).
    static let airy1830 = Ellipsoid(semiMajorAxis: 6_377_563.396, inverseFlattening: 299.3249646)

    /// Geocentric X, Y, Z of a point on the ellipsoid (height 0), given the sines and cosines
    /// of its latitude φ and longitude λ (Hofmann-Wellenhof and Moritz 2005, eq. 5-27, as
    /// PROJ's `cart` forward step).
    ///
    /// - Complexity: O(1).
    @inline(__always)
    func geocentric(sinLatitude sinPhi: Double, cosLatitude cosPhi: Double,
                    sinLongitude sinLam: Double, cosLongitude cosLam: Double) -> Cartesian {
        let n = a / (1 - es * sinPhi * sinPhi).squareRoot()
        return Cartesian(x: n * cosPhi * cosLam, y: n * cosPhi * sinLam, z: n * (1 - es) * sinPhi)
    }

    /// Geodetic latitude and longitude of a geocentric point, by Bowring's (1976) single-step
    /// formula as PROJ's `cart` inverse step computes it. The ellipsoidal height is not needed
    /// by the pipelines here (PROJ's `push`/`pop` discard it) and is not computed.
    ///
    /// Valid away from the poles and the Earth's centre (PROJ special-cases both; points
    /// in Great Britain never reach them).
    ///
    /// - Complexity: O(1).
    @inline(__always)
    func geodetic(_ p: Cartesian) -> GeodeticPosition {
        let ra = 1 / a
        let xa = p.x * ra, ya = p.y * ra, za = p.z * ra
        // Distance from the Z axis (HM eq. 5-28), and Bowring's parametric latitude θ
        // (HM eq. 5-37): tan θ = z a / (p b).
        let pa = (xa * xa + ya * ya).squareRoot()
        let bOverA = 1 - f
        let pb = pa * bOverA
        let invNorm = 1 / (za * za + pb * pb).squareRoot()
        let cosTheta = pb * invNorm, sinTheta = za * invNorm
        // HM eq. 5-36: tan φ = (z + e′² b sin³θ) / (p − e² a cos³θ).
        let yPhi = za + e2s * bOverA * sinTheta * sinTheta * sinTheta
        let xPhi = pa - es * cosTheta * cosTheta * cosTheta
        let invNormPhi = 1 / (yPhi * yPhi + xPhi * xPhi).squareRoot(), invPa = 1 / pa
        return GeodeticPosition(
            sinLatitude: yPhi * invNormPhi, cosLatitude: xPhi * invNormPhi,
            sinLongitude: ya * invPa, cosLongitude: xa * invPa)
    }
}

/// A geodetic latitude and longitude as their sines and cosines, the form in which the
/// steps of ``NativeBritishNationalGrid`` hand positions to each other, so that no angle is
/// computed until one is output.
struct GeodeticPosition: Sendable, Hashable {
    /// sin φ.
    var sinLatitude: Double
    /// cos φ.
    var cosLatitude: Double
    /// sin λ.
    var sinLongitude: Double
    /// cos λ.
    var cosLongitude: Double

    /// Latitude φ, radians (PROJ's `atan` of the ratio).
    var latitude: Double { atan(sinLatitude / cosLatitude) }

    /// Longitude λ, radians, in (−π, π].
    var longitude: Double { atan2(sinLongitude, cosLongitude) }
}

/// Geocentric (Earth-centred, Earth-fixed) coordinates in metres.
struct Cartesian: Sendable, Hashable {
    /// Towards latitude 0, longitude 0.
    var x: Double
    /// Towards latitude 0, longitude 90° E.
    var y: Double
    /// Towards the North Pole.
    var z: Double
}
