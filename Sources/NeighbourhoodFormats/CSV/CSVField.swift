/// Where one CSV field lies in a buffer.
///
/// Unquoted fields are the bytes `start..<end` as they are. Quoted fields keep their raw
/// bytes, opening quote included, and are decoded by ``CSVField/decode(in:)``; that path is
/// rare in police.uk data, so the common path never copies.
public struct CSVField: Sendable, Hashable {
    /// Offset of the first byte (the opening quote, for a quoted field).
    public var start: Int
    /// Offset one past the last byte (line terminator excluded).
    public var end: Int
    /// Whether the field began with a quote and needs decoding.
    public var isQuoted: Bool

    /// Creates a field span.
    public init(start: Int, end: Int, isQuoted: Bool) {
        self.start = start
        self.end = end
        self.isQuoted = isQuoted
    }

    /// The field's value bytes: the raw slice for unquoted fields; for quoted fields the text
    /// between the quotes with `""` turned into `"`, followed by anything after the closing
    /// quote (read leniently, as Python's csv module does).
    public func decode(in buffer: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        guard isQuoted else { return Array(buffer[start..<end]) }
        var out: [UInt8] = []
        out.reserveCapacity(end - start)
        var i = start + 1
        var inQuotes = true
        while i < end {
            let b = buffer[i]
            if inQuotes, b == quote {
                if i + 1 < end, buffer[i + 1] == quote {
                    out.append(quote)
                    i += 2
                    continue
                }
                inQuotes = false
            } else {
                out.append(b)
            }
            i += 1
        }
        return out
    }

    /// The decoded value as a `String` (invalid UTF-8 repaired with U+FFFD).
    public func string(in buffer: UnsafeBufferPointer<UInt8>) -> String {
        if !isQuoted {
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<end]), as: UTF8.self)
        }
        return String(decoding: decode(in: buffer), as: UTF8.self)
    }
}

let quote: UInt8 = 0x22
let comma: UInt8 = 0x2C
let newline: UInt8 = 0x0A
let carriageReturn: UInt8 = 0x0D
