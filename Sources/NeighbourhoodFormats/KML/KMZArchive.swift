internal import CZlib

/// Extracts the main KML document from a `.kmz` file, a zip archive (PKWARE APPNOTE 6.3.x).
///
/// The main document is the first entry ending in `.kml`, in central-directory order (Google's
/// KMZ convention; usually `doc.kml`). Entries may be stored or deflated; the inflated size
/// must equal the size the directory declares, at most ``maxSize``, and the CRC-32 must match,
/// so a lying or hostile archive cannot exhaust memory. Zip64 and encrypted archives are
/// refused.
enum KMZArchive {
    /// The largest document inflated (1 GiB).
    static let maxSize = 1 << 30

    /// Whether `bytes` start with a zip local-file-header signature.
    static func isZip(_ bytes: [UInt8]) -> Bool {
        bytes.starts(with: [0x50, 0x4B, 0x03, 0x04])
    }

    /// The bytes of the archive's main `.kml` entry.
    ///
    /// - Throws: ``FormatError`` naming `file` for a corrupt, encrypted, Zip64 or
    ///   unsupported-compression archive, or one without a `.kml` entry.
    /// - Complexity: O(*n*) in the archive's size plus the document's size.
    static func mainDocument(_ bytes: [UInt8], file: String) throws(FormatError) -> [UInt8] {
        func fail(_ detail: String) -> FormatError {
            FormatError(.malformed, file: file, detail: "corrupt .kmz (zip) archive: \(detail)")
        }
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }

        // End of central directory: 22 bytes plus a comment of up to 65,535 bytes.
        var end = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 65_535)
        while end >= lowest, !(bytes[end] == 0x50 && bytes[end + 1] == 0x4B && bytes[end + 2] == 5 && bytes[end + 3] == 6) {
            end -= 1
        }
        guard end >= lowest else { throw fail("no end-of-central-directory record (truncated?)") }
        let entries = u16(end + 10)
        var at = u32(end + 16)
        guard entries != 0xFFFF, at != 0xFFFF_FFFF else {
            throw FormatError(.unsupported, file: file, detail: "Zip64 .kmz archives are not supported; unzip it first")
        }
        for _ in 0..<entries {
            guard at + 46 <= end, u32(at) == 0x0201_4B50 else { throw fail("bad central directory entry") }
            let flags = u16(at + 8), method = u16(at + 10), crc = UInt32(u32(at + 16))
            let compressed = u32(at + 20), size = u32(at + 24)
            let nameLength = u16(at + 28), skip = nameLength + u16(at + 30) + u16(at + 32)
            let local = u32(at + 42)
            guard at + 46 + nameLength <= end else { throw fail("bad central directory entry") }
            let name = String(decoding: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
            at += 46 + skip
            guard name.lowercased().hasSuffix(".kml") else { continue }
            guard flags & 1 == 0 else {
                throw FormatError(.unsupported, file: file, detail: "\(name) in the .kmz is encrypted")
            }
            guard size <= maxSize else {
                throw FormatError(.unsupported, file: file, detail: "\(name) in the .kmz declares \(size) bytes, over the 1 GiB limit")
            }
            guard local + 30 <= bytes.count, u32(local) == 0x0403_4B50 else { throw fail("bad local header for \(name)") }
            let start = local + 30 + u16(local + 26) + u16(local + 28)
            guard start <= bytes.count, compressed <= bytes.count - start else { throw fail("\(name) runs past the end (truncated?)") }
            let data = bytes[start..<(start + compressed)]
            let document: [UInt8]
            switch method {
            case 0: document = Array(data)
            case 8: document = try inflate(data, size: size, name: name, file: file)
            default:
                throw FormatError(.unsupported, file: file, detail: "\(name) in the .kmz uses compression method \(method); unzip it first")
            }
            guard document.count == size else { throw fail("\(name) holds \(document.count) bytes, the directory says \(size)") }
            let actual = document.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, UInt32($0.count))) }
            guard actual == crc else { throw fail("\(name) fails its CRC-32 check") }
            return document
        }
        throw FormatError(.malformed, file: file, detail: "the .kmz archive holds no .kml document")
    }

    /// Inflates raw deflate data (RFC 1951) into at most `size` bytes.
    private static func inflate(_ data: ArraySlice<UInt8>, size: Int, name: String, file: String) throws(FormatError) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: size + 1)
        var stream = z_stream()
        guard inflateInit2_(&stream, -15, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw FormatError(.readFailed, file: file, detail: "cannot start zlib")
        }
        defer { inflateEnd(&stream) }
        var input = Array(data)
        let (status, produced): (Int32, Int) = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                stream.next_in = inBuffer.baseAddress
                stream.avail_in = UInt32(inBuffer.count)
                stream.next_out = outBuffer.baseAddress
                stream.avail_out = UInt32(outBuffer.count)
                let status = CZlib.inflate(&stream, Z_FINISH)
                return (status, outBuffer.count - Int(stream.avail_out))
            }
        }
        guard status == Z_STREAM_END, produced <= size else {
            throw FormatError(
                .malformed, file: file,
                detail: "corrupt .kmz (zip) archive: \(name) does not inflate to the \(size) bytes the directory declares")
        }
        output.removeLast(output.count - produced)
        return output
    }
}
