internal import GRDB

/// A failure of the incident store, with the store file and the reason in words a person
/// can act on, and SQLite's own message when SQLite reported it.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure, for callers that branch on it.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String {
            case cannotOpen = "cannot open"
            case notAStore = "not an incident store"
            case corrupt = "corrupt"
            case newerSchema = "newer schema"
            case readOnly = "read-only"
            case full = "disk full"
            case invalidInput = "invalid input"
            case notFound = "not found"
            case sqlite = "SQLite error"
        }
        private let value: Value

        /// The file does not exist or its folder cannot be opened.
        public static let cannotOpen = Code(value: .cannotOpen)
        /// The file is an SQLite database of another application, or no database at all.
        public static let notAStore = Code(value: .notAStore)
        /// SQLite found the file damaged (`PRAGMA integrity_check` fails).
        public static let corrupt = Code(value: .corrupt)
        /// The store was written by a newer `nbhd` with schema changes this one does not know.
        public static let newerSchema = Code(value: .newerSchema)
        /// The store or its folder is not writable.
        public static let readOnly = Code(value: .readOnly)
        /// The disk (or the store's size limit) is full.
        public static let full = Code(value: .full)
        /// A value handed to the store is unusable (e.g. a layer without areas).
        public static let invalidInput = Code(value: .invalidInput)
        /// A named layer or file is not in the store.
        public static let notFound = Code(value: .notFound)
        /// Any other SQLite failure.
        public static let sqlite = Code(value: .sqlite)

        /// The code in words.
        public var description: String { value.rawValue }
    }

    /// What kind of failure.
    public var code: Code
    /// The store file.
    public var path: String
    /// What went wrong and what to do about it.
    public var detail: String

    /// Creates an error.
    public init(_ code: Code, path: String, detail: String) {
        self.code = code
        self.path = path
        self.detail = detail
    }

    /// `wy.sqlite: <detail>`.
    public var description: String { "\(path): \(detail)" }

    /// Translates an error thrown by GRDB/SQLite while working on `path`, doing `action`.
    static func wrap(_ error: any Error, path: String, action: String) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let db = error as? DatabaseError else {
            return StoreError(.sqlite, path: path, detail: "\(action): \(error)")
        }
        let message = db.message ?? "\(db.resultCode)"
        switch db.resultCode.primaryResultCode {
        case .SQLITE_FULL:
            return StoreError(
                .full, path: path,
                detail: "\(action): the disk is full (SQLite: \(message)); nothing of this step was written, free space and run again")
        case .SQLITE_READONLY:
            return StoreError(
                .readOnly, path: path,
                detail: "\(action): the store is read-only (SQLite: \(message)); it and its folder must be writable")
        case .SQLITE_CANTOPEN:
            return StoreError(
                .cannotOpen, path: path,
                detail: "\(action): cannot open the store (SQLite: \(message)); check that the folder exists and is writable")
        case .SQLITE_NOTADB:
            return StoreError(
                .notAStore, path: path, detail: "\(action): not an SQLite database (SQLite: \(message))")
        case .SQLITE_CORRUPT:
            return StoreError(
                .corrupt, path: path,
                detail: "\(action): the store is damaged (SQLite: \(message)); restore it from a backup or import again into a new store")
        case .SQLITE_IOERR:
            return StoreError(
                .full, path: path,
                detail: "\(action): input/output error (SQLite: \(message)); the disk may be full or failing, nothing of this step was written")
        default:
            return StoreError(.sqlite, path: path, detail: "\(action): SQLite: \(message)")
        }
    }
}
