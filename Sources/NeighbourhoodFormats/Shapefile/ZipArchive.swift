internal import CZlib

/// The entries of a `.zip` archive (PKWARE APPNOTE 6.3), enough to read a zipped shapefile:
/// stored and deflated entries, no encryption, no ZIP64.
///
/// Sizes come from the central directory and are checked against the archive before any
/// entry is inflated; an entry that inflates to more or less than its declared size, or to
/// more than ``limit`` bytes, is an error, so a zip bomb cannot exhaust memory.
struct ZipArchive {
    /// One entry of the central directory.
    struct Entry {
        var name: String
        var method: Int
        var compressedSize: Int
        var size: Int
        var localHeader: Int
    }

    /// The largest entry inflated: 1 GiB.
    static let limit = 1 << 30

    let path: String
    let bytes: [UInt8]
    let entries: [Entry]

    /// Reads the central directory.
    ///
    /// - Throws: ``FormatError`` naming the byte offset when the end-of-central-directory
    ///   record is missing or an entry runs past the archive.
    init(path: String, bytes: [UInt8]) throws(FormatError) {
        self.path = path
        self.bytes = bytes
        // The end record (22 bytes + a comment of up to 65,535) closes the archive.
        var end: Int?
        if bytes.count >= 22 {
            for at in stride(from: bytes.count - 22, through: max(0, bytes.count - 22 - 65_535), by: -1)
            where bytes.uint32(at: at) == 0x0605_4B50 {
                end = at
                break
            }
        }
        guard let end else {
            throw FormatError(.malformed, file: path, detail: "not a zip archive: no end-of-central-directory record")
        }
        let count = bytes.uint16(at: end + 10)
        var at = bytes.uint32(at: end + 16)
        var entries: [Entry] = []
        for i in 0..<count {
            guard at + 46 <= end, bytes.uint32(at: at) == 0x0201_4B50 else {
                throw FormatError(.malformed, file: path, detail: "byte \(at): central directory entry \(i) is missing or truncated")
            }
            let nameLength = bytes.uint16(at: at + 28)
            let next = at + 46 + nameLength + bytes.uint16(at: at + 30) + bytes.uint16(at: at + 32)
            guard next <= end else {
                throw FormatError(.malformed, file: path, detail: "byte \(at): central directory entry \(i) runs past the directory")
            }
            entries.append(
                Entry(
                    name: String(decoding: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self),
                    method: bytes.uint16(at: at + 10), compressedSize: bytes.uint32(at: at + 20),
                    size: bytes.uint32(at: at + 24), localHeader: bytes.uint32(at: at + 42)))
            at = next
        }
        self.entries = entries
    }

    /// The bytes of `entry`, inflated.
    ///
    /// - Throws: ``FormatError`` for an unsupported method, an entry that runs past the
    ///   archive, corrupt deflate data, or a size that does not match the directory.
    func contents(of entry: Entry) throws(FormatError) -> [UInt8] {
        let name = "\(path): \(entry.name)"
        let header = entry.localHeader
        guard header + 30 <= bytes.count, bytes.uint32(at: header) == 0x0403_4B50 else {
            throw FormatError(.malformed, file: name, detail: "byte \(header): local file header is missing")
        }
        let start = header + 30 + bytes.uint16(at: header + 26) + bytes.uint16(at: header + 28)
        guard start + entry.compressedSize <= bytes.count else {
            throw FormatError(.malformed, file: name, detail: "byte \(start): entry data runs past the end of the archive")
        }
        guard entry.size <= Self.limit else {
            throw FormatError(.unsupported, file: name, detail: "entry is \(entry.size) bytes, more than the 1 GiB this reader inflates; unzip it first")
        }
        let data = bytes[start..<(start + entry.compressedSize)]
        switch entry.method {
        case 0:
            guard entry.size == entry.compressedSize else {
                throw FormatError(.malformed, file: name, detail: "stored entry declares \(entry.size) bytes but holds \(entry.compressedSize)")
            }
            return Array(data)
        case 8:
            return try inflate(data, size: entry.size, name: name)
        default:
            throw FormatError(
                .unsupported, file: name, detail: "compression method \(entry.method) is not supported (only stored and deflate); unzip it first")
        }
    }

    /// Raw-inflates `data` (RFC 1951), which must give exactly `size` bytes. Output grows as
    /// it is produced, so memory follows what the data really inflates to, never just what
    /// the directory declares.
    func inflate(_ data: ArraySlice<UInt8>, size: Int, name: String) throws(FormatError) -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, -15, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw FormatError(.readFailed, file: name, detail: "zlib could not start inflating")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var input = Array(data)
        var status = Z_OK
        input.withUnsafeMutableBufferPointer { inBuffer in
            stream.next_in = inBuffer.baseAddress
            stream.avail_in = UInt32(inBuffer.count)
            while status == Z_OK, output.count <= size {
                let produced: Int = chunk.withUnsafeMutableBufferPointer { outBuffer in
                    stream.next_out = outBuffer.baseAddress
                    stream.avail_out = UInt32(outBuffer.count)
                    status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    return outBuffer.count - Int(stream.avail_out)
                }
                output.append(contentsOf: chunk[..<produced])
                if status == Z_OK, produced == 0 { status = Z_DATA_ERROR }  // no progress: input ended early
            }
        }
        guard status == Z_STREAM_END, output.count == size else {
            let reason =
                output.count > size ? "inflates to more than the \(size) bytes declared"
                : status == Z_STREAM_END ? "inflates to \(output.count) bytes, not the \(size) declared"
                : "corrupt or truncated deflate data (zlib status \(status))"
            throw FormatError(.malformed, file: name, detail: reason)
        }
        return output
    }
}

extension [UInt8] {
    /// A little-endian unsigned 16-bit value at `offset`, as `Int`; the caller checks bounds.
    func uint16(at offset: Int) -> Int { Int(self[offset]) | Int(self[offset + 1]) << 8 }

    /// A little-endian unsigned 32-bit value at `offset`, as `Int`; the caller checks bounds.
    func uint32(at offset: Int) -> Int { uint16(at: offset) | uint16(at: offset + 2) << 16 }
}
