/// The attribute table of a shapefile: a dBASE III/IV `.dbf` file, every value read as
/// trimmed text.
///
/// The layout follows the dBASE III PLUS file structure (Ashton-Tate 1985; also the
/// "Data File Header Structure for the dBASE Version 7 Table File"): a 32-byte header with
/// the record count, header length and record length; 32-byte field descriptors ending with
/// `0x0D`; then fixed-length records, each led by a deletion flag (`*` = deleted). Character
/// (C), numeric (N, F), logical (L) and date (D) fields are all returned as their text with
/// surrounding spaces removed; an all-blank value is `nil`.
struct DBaseTable {
    /// One field (column).
    struct Field {
        /// The field name, up to 10 characters.
        var name: String
        /// The dBASE type letter: C, N, F, L, D, ...
        var type: Character
        /// Byte offset of the value within a record (after the deletion flag).
        var offset: Int
        /// Width in bytes.
        var length: Int
    }

    let path: String
    let bytes: [UInt8]
    /// The fields in file order.
    let fields: [Field]
    /// The number of records the header declares (checked against the file's size).
    let count: Int
    let headerLength: Int
    let recordLength: Int
    let encoding: DBaseCodePage

    /// Parses the header and field descriptors.
    ///
    /// - Parameters:
    ///   - encoding: The code page from a `.cpg` file; when `nil`, the language driver id
    ///     (byte 29) decides, and with no usable id each value is read as UTF-8 when valid
    ///     and as Windows-1252 otherwise.
    /// - Throws: ``FormatError`` naming the byte offset when the header is truncated, a
    ///   field runs past the record, or the declared records do not fit in the file.
    init(path: String, bytes: [UInt8], encoding: DBaseCodePage?) throws(FormatError) {
        self.path = path
        self.bytes = bytes
        guard bytes.count >= 33 else {
            throw FormatError(.malformed, file: path, detail: "byte 0: file is \(bytes.count) bytes, shorter than a dBASE header")
        }
        let declared = Int(UInt32(bytes[4]) | UInt32(bytes[5]) << 8 | UInt32(bytes[6]) << 16 | UInt32(bytes[7]) << 24)
        headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        recordLength = Int(bytes[10]) | Int(bytes[11]) << 8
        self.encoding = encoding ?? DBaseCodePage(languageDriver: bytes[29]) ?? .utf8OrWindows1252
        guard headerLength >= 33, headerLength <= bytes.count else {
            throw FormatError(
                .malformed, file: path, detail: "byte 8: header length \(headerLength) does not fit in the file's \(bytes.count) bytes")
        }
        var fields: [Field] = []
        var at = 32
        var offset = 1
        while at < headerLength, bytes[at] != 0x0D {
            guard at + 32 <= headerLength else {
                throw FormatError(.malformed, file: path, detail: "byte \(at): field descriptor runs past the header")
            }
            let nameBytes = bytes[at..<(at + 11)].prefix { $0 != 0 }
            let name = String(decoding: nameBytes, as: UTF8.self).trimmingSpaces
            let length = Int(bytes[at + 16])
            fields.append(Field(name: name, type: Character(UnicodeScalar(bytes[at + 11])), offset: offset, length: length))
            offset += length
            at += 32
        }
        guard !fields.isEmpty else {
            throw FormatError(.malformed, file: path, detail: "byte 32: the table declares no fields")
        }
        guard offset <= recordLength else {
            throw FormatError(
                .malformed, file: path,
                detail: "byte 10: fields need \(offset) bytes per record but the record length is \(recordLength)")
        }
        let room = (bytes.count - headerLength) / max(recordLength, 1)
        guard declared <= room else {
            throw FormatError(
                .malformed, file: path,
                detail: "byte 4: header declares \(declared) records but the file holds at most \(room) (truncated file?)")
        }
        self.fields = fields
        count = declared
    }

    /// The position of the field named `name`: exact match first, then ignoring case.
    func fieldIndex(named name: String) -> Int? {
        fields.firstIndex { $0.name == name } ?? fields.firstIndex { $0.name.lowercased() == name.lowercased() }
    }

    /// Whether record `index` carries the deletion flag.
    func isDeleted(_ index: Int) -> Bool {
        bytes[headerLength + index * recordLength] == 0x2A
    }

    /// The trimmed text of field `field` in record `index`; `nil` when blank.
    ///
    /// - Throws: ``FormatError`` naming the record, field and byte when the table is declared
    ///   UTF-8 (by its `.cpg`) but the value is not: the bytes do not match the code page, and
    ///   repairing them would silently change an id. A multi-byte character cut off at the
    ///   end of a full field (as writers that truncate by bytes leave it) is dropped.
    func value(record index: Int, field: Int) throws(FormatError) -> String? {
        let f = fields[field]
        let start = headerLength + index * recordLength + f.offset
        var slice = bytes[start..<(start + f.length)]
        let full = slice.last.map { $0 != 0x20 && $0 != 0 } ?? false
        while let last = slice.last, last == 0x20 || last == 0 { slice = slice.dropLast() }
        while let first = slice.first, first == 0x20 { slice = slice.dropFirst() }
        guard !slice.isEmpty else { return nil }
        if encoding == .utf8, let bad = firstInvalidUTF8(slice) {
            if full, let cut = DBaseCodePage.incompleteTail(slice), cut == bad {
                slice = slice[..<cut]
            } else {
                throw FormatError(
                    .malformed, file: path,
                    detail: "byte \(bad): record \(index), field \(f.name): not valid UTF-8 (byte 0x\(hex(bytes[bad]))) "
                        + "though the .cpg says UTF-8; correct the .cpg (e.g. 1252) or save the table as UTF-8")
            }
        }
        return encoding.decode(slice)
    }
}
