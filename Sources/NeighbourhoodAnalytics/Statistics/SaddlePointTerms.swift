import Foundation

/// The two building blocks of Loader's saddle-point expansion of the binomial and Poisson
/// probabilities: the error of Stirling's formula and the deviance term `bd0`.
///
/// Computing `dbinom` and `dpois` through these, rather than through differences of
/// `lgamma`, keeps full relative precision even for counts in the millions, where
/// `lgamma(n + 1)` alone is about 10⁷ and would lose eight digits to cancellation.
///
/// Loader, C. (2000). *Fast and accurate computation of binomial probabilities*. The same
/// construction is R's `dbinom_raw` and `dpois_raw`.
enum SaddlePointTerms {
    private static let halfLogTwoPi = 0.5 * log(2 * Double.pi)

    /// `log Γ(n + 1) − [(n + ½) log n − n + ½ log 2π]`, the error of Stirling's formula.
    ///
    /// Small `n` (≤ 15) uses `lgamma` (the exponent's absolute error stays near 1e-15 there);
    /// larger `n` the asymptotic series, to 1e-17.
    ///
    /// - Complexity: O(1).
    static func stirlingError(_ n: Double) -> Double {
        if n <= 15 {
            if n == 0 { return 0 }
            return lgamma(n + 1) - (n + 0.5) * log(n) + n - halfLogTwoPi
        }
        let s0 = 1.0 / 12, s1 = 1.0 / 360, s2 = 1.0 / 1260, s3 = 1.0 / 1680, s4 = 1.0 / 1188
        let nn = n * n
        if n > 500 { return (s0 - s1 / nn) / n }
        if n > 80 { return (s0 - (s1 - s2 / nn) / nn) / n }
        if n > 35 { return (s0 - (s1 - (s2 - s3 / nn) / nn) / nn) / n }
        return (s0 - (s1 - (s2 - (s3 - s4 / nn) / nn) / nn) / nn) / n
    }

    /// The deviance term `x log(x / np) + np − x`, summed as a series when `x` is close to
    /// `np` so that it does not cancel.
    ///
    /// - Complexity: O(1) (the series converges geometrically).
    static func deviance(_ x: Double, _ np: Double) -> Double {
        if abs(x - np) < 0.1 * (x + np) {
            var v = (x - np) / (x + np)
            var s = (x - np) * v
            var ej = 2 * x * v
            v *= v
            var j = 1.0
            while j < 1000 {
                ej *= v
                let s1 = s + ej / (2 * j + 1)
                if s1 == s { return s1 }
                s = s1
                j += 1
            }
            return s
        }
        return x * log(x / np) + np - x
    }

    /// `C(n, x) pˣ qⁿ⁻ˣ` for real `0 ≤ x ≤ n`, with `q = 1 − p` passed separately so that
    /// callers keep its precision (Loader 2000, R's `dbinom_raw`).
    ///
    /// - Complexity: O(1).
    static func binomialDensity(_ x: Double, _ n: Double, _ p: Double, _ q: Double) -> Double {
        if p == 0 { return x == 0 ? 1 : 0 }
        if q == 0 { return x == n ? 1 : 0 }
        if x == 0 {
            if n == 0 { return 1 }
            return exp(p < 0.1 ? -deviance(n, n * q) - n * p : n * log(q))
        }
        if x == n {
            return exp(q < 0.1 ? -deviance(n, n * p) - n * q : n * log(p))
        }
        if x < 0 || x > n { return 0 }
        let lc = stirlingError(n) - stirlingError(x) - stirlingError(n - x)
            - deviance(x, n * p) - deviance(n - x, n * q)
        let lf = log(2 * Double.pi) + log(x) + log1p(-x / n)
        return exp(lc - 0.5 * lf)
    }

    /// `λˣ e^(−λ) / Γ(x + 1)` for real `x ≥ 0` (Loader 2000, R's `dpois_raw`).
    ///
    /// - Complexity: O(1).
    static func poissonDensity(_ x: Double, _ lambda: Double) -> Double {
        if lambda == 0 { return x == 0 ? 1 : 0 }
        if x < 0 { return 0 }
        if x == 0 { return exp(-lambda) }
        return exp(-stirlingError(x) - deviance(x, lambda)) / sqrt(2 * Double.pi * x)
    }
}
