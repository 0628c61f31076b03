/// Powers of ten that fit in a `UInt64`: 10⁰ to 10¹⁹.
private let integerPowersOfTen: [UInt64] = (0...19).map { k in
    var v: UInt64 = 1
    for _ in 0..<k { v *= 10 }
    return v
}

/// The `Double` nearest to `mantissa` × 10^`scale` (ties to even), exactly as `strtod`
/// rounds it, or `nil` when `scale` lies outside -19...19.
///
/// The value is the fraction *N* / *D* with *N* = `mantissa` × 10^max(`scale`, 0) (at most
/// 128 bits) and *D* = 10^max(-`scale`, 0) (at most 64 bits). *N* is shifted so that the
/// integer quotient has 55 or 56 bits, the quotient is taken with one 128-by-64-bit
/// division, and the bits beyond the 53-bit significand (the guard bit, then every lower bit
/// and the remainder as one sticky bit) decide the rounding. Every step is exact, so the
/// result is the correctly rounded one (IEEE 754 round-to-nearest-even); the results lie
/// between 10⁻¹⁹ and 2 × 10³⁸, far from subnormals and overflow. This covers what Clinger's
/// fast path (Clinger 1990, "How to read floating point numbers accurately") cannot: the
/// 16- to 19-digit mantissas beyond 2⁵³.
///
/// - Complexity: O(1): one full-width multiplication or one full-width division.
func nearestDouble(mantissa: UInt64, scale: Int) -> Double? {
    guard scale >= -19, scale <= 19 else { return nil }
    guard mantissa != 0 else { return 0 }
    var high: UInt64 = 0, low = mantissa
    var divisor: UInt64 = 1
    if scale >= 0 {
        (high, low) = mantissa.multipliedFullWidth(by: integerPowersOfTen[scale])
    } else {
        divisor = integerPowersOfTen[-scale]
    }
    let numeratorBits = high != 0 ? 128 - high.leadingZeroBitCount : 64 - low.leadingZeroBitCount
    let divisorBits = 64 - divisor.leadingZeroBitCount
    // N × 2^shift lies in [2^(54 + divisorBits), 2^(55 + divisorBits)), so the quotient lies
    // in [2^54, 2^56) and the shifted numerator in fewer than 120 bits.
    let shift = 55 + divisorBits - numeratorBits
    var sticky = false
    if shift > 0 {
        (high, low) = shiftedLeft(high, low, by: shift)
    } else if shift < 0 {
        let dropped: Bool
        (high, low, dropped) = shiftedRight(high, low, by: -shift)
        sticky = dropped
    }
    // high < divisor: the quotient is below 2^56, so it fits one word.
    let (quotient, remainder) = divisor.dividingFullWidth((high, low))
    sticky = sticky || remainder != 0
    var q = quotient
    var exponent = -shift  // value = (q + fraction) × 2^exponent
    if q >> 55 != 0 {
        sticky = sticky || q & 1 != 0
        q >>= 1
        exponent += 1
    }
    // q has 55 bits: the 53-bit significand, a guard bit and one more bit.
    var significand = q >> 2
    exponent += 2
    let guardBit = q & 2 != 0
    let lowerBits = q & 1 != 0 || sticky
    if guardBit && (lowerBits || significand & 1 != 0) { significand += 1 }
    if significand == 1 << 53 {
        significand >>= 1
        exponent += 1
    }
    // significand in [2^52, 2^53): the value is 1.f × 2^(exponent + 52).
    let biased = UInt64(exponent + 52 + 1023)
    return Double(bitPattern: biased << 52 | (significand & ((1 << 52) - 1)))
}

/// `(high, low)` shifted left by `n` (0 < `n` < 128) bits; the caller keeps the result
/// within 128 bits.
@inline(__always)
private func shiftedLeft(_ high: UInt64, _ low: UInt64, by n: Int) -> (UInt64, UInt64) {
    if n >= 64 { return (low << UInt64(n - 64), 0) }
    return (high << UInt64(n) | low >> UInt64(64 - n), low << UInt64(n))
}

/// `(high, low)` shifted right by `n` (0 < `n` < 128) bits, and whether any bit set was
/// shifted out.
@inline(__always)
private func shiftedRight(_ high: UInt64, _ low: UInt64, by n: Int) -> (UInt64, UInt64, Bool) {
    if n >= 64 {
        let k = UInt64(n - 64)
        let dropped = low != 0 || (k > 0 && high & ((1 << k) - 1) != 0)
        return (0, high >> k, dropped)
    }
    let dropped = low & ((1 << UInt64(n)) - 1) != 0
    return (high >> UInt64(n), low >> UInt64(n) | high << UInt64(64 - n), dropped)
}
