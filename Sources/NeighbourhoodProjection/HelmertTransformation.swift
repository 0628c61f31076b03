/// A 7-parameter Helmert (similarity) transformation between geocentric frames, in the
/// position-vector convention with the small-angle rotation matrix, computed as PROJ's
/// `helmert` step does (`src/transformations/helmert.cpp`): forward
/// **X**′ = (1 + *s*·10⁻⁶) **R** **X** + **T**; inverse **X** = **R**ᵀ (**X**′ − **T**) / (1 + *s*·10⁻⁶),
/// which is PROJ's inverse (the transpose of the linearised rotation, not its true inverse;
/// a round trip is good to about 10⁻⁷°).
///
/// Rotations are given in arc-seconds, the scale in parts per million (EPSG's units).
struct HelmertTransformation: Sendable, Hashable {
    /// Translation in metres.
    let translation: Cartesian
    /// Rotation matrix rows (position-vector convention).
    private let r0: Cartesian, r1: Cartesian, r2: Cartesian
    /// 1 + *s*·10⁻⁶.
    let scale: Double

    /// Creates the transformation from EPSG-style parameters.
    ///
    /// - Parameters:
    ///   - translation: *tx*, *ty*, *tz* in metres.
    ///   - rotationArcSeconds: *rx*, *ry*, *rz* in arc-seconds (position-vector sign).
    ///   - scalePPM: *s* in parts per million.
    init(translation: Cartesian, rotationArcSeconds rx: Double, _ ry: Double, _ rz: Double, scalePPM: Double) {
        let arcSecond = Double.pi / 180 / 3600
        let ox = rx * arcSecond, oy = ry * arcSecond, oz = rz * arcSecond
        // PROJ builds the coordinate-frame matrix and transposes it for position vector.
        r0 = Cartesian(x: 1, y: -oz, z: oy)
        r1 = Cartesian(x: oz, y: 1, z: -ox)
        r2 = Cartesian(x: -oy, y: ox, z: 1)
        self.translation = translation
        scale = 1 + scalePPM * 1e-6
    }

    /// OSGB36 to WGS 84 (6), EPSG:1314: the transformation PROJ uses between EPSG:27700's
    /// datum and WGS 84 when the OSTN15 grid is not installed.
    static let osgb36ToWGS84 = HelmertTransformation(
        translation: Cartesian(x: 446.448, y: -125.157, z: 542.06),
        rotationArcSeconds: 0.15, 0.247, 0.842, scalePPM: -20.489)

    /// **X**′ = scale · **R** **X** + **T**.
    ///
    /// - Complexity: O(1).
    @inline(__always)
    func forward(_ p: Cartesian) -> Cartesian {
        Cartesian(
            x: scale * (r0.x * p.x + r0.y * p.y + r0.z * p.z) + translation.x,
            y: scale * (r1.x * p.x + r1.y * p.y + r1.z * p.z) + translation.y,
            z: scale * (r2.x * p.x + r2.y * p.y + r2.z * p.z) + translation.z)
    }

    /// PROJ's inverse: **R**ᵀ (**X**′ − **T**) / scale.
    ///
    /// - Complexity: O(1).
    @inline(__always)
    func inverse(_ p: Cartesian) -> Cartesian {
        let x = (p.x - translation.x) / scale
        let y = (p.y - translation.y) / scale
        let z = (p.z - translation.z) / scale
        return Cartesian(
            x: r0.x * x + r1.x * y + r2.x * z,
            y: r0.y * x + r1.y * y + r2.y * z,
            z: r0.z * x + r1.z * y + r2.z * z)
    }
}
