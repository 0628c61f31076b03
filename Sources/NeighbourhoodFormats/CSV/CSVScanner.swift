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

    /// The array handed to ``scan(_:_:)``'s `body`, kept from call to call.
    private var fields: [CSVField] = []
    /// The delimiter bits of the 64-byte chunk the scan is in (see ``DelimiterChunk``).
    private var chunk = DelimiterChunk()

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
        var reused = fields
        fields = []
        scanFields(buffer) { record, found, linesBefore in
            reused.removeAll(keepingCapacity: true)
            reused.append(contentsOf: found)
            body(record, reused, linesBefore)
        }
        fields = reused
    }

    /// Scans like ``scan(_:_:)``, handing `body` each record's fields in memory that is valid
    /// during the call only: the hot path, with no array to keep unique and grow per field
    /// (a uniqueness check and a capacity check for every field of every row).
    ///
    /// - Complexity: O(*n*) in the buffer's length.
    package mutating func scanFields(
        _ buffer: UnsafeBufferPointer<UInt8>,
        _ body: (Record, UnsafeBufferPointer<CSVField>, Int) -> Void
    ) {
        var capacity = 32
        var fields = UnsafeMutablePointer<CSVField>.allocate(capacity: capacity)
        defer { fields.deallocate() }
        var fieldCount = 0
        /// Appends a field, doubling the storage when full (plain data: moved by copying).
        @inline(__always) func append(_ field: CSVField) {
            if fieldCount == capacity {
                let grown = UnsafeMutablePointer<CSVField>.allocate(capacity: capacity * 2)
                grown.initialize(from: fields, count: fieldCount)
                fields.deallocate()
                fields = grown
                capacity *= 2
            }
            (fields + fieldCount).initialize(to: field)
            fieldCount += 1
        }
        let n = buffer.count
        var pos = 0
        var linesBefore = 0
        chunk = DelimiterChunk()
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
            fieldCount = 0
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
                    append(CSVField(start: fieldStart, end: fieldEnd, isQuoted: true))
                } else {
                    pos = chunk.firstDelimiter(buffer, from: pos)
                    var fieldEnd = pos
                    if (pos == n || buffer[pos] == newline), fieldEnd > fieldStart,
                        buffer[fieldEnd - 1] == carriageReturn
                    {
                        fieldEnd -= 1
                    }
                    append(CSVField(start: fieldStart, end: fieldEnd, isQuoted: false))
                }
                if pos >= n {
                    recordEnd = fields[fieldCount - 1].end
                    next = n
                    break fieldLoop
                }
                if buffer[pos] == newline {
                    recordEnd = fields[fieldCount - 1].end
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
                body(
                    Record(start: recordStart, end: end, innerLineBreaks: 0, isUnterminated: true),
                    UnsafeBufferPointer(start: fields, count: 0), linesBefore)
                linesBefore += 1
                pos = next
                continue
            }
            body(
                Record(start: recordStart, end: recordEnd, innerLineBreaks: breaks, isUnterminated: false),
                UnsafeBufferPointer(start: fields, count: fieldCount), linesBefore)
            linesBefore += breaks + 1
            pos = next
        }
    }
}

/// The positions of `,` and `\n` in one 64-byte chunk of a buffer, as bits, kept while the
/// scanner moves through the chunk's fields.
///
/// Finding a field's end is then a shift and a count of trailing zeros, with a branch that
/// almost always goes the same way; reading each field eight bytes at a time until its end
/// instead took a branch whose outcome depends on every field's length (a misprediction for
/// most fields, the scanner's largest cost). Each chunk is classified once, 16 bytes at a
/// time.
struct DelimiterChunk {
    /// Index of the chunk held (its first byte is at `index * 64`), or -1.
    private var index = -1
    /// Bit `k` set when byte `index * 64 + k` is `,` or `\n` (bits past the buffer's end clear).
    private var bits: UInt64 = 0

    /// Offset of the first `,` or `\n` in `buffer[start...]`, or the buffer's length.
    @inline(__always)
    mutating func firstDelimiter(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let n = buffer.count
        var i = start
        while i < n {
            let c = i >> 6
            if c != index {
                bits = DelimiterChunk.classify(buffer, chunk: c)
                index = c
            }
            let rest = bits >> UInt64(i & 63)
            if rest != 0 { return i + rest.trailingZeroBitCount }
            i = (c + 1) << 6
        }
        return n
    }

    /// The delimiter bits of chunk `c` of `buffer`.
    private static func classify(_ buffer: UnsafeBufferPointer<UInt8>, chunk c: Int) -> UInt64 {
        let start = c << 6
        let n = buffer.count
        guard let base = buffer.baseAddress, start + 64 <= n else {
            var bits: UInt64 = 0
            for k in 0..<min(64, n - start) where buffer[start + k] == comma || buffer[start + k] == newline {
                bits |= 1 << UInt64(k)
            }
            return bits
        }
        let raw = UnsafeRawPointer(base + start)
        let commaLanes = SIMD16<UInt8>(repeating: 0x2C), newlineLanes = SIMD16<UInt8>(repeating: 0x0A)
        var bits: UInt64 = 0
        for k in 0..<4 {
            let v = raw.loadUnaligned(fromByteOffset: k * 16, as: SIMD16<UInt8>.self)
            let hits = unsafeBitCast((v .== commaLanes) .| (v .== newlineLanes), to: SIMD2<UInt64>.self)
            bits |= (laneBits(hits[0]) | laneBits(hits[1]) << 8) << UInt64(k * 16)
        }
        return bits
    }

    /// One bit per byte of `word`, whose bytes are each 0 or 0xFF: bit `k` for byte `k`
    /// (the bits are distinct, so the multiplication gathers them into the top byte without
    /// carries).
    @inline(__always)
    private static func laneBits(_ word: UInt64) -> UInt64 {
        ((word & 0x8040_2010_0804_0201) &* 0x0101_0101_0101_0101) >> 56
    }
}
