#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A run of whole CSV records cut from a file, with the line number it starts on.
public struct CSVBlock: Sendable {
    /// The records' bytes; the block starts and ends on record boundaries.
    public var bytes: [UInt8]
    /// One-based physical line number of the block's first byte.
    public var firstLine: Int
    /// Position of the block in the file, from 0.
    public var index: Int
    /// Set when a single line was longer than the reader's limit: the line was skipped
    /// (its first bytes are in ``bytes``) and must be reported as rejected.
    public var oversizedLine: Bool
}

/// Cuts a CSV file into blocks of whole records for parallel parsing, with flat memory.
///
/// Blocks are about `blockSize` bytes. A cut is made after a line break that lies outside
/// any quoted field: when a chunk holds no `"` at all (the usual case) that is simply its last
/// line break, found without scanning the rest; otherwise the chunk is scanned with the
/// same quoting rules as ``CSVScanner``. A UTF-8 byte-order mark at the start is dropped.
/// A line longer than `maxLineBytes` is skipped to its end without being held in memory and
/// delivered as an ``CSVBlock/oversizedLine`` block (the block size is capped at
/// `maxLineBytes` so that every such line is caught).
public final class CSVBlockReader {
    /// The longest line read by default (64 MiB); longer lines are skipped and rejected.
    public static let defaultMaxLineBytes = 64 << 20
    private let reader: ByteReader
    private let blockSize: Int
    private let maxLineBytes: Int
    private var carry: [UInt8] = []
    private var nextLine = 1
    private var nextIndex = 0
    private var atEnd = false
    private var atStart = true

    /// The file being read.
    public var path: String { reader.path }

    /// Whether the file is gzip-compressed.
    public var isCompressed: Bool { reader.isCompressed }

    /// Called with the file's raw bytes as they are read (plain files only); see
    /// ``ByteReader/rawBytesObserver``.
    public var rawBytesObserver: ((UnsafeRawBufferPointer) -> Void)? {
        get { reader.rawBytesObserver }
        set { reader.rawBytesObserver = newValue }
    }

    /// Opens `path` (plain or gzip).
    ///
    /// - Throws: ``FormatError`` when the file cannot be opened.
    public init(path: String, blockSize: Int = 8 << 20, maxLineBytes: Int = CSVBlockReader.defaultMaxLineBytes) throws(FormatError) {
        reader = try ByteReader(path: path)
        self.maxLineBytes = max(maxLineBytes, 1024)
        // Every read then holds less than a line's limit, so only the line the buffer starts
        // with can outgrow it, and that one is checked.
        self.blockSize = min(blockSize, self.maxLineBytes)
    }

    /// The next block, or `nil` at end of file.
    ///
    /// - Throws: ``FormatError`` on a read error.
    public func next() throws(FormatError) -> CSVBlock? {
        var buffer = carry
        carry = []
        while true {
            if atEnd {
                guard !buffer.isEmpty else { return nil }
                if buffer.count > maxLineBytes, firstLineBreak(buffer) == nil {
                    return oversizedBlock(prefix: buffer)  // a last line without a line break
                }
                return emit(&buffer, cut: buffer.count)
            }
            let got = try readMore(into: &buffer)
            if got == 0 { atEnd = true; continue }
            if atStart {
                atStart = false
                if buffer.count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF {
                    buffer.removeFirst(3)
                }
            }
            // The first line of the buffer is the only one that can outgrow a block: it starts
            // where the last block was cut, and the reader keeps appending to it.
            let firstBreak = firstLineBreak(buffer)
            if let firstBreak, firstBreak > maxLineBytes {
                carry = Array(buffer[(firstBreak + 1)...])
                return oversizedBlock(prefix: buffer)
            }
            if firstBreak == nil, buffer.count > maxLineBytes {
                return try skipOversizedLine(prefix: buffer)
            }
            if let cut = lastRecordBoundary(buffer) {
                return emit(&buffer, cut: cut)
            }
            if buffer.count > maxLineBytes, let lastBreak = buffer.lastIndex(of: newline) {
                // A quoted field has run on too long: cut at a line break anyway; the scanner
                // reports the unterminated field's first line and resumes after it.
                return emit(&buffer, cut: lastBreak + 1)
            }
        }
    }

    /// Appends up to `blockSize` bytes to `buffer`, reading straight into new storage.
    private func readMore(into buffer: inout [UInt8]) throws(FormatError) -> Int {
        let old = buffer.count
        var outcome: Result<Int, FormatError> = .success(0)
        let grown = [UInt8](unsafeUninitializedCapacity: old + blockSize) { storage, count in
            buffer.withUnsafeBufferPointer { previous in
                if let base = previous.baseAddress { storage.baseAddress!.update(from: base, count: old) }
            }
            do throws(FormatError) {
                let target = UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(storage)[old...])
                outcome = .success(try reader.read(into: target))
            } catch {
                outcome = .failure(error)
            }
            count = old + ((try? outcome.get()) ?? 0)
        }
        let got = try outcome.get()
        buffer = grown
        return got
    }

    /// Cuts `buffer` at `cut` into a block, keeping the rest as the carry. `buffer` is taken
    /// `inout` so that it is uniquely referenced and the cut truncates it in place: passed by
    /// value, the truncation copied the whole block (a quarter of the reading thread's time).
    private func emit(_ buffer: inout [UInt8], cut: Int) -> CSVBlock {
        if cut < buffer.count {
            carry = Array(buffer[cut...])
            buffer.removeSubrange(cut...)
        }
        let block = CSVBlock(bytes: buffer, firstLine: nextLine, index: nextIndex, oversizedLine: false)
        buffer = []
        nextLine += countLineBreaks(block.bytes)
        nextIndex += 1
        return block
    }

    private func skipOversizedLine(prefix: [UInt8]) throws(FormatError) -> CSVBlock {
        let kept = Array(prefix.prefix(200))
        var chunk: [UInt8] = []
        while true {
            chunk.removeAll(keepingCapacity: true)
            let got = try reader.read(appendingTo: &chunk, count: 1 << 20)
            if got == 0 { atEnd = true; break }
            if let nl = chunk[0..<got].firstIndex(of: newline) {
                carry = Array(chunk[(nl + 1)..<got])
                break
            }
        }
        return oversizedBlock(prefix: kept)
    }

    /// The block that reports one skipped line, keeping its first 200 bytes.
    private func oversizedBlock(prefix: [UInt8]) -> CSVBlock {
        let block = CSVBlock(bytes: Array(prefix.prefix(200)), firstLine: nextLine, index: nextIndex, oversizedLine: true)
        nextLine += 1
        nextIndex += 1
        return block
    }

    /// Offset of the first `\n` in `buffer`, if any.
    private func firstLineBreak(_ buffer: [UInt8]) -> Int? {
        buffer.withUnsafeBytes { raw -> Int? in
            guard let base = raw.baseAddress, let hit = memchr(base, Int32(newline), raw.count) else { return nil }
            return base.distance(to: UnsafeRawPointer(hit))
        }
    }

    /// Offset just past the last line break that ends a record, if any.
    private func lastRecordBoundary(_ buffer: [UInt8]) -> Int? {
        buffer.withUnsafeBufferPointer { p -> Int? in
            guard let base = p.baseAddress, p.count > 0 else { return nil }
            if memchr(base, Int32(quote), p.count) == nil {
                var i = p.count - 1
                while i >= 0, p[i] != newline { i -= 1 }
                return i >= 0 ? i + 1 : nil
            }
            var inQuotes = false, atFieldStart = true
            var last: Int? = nil
            var i = 0
            let n = p.count
            while i < n {
                let b = p[i]
                if inQuotes {
                    if b == quote {
                        if i + 1 < n, p[i + 1] == quote { i += 2; continue }
                        inQuotes = false
                    }
                } else if b == quote, atFieldStart {
                    inQuotes = true
                    atFieldStart = false
                } else if b == comma {
                    atFieldStart = true
                } else if b == newline {
                    atFieldStart = true
                    last = i + 1
                } else {
                    atFieldStart = false
                }
                i += 1
            }
            return last
        }
    }
}

/// Counts `\n` bytes, 32 at a time: each byte lane counts its matches (subtracting the
/// all-ones compare result) for up to 255 steps before the lanes are summed.
func countLineBreaks(_ bytes: [UInt8]) -> Int {
    bytes.withUnsafeBytes { raw -> Int in
        let n = raw.count
        var count = 0
        var i = 0
        let pattern = SIMD32<UInt8>(repeating: newline)
        while i + 32 <= n {
            var lanes = SIMD32<UInt8>()
            let steps = min(255, (n - i) / 32)
            for _ in 0..<steps {
                let chunk = raw.loadUnaligned(fromByteOffset: i, as: SIMD32<UInt8>.self)
                lanes &-= unsafeBitCast(chunk .== pattern, to: SIMD32<UInt8>.self)
                i += 32
            }
            count += Int(SIMD32<UInt16>(truncatingIfNeeded: lanes).wrappedSum())
        }
        while i < n {
            if raw[i] == newline { count += 1 }
            i += 1
        }
        return count
    }
}
