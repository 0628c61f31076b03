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
        sha256 = hasher.finalize().map { byte in
            let hex = Array("0123456789abcdef")
            return String([hex[Int(byte >> 4)], hex[Int(byte & 15)]])
        }.joined()
    }
}
