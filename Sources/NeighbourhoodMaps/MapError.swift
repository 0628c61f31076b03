/// A map that cannot be drawn: nothing to classify, a bad option, an unknown palette.
public struct MapError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of fault, for callers that branch on it.
    public struct Code: Sendable, Hashable {
        private let raw: Int
        /// Nothing to draw or classify.
        public static let noData = Code(raw: 1)
        /// An option is out of range or unknown (classes, palette, size).
        public static let invalidOption = Code(raw: 2)
    }

    /// The kind of fault.
    public var code: Code
    /// What is wrong, in words a user can act on.
    public var detail: String

    /// Creates an error.
    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    /// The detail.
    public var description: String { detail }
}
