import NeighbourhoodGeometry

/// A strict JSON parser (RFC 8259) over UTF-8 bytes, with errors that give line and column.
///
/// Written for boundary files of tens of megabytes: it reads numbers with the fast decimal
/// path and stores `"coordinates"` arrays as points directly. Hostile input is bounded:
/// nesting is limited to 512 levels so it cannot exhaust the stack, and the document to
/// ``defaultMaxValues`` values (numbers inside positions not counted) so a file of millions
/// of tiny values cannot take tens of bytes of memory for each byte of text. Strings must be
/// valid UTF-8 (RFC 8259 section 8.1) and `\u` escapes must pair their surrogates.
public struct JSONParser {
    /// The most values one document may hold by default: 10 million objects, arrays,
    /// strings, numbers and literals, counting each coordinate array but not the numbers of
    /// a position. England's 32,844 LSOAs take about 0.6 million.
    public static let defaultMaxValues = 10_000_000
    private let bytes: UnsafeBufferPointer<UInt8>
    private var pos = 0
    private var depth = 0
    private var values = 0
    private let maxValues: Int
    private static let maxDepth = 512

    /// A parse failure at a byte offset.
    public struct Failure: Error, Sendable {
        /// Byte offset of the problem.
        public var offset: Int
        /// What was expected or found.
        public var message: String
    }

    private init(_ bytes: UnsafeBufferPointer<UInt8>, maxValues: Int) {
        self.bytes = bytes
        self.maxValues = maxValues
    }

    /// Parses a whole document.
    ///
    /// - Parameter maxValues: The most values accepted (see ``defaultMaxValues``).
    /// - Throws: ``FormatError`` (`.malformed`) naming `file`, the line and column.
    /// - Complexity: O(*n*) time in the text's length; memory O(*n*) and at most about 100
    ///   bytes per value.
    public static func parse(
        _ data: [UInt8], file: String, maxValues: Int = JSONParser.defaultMaxValues
    ) throws(FormatError) -> JSONValue {
        let outcome: Result<JSONValue, Failure> = data.withUnsafeBufferPointer { buffer in
            var parser = JSONParser(buffer, maxValues: maxValues)
            do throws(Failure) {
                var start = 0
                if buffer.count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { start = 3 }
                parser.pos = start
                let value = try parser.parseValue(key: nil)
                parser.skipSpace()
                if parser.pos != buffer.count {
                    throw Failure(offset: parser.pos, message: "unexpected text after the JSON value")
                }
                return .success(value)
            } catch {
                return .failure(error)
            }
        }
        switch outcome {
        case .success(let value): return value
        case .failure(let failure):
            var line = 1, column = 1
            for b in data.prefix(failure.offset) {
                if b == 0x0A { line += 1; column = 1 } else { column += 1 }
            }
            throw FormatError(
                .malformed, file: file, line: line,
                detail: "column \(column): invalid JSON: \(failure.message)")
        }
    }

    private mutating func skipSpace() {
        while pos < bytes.count {
            let b = bytes[pos]
            if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { pos += 1 } else { break }
        }
    }

    private mutating func parseValue(key: String?) throws(Failure) -> JSONValue {
        skipSpace()
        guard pos < bytes.count else { throw Failure(offset: pos, message: "unexpected end of input") }
        try count()
        switch bytes[pos] {
        case 0x7B: return try parseObject()
        case 0x5B:
            if key == "coordinates" { return .coordinates(try parseCoordinates()) }
            return try parseArray()
        case 0x22: return .string(try parseString())
        case 0x74: try expectWord("true"); return .bool(true)
        case 0x66: try expectWord("false"); return .bool(false)
        case 0x6E: try expectWord("null"); return .null
        default: return .number(try parseNumber())
        }
    }

    /// Counts one more value against the budget.
    private mutating func count() throws(Failure) {
        values += 1
        if values > maxValues {
            throw Failure(
                offset: pos,
                message: "more than \(maxValues) values; refused to keep memory bounded (is this a boundary layer?)")
        }
    }

    private mutating func enter() throws(Failure) {
        depth += 1
        if depth > JSONParser.maxDepth {
            throw Failure(offset: pos, message: "nesting deeper than \(JSONParser.maxDepth) levels")
        }
    }

    private mutating func parseObject() throws(Failure) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        pos += 1
        var members: [(key: String, value: JSONValue)] = []
        skipSpace()
        if pos < bytes.count, bytes[pos] == 0x7D { pos += 1; return .object(members) }
        while true {
            skipSpace()
            guard pos < bytes.count, bytes[pos] == 0x22 else {
                throw Failure(offset: pos, message: "expected a member name in quotes")
            }
            let key = try parseString()
            skipSpace()
            guard pos < bytes.count, bytes[pos] == 0x3A else {
                throw Failure(offset: pos, message: "expected ':' after member name '\(key)'")
            }
            pos += 1
            let value = try parseValue(key: key)
            members.append((key, value))
            skipSpace()
            guard pos < bytes.count else { throw Failure(offset: pos, message: "unexpected end of input in an object") }
            if bytes[pos] == 0x2C { pos += 1; continue }
            if bytes[pos] == 0x7D { pos += 1; return .object(members) }
            throw Failure(offset: pos, message: "expected ',' or '}' in an object")
        }
    }

    private mutating func parseArray() throws(Failure) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        pos += 1
        var items: [JSONValue] = []
        skipSpace()
        if pos < bytes.count, bytes[pos] == 0x5D { pos += 1; return .array(items) }
        while true {
            items.append(try parseValue(key: nil))
            skipSpace()
            guard pos < bytes.count else { throw Failure(offset: pos, message: "unexpected end of input in an array") }
            if bytes[pos] == 0x2C { pos += 1; continue }
            if bytes[pos] == 0x5D { pos += 1; return .array(items) }
            throw Failure(offset: pos, message: "expected ',' or ']' in an array")
        }
    }

    /// Parses nested coordinate arrays; numbers may appear only as positions.
    private mutating func parseCoordinates() throws(Failure) -> CoordinateTree {
        try enter()
        defer { depth -= 1 }
        pos += 1
        skipSpace()
        guard pos < bytes.count else { throw Failure(offset: pos, message: "unexpected end of input in coordinates") }
        if bytes[pos] == 0x5D { pos += 1; return .empty }
        if bytes[pos] != 0x5B {
            // A position: two or more numbers (counted once, with the array).
            var ordinates: [Double] = []
            while true {
                skipSpace()
                ordinates.append(try parseNumber())
                skipSpace()
                guard pos < bytes.count else { throw Failure(offset: pos, message: "unexpected end of input in a position") }
                if bytes[pos] == 0x2C { pos += 1; continue }
                if bytes[pos] == 0x5D { pos += 1; break }
                throw Failure(offset: pos, message: "expected ',' or ']' in a position")
            }
            guard ordinates.count >= 2 else {
                throw Failure(offset: pos, message: "a position needs at least two numbers")
            }
            return .position(Point(x: ordinates[0], y: ordinates[1]))
        }
        var children: [CoordinateTree] = []
        var points: [Point] = []
        var allPositions = true
        while true {
            skipSpace()
            guard pos < bytes.count, bytes[pos] == 0x5B else {
                throw Failure(offset: pos, message: "expected '[' in coordinates")
            }
            try count()
            let child = try parseCoordinates()
            if case .position(let p) = child, allPositions {
                points.append(p)
            } else {
                if allPositions {
                    allPositions = false
                    children = points.map { .position($0) }
                    points = []
                }
                children.append(child)
            }
            skipSpace()
            guard pos < bytes.count else { throw Failure(offset: pos, message: "unexpected end of input in coordinates") }
            if bytes[pos] == 0x2C { pos += 1; continue }
            if bytes[pos] == 0x5D { pos += 1; break }
            throw Failure(offset: pos, message: "expected ',' or ']' in coordinates")
        }
        return allPositions ? .positions(points) : .nested(children)
    }

    private mutating func expectWord(_ word: StaticString) throws(Failure) {
        let n = word.utf8CodeUnitCount
        guard pos + n <= bytes.count else { throw Failure(offset: pos, message: "unexpected end of input") }
        let p = word.utf8Start
        for i in 0..<n where bytes[pos + i] != p[i] {
            throw Failure(offset: pos, message: "unexpected character")
        }
        pos += n
    }

    private mutating func parseNumber() throws(Failure) -> Double {
        let start = pos
        while pos < bytes.count {
            let b = bytes[pos]
            if (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x2B || b == 0x2E || b == 0x65 || b == 0x45 {
                pos += 1
            } else {
                break
            }
        }
        guard pos > start else {
            throw Failure(offset: pos, message: pos < bytes.count ? "unexpected character" : "unexpected end of input")
        }
        switch parseDecimal(bytes, start, pos) {
        case .value(let v): return v
        case .notFinite where bytes[start] != 0x4E && bytes[start] != 0x6E && bytes[start] != 0x69:
            // Valid JSON syntax whose value overflows (1e999): keep it as infinity so the
            // geometry check can name the feature.
            return bytes[start] == 0x2D ? -.infinity : .infinity
        case .notANumber, .notFinite:
            throw Failure(offset: start, message: "'\(String(decoding: bytes[start..<pos], as: UTF8.self))' is not a number")
        }
    }

    private mutating func parseString() throws(Failure) -> String {
        pos += 1
        let start = pos
        var simple = true, ascii = true
        while pos < bytes.count {
            let b = bytes[pos]
            if b == 0x22 { break }
            if b == 0x5C { simple = false; pos += 2; continue }
            if b < 0x20 { throw Failure(offset: pos, message: "control character in a string") }
            if b >= 0x80 { ascii = false }
            pos += 1
        }
        guard pos < bytes.count else { throw Failure(offset: start, message: "unterminated string") }
        let end = pos
        pos += 1
        if !ascii, let bad = firstInvalidUTF8(bytes, start, end) {
            throw Failure(
                offset: bad,
                message: "invalid UTF-8 in a string (byte 0x\(hex(bytes[bad]))); JSON text must be UTF-8: re-save the file as UTF-8")
        }
        if simple { return String(decoding: bytes[start..<end], as: UTF8.self) }
        return try unescape(start, end)
    }

    private func unescape(_ start: Int, _ end: Int) throws(Failure) -> String {
        var out: [UInt8] = []
        var i = start
        var pendingHigh: (value: UInt32, offset: Int)?
        func append(_ s: Unicode.Scalar) {
            out.append(contentsOf: Array(String(Character(s)).utf8))
        }
        func loneSurrogate(_ value: UInt32, _ offset: Int) -> Failure {
            Failure(offset: offset, message: "\\u\(hex(value)) is half of a UTF-16 surrogate pair with no other half")
        }
        while i < end {
            let b = bytes[i]
            if let high = pendingHigh, b != 0x5C || i + 1 >= end || bytes[i + 1] != 0x75 {
                throw loneSurrogate(high.value, high.offset)
            }
            guard b == 0x5C else { out.append(b); i += 1; continue }
            guard i + 1 < end else { throw Failure(offset: i, message: "bad escape") }
            let e = bytes[i + 1]
            i += 2
            switch e {
            case 0x22: out.append(0x22)
            case 0x5C: out.append(0x5C)
            case 0x2F: out.append(0x2F)
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x6E: out.append(0x0A)
            case 0x72: out.append(0x0D)
            case 0x74: out.append(0x09)
            case 0x75:
                guard i + 4 <= end, let v = UInt32(String(decoding: bytes[i..<(i + 4)], as: UTF8.self), radix: 16)
                else { throw Failure(offset: i, message: "bad \\u escape") }
                i += 4
                if (0xD800...0xDBFF).contains(v) {
                    if let high = pendingHigh { throw loneSurrogate(high.value, high.offset) }
                    pendingHigh = (v, i - 6)
                } else if (0xDC00...0xDFFF).contains(v) {
                    guard let high = pendingHigh else { throw loneSurrogate(v, i - 6) }
                    append(Unicode.Scalar(0x10000 + ((high.value - 0xD800) << 10) + (v - 0xDC00))!)
                    pendingHigh = nil
                } else {
                    if let high = pendingHigh { throw loneSurrogate(high.value, high.offset) }
                    append(Unicode.Scalar(v)!)
                }
            default: throw Failure(offset: i - 2, message: "bad escape")
            }
        }
        if let high = pendingHigh { throw loneSurrogate(high.value, high.offset) }
        return String(decoding: out, as: UTF8.self)
    }
}
