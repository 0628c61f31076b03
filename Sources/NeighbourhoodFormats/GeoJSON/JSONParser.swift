import NeighbourhoodGeometry

/// A strict JSON parser (RFC 8259) over UTF-8 bytes, with errors that give line and column.
///
/// Written for boundary files of tens of megabytes: it reads numbers with the fast decimal
/// path and stores `"coordinates"` arrays as points directly. Nesting is limited to 512
/// levels so hostile input cannot exhaust the stack.
public struct JSONParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var pos = 0
    private var depth = 0
    private static let maxDepth = 512

    /// A parse failure at a byte offset.
    public struct Failure: Error, Sendable {
        /// Byte offset of the problem.
        public var offset: Int
        /// What was expected or found.
        public var message: String
    }

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Parses a whole document.
    ///
    /// - Throws: ``FormatError`` (`.malformed`) naming `file`, the line and column.
    public static func parse(_ data: [UInt8], file: String) throws(FormatError) -> JSONValue {
        let outcome: Result<JSONValue, Failure> = data.withUnsafeBufferPointer { buffer in
            var parser = JSONParser(buffer)
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
            // A position: two or more numbers.
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
        guard pos > start else { throw Failure(offset: pos, message: "unexpected character") }
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
        var simple = true
        while pos < bytes.count {
            let b = bytes[pos]
            if b == 0x22 { break }
            if b == 0x5C { simple = false; pos += 2; continue }
            if b < 0x20 { throw Failure(offset: pos, message: "control character in a string") }
            pos += 1
        }
        guard pos < bytes.count else { throw Failure(offset: start, message: "unterminated string") }
        let end = pos
        pos += 1
        if simple { return String(decoding: bytes[start..<end], as: UTF8.self) }
        return try unescape(start, end)
    }

    private func unescape(_ start: Int, _ end: Int) throws(Failure) -> String {
        var out: [UInt8] = []
        var i = start
        var pendingHigh: UInt32?
        func append(_ scalar: UInt32) {
            guard let s = Unicode.Scalar(scalar) else { out.append(contentsOf: [0xEF, 0xBF, 0xBD]); return }
            out.append(contentsOf: Array(String(Character(s)).utf8))
        }
        while i < end {
            let b = bytes[i]
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
                    pendingHigh = v
                } else if (0xDC00...0xDFFF).contains(v), let high = pendingHigh {
                    append(0x10000 + ((high - 0xD800) << 10) + (v - 0xDC00))
                    pendingHigh = nil
                } else {
                    append(v)
                }
            default: throw Failure(offset: i - 2, message: "bad escape")
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
