extension Int {
    /// `Int(value.rounded(.down))` without a call to libm's `floor`, which the baseline x86-64
    /// target makes for `rounded(.down)` instead of inlining it: the same result for every
    /// value, and a trap for the same values (NaN, infinities, beyond the range of `Int`).
    @inline(__always)
    init(flooring value: Double) {
        let truncated = Int(value)
        self = Double(truncated) > value ? truncated - 1 : truncated
    }

    /// `Int(value.rounded(.up))` without a call to libm's `ceil`; see ``init(flooring:)``.
    @inline(__always)
    init(ceiling value: Double) {
        let truncated = Int(value)
        self = Double(truncated) < value ? truncated + 1 : truncated
    }
}
