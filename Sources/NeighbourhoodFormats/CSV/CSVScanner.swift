/// Splits a buffer of CSV text into records and fields (RFC 4180, read leniently).
///
/// Rules:
/// - Fields are separated by `,` and records by `\n` or `\r\n`.
/// - A field that *begins* with `"` is quoted: it may hold commas, newlines and `""` (an
///   escaped quote). A quote anywhere else is an ordinary character.
/// - Blank lines are skipped (reported to the caller as such, never as records).
/// - A quoted field still open at the end of the buffer is *unterminated*: the record's first
///   line is reported as unterminated and scanning resumes on the next line, so one stray
///   quote costs one row, not the rest of the file.
public struct CSVScanner {
    /// One record found by the scanner.
    public struct Record {
        /// Offset of the record's first byte.
        public var start: Int
        /// Offset one past its last byte, line terminator excluded.
        public var end: Int
        /// Number of line breaks inside the record (quoted newlines).
        public var innerLineBreaks: Int
        /// Whether the record is the first line of an unterminated quoted field; its fields
        /// are then not meaningful.
        public var isUnterminated: Bool
    }

    private var fields: [CSVField] = []

    /// Creates a scanner.
    public init() {
        fields.reserveCapacity(32)
    }

    /// Scans every record of `buffer`, which must begin at a record boundary and end at one
    /// (or at end of input), calling `body(record, fields, lineOffset)` with the record, its
    /// fields and the number of line breaks before it in the buffer.
    ///
    /// - Complexity: O(*n*) in the buffer's length.
    public mutating func scan(
        _ buffer: UnsafeBufferPointer<UInt8>,
        _ body: (Record, [CSVField], Int) -> Void
    ) {
        let n = buffer.count
        var pos = 0
        var linesBefore = 0
        while pos < n {
            // Blank line (or a lone CR line).
            if buffer[pos] == newline {
                pos += 1
                linesBefore += 1
                continue
            }
            if buffer[pos] == carriageReturn, pos + 1 < n, buffer[pos + 1] == newline {
                pos += 2
                linesBefore += 1
                continue
            }
            let recordStart = pos
            fields.removeAll(keepingCapacity: true)
            var breaks = 0
            var unterminated = false
            var recordEnd = n
            var next = n
            fieldLoop: while true {
                let fieldStart = pos
                if pos < n, buffer[pos] == quote {
                    // Quoted field: find the closing quote.
                    pos += 1
                    var closed = false
                    while pos < n {
                        let b = buffer[pos]
                        if b == quote {
                            if pos + 1 < n, buffer[pos + 1] == quote { pos += 2; continue }
                            pos += 1
                            closed = true
                            break
                        }
                        if b == newline { breaks += 1 }
                        pos += 1
                    }
                    if !closed {
                        unterminated = true
                        break fieldLoop
                    }
                    // Lenient: anything after the closing quote up to the delimiter.
                    while pos < n, buffer[pos] != comma, buffer[pos] != newline { pos += 1 }
                    var fieldEnd = pos
                    if pos < n, buffer[pos] == newline, fieldEnd > fieldStart,
                        buffer[fieldEnd - 1] == carriageReturn
                    {
                        fieldEnd -= 1
                    }
                    fields.append(CSVField(start: fieldStart, end: fieldEnd, isQuoted: true))
                } else {
                    pos = firstDelimiter(buffer, from: pos)
                    var fieldEnd = pos
                    if (pos == n || buffer[pos] == newline), fieldEnd > fieldStart,
                        buffer[fieldEnd - 1] == carriageReturn
                    {
                        fieldEnd -= 1
                    }
                    fields.append(CSVField(start: fieldStart, end: fieldEnd, isQuoted: false))
                }
                if pos >= n {
                    recordEnd = fields[fields.count - 1].end
                    next = n
                    break fieldLoop
                }
                if buffer[pos] == newline {
                    recordEnd = fields[fields.count - 1].end
                    next = pos + 1
                    break fieldLoop
                }
                pos += 1  // past the comma
            }
            if unterminated {
                // Report the first physical line of the record and resume after it.
                var lineEnd = recordStart
                while lineEnd < n, buffer[lineEnd] != newline { lineEnd += 1 }
                next = lineEnd < n ? lineEnd + 1 : n
                var end = lineEnd
                if end > recordStart, buffer[end - 1] == carriageReturn { end -= 1 }
                fields.removeAll(keepingCapacity: true)
                body(Record(start: recordStart, end: end, innerLineBreaks: 0, isUnterminated: true), fields, linesBefore)
                linesBefore += 1
                pos = next
                continue
            }
            body(
                Record(start: recordStart, end: recordEnd, innerLineBreaks: breaks, isUnterminated: false),
                fields, linesBefore)
            linesBefore += breaks + 1
            pos = next
        }
    }
}

/// Offset of the first `,` or `\n` in `buffer[start...]`, or the buffer's length: eight bytes
/// at a time, each word tested for both bytes at once (an unquoted field is otherwise read
/// byte by byte, the scanner's hot loop).
@inline(__always)
private func firstDelimiter(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
    let n = buffer.count
    var i = start
    if let base = buffer.baseAddress {
        let raw = UnsafeRawPointer(base)
        while i + 8 <= n {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            let hits = zeroBytes(word ^ commas) | zeroBytes(word ^ newlines)
            if hits != 0 { return i + hits.trailingZeroBitCount >> 3 }
            i += 8
        }
    }
    while i < n {
        let b = buffer[i]
        if b == comma || b == newline { return i }
        i += 1
    }
    return n
}

/// `,` and `\n` in every byte.
private let commas: UInt64 = 0x2C2C_2C2C_2C2C_2C2C
private let newlines: UInt64 = 0x0A0A_0A0A_0A0A_0A0A

/// The high bit of each byte of `word` that is zero, and no other bit (exact: no carries
/// between bytes).
@inline(__always)
private func zeroBytes(_ word: UInt64) -> UInt64 {
    let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    return ~(((word & low7) &+ low7) | word | low7)
}
