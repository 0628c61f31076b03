/// Where one field of a row lies in its block: a `CSVField?` in 12 bytes instead of 25,
/// since blocks are far smaller than 2 GiB (see ``RowRecord``).
struct FieldRef {
    var start: Int32
    var end: Int32
    var isQuoted: Bool
    var isPresent: Bool

    /// The reference to `field`, or to no field.
    @inline(__always)
    init(_ field: CSVField?) {
        if let field {
            start = Int32(field.start)
            end = Int32(field.end)
            isQuoted = field.isQuoted
            isPresent = true
        } else {
            start = 0
            end = 0
            isQuoted = false
            isPresent = false
        }
    }

    /// The field referred to, if any.
    var field: CSVField? {
        isPresent ? CSVField(start: Int(start), end: Int(end), isQuoted: isQuoted) : nil
    }
}

/// One row between parsing and output: plain data (no reference counting), half the size of
/// the parsed row, so that millions of them are stored and read back cheaply. Reject reasons
/// live in a side array, and so do positions.
///
/// Work that needs the row's bytes and not its position (which crime type it names, which
/// area its reported-area column names) is done while the row is parsed and its bytes are
/// still in the processor's cache, and kept here.
struct RowRecord {
    /// Physical line number of the row's first line.
    var line: Int
    /// Source coordinates as parsed (for a projection failure's message).
    var x: Double
    var y: Double
    /// The row's bytes within the block, line terminator excluded.
    var start: Int32
    var end: Int32
    var crimeID: FieldRef
    var crimeType: FieldRef
    /// ``Month/ordinal``, or -1 for no month.
    var month: Int32
    /// Index into the block's positions, or -1.
    var point: Int32
    /// Index into the block's problems, or -1.
    var problem: Int32
    /// Index of the first collected extra field.
    var extra: Int32
    /// The worker's id of the crime type when it already had one as the row was parsed, or -1
    /// (new types get their ids when the row is emitted, in row order as before).
    var typeID: Int32
    /// Layer position of the area that the reported-area column names, or -1 (none, empty,
    /// or not an id of the layer).
    var namedArea: Int32
    var status: ParsedRow.Status
}

extension ByteStringInterner {
    /// The id of `field`'s text (the empty string for no field) if it has one, or -1; also
    /// -1 for a quoted field, which is decoded and interned later if needed.
    func existingID(of field: CSVField?, in buffer: UnsafeBufferPointer<UInt8>) -> Int32 {
        guard let field else { return existingID(of: UnsafeBufferPointer(start: nil, count: 0)) ?? -1 }
        if field.isQuoted { return -1 }
        return existingID(of: UnsafeBufferPointer(rebasing: buffer[field.start..<field.end])) ?? -1
    }
}
