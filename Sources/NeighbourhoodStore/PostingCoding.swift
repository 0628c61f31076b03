/// The byte layout of `incident_postings.ids`: the incident ids of one posting, in segments
/// of one month each, in month order. A segment is `month + 1`, the number of ids, then the
/// ids in ascending order as differences from the previous id (the first from 0), all as
/// LEB128 varints: ids of one location or crime type that are close in the file take one or
/// two bytes each.
enum PostingCoding {
    /// One month's ids of a posting.
    struct Segment: Equatable {
        var month: Int64
        var ids: [Int64]
    }

    /// Appends one segment (`ids` ascending, not empty) to `bytes`.
    static func append(month: Int64, ids: some Collection<Int64>, to bytes: inout [UInt8]) {
        appendVarint(UInt64(bitPattern: month &+ 1), to: &bytes)
        appendVarint(UInt64(ids.count), to: &bytes)
        var previous: Int64 = 0
        for id in ids {
            appendVarint(UInt64(bitPattern: id &- previous), to: &bytes)
            previous = id
        }
    }

    /// The bytes of `segments` (each non-empty, ids ascending), in the order given.
    static func encode(_ segments: [Segment]) -> [UInt8] {
        var bytes: [UInt8] = []
        for segment in segments { append(month: segment.month, ids: segment.ids, to: &bytes) }
        return bytes
    }

    /// Calls `body` with the month and ids of every segment; `false` when the bytes are cut
    /// short or malformed (a damaged store).
    static func forEachSegment(
        _ bytes: UnsafeRawBufferPointer, _ body: (_ month: Int64, _ ids: [Int64]) -> Void
    ) -> Bool {
        var reader = Reader(bytes: bytes)
        while !reader.atEnd {
            guard let month = reader.varint(), let count = reader.varint(), count <= UInt64(bytes.count) else { return false }
            var ids: [Int64] = []
            ids.reserveCapacity(Int(count))
            var id: Int64 = 0
            for _ in 0..<count {
                guard let delta = reader.varint() else { return false }
                id &+= Int64(bitPattern: delta)
                ids.append(id)
            }
            body(Int64(bitPattern: month) &- 1, ids)
        }
        return true
    }

    /// The segments of `bytes`, or `nil` when malformed.
    static func decode(_ bytes: [UInt8]) -> [Segment]? {
        var out: [Segment] = []
        let done = bytes.withUnsafeBytes { raw in
            forEachSegment(raw) { out.append(Segment(month: $0, ids: $1)) }
        }
        return done ? out : nil
    }

    @inline(__always)
    private static func appendVarint(_ value: UInt64, to bytes: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        var at = 0
        var atEnd: Bool { at >= bytes.count }

        @inline(__always)
        mutating func varint() -> UInt64? {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while at < bytes.count, shift < 64 {
                let byte = bytes[at]
                at += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return value }
                shift += 7
            }
            return nil
        }
    }
}
