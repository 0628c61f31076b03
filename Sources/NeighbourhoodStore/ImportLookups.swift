internal import GRDB

/// Ids of the distinct texts of one lookup table (`forces`, `crime_types`, ...), adding new
/// texts as they come.
struct LookupTable {
    private let db: Database
    private let insert: FastStatement
    private var ids: [String: Int64] = [:]

    init(_ db: Database, table: String, column: String = "name") throws {
        self.db = db
        insert = try FastStatement(db, "INSERT INTO \(table) (\(column)) VALUES (?)")
        for row in try Row.fetchAll(db, sql: "SELECT id, \(column) FROM \(table)") {
            ids[row[1]] = row[0]
        }
    }

    mutating func id(of name: String) throws -> Int64 {
        if let id = ids[name] { return id }
        insert.bind(1, bytes: Array(name.utf8), asText: true)
        try insert.run()
        let id = db.lastInsertedRowID
        ids[name] = id
        return id
    }
}

/// Crime IDs as police.uk writes them (64 lowercase hex digits) are stored as 32-byte
/// BLOBs; any other id as TEXT.
enum CrimeIDCoding {
    /// Packs 64 lowercase hex digits into 32 bytes at `out`; false (and `out` unspecified)
    /// for any other text.
    static func pack(_ utf8: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) -> Bool {
        guard utf8.count == 64, out.count >= 32 else { return false }
        // Branch-free over a table: an invalid digit's 0xFF sets the high bits of `invalid`.
        return nibbles.withUnsafeBufferPointer { digit in
            var invalid: UInt8 = 0
            for i in 0..<32 {
                let hi = digit[Int(utf8[2 * i])], lo = digit[Int(utf8[2 * i + 1])]
                invalid |= hi | lo
                out[i] = hi << 4 | lo
            }
            return invalid & 0xF0 == 0
        }
    }

    /// The value of each byte as a lowercase hex digit, 0xFF for any other byte.
    private static let nibbles: [UInt8] = (0..<256).map { nibble(UInt8($0)) ?? 0xFF }

    static func unpack(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .blob(let data):
            let digits = Array("0123456789abcdef".utf8)
            var out: [UInt8] = []
            out.reserveCapacity(data.count * 2)
            for b in data {
                out.append(digits[Int(b >> 4)])
                out.append(digits[Int(b & 15)])
            }
            return String(decoding: out, as: UTF8.self)
        case .string(let s): return s
        default: return ""
        }
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x61...0x66: return c - 0x61 + 10
        default: return nil
        }
    }
}

/// A block's Crime IDs (one per row), packed once: 32 bytes each for police.uk ids, UTF-8
/// text for others, nothing for empty ones (rows without a Crime ID).
struct PackedCrimeIDs {
    typealias Kind = IncidentRowBuffer.CrimeIDValue.Kind
    private var kinds: [Kind]
    private var packed: [UInt8]
    private var texts: [Int: [UInt8]] = [:]

    /// No ids.
    init() {
        kinds = []
        packed = []
    }

    /// Packs `count` ids, the UTF-8 bytes of id `v` being those `withValue(v, body)` calls
    /// `body` with.
    init(count: Int, _ withValue: (Int, (UnsafeBufferPointer<UInt8>) -> Void) -> Void) {
        var kinds = [Kind](repeating: .none, count: count)
        var texts: [Int: [UInt8]] = [:]
        packed = [UInt8](repeating: 0, count: 32 * count)
        packed.withUnsafeMutableBufferPointer { out in
            for v in 0..<count {
                withValue(v) { value in
                    guard !value.isEmpty else { return }
                    if CrimeIDCoding.pack(value, into: UnsafeMutableBufferPointer(rebasing: out[(32 * v)..<(32 * v + 32)])) {
                        kinds[v] = .packed
                    } else {
                        kinds[v] = .text
                        texts[v] = Array(value)
                    }
                }
            }
        }
        self.kinds = kinds
        self.texts = texts
    }

    func kind(_ value: Int) -> Kind { kinds[value] }

    /// Id `value` (a row of the block) as stored; for text ids,
    /// the text is ``text(_:)``.
    @inline(__always)
    func stored(_ value: Int) -> IncidentRowBuffer.CrimeIDValue {
        switch kinds[value] {
        case .none: return .init(kind: .none)
        case .packed:
            return packed.withUnsafeBytes { raw in
                let at = 32 * value
                return .init(kind: .packed, words: (
                    raw.loadUnaligned(fromByteOffset: at, as: UInt64.self),
                    raw.loadUnaligned(fromByteOffset: at + 8, as: UInt64.self),
                    raw.loadUnaligned(fromByteOffset: at + 16, as: UInt64.self),
                    raw.loadUnaligned(fromByteOffset: at + 24, as: UInt64.self)))
            }
        case .text: return .init(kind: .text)
        }
    }

    /// The UTF-8 text of a Crime ID that is not a police.uk id, else `nil`.
    func text(_ value: Int) -> [UInt8]? { kinds[value] == .text ? texts[value] : nil }
}
