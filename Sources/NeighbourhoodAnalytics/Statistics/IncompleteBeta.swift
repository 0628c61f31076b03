import Foundation

/// The regularised incomplete beta function `I_x(a, b)` and its inverse.
///
/// `I_x(a, b)` is evaluated by its continued fraction (Press et al. 2007, *Numerical Recipes*,
/// 3rd ed., §6.4) with the modified Lentz algorithm (Lentz 1976; Thompson and Barnett 1986),
/// on whichever side of the mean `(a + 1) / (a + b + 2)` it converges fast, so both the value
/// and its complement are accurate. The prefactor `xᵃ(1 − x)ᵇ / B(a, b)` comes from Loader's
/// saddle-point binomial density, which keeps full precision for large `a` and `b`.
public enum IncompleteBeta {
    /// `I_x(a, b)` and `1 − I_x(a, b)`, each computed without subtracting from one where
    /// that would lose precision.
    ///
    /// Returns `(0, 1)` for `x ≤ 0` and `(1, 0)` for `x ≥ 1`.
    ///
    /// - Throws: ``GridError/Code/insufficientData`` when `a` or `b` is not a positive finite
    ///   number or `x` is NaN.
    /// - Complexity: O(√max(a, b)) continued-fraction terms.
    public static func regularized(x: Double, a: Double, b: Double) throws(GridError) -> (value: Double, complement: Double) {
        try check(a: a, b: b, x)
        return unchecked(x: x, a: a, b: b)
    }

    static func check(a: Double, b: Double, _ x: Double) throws(GridError) {
        guard a > 0, b > 0, a.isFinite, b.isFinite, !x.isNaN else {
            throw GridError(.insufficientData, "the incomplete beta function needs positive finite a and b and a number x; got a = \(a), b = \(b), x = \(x)")
        }
    }

    static func unchecked(x: Double, a: Double, b: Double) -> (value: Double, complement: Double) {
        if x <= 0 { return (0, 1) }
        if x >= 1 { return (1, 0) }
        // dbinom(a; a + b, x) · b / (a + b) = xᵃ(1 − x)ᵇ / (a B(a, b)).
        let density = SaddlePointTerms.binomialDensity(a, a + b, x, 1 - x)
        if x < (a + 1) / (a + b + 2) {
            let v = density * b / (a + b) * continuedFraction(x: x, a: a, b: b)
            return (v, 1 - v)
        }
        let v = density * a / (a + b) * continuedFraction(x: 1 - x, a: b, b: a)
        return (1 - v, v)
    }

    /// The `x` in [0, 1] with `I_x(a, b) = p`.
    ///
    /// Newton steps on `I_x(a, b) − p`, kept inside a shrinking bracket by bisection, to a
    /// relative step below 1e-10, after which the quadratic convergence leaves an error far below
    /// scipy's `brentq` tolerance (2e-12).
    /// Returns 0 for `p ≤ 0`, 1 for `p ≥ 1`.
    ///
    /// - Throws: ``GridError/Code/insufficientData`` when `a` or `b` is not a positive finite
    ///   number or `p` is NaN.
    /// - Complexity: O(log(1/ε)) evaluations of ``regularized(x:a:b:)``.
    public static func inverse(p: Double, a: Double, b: Double) throws(GridError) -> Double {
        try check(a: a, b: b, p)
        return uncheckedInverse(p: p, a: a, b: b)
    }

    /// - Parameter guess: A starting point in (0, 1) (e.g. a normal approximation); the mean
    ///   `a / (a + b)` when `nil` or outside.
    static func uncheckedInverse(p: Double, a: Double, b: Double, guess: Double? = nil) -> Double {
        if p <= 0 { return 0 }
        if p >= 1 { return 1 }
        var lo = 0.0, hi = 1.0
        var x = a / (a + b)
        if let guess, guess > 0, guess < 1 { x = guess }
        let logBeta = lgamma(a) + lgamma(b) - lgamma(a + b)
        for _ in 0..<300 {
            let f = unchecked(x: x, a: a, b: b).value - p
            if f == 0 { return x }
            if f < 0 { lo = x } else { hi = x }
            let logDensity = (a - 1) * log(x) + (b - 1) * log1p(-x) - logBeta
            var next = x - f / exp(logDensity)
            if !(next > lo && next < hi) || !next.isFinite { next = 0.5 * (lo + hi) }
            // Newton converges quadratically: once a step is below 1e-10 of x, the error left
            // after it is far below 1e-15.
            if abs(next - x) <= 1e-10 * max(x, 1e-300) || hi - lo <= 1e-16 * max(hi, 1e-300) {
                return next
            }
            x = next
        }
        return x
    }

    /// The continued fraction of `I_x(a, b)` by the modified Lentz method.
    private static func continuedFraction(x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        let qab = a + b, qap = a + 1, qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        var m = 1.0
        while m < 100_000 {
            let m2 = 2 * m
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let del = d * c
            h *= del
            if abs(del - 1) < 1e-16 { break }
            m += 1
        }
        return h
    }
}
