/// The character set of a `.dbf` file's text, from its `.cpg` file or its language driver id.
enum DBaseCodePage: Equatable {
    /// UTF-8 (`.cpg` "UTF-8", "65001").
    case utf8
    /// ISO-8859-1 (Latin-1): every byte is the code point of the same value.
    case latin1
    /// Windows-1252, Latin-1 with printable characters in 0x80–0x9F (€, ‘ ’, “ ”, Œ, ...).
    case windows1252
    /// Per value: UTF-8 when the bytes are valid UTF-8, else Windows-1252. Used when the file
    /// names no code page.
    case utf8OrWindows1252

    /// The code page a `.cpg` file names (case and punctuation ignored), or `nil` when this
    /// reader does not know it.
    init?(cpg text: String) {
        let key = text.lowercased().filter { $0.isLetter || $0.isNumber }
        switch key {
        case "utf8", "65001": self = .utf8
        case "iso88591", "88591", "latin1", "28591": self = .latin1
        case "1252", "cp1252", "windows1252", "ansi1252", "ansi": self = .windows1252
        default: return nil
        }
    }

    /// The code page for a dBASE language driver id (byte 29 of the header), for the ids
    /// that name UTF-8-compatible or Western European Windows code pages; `nil` otherwise.
    init?(languageDriver id: UInt8) {
        switch id {
        case 0x03, 0x57, 0x58, 0x59: self = .windows1252  // Windows ANSI, ESRI "ANSI"
        default: return nil
        }
    }

    /// Windows-1252 code points for bytes 0x80–0x9F; the five unassigned bytes map to the C1
    /// control of the same value, as the WHATWG Encoding Standard does.
    static let windows1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    /// Decodes `bytes`; invalid UTF-8 in a `.utf8` table becomes U+FFFD (``DBaseTable`` refuses
    /// it before decoding).
    func decode(_ bytes: ArraySlice<UInt8>) -> String {
        switch self {
        case .utf8: return String(decoding: bytes, as: UTF8.self)
        case .latin1: return Self.singleByte(bytes, high: nil)
        case .windows1252: return Self.singleByte(bytes, high: Self.windows1252High)
        case .utf8OrWindows1252:
            return Self.isValidUTF8(bytes)
                ? String(decoding: bytes, as: UTF8.self) : Self.singleByte(bytes, high: Self.windows1252High)
        }
    }

    /// Where an incomplete multi-byte sequence at the end of `bytes` starts: a lead byte in
    /// the last three positions followed only by continuation bytes, fewer than it needs.
    static func incompleteTail(_ bytes: ArraySlice<UInt8>) -> Int? {
        var i = bytes.endIndex - 1
        while i >= bytes.startIndex, i > bytes.endIndex - 4 {
            let b = bytes[i]
            if b & 0xC0 == 0x80 { i -= 1; continue }
            let needed = b & 0xE0 == 0xC0 ? 2 : b & 0xF0 == 0xE0 ? 3 : b & 0xF8 == 0xF0 ? 4 : 0
            return needed > bytes.endIndex - i ? i : nil
        }
        return nil
    }

    static func isValidUTF8(_ bytes: ArraySlice<UInt8>) -> Bool {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    static func singleByte(_ bytes: ArraySlice<UInt8>, high: [UInt32]?) -> String {
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            let value = (0x80...0x9F).contains(byte) ? (high?[Int(byte) - 0x80] ?? UInt32(byte)) : UInt32(byte)
            scalars.append(UnicodeScalar(value) ?? "\u{FFFD}")
        }
        return String(scalars)
    }
}
