import Foundation

/// A two-dimensional, radially symmetric kernel with a search radius *r*, normalised so that
/// its integral over the plane is exactly 1.
///
/// Every kernel is written as `K(d) = c(r) · k(d² / r²)` for `d < r` and `0` for `d ≥ r`
/// (points at exactly the radius contribute nothing), where the constant `c(r)` makes
/// `∫₀^r K(d) 2πd dd = 1`. With `t = d / r` the condition is `c(r) · 2πr² ∫₀¹ k(t²) t dt = 1`.
///
/// | kernel | `k(u)` with `u = d²/r²` | `∫₀¹ k(t²) t dt` | `c(r)` |
/// |---|---|---|---|
/// | quartic (biweight) | `(1 − u)²` | 1/6 | `3 / (π r²)` |
/// | Epanechnikov | `1 − u` | 1/4 | `2 / (π r²)` |
/// | triweight | `(1 − u)³` | 1/8 | `4 / (π r²)` |
/// | uniform | `1` | 1/2 | `1 / (π r²)` |
/// | triangular (cone) | `1 − √u` | 1/6 | `3 / (π r²)` |
/// | Gaussian, σ = r/3, cut at r | `exp(−u · 9/2)` | `(1 − e^{−9/2}) / 9` | `9 / (2π r² (1 − e^{−9/2}))` |
///
/// The quartic kernel is the one ArcGIS Kernel Density uses (Silverman 1986, eq. 4.5; ArcGIS
/// "How Kernel Density works"). The Gaussian is truncated at `d = r = 3σ`, where it has fallen
/// to `e^{−4.5} ≈ 1.1 %` of its peak and holds 98.9 % of its mass; the constant renormalises the
/// truncated kernel to integrate to 1. σ = r/3 gives a spread close to the quartic kernel's
/// (whose per-axis standard deviation is r/√8 ≈ r/2.83), so one radius means about the same
/// smoothing for every kernel.
public enum Kernel: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// `3/(πr²) (1 − d²/r²)²`: ArcGIS's kernel and the default.
    case quartic
    /// `2/(πr²) (1 − d²/r²)`.
    case epanechnikov
    /// `4/(πr²) (1 − d²/r²)³`.
    case triweight
    /// `1/(πr²)`: every point within the radius counts equally.
    case uniform
    /// `3/(πr²) (1 − d/r)`: a cone.
    case triangular
    /// `9/(2πr²(1 − e^{−9/2})) · exp(−d²/(2σ²))` with σ = r/3, zero from `d = r`.
    case gaussian

    /// The command-line name, e.g. `quartic`.
    public var description: String { rawValue }

    /// `1 − e^{−9/2}`: the mass of an untruncated Gaussian with σ = r/3 inside radius r.
    static let gaussianRetainedMass = 1 - exp(-4.5)

    /// `c(r) · r²`: the normalising constant for a unit radius; divide by `r²` for radius `r`.
    ///
    /// - Complexity: O(1).
    public var unitRadiusConstant: Double {
        switch self {
        case .quartic: return 3 / Double.pi
        case .epanechnikov: return 2 / Double.pi
        case .triweight: return 4 / Double.pi
        case .uniform: return 1 / Double.pi
        case .triangular: return 3 / Double.pi
        case .gaussian: return 9 / (2 * Double.pi * Kernel.gaussianRetainedMass)
        }
    }

    /// The un-normalised profile `k(u)` at `u = d²/r²`; 0 for `u ≥ 1`.
    ///
    /// - Complexity: O(1).
    @inlinable
    public func profile(_ u: Double) -> Double {
        guard u < 1 else { return 0 }
        switch self {
        case .quartic:
            let s = 1 - u
            return s * s
        case .epanechnikov: return 1 - u
        case .triweight:
            let s = 1 - u
            return s * s * s
        case .uniform: return 1
        case .triangular: return 1 - u.squareRoot()
        case .gaussian: return exp(-4.5 * u)
        }
    }

    /// The kernel's value `K(d)` per square metre at distance `distance` for radius `radius`
    /// (both in metres): it integrates to 1 over the disc of that radius.
    ///
    /// - Complexity: O(1).
    public func value(distance: Double, radius: Double) -> Double {
        guard radius > 0, radius.isFinite, distance.isFinite else { return 0 }
        let r2 = radius * radius
        return unitRadiusConstant / r2 * profile(distance * distance / r2)
    }
}
