#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file being written, with errors that name it: a full disk or a read-only folder is
/// reported, never ignored.
public final class OutputFile {
    /// The path being written.
    public let path: String
    private let handle: UnsafeMutablePointer<FILE>
    private var closed = false

    /// Creates (or truncates) `path`.
    ///
    /// - Throws: ``FormatError`` (`.cannotWrite`) with the system's reason.
    public init(path: String) throws(FormatError) {
        guard let handle = fopen(path, "wb") else {
            throw FormatError(.cannotWrite, file: path, detail: "cannot create: \(systemError())")
        }
        setvbuf(handle, nil, _IOFBF, 1 << 20)
        self.path = path
        self.handle = handle
    }

    deinit {
        if !closed { fclose(handle) }
    }

    /// Appends bytes.
    ///
    /// - Throws: ``FormatError`` (`.cannotWrite`), e.g. when the disk is full.
    public func write(_ bytes: [UInt8]) throws(FormatError) {
        guard !bytes.isEmpty else { return }
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, handle) }
        if written != bytes.count {
            throw FormatError(.cannotWrite, file: path, detail: "write failed: \(systemError())")
        }
    }

    /// Writes `text` out and empties it once it holds more than `threshold` bytes, so a
    /// writer can build lines in one reused buffer with bounded memory.
    ///
    /// - Throws: ``FormatError`` (`.cannotWrite`), e.g. when the disk is full.
    public func drain(_ text: inout [UInt8], over threshold: Int = 1 << 20) throws(FormatError) {
        guard text.count > threshold else { return }
        try write(text)
        text.removeAll(keepingCapacity: true)
    }

    /// Appends a string's UTF-8 bytes.
    public func write(_ text: String) throws(FormatError) {
        try write(Array(text.utf8))
    }

    /// Flushes and closes the file.
    ///
    /// - Throws: ``FormatError`` when buffered data cannot be written.
    public func close() throws(FormatError) {
        guard !closed else { return }
        closed = true
        if fclose(handle) != 0 {
            throw FormatError(.cannotWrite, file: path, detail: "cannot finish writing: \(systemError())")
        }
    }
}
