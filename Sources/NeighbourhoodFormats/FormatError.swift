/// A file that cannot be read as the format it should be in.
///
/// Messages name the file and, where known, the line or feature, and say what is wrong, e.g.
/// `crimes.csv: line 1: no column named 'Lon'; columns are: Crime ID, Month, ...`.
public struct FormatError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure, for callers that branch on it.
    public enum Code: Sendable, Hashable {
        /// The file does not exist or cannot be opened.
        case cannotOpen
        /// Reading failed part-way (I/O error, corrupt gzip stream).
        case readFailed
        /// A required column is missing from a CSV header.
        case missingColumn
        /// The content is not valid for the format (bad JSON, wrong GeoJSON structure).
        case malformed
        /// The content is valid but uses something this reader does not support.
        case unsupported
        /// An output file cannot be written.
        case cannotWrite
    }

    /// The kind of failure.
    public var code: Code
    /// The file concerned.
    public var file: String
    /// One-based line, when the failure is tied to one.
    public var line: Int?
    /// What is wrong.
    public var detail: String

    /// Creates an error.
    public init(_ code: Code, file: String, line: Int? = nil, detail: String) {
        self.code = code
        self.file = file
        self.line = line
        self.detail = detail
    }

    /// `file: line N: detail`.
    public var description: String {
        if let line { return "\(file): line \(line): \(detail)" }
        return "\(file): \(detail)"
    }
}
