/// Exact orientation of three points, after Shewchuk (1997), "Adaptive precision
/// floating-point arithmetic and fast robust geometric predicates".
///
/// A fast floating-point evaluation answers whenever its error bound proves the sign;
/// otherwise the determinant is evaluated exactly with floating-point expansions. The sign is
/// therefore always right, which is what makes the shared-edge rule of
/// ``Polygon/contains(_:)`` hold exactly.
public enum Orientation: Int8, Sendable {
    /// `c` is to the right of the directed line `a → b`.
    case clockwise = -1
    /// The three points lie on one line.
    case collinear = 0
    /// `c` is to the left of the directed line `a → b`.
    case counterClockwise = 1

    /// The orientation of `c` relative to the directed line from `a` to `b`.
    ///
    /// - Complexity: O(1).
    @inlinable
    public init(_ a: Point, _ b: Point, _ c: Point) {
        self.init(rawValue: orient2DSign(a.x, a.y, b.x, b.y, c.x, c.y))!
    }
}

/// Error bound of the fast orientation filter: (3 + 16ε)ε with ε = 2⁻⁵³.
@usableFromInline
let orientErrorBound: Double = (3.0 + 16.0 * 0x1p-53) * 0x1p-53

/// The sign (-1, 0, 1) of (b - a) × (c - a), exactly.
@inlinable
func orient2DSign(
    _ ax: Double, _ ay: Double, _ bx: Double, _ by: Double, _ cx: Double, _ cy: Double
) -> Int8 {
    let detLeft = (ax - cx) * (by - cy)
    let detRight = (ay - cy) * (bx - cx)
    let det = detLeft - detRight
    let detSum: Double
    if detLeft > 0 {
        if detRight <= 0 { return det > 0 ? 1 : (det < 0 ? -1 : 0) }
        detSum = detLeft + detRight
    } else if detLeft < 0 {
        if detRight >= 0 { return det > 0 ? 1 : (det < 0 ? -1 : 0) }
        detSum = -detLeft - detRight
    } else {
        return det > 0 ? 1 : (det < 0 ? -1 : 0)
    }
    let bound = orientErrorBound * detSum
    if det >= bound { return 1 }
    if -det >= bound { return -1 }
    return orient2DExactSign(ax, ay, bx, by, cx, cy)
}

/// Exact sign of the orientation determinant using expansion arithmetic.
@usableFromInline
func orient2DExactSign(
    _ ax: Double, _ ay: Double, _ bx: Double, _ by: Double, _ cx: Double, _ cy: Double
) -> Int8 {
    // det = (ax - cx)(by - cy) - (ay - cy)(bx - cx); each difference is exact as two terms.
    let (acx, acxTail) = twoDiff(ax, cx)
    let (bcy, bcyTail) = twoDiff(by, cy)
    let (acy, acyTail) = twoDiff(ay, cy)
    let (bcx, bcxTail) = twoDiff(bx, cx)
    var expansion = Expansion()
    for (u, v) in [(acx, bcy), (acx, bcyTail), (acxTail, bcy), (acxTail, bcyTail)] {
        let (p, e) = twoProduct(u, v)
        expansion.add(e)
        expansion.add(p)
    }
    for (u, v) in [(acy, bcx), (acy, bcxTail), (acyTail, bcx), (acyTail, bcxTail)] {
        let (p, e) = twoProduct(u, v)
        expansion.add(-e)
        expansion.add(-p)
    }
    return expansion.sign
}

/// A nonoverlapping expansion: an exact sum of doubles kept in increasing magnitude.
struct Expansion {
    private var terms: [Double] = []

    /// Adds `b` exactly (Shewchuk's GROW-EXPANSION with zero elimination).
    mutating func add(_ b: Double) {
        var q = b
        var grown: [Double] = []
        grown.reserveCapacity(terms.count + 1)
        for term in terms {
            let (sum, err) = twoSum(q, term)
            if err != 0 { grown.append(err) }
            q = sum
        }
        if q != 0 { grown.append(q) }
        terms = grown
    }

    /// The sign of the exact sum: that of its largest-magnitude (last) term.
    var sign: Int8 {
        guard let last = terms.last else { return 0 }
        return last > 0 ? 1 : -1
    }
}

@inline(__always)
func twoSum(_ a: Double, _ b: Double) -> (Double, Double) {
    let s = a + b
    let bv = s - a
    let av = s - bv
    return (s, (a - av) + (b - bv))
}

@inline(__always)
@usableFromInline
func twoDiff(_ a: Double, _ b: Double) -> (Double, Double) {
    let x = a - b
    let bv = a - x
    let av = x + bv
    return (x, (a - av) + (bv - b))
}

@inline(__always)
func twoProduct(_ a: Double, _ b: Double) -> (Double, Double) {
    let p = a * b
    return (p, (-p).addingProduct(a, b))
}
