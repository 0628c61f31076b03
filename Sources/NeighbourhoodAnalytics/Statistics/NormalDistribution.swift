import Foundation

/// The standard normal distribution: cumulative probability, tail probabilities and quantiles.
///
/// Probabilities use the C library's `erfc`, accurate to a few units in the last place, so
/// tails stay accurate far out (the upper tail at z = 10 is 7.6 × 10⁻²⁴, not 0). The quantile
/// is Wichura's algorithm AS 241 (PPND16), accurate to about 1 part in 10¹⁶.
public enum NormalDistribution {
    /// Φ(x), the probability that a standard normal variable is at most `x`:
    /// Φ(x) = ½ erfc(−x / √2). NaN gives NaN; ±∞ give 1 and 0.
    ///
    /// - Complexity: O(1).
    @inlinable
    public static func cdf(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

    /// 1 − Φ(x), the upper tail, computed without cancellation (scipy `norm.sf`).
    ///
    /// - Complexity: O(1).
    @inlinable
    public static func survival(_ x: Double) -> Double { 0.5 * erfc(x / 2.0.squareRoot()) }

    /// The two-sided p-value of a z-score: P(|Z| ≥ |z|) = erfc(|z| / √2), in [0, 1].
    /// Equals `2 * norm.sf(abs(z))`, twice esda's one-sided `p_norm`.
    ///
    /// - Complexity: O(1).
    @inlinable
    public static func twoSidedPValue(_ z: Double) -> Double { min(1, erfc(abs(z) / 2.0.squareRoot())) }

    /// Φ⁻¹(p), the z with Φ(z) = p (scipy `norm.ppf`), by Wichura's AS 241 (PPND16).
    /// Returns −∞ for 0, +∞ for 1 and NaN outside [0, 1].
    ///
    /// Wichura, M. J. (1988). Algorithm AS 241: The percentage points of the normal
    /// distribution. *Applied Statistics* 37(3), 477–484.
    ///
    /// - Complexity: O(1).
    public static func quantile(_ p: Double) -> Double {
        guard p >= 0, p <= 1 else { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        let q = p - 0.5
        if abs(q) <= 0.425 {
            let r = 0.180625 - q * q
            return q * polynomial(r, a) / polynomial(r, b)
        }
        var r = q < 0 ? p : 1 - p
        r = (-log(r)).squareRoot()
        let value: Double
        if r <= 5 {
            r -= 1.6
            value = polynomial(r, c) / polynomial(r, d)
        } else {
            r -= 5
            value = polynomial(r, e) / polynomial(r, f)
        }
        return q < 0 ? -value : value
    }

    /// Horner evaluation of Σ coefficients[k] x^k.
    private static func polynomial(_ x: Double, _ coefficients: [Double]) -> Double {
        coefficients.reversed().reduce(0) { $0 * x + $1 }
    }

    private static let a = [
        3.3871328727963666080e0, 1.3314166789178437745e2, 1.9715909503065514427e3, 1.3731693765509461125e4,
        4.5921953931549871457e4, 6.7265770927008700853e4, 3.3430575583588128105e4, 2.5090809287301226727e3,
    ]
    private static let b = [
        1.0, 4.2313330701600911252e1, 6.8718700749205790830e2, 5.3941960214247511077e3,
        2.1213794301586595867e4, 3.9307895800092710610e4, 2.8729085735721942674e4, 5.2264952788528545610e3,
    ]
    private static let c = [
        1.42343711074968357734e0, 4.63033784615654529590e0, 5.76949722146069140550e0, 3.64784832476320460504e0,
        1.27045825245236838258e0, 2.41780725177450611770e-1, 2.27238449892691845833e-2, 7.74545014278341407640e-4,
    ]
    private static let d = [
        1.0, 2.05319162663775882187e0, 1.67638483018380384940e0, 6.89767334985100004550e-1,
        1.48103976427480074590e-1, 1.51986665636164571966e-2, 5.47593808499534494600e-4, 1.05075007164441684324e-9,
    ]
    private static let e = [
        6.65790464350110377720e0, 5.46378491116411436990e0, 1.78482653991729133580e0, 2.96560571828504891230e-1,
        2.65321895265761230930e-2, 1.24266094738807843860e-3, 2.71155556874348757815e-5, 2.01033439929228813265e-7,
    ]
    private static let f = [
        1.0, 5.99832206555887937690e-1, 1.36929880922735805310e-1, 1.48753612908506148525e-2,
        7.86869131145613259100e-4, 1.84631831751005468180e-5, 1.42151175831644588870e-7, 2.04426310338993978564e-15,
    ]
}
