/// UTF-8 checks shared by the readers that must not repair text silently: JSON strings,
/// incident rows and `.dbf` values declared UTF-8.

/// The offset of the first byte in `start..<end` that is not part of valid UTF-8 (RFC 3629:
/// no overlong forms, surrogates or code points past U+10FFFF), or `nil` when all of it is.
///
/// - Complexity: O(*n*) in `end - start`.
func firstInvalidUTF8(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
    var iterator = buffer[start..<end].makeIterator()
    var decoder = UTF8()
    var at = start
    while true {
        switch decoder.decode(&iterator) {
        case .scalarValue(let scalar): at += UTF8.width(scalar)
        case .emptyInput: return nil
        case .error: return at
        }
    }
}

/// The offset of the first byte of `bytes` that is not part of valid UTF-8, or `nil`.
func firstInvalidUTF8(_ bytes: ArraySlice<UInt8>) -> Int? {
    bytes.withUnsafeBufferPointer { buffer in
        firstInvalidUTF8(buffer, 0, buffer.count).map { bytes.startIndex + $0 }
    }
}

/// `value` in upper-case hexadecimal, two digits for a byte and four for a UTF-16 unit.
func hex<T: BinaryInteger>(_ value: T) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    let width = digits.count <= 2 ? 2 : 4
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}
