#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// 10^`k` for `k` in 0...22, the powers of ten that are exact in a `Double` (a switch, which
/// compiles to a constant table: a global array is initialised lazily and checked on every
/// call).
@inline(__always)
private func exactPowerOfTen(_ k: Int) -> Double {
    switch k {
    case 0: 1
    case 1: 1e1
    case 2: 1e2
    case 3: 1e3
    case 4: 1e4
    case 5: 1e5
    case 6: 1e6
    case 7: 1e7
    case 8: 1e8
    case 9: 1e9
    case 10: 1e10
    case 11: 1e11
    case 12: 1e12
    case 13: 1e13
    case 14: 1e14
    case 15: 1e15
    case 16: 1e16
    case 17: 1e17
    case 18: 1e18
    case 19: 1e19
    case 20: 1e20
    case 21: 1e21
    default: 1e22
    }
}

/// The outcome of reading a number from text.
public enum DecimalParse: Sendable, Equatable {
    /// A finite number.
    case value(Double)
    /// Not a number at all (letters, empty, stray characters).
    case notANumber
    /// Syntactically a number but not finite (`NaN`, `inf`, `1e999`).
    case notFinite
}

/// Reads a decimal number from `buffer[start..<end]`, ignoring surrounding spaces.
///
/// The common case (at most 19 significant digits and a short fraction, like police.uk's
/// `-1.409547`) uses Clinger's exact fast path: an integer mantissa and one division by an
/// exact power of ten, which is correctly rounded. Mantissas of 16 to 19 digits, as GIS
/// tools write coordinates (`-1.232987107819402`), are rounded exactly in integer arithmetic
/// by ``nearestDouble(mantissa:scale:)``. Anything else goes through `strtod`.
///
/// - Complexity: O(*n*) in the field's length.
public func parseDecimal(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> DecimalParse {
    var i = start, j = end
    while i < j, buffer[i] == 0x20 || buffer[i] == 0x09 { i += 1 }
    while j > i, buffer[j - 1] == 0x20 || buffer[j - 1] == 0x09 { j -= 1 }
    guard i < j else { return .notANumber }
    if let v = plainDecimal(buffer, i, j) { return .value(v) }
    var k = i
    var negative = false
    if buffer[k] == 0x2D { negative = true; k += 1 } else if buffer[k] == 0x2B { k += 1 }
    var mantissa: UInt64 = 0
    var digits = 0
    var fractionDigits = 0
    var sawPoint = false
    var sawDigit = false
    var fast = true
    while k < j {
        let b = buffer[k]
        if b >= 0x30 && b <= 0x39 {
            sawDigit = true
            if digits < 19 {
                mantissa = mantissa &* 10 &+ UInt64(b - 0x30)
                if mantissa != 0 { digits += 1 }
                if sawPoint { fractionDigits += 1 }
            } else {
                fast = false
            }
        } else if b == 0x2E && !sawPoint {
            sawPoint = true
        } else {
            break
        }
        k += 1
    }
    var exponent = 0
    if k < j, buffer[k] == 0x65 || buffer[k] == 0x45 {
        k += 1
        var expNegative = false
        if k < j, buffer[k] == 0x2D { expNegative = true; k += 1 } else if k < j, buffer[k] == 0x2B { k += 1 }
        var expDigits = 0
        while k < j, buffer[k] >= 0x30, buffer[k] <= 0x39, expDigits < 4 {
            exponent = exponent * 10 + Int(buffer[k] - 0x30)
            expDigits += 1
            k += 1
        }
        if expDigits == 0 { fast = false }
        if expDigits > 0 { sawDigit = true }
        if expNegative { exponent = -exponent }
    }
    if k != j { fast = false }
    // On the fast path every byte was read above, so this is "some byte is a digit".
    let hasDigit = sawDigit
    let scale = exponent - fractionDigits
    if fast, hasDigit, scale >= -22, scale <= 22, mantissa < (1 << 53) {
        var v = Double(mantissa)
        if scale < 0 { v /= exactPowerOfTen(-scale) } else if scale > 0 { v *= exactPowerOfTen(scale) }
        if !v.isFinite { return .notFinite }
        return .value(negative ? -v : v)
    }
    if fast, hasDigit, let v = nearestDouble(mantissa: mantissa, scale: scale) {
        return .value(negative ? -v : v)
    }
    return parseWithStrtod(buffer, i, j)
}

/// The value of `buffer[i..<j]` when it is a plain decimal, `[-+]digits[.digits]` with one
/// to 19 digits in all (police.uk's `-1.520646`, a layer's `-1.232987107819402`), read
/// exactly; `nil` for anything else, which the general path reads.
///
/// One loop per run of digits with a single test per byte: the general loop's several
/// branches per byte made reading coordinates 7 % of an assignment's time.
@inline(__always)
private func plainDecimal(_ buffer: UnsafeBufferPointer<UInt8>, _ i: Int, _ j: Int) -> Double? {
    var k = i
    let negative = buffer[k] == 0x2D
    if negative || buffer[k] == 0x2B { k += 1 }
    var mantissa: UInt64 = 0
    let integerStart = k
    while k < j {
        let d = buffer[k] &- 0x30
        if d > 9 { break }
        mantissa = mantissa &* 10 &+ UInt64(d)
        k += 1
    }
    var digits = k - integerStart
    var fractionDigits = 0
    if k < j, buffer[k] == 0x2E {
        k += 1
        let fractionStart = k
        while k < j {
            let d = buffer[k] &- 0x30
            if d > 9 { break }
            mantissa = mantissa &* 10 &+ UInt64(d)
            k += 1
        }
        fractionDigits = k - fractionStart
        digits += fractionDigits
    }
    // At most 19 digits, leading zeros included, so the mantissa did not wrap.
    guard k == j, digits > 0, digits <= 19 else { return nil }
    let v: Double
    if mantissa < 1 << 53 {
        v = Double(mantissa) / exactPowerOfTen(fractionDigits)
    } else if let exact = nearestDouble(mantissa: mantissa, scale: -fractionDigits) {
        v = exact
    } else {
        return nil
    }
    return negative ? -v : v
}

private func parseWithStrtod(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> DecimalParse {
    guard end - start < 400 else { return .notANumber }
    var text = [CChar](repeating: 0, count: end - start + 1)
    for (o, idx) in (start..<end).enumerated() { text[o] = CChar(bitPattern: buffer[idx]) }
    // Only plain decimal syntax is a number; strtod would also take hex and "nan".
    let allowed = text.dropLast().allSatisfy { c in
        (c >= 0x30 && c <= 0x39) || c == 0x2E || c == 0x2D || c == 0x2B || c == 0x65 || c == 0x45
    }
    let lowered = String(decoding: buffer[start..<end].map { $0 | 0x20 }, as: UTF8.self)
    if ["nan", "-nan", "+nan", "inf", "-inf", "+inf", "infinity", "-infinity", "+infinity"].contains(lowered) {
        return .notFinite
    }
    guard allowed else { return .notANumber }
    return text.withUnsafeBufferPointer { p -> DecimalParse in
        var endPointer: UnsafeMutablePointer<CChar>?
        let v = strtod(p.baseAddress!, &endPointer)
        guard let endPointer, endPointer - UnsafeMutablePointer(mutating: p.baseAddress!) == end - start,
            end > start
        else { return .notANumber }
        return v.isFinite ? .value(v) : .notFinite
    }
}
