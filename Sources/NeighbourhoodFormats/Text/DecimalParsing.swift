#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Powers of ten that are exact in a `Double`.
private let exactPowersOfTen: [Double] = (0...22).map { k in
    var v = 1.0
    for _ in 0..<k { v *= 10 }
    return v
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
/// exact power of ten, which is correctly rounded. Anything else goes through `strtod`.
///
/// - Complexity: O(*n*) in the field's length.
public func parseDecimal(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> DecimalParse {
    var i = start, j = end
    while i < j, buffer[i] == 0x20 || buffer[i] == 0x09 { i += 1 }
    while j > i, buffer[j - 1] == 0x20 || buffer[j - 1] == 0x09 { j -= 1 }
    guard i < j else { return .notANumber }
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
        if scale < 0 { v /= exactPowersOfTen[-scale] } else if scale > 0 { v *= exactPowersOfTen[scale] }
        if !v.isFinite { return .notFinite }
        return .value(negative ? -v : v)
    }
    return parseWithStrtod(buffer, i, j)
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
