import Foundation

/// The regularised incomplete gamma functions `P(a, x)` and `Q(a, x) = 1 − P(a, x)`, and the
/// inverse of `P` (the gamma quantile).
///
/// Series for `x < a + 1`, continued fraction (modified Lentz) otherwise (Press et al. 2007,
/// *Numerical Recipes*, 3rd ed., §6.2); the prefactor `xᵃ e⁻ˣ / Γ(a + 1)` is Loader's
/// saddle-point Poisson density, accurate for large `a`. The Poisson distribution function is
/// `F(k; λ) = Q(k + 1, λ)`, and exact Poisson limits follow from the gamma (chi-square)
/// quantiles (Garwood 1936).
public enum IncompleteGamma {
    /// `P(a, x)` and `Q(a, x)`, each without subtracting from one where that loses precision.
    ///
    /// Returns `(0, 1)` for `x ≤ 0` and `(1, 0)` for `x = +∞`.
    ///
    /// - Throws: ``GridError/Code/insufficientData`` when `a` is not a positive finite number
    ///   or `x` is NaN.
    /// - Complexity: O(√a) terms for `x` near `a`.
    public static func regularized(a: Double, x: Double) throws(GridError) -> (lower: Double, upper: Double) {
        try check(a: a, x)
        return unchecked(a: a, x: x)
    }

    /// The gamma quantile: the `x ≥ 0` with `P(a, x) = p` (a gamma distribution with shape `a`
    /// and scale 1; multiply by the scale for others). 0 for `p ≤ 0`, `+∞` for `p ≥ 1`.
    ///
    /// - Throws: ``GridError/Code/insufficientData`` when `a` is not a positive finite number
    ///   or `p` is NaN.
    /// - Complexity: O(log(1/ε)) evaluations of ``regularized(a:x:)``.
    public static func inverse(a: Double, p: Double) throws(GridError) -> Double {
        try check(a: a, p)
        if p <= 0 { return 0 }
        if p >= 1 { return .infinity }
        var lo = 0.0
        var hi = max(1.0, a)
        while unchecked(a: a, x: hi).lower < p { lo = hi; hi *= 2 }
        var x = 0.5 * (lo + hi)
        let logGammaA: Double = lgamma(a)
        for _ in 0..<300 {
            let f = unchecked(a: a, x: x).lower - p
            if f == 0 { return x }
            if f < 0 { lo = x } else { hi = x }
            let density = exp((a - 1) * log(x) - x - logGammaA)
            var next = x - f / density
            if !(next > lo && next < hi) || !next.isFinite { next = 0.5 * (lo + hi) }
            if abs(next - x) <= 1e-15 * x || hi - lo <= 1e-16 * hi { return next }
            x = next
        }
        return x
    }

    static func check(a: Double, _ x: Double) throws(GridError) {
        guard a > 0, a.isFinite, !x.isNaN else {
            throw GridError(.insufficientData, "the incomplete gamma function needs a positive finite shape a and a number x; got a = \(a), x = \(x)")
        }
    }

    static func unchecked(a: Double, x: Double) -> (lower: Double, upper: Double) {
        if x <= 0 { return (0, 1) }
        if x == .infinity { return (1, 0) }
        let front = SaddlePointTerms.poissonDensity(a, x)  // xᵃ e⁻ˣ / Γ(a + 1)
        if x < a + 1 {
            var term = 1.0, sum = 1.0, ap = a
            for _ in 0..<100_000 {
                ap += 1
                term *= x / ap
                sum += term
                if abs(term) < abs(sum) * 1e-17 { break }
            }
            let p = front * sum
            return (p, 1 - p)
        }
        let tiny = 1e-300
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        var i = 1.0
        while i < 100_000 {
            let an = -i * (i - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let del = d * c
            h *= del
            if abs(del - 1) < 1e-16 { break }
            i += 1
        }
        let q = front * a * h  // xᵃ e⁻ˣ / Γ(a) · CF
        return (1 - q, q)
    }
}
