#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The ellipsoidal transverse Mercator projection by Poder and Engsager's 6th-order series
/// (Engsager and Poder 2007, after König and Weise 1951), the algorithm PROJ 9 uses for
/// `+proj=tmerc` by default (`tmerc_default_algo = poder_engsager`): geodetic latitude to
/// Gaussian (conformal) latitude, the spherical transverse Mercator, then a complex Clenshaw
/// series from the sphere to the ellipsoid; the inverse runs the same steps backwards.
///
/// Angles are radians, grid coordinates metres. Accurate to a few nanometres within 3,900 km
/// of the central meridian.
struct TransverseMercator: Sendable, Hashable {
    /// The ellipsoid's semi-major axis, metres.
    let a: Double
    /// The central meridian λ₀, radians.
    let centralMeridian: Double
    /// False easting and northing, metres.
    let falseEasting: Double, falseNorthing: Double
    /// Normalised meridian quadrant scaled by *k*₀ (PROJ's `Qn`).
    private let qn: Double
    /// Northing of the origin latitude, normalised (PROJ's `Zb`).
    private let zb: Double
    /// Series coefficients: Gaussian → geodetic latitude, geodetic → Gaussian latitude,
    /// ellipsoidal → spherical grid, spherical → ellipsoidal grid.
    private let cgb: Series, cbg: Series, utg: Series, gtu: Series

    /// Six coefficients of a trigonometric series.
    struct Series: Sendable, Hashable {
        var c0, c1, c2, c3, c4, c5: Double
    }

    /// Longest normalised easting PROJ accepts (150° of spherical longitude).
    private static let maximumNormalisedEasting = 2.623395162778

    /// Sets up the projection.
    ///
    /// - Parameters:
    ///   - ellipsoid: The ellipsoid (its *a* and *e*²).
    ///   - originLatitude: φ₀, radians.
    ///   - centralMeridian: λ₀, radians.
    ///   - scale: *k*₀ on the central meridian.
    ///   - falseEasting: Metres added to eastings.
    ///   - falseNorthing: Metres added to northings.
    init(ellipsoid: Ellipsoid, originLatitude: Double, centralMeridian: Double, scale k0: Double,
         falseEasting: Double, falseNorthing: Double) {
        a = ellipsoid.a
        self.centralMeridian = centralMeridian
        self.falseEasting = falseEasting
        self.falseNorthing = falseNorthing
        let es = ellipsoid.es
        let f = es / (1 + (1 - es).squareRoot())
        let n = f / (2 - f)  // third flattening
        var np = n
        var cgb = Series(c0: 0, c1: 0, c2: 0, c3: 0, c4: 0, c5: 0), cbg = cgb, utg = cgb, gtu = cgb
        cgb.c0 = n * (2 + n * (-2 / 3.0 + n * (-2 + n * (116 / 45.0 + n * (26 / 45.0 + n * (-2854 / 675.0))))))
        cbg.c0 = n * (-2 + n * (2 / 3.0 + n * (4 / 3.0 + n * (-82 / 45.0 + n * (32 / 45.0 + n * (4642 / 4725.0))))))
        np *= n
        cgb.c1 = np * (7 / 3.0 + n * (-8 / 5.0 + n * (-227 / 45.0 + n * (2704 / 315.0 + n * (2323 / 945.0)))))
        cbg.c1 = np * (5 / 3.0 + n * (-16 / 15.0 + n * (-13 / 9.0 + n * (904 / 315.0 + n * (-1522 / 945.0)))))
        np *= n
        cgb.c2 = np * (56 / 15.0 + n * (-136 / 35.0 + n * (-1262 / 105.0 + n * (73814 / 2835.0))))
        cbg.c2 = np * (-26 / 15.0 + n * (34 / 21.0 + n * (8 / 5.0 + n * (-12686 / 2835.0))))
        np *= n
        cgb.c3 = np * (4279 / 630.0 + n * (-332 / 35.0 + n * (-399572 / 14175.0)))
        cbg.c3 = np * (1237 / 630.0 + n * (-12 / 5.0 + n * (-24832 / 14175.0)))
        np *= n
        cgb.c4 = np * (4174 / 315.0 + n * (-144838 / 6237.0))
        cbg.c4 = np * (-734 / 315.0 + n * (109598 / 31185.0))
        np *= n
        cgb.c5 = np * (601676 / 22275.0)
        cbg.c5 = np * (444337 / 155925.0)

        np = n * n
        qn = k0 / (1 + n) * (1 + np * (1 / 4.0 + np * (1 / 64.0 + np / 256.0)))
        utg.c0 = n * (-0.5 + n * (2 / 3.0 + n * (-37 / 96.0 + n * (1 / 360.0 + n * (81 / 512.0 + n * (-96199 / 604800.0))))))
        gtu.c0 = n * (0.5 + n * (-2 / 3.0 + n * (5 / 16.0 + n * (41 / 180.0 + n * (-127 / 288.0 + n * (7891 / 37800.0))))))
        utg.c1 = np * (-1 / 48.0 + n * (-1 / 15.0 + n * (437 / 1440.0 + n * (-46 / 105.0 + n * (1118711 / 3870720.0)))))
        gtu.c1 = np * (13 / 48.0 + n * (-3 / 5.0 + n * (557 / 1440.0 + n * (281 / 630.0 + n * (-1983433 / 1935360.0)))))
        np *= n
        utg.c2 = np * (-17 / 480.0 + n * (37 / 840.0 + n * (209 / 4480.0 + n * (-5569 / 90720.0))))
        gtu.c2 = np * (61 / 240.0 + n * (-103 / 140.0 + n * (15061 / 26880.0 + n * (167603 / 181440.0))))
        np *= n
        utg.c3 = np * (-4397 / 161280.0 + n * (11 / 504.0 + n * (830251 / 7257600.0)))
        gtu.c3 = np * (49561 / 161280.0 + n * (-179 / 168.0 + n * (6601661 / 7257600.0)))
        np *= n
        utg.c4 = np * (-4583 / 161280.0 + n * (108847 / 3991680.0))
        gtu.c4 = np * (34729 / 80640.0 + n * (-3418889 / 1995840.0))
        np *= n
        utg.c5 = np * (-20648693 / 638668800.0)
        gtu.c5 = np * (212378941 / 319334400.0)
        self.cgb = cgb
        self.cbg = cbg
        self.utg = utg
        self.gtu = gtu

        // Gaussian latitude of the origin, and the normalised northing there.
        let z = originLatitude + Self.correction(cbg, cos2: cos(2 * originLatitude), sin2: sin(2 * originLatitude))
        zb = -qn * (z + Self.realSeries(gtu, 2 * z))
    }

    /// British National Grid's projection (EPSG:27700): Airy 1830, φ₀ 49° N, λ₀ 2° W,
    /// *k*₀ 0.9996012717, false origin (400,000 m, −100,000 m).
    static let britishNationalGrid = TransverseMercator(
        ellipsoid: .airy1830, originLatitude: 49 * .pi / 180, centralMeridian: -2 * .pi / 180,
        scale: 0.9996012717, falseEasting: 400_000, falseNorthing: -100_000)

    /// Easting and northing in metres of the point whose latitude φ and longitude offset
    /// λ − λ₀ are given by their sines and cosines. Returns infinities beyond 150° of spherical
    /// longitude from the central meridian, as PROJ does.
    ///
    /// The Gaussian latitude χ = φ + δ is formed from sin φ and cos φ by the angle-sum
    /// identities (δ, PROJ's `gatg` correction, is below 0.004 rad), so no angle is needed.
    ///
    /// - Complexity: O(1).
    @inline(__always)
    func forward(sinLatitude sinPhi: Double, cosLatitude cosPhi: Double,
                 sinLongitude sinLam: Double, cosLongitude cosLam: Double) -> (x: Double, y: Double) {
        // Geodetic -> Gaussian latitude.
        let delta = Self.correction(cbg, cos2: cosPhi * cosPhi - sinPhi * sinPhi, sin2: 2 * sinPhi * cosPhi)
        let (sinDelta, cosDelta) = Self.sinCosOfSmallAngle(delta)
        let sinCn = sinPhi * cosDelta + cosPhi * sinDelta
        let cosCn = cosPhi * cosDelta - sinPhi * sinDelta
        // Gaussian -> complementary spherical latitude and the spherical TM easting.
        let cosCnCosCe = cosCn * cosLam
        var cn = atan2(sinCn, cosCnCosCe)
        let invDenominator = 1 / (sinCn * sinCn + cosCnCosCe * cosCnCosCe).squareRoot()
        let tanCe = sinLam * cosCn * invDenominator
        // asinh(tan ce) = log(tan ce + √(1 + tan² ce)), and 1 + tan² ce = invDenominator².
        var ce = log(tanCe + invDenominator)
        // sin, cos of 2 cn and sinh, cosh of 2 ce from the quantities above (as PROJ 9 does).
        let twoInv = 2 * invDenominator
        let twoInvSquare = twoInv * invDenominator
        let tmp = cosCnCosCe * twoInvSquare
        let (dCn, dCe) = Self.complexSeries(
            gtu, sinR: sinCn * tmp, cosR: cosCnCosCe * tmp - 1,
            sinhI: tanCe * twoInv, coshI: twoInvSquare - 1)
        cn += dCn
        ce += dCe
        guard abs(ce) <= Self.maximumNormalisedEasting else { return (.infinity, .infinity) }
        return (a * (qn * ce) + falseEasting, a * (qn * cn + zb) + falseNorthing)
    }

    /// Easting and northing in metres of latitude φ and longitude λ in radians.
    ///
    /// - Complexity: O(1).
    func forward(latitude phi: Double, longitude lambda: Double) -> (x: Double, y: Double) {
        forward(
            sinLatitude: sin(phi), cosLatitude: cos(phi),
            sinLongitude: sin(lambda - centralMeridian), cosLongitude: cos(lambda - centralMeridian))
    }

    /// The sines and cosines of the latitude φ and of the longitude offset λ − λ₀ of a grid
    /// point in metres, or `nil` beyond 150° of spherical longitude from the central
    /// meridian (where PROJ returns infinities).
    ///
    /// - Complexity: O(1).
    @inline(__always)
    func inverse(x: Double, y: Double) -> GeodeticPosition? {
        let ra = 1 / a
        var cn = ((y - falseNorthing) * ra - zb) / qn
        var ce = ((x - falseEasting) * ra) / qn
        guard abs(ce) <= Self.maximumNormalisedEasting else { return nil }
        let exp2Ce = exp(2 * ce)
        let halfInv = 0.5 / exp2Ce
        let (dCn, dCe) = Self.complexSeries(
            utg, sinR: sin(2 * cn), cosR: cos(2 * cn), sinhI: 0.5 * exp2Ce - halfInv, coshI: 0.5 * exp2Ce + halfInv)
        cn += dCn
        ce += dCe
        // Complementary spherical -> Gaussian latitude χ and longitude offset:
        // tan(λ − λ₀) = sinh ce / cos cn, tan χ = sin cn / √(sinh² ce + cos² cn).
        let sinCn = sin(cn), cosCn = cos(cn)
        let sinhCe = sinh(ce)
        let modulus = (sinhCe * sinhCe + cosCn * cosCn).squareRoot()
        let radius = (sinhCe * sinhCe + 1).squareRoot()  // = √(sin² cn + modulus²)
        let sinChi = sinCn / radius, cosChi = modulus / radius
        let tmp = 2 * modulus / (sinhCe * sinhCe + 1)
        // Gaussian -> geodetic latitude, φ = χ + δ.
        let delta = Self.correction(cgb, cos2: tmp * modulus - 1, sin2: sinCn * tmp)
        let (sinDelta, cosDelta) = Self.sinCosOfSmallAngle(delta)
        return GeodeticPosition(
            sinLatitude: sinChi * cosDelta + cosChi * sinDelta, cosLatitude: cosChi * cosDelta - sinChi * sinDelta,
            sinLongitude: sinhCe / modulus, cosLongitude: cosCn / modulus)
    }

    /// Latitude φ and longitude λ (radians) of a grid point in metres; infinities beyond 150°
    /// of spherical longitude from the central meridian.
    ///
    /// - Complexity: O(1).
    func inverse(x: Double, y: Double) -> (latitude: Double, longitude: Double) {
        guard let p: GeodeticPosition = inverse(x: x, y: y) else { return (.infinity, .infinity) }
        return (p.latitude, p.longitude + centralMeridian)
    }

    /// Σ *cₖ* sin(2(*k*+1)*B*) by Clenshaw summation given cos 2*B* and sin 2*B*: the
    /// correction PROJ's `gatg` adds to *B* between geodetic and Gaussian latitude.
    @inline(__always)
    private static func correction(_ c: Series, cos2: Double, sin2: Double) -> Double {
        let twoCos = 2 * cos2
        var h1 = c.c5, h2 = 0.0, h = 0.0
        h = -h2 + twoCos * h1 + c.c4; h2 = h1; h1 = h
        h = -h2 + twoCos * h1 + c.c3; h2 = h1; h1 = h
        h = -h2 + twoCos * h1 + c.c2; h2 = h1; h1 = h
        h = -h2 + twoCos * h1 + c.c1; h2 = h1; h1 = h
        h = -h2 + twoCos * h1 + c.c0
        return h * sin2
    }

    /// sin δ and cos δ; by their Taylor series (exact to rounding) when |δ| < 0.01.
    @inline(__always)
    static func sinCosOfSmallAngle(_ d: Double) -> (Double, Double) {
        guard abs(d) < 0.01 else { return (sin(d), cos(d)) }
        let d2 = d * d
        // Next terms: d⁹/9! and d¹⁰/10! are below 3e-24 relative to 1 for |d| < 0.01.
        let s = d * (1 - d2 / 6 * (1 - d2 / 20 * (1 - d2 / 42 * (1 - d2 / 72))))
        let c = 1 - d2 / 2 * (1 - d2 / 12 * (1 - d2 / 30 * (1 - d2 / 56)))
        return (s, c)
    }

    /// Σ *cₖ* sin((*k*+1)*θ) by Clenshaw summation (PROJ's `clens`), for the origin only.
    private static func realSeries(_ c: Series, _ theta: Double) -> Double {
        let r = 2 * cos(theta)
        var hr = c.c5, hr1 = 0.0, hr2 = 0.0
        for ck in [c.c4, c.c3, c.c2, c.c1, c.c0] {
            hr2 = hr1
            hr1 = hr
            hr = -hr2 + r * hr1 + ck
        }
        return sin(theta) * hr
    }

    /// Σ *cₖ* sin((*k*+1)(*r* + i*i*)) by complex Clenshaw summation (PROJ's `clenS`), given
    /// sin *r*, cos *r*, sinh *i*, cosh *i*; returns the real and imaginary parts.
    @inline(__always)
    private static func complexSeries(_ c: Series, sinR: Double, cosR: Double, sinhI: Double, coshI: Double)
        -> (Double, Double) {
        let r = 2 * cosR * coshI
        let i = -2 * sinR * sinhI
        var hr = c.c5, hi = 0.0, hr1 = 0.0, hi1 = 0.0
        @inline(__always) func step(_ ck: Double) {
            let hr2 = hr1, hi2 = hi1
            hr1 = hr
            hi1 = hi
            hr = -hr2 + r * hr1 - i * hi1 + ck
            hi = -hi2 + i * hr1 + r * hi1
        }
        step(c.c4); step(c.c3); step(c.c2); step(c.c1); step(c.c0)
        let rr = sinR * coshI, ii = cosR * sinhI
        return (rr * hr - ii * hi, rr * hi + ii * hr)
    }
}
