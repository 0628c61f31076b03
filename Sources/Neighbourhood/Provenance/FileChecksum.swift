import Crypto
import NeighbourhoodFormats

/// The identity of an input file for a manifest: its path, size and SHA-256, so a reader can
/// tell whether a result was made from the very same bytes.
public struct FileChecksum: Sendable, Hashable, Codable {
    /// The path as given.
    public var path: String
    /// Size in bytes (of the file on disk, compressed or not).
    public var bytes: Int
    /// SHA-256 of the file's bytes on disk, lower-case hex.
    public var sha256: String

    /// Reads `path` once and hashes it.
    ///
    /// - Throws: ``FormatError`` when the file cannot be read.
    /// - Complexity: O(*n*) in the file's size; memory stays at one read buffer.
    public init(path: String) throws {
        var hasher = SHA256()
        var total = 0
        try ByteReader.forEachChunk(ofRawFile: path) { chunk in
            hasher.update(bufferPointer: UnsafeRawBufferPointer(chunk))
            total += chunk.count
        }
        self.path = path
        bytes = total
        sha256 = FileChecksum.hex(hasher.finalize())
    }

    /// A checksum already computed (e.g. while the file was read).
    public init(path: String, bytes: Int, sha256: String) {
        self.path = path
        self.bytes = bytes
        self.sha256 = sha256
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        let digits = Array("0123456789abcdef")
        var text = ""
        for byte in digest {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 15)])
        }
        return text
    }
}

/// SHA-256 of a file computed from its bytes as they stream past.
final class StreamingChecksum {
    private var hasher = SHA256()
    private(set) var bytes = 0

    /// Adds bytes.
    func update(_ raw: UnsafeRawBufferPointer) {
        hasher.update(bufferPointer: raw)
        bytes += raw.count
    }

    /// The checksum of everything added.
    func finish(path: String) -> FileChecksum {
        FileChecksum(path: path, bytes: bytes, sha256: FileChecksum.hex(hasher.finalize()))
    }
}
