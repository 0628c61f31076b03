/// A small, strict, non-validating XML 1.0 tokenizer for KML, over UTF-8 bytes.
///
/// It reads start and end tags, attributes, text, CDATA sections, comments and processing
/// instructions. It never loads or expands anything outside the document: only the five
/// predefined entities (`&lt;` `&gt;` `&amp;` `&quot;` `&apos;`) and numeric character
/// references are decoded, any other entity reference is an error, and a `<!DOCTYPE>` that
/// declares entities is refused outright. KML needs no DTD, so this closes XML external entity
/// (XXE) reads, network fetches and entity-expansion ("billion laughs") attacks by
/// construction. The input must be valid UTF-8 (a byte-order mark is skipped).
struct XMLTokenizer {
    /// One piece of the document.
    enum Token {
        /// `<name a="v">` or `<name/>`, at byte `offset`.
        case start(name: String, attributes: [(name: String, value: String)], selfClosing: Bool, offset: Int)
        /// `</name>`.
        case end(name: String, offset: Int)
        /// Character data with references decoded, or a CDATA section's content.
        case text(String, offset: Int)
    }

    /// A malformed document, at a byte offset.
    struct Failure: Error, Sendable {
        /// Byte offset of the problem.
        var offset: Int
        /// What is wrong.
        var message: String
    }

    private let bytes: [UInt8]
    private var pos = 0

    /// The number of bytes in the document.
    var count: Int { bytes.count }

    /// Checks the encoding and prepares to read `bytes`.
    ///
    /// - Throws: ``Failure`` for UTF-16 input or invalid UTF-8, at the first bad byte.
    init(_ bytes: [UInt8]) throws(Failure) {
        self.bytes = bytes
        if bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
            throw Failure(offset: 0, message: "the file is UTF-16; save it as UTF-8")
        }
        if let bad = Self.firstInvalidUTF8(bytes) {
            throw Failure(offset: bad, message: "invalid UTF-8 (byte 0x\(String(bytes[bad], radix: 16, uppercase: true)))")
        }
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { pos = 3 }
    }

    /// The one-based line of a byte offset, for messages.
    func line(at offset: Int) -> Int { Self.line(in: bytes, at: offset) }

    /// The one-based line of a byte offset in `bytes`.
    static func line(in bytes: [UInt8], at offset: Int) -> Int {
        var line = 1
        for byte in bytes[..<min(offset, bytes.count)] where byte == 0x0A { line += 1 }
        return line
    }

    /// The next token, or `nil` at the end of the document.
    mutating func next() throws(Failure) -> Token? {
        while pos < bytes.count {
            let start = pos
            guard bytes[pos] == UInt8(ascii: "<") else {
                let end = bytes[pos...].firstIndex(of: UInt8(ascii: "<")) ?? bytes.count
                pos = end
                return .text(try decodeReferences(start, end), offset: start)
            }
            if hasPrefix("<?") {
                try skipInstruction()
            } else if hasPrefix("<!--") {
                pos = try find("-->", from: pos + 4, what: "comment") + 3
            } else if hasPrefix("<![CDATA[") {
                let end = try find("]]>", from: pos + 9, what: "CDATA section")
                pos = end + 3
                return .text(String(decoding: bytes[(start + 9)..<end], as: UTF8.self), offset: start)
            } else if hasPrefix("<!DOCTYPE") {
                try skipDoctype()
            } else if hasPrefix("<!") {
                throw Failure(offset: pos, message: "unexpected markup declaration outside a DOCTYPE")
            } else if hasPrefix("</") {
                pos += 2
                let name = try readName()
                skipSpace()
                try expect(">", context: "end tag </\(name)")
                return .end(name: name, offset: start)
            } else {
                return try readStartTag()
            }
        }
        return nil
    }

    // MARK: - Markup

    private mutating func readStartTag() throws(Failure) -> Token {
        let start = pos
        pos += 1
        let name = try readName()
        var attributes: [(name: String, value: String)] = []
        while true {
            let hadSpace = skipSpace()
            guard pos < bytes.count else { throw truncated("start tag <\(name)") }
            if bytes[pos] == UInt8(ascii: ">") {
                pos += 1
                return .start(name: name, attributes: attributes, selfClosing: false, offset: start)
            }
            if hasPrefix("/>") {
                pos += 2
                return .start(name: name, attributes: attributes, selfClosing: true, offset: start)
            }
            guard hadSpace else { throw Failure(offset: pos, message: "expected a space, '>' or '/>' in start tag <\(name)") }
            let attribute = try readName()
            skipSpace()
            try expect("=", context: "attribute \(attribute) of <\(name)>")
            skipSpace()
            guard pos < bytes.count else { throw truncated("start tag <\(name)") }
            let quote = bytes[pos]
            guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
                throw Failure(offset: pos, message: "attribute \(attribute) of <\(name)> has an unquoted value")
            }
            guard let end = bytes[(pos + 1)...].firstIndex(of: quote) else { throw truncated("attribute \(attribute) of <\(name)>") }
            if bytes[(pos + 1)..<end].contains(UInt8(ascii: "<")) {
                throw Failure(offset: pos, message: "attribute \(attribute) of <\(name)> contains '<'")
            }
            let value = try decodeReferences(pos + 1, end)
            pos = end + 1
            if attributes.contains(where: { $0.name == attribute }) {
                throw Failure(offset: start, message: "attribute \(attribute) appears twice in <\(name)>")
            }
            attributes.append((attribute, value))
        }
    }

    private mutating func skipInstruction() throws(Failure) {
        let end = try find("?>", from: pos + 2, what: "processing instruction")
        let body = String(decoding: bytes[(pos + 2)..<end], as: UTF8.self)
        if body.hasPrefix("xml "), let encoding = Self.declaredEncoding(body) {
            guard ["utf-8", "utf8", "us-ascii", "ascii"].contains(encoding) else {
                throw Failure(offset: pos, message: "declared encoding '\(encoding)' is not supported; save the file as UTF-8")
            }
        }
        pos = end + 2
    }

    /// The lower-cased value of `encoding="..."` in an XML declaration's body.
    static func declaredEncoding(_ body: String) -> String? {
        let words = body.split(whereSeparator: { $0 == " " || $0 == "=" || $0 == "\t" || $0 == "\n" || $0 == "\r" })
        guard let key = words.firstIndex(of: "encoding"), key + 1 < words.count else { return nil }
        return words[key + 1].filter { $0 != "\"" && $0 != "'" }.lowercased()
    }

    /// Skips `<!DOCTYPE ...>`; refuses one that declares entities.
    private mutating func skipDoctype() throws(Failure) {
        let start = pos
        var inSubset = false
        var quote: UInt8?
        pos += 9
        while pos < bytes.count {
            let byte = bytes[pos]
            if let q = quote {
                if byte == q { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: "[") {
                inSubset = true
            } else if byte == UInt8(ascii: "]") {
                inSubset = false
            } else if inSubset, hasPrefix("<!ENTITY") {
                throw Failure(
                    offset: start,
                    message: "the DOCTYPE declares entities, which KML never needs; refused to guard against external-entity and entity-expansion attacks")
            } else if !inSubset, byte == UInt8(ascii: ">") {
                pos += 1
                return
            }
            pos += 1
        }
        throw truncated("DOCTYPE")
    }

    // MARK: - Characters

    /// Decodes `&...;` references in `bytes[start..<end]`.
    private func decodeReferences(_ start: Int, _ end: Int) throws(Failure) -> String {
        guard let first = bytes[start..<end].firstIndex(of: UInt8(ascii: "&")) else {
            return String(decoding: bytes[start..<end], as: UTF8.self)
        }
        var out = Array(bytes[start..<first])
        var i = first
        while i < end {
            let byte = bytes[i]
            guard byte == UInt8(ascii: "&") else {
                out.append(byte)
                i += 1
                continue
            }
            guard let semicolon = bytes[(i + 1)..<min(end, i + 34)].firstIndex(of: UInt8(ascii: ";")) else {
                throw Failure(offset: i, message: "'&' does not start an entity reference (write &amp;)")
            }
            let name = String(decoding: bytes[(i + 1)..<semicolon], as: UTF8.self)
            switch name {
            case "lt": out.append(UInt8(ascii: "<"))
            case "gt": out.append(UInt8(ascii: ">"))
            case "amp": out.append(UInt8(ascii: "&"))
            case "quot": out.append(UInt8(ascii: "\""))
            case "apos": out.append(UInt8(ascii: "'"))
            default:
                let scalar: Unicode.Scalar?
                if name.hasPrefix("#x") {
                    scalar = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
                } else if name.hasPrefix("#") {
                    scalar = UInt32(name.dropFirst(), radix: 10).flatMap(Unicode.Scalar.init)
                } else {
                    throw Failure(
                        offset: i, message: "entity reference '&\(name);' is not one of XML's predefined entities; entities are not expanded")
                }
                guard let scalar, scalar.value != 0 else {
                    throw Failure(offset: i, message: "character reference '&\(name);' is not a valid character")
                }
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            }
            i = semicolon + 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private mutating func readName() throws(Failure) -> String {
        let start = pos
        while pos < bytes.count {
            let byte = bytes[pos]
            if Self.isSpace(byte) || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "=")
                || byte == UInt8(ascii: "<") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
            {
                break
            }
            pos += 1
        }
        guard pos > start else {
            if pos >= bytes.count { throw truncated("a tag") }
            throw Failure(offset: pos, message: "expected a name")
        }
        let first = bytes[start]
        if first == UInt8(ascii: "-") || first == UInt8(ascii: ".") || (first >= 0x30 && first <= 0x39) {
            throw Failure(offset: start, message: "a name cannot start with '\(Character(Unicode.Scalar(first)))'")
        }
        return String(decoding: bytes[start..<pos], as: UTF8.self)
    }

    @discardableResult
    private mutating func skipSpace() -> Bool {
        let start = pos
        while pos < bytes.count, Self.isSpace(bytes[pos]) { pos += 1 }
        return pos > start
    }

    private mutating func expect(_ text: StaticString, context: String) throws(Failure) {
        guard hasPrefix(text) else {
            if pos >= bytes.count { throw truncated(context) }
            throw Failure(offset: pos, message: "expected '\(text)' in \(context)")
        }
        pos += text.utf8CodeUnitCount
    }

    private func hasPrefix(_ text: StaticString) -> Bool {
        let n = text.utf8CodeUnitCount
        guard pos + n <= bytes.count else { return false }
        return text.withUTF8Buffer { prefix in
            (0..<n).allSatisfy { bytes[pos + $0] == prefix[$0] }
        }
    }

    private func find(_ text: StaticString, from: Int, what: String) throws(Failure) -> Int {
        let n = text.utf8CodeUnitCount
        let found: Int? = text.withUTF8Buffer { needle in
            var i = from
            while i + n <= bytes.count {
                if bytes[i] == needle[0], (1..<n).allSatisfy({ bytes[i + $0] == needle[$0] }) { return i }
                i += 1
            }
            return nil
        }
        guard let found else { throw truncated(what) }
        return found
    }

    private func truncated(_ what: String) -> Failure {
        Failure(offset: bytes.count, message: "the file ends inside \(what) (truncated?)")
    }

    /// XML white space: space, tab, carriage return, line feed.
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// The offset of the first byte that breaks UTF-8 (RFC 3629), or `nil`.
    ///
    /// - Complexity: O(*n*).
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE, 0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return i
            }
            guard i + length <= n else { return i }
            guard bytes[i + 1] >= low, bytes[i + 1] <= high else { return i }
            for k in 2..<max(2, length) where bytes[i + k] < 0x80 || bytes[i + k] > 0xBF { return i }
            i += length
        }
        return nil
    }
}
