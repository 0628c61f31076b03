internal import CZlib
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file's bytes in large chunks, decompressing gzip (`1f 8b` magic) transparently.
///
/// Plain files are read with `read(2)`; gzip files through zlib. Memory use is the caller's
/// buffer only, however large the file.
public final class ByteReader {
    /// The path being read.
    public let path: String
    /// Whether the file is gzip-compressed.
    public let isCompressed: Bool
    private var descriptor: Int32 = -1
    private var gzip: gzFile?
    private var scratch: [UInt8] = []
    /// Called with every run of bytes read from a plain (uncompressed) file, in order: lets a
    /// caller checksum the file while it is read instead of reading it twice.
    public var rawBytesObserver: ((UnsafeRawBufferPointer) -> Void)?

    /// Opens `path` for reading.
    ///
    /// - Throws: ``FormatError`` (`.cannotOpen`) with the system's reason.
    public init(path: String) throws(FormatError) {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw FormatError(.cannotOpen, file: path, detail: "cannot open: \(systemError())")
        }
        var stats = stat()
        if fstat(fd, &stats) == 0, (stats.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw FormatError(.cannotOpen, file: path, detail: "cannot open: it is a directory")
        }
        var magic: (UInt8, UInt8) = (0, 0)
        let got = withUnsafeMutableBytes(of: &magic) { pread(fd, $0.baseAddress, 2, 0) }
        if got == 2, magic.0 == 0x1F, magic.1 == 0x8B {
            isCompressed = true
            guard let handle = gzdopen(fd, "rb") else {
                close(fd)
                throw FormatError(.cannotOpen, file: path, detail: "cannot open gzip stream")
            }
            gzbuffer(handle, 1 << 20)
            gzip = handle
        } else {
            isCompressed = false
            descriptor = fd
        }
    }

    deinit {
        if let gzip { gzclose(gzip) }
        if descriptor >= 0 { close(descriptor) }
    }

    /// Reads up to `buffer.count` bytes; returns 0 at end of file.
    ///
    /// - Throws: ``FormatError`` (`.readFailed`) on an I/O error, corrupt gzip data, or a
    ///   gzip stream that ends before its end marker (a truncated `.gz`).
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(FormatError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        if let gzip {
            let n = gzread(gzip, base, UInt32(min(buffer.count, Int(Int32.max))))
            // A stream cut short ends without an error from gzread itself: zlib records it
            // (Z_BUF_ERROR, "unexpected end of file") for gzerror, so check at the end too.
            var code: Int32 = 0
            var message = gzerror(gzip, &code).map { String(cString: $0) } ?? "unknown"
            // zlib prefixes the message with "<fd:N>: " for a stream opened by descriptor.
            if message.hasPrefix("<fd:"), let colon = message.firstIndex(of: ":"),
                let space = message[message.index(after: colon)...].firstIndex(of: " ") {
                message = String(message[message.index(after: space)...])
            }
            if n < 0 || (n == 0 && code != Z_OK) {
                throw FormatError(.readFailed, file: path, detail: "corrupt gzip data: \(message)")
            }
            return Int(n)
        }
        while true {
            let n = systemRead(descriptor, base, buffer.count)
            if n > 0, let rawBytesObserver { rawBytesObserver(UnsafeRawBufferPointer(start: base, count: n)) }
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw FormatError(.readFailed, file: path, detail: "read failed: \(systemError())")
        }
    }

    /// Appends up to `count` bytes read from the file to `buffer`; returns how many (0 at end).
    ///
    /// - Throws: ``FormatError`` (`.readFailed`) on an I/O error or corrupt gzip data.
    public func read(appendingTo buffer: inout [UInt8], count: Int) throws(FormatError) -> Int {
        if scratch.count < count { scratch = [UInt8](repeating: 0, count: count) }
        var outcome: Result<Int, FormatError> = .success(0)
        scratch.withUnsafeMutableBytes { all in
            do throws(FormatError) {
                outcome = .success(try read(into: UnsafeMutableRawBufferPointer(rebasing: all[0..<count])))
            } catch {
                outcome = .failure(error)
            }
        }
        let got = try outcome.get()
        scratch.withUnsafeBufferPointer { buffer.append(contentsOf: UnsafeBufferPointer(rebasing: $0[0..<got])) }
        return got
    }

    /// The most bytes ``readAll(path:maxBytes:what:)`` reads by default: 1 GiB.
    public static let defaultReadLimit = 1 << 30

    /// Reads the whole file (decompressed) into memory, refusing files larger than
    /// `maxBytes` once decompressed, so neither a huge file nor a gzip bomb can exhaust memory.
    ///
    /// Memory use is at most `maxBytes` plus one 4 MiB chunk.
    ///
    /// - Parameters:
    ///   - maxBytes: The largest (decompressed) size accepted.
    ///   - what: What the file is, for the message (e.g. "a GeoJSON boundary layer").
    /// - Throws: ``FormatError`` on an I/O error, or `.unsupported` when the file holds more
    ///   than `maxBytes` bytes.
    public static func readAll(
        path: String, maxBytes: Int = ByteReader.defaultReadLimit, what: String = "a file read whole"
    ) throws(FormatError) -> [UInt8] {
        let reader = try ByteReader(path: path)
        var result: [UInt8] = []
        if !reader.isCompressed {
            var stats = stat()
            if fstat(reader.descriptor, &stats) == 0 {
                let size = Int(stats.st_size)
                if size > maxBytes { throw tooLarge(path, size: "is \(size) bytes", maxBytes: maxBytes, what: what) }
                result.reserveCapacity(size)
            }
        }
        while try reader.read(appendingTo: &result, count: min(1 << 22, maxBytes + 1 - result.count)) > 0 {
            if result.count > maxBytes {
                let size = reader.isCompressed ? "inflates to more than \(maxBytes) bytes" : "holds more than \(maxBytes) bytes"
                throw tooLarge(path, size: size, maxBytes: maxBytes, what: what)
            }
        }
        return result
    }

    private static func tooLarge(_ path: String, size: String, maxBytes: Int, what: String) -> FormatError {
        FormatError(
            .unsupported, file: path,
            detail: "file \(size), over the \(byteCount(maxBytes)) limit for \(what)")
    }

    /// `1 GiB`, `64 MiB`, or `N bytes` for limits that are not a whole number of MiB.
    static func byteCount(_ n: Int) -> String {
        if n >= 1 << 30, n % (1 << 30) == 0 { return "\(n >> 30) GiB" }
        if n >= 1 << 20, n % (1 << 20) == 0 { return "\(n >> 20) MiB" }
        return "\(n)-byte"
    }
}

extension ByteReader {
    /// Calls `body` with successive chunks of the file's bytes as stored on disk (gzip is
    /// not decompressed), for checksums.
    ///
    /// - Throws: ``FormatError`` when the file cannot be opened or read, or what `body` throws.
    public static func forEachChunk(
        ofRawFile path: String, chunkSize: Int = 1 << 20, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void
    ) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw FormatError(.cannotOpen, file: path, detail: "cannot open: \(systemError())") }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: chunkSize)
        while true {
            let got = buffer.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress!, chunkSize) }
            if got < 0 { throw FormatError(.readFailed, file: path, detail: "read failed: \(systemError())") }
            if got == 0 { return }
            try buffer.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[0..<got])) }
        }
    }
}

@inline(__always)
private func systemRead(_ fd: Int32, _ base: UnsafeMutableRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.read(fd, base, count)
    #else
    return Darwin.read(fd, base, count)
    #endif
}

func systemError() -> String {
    String(cString: strerror(errno))
}
