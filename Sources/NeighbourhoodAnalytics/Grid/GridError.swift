/// Why a grid, or an analysis on one, cannot be made as asked.
public struct GridError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem it is, for callers that want to match.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        /// A cell size, radius or band that is not a positive finite number of metres.
        public static let invalidDistance = Code("invalid_distance")
        /// The extent is empty or not finite.
        public static let invalidExtent = Code("invalid_extent")
        /// The grid would have more cells than allowed.
        public static let tooManyCells = Code("too_many_cells")
        /// The coordinates are degrees, where metres are needed.
        public static let notProjected = Code("not_projected")
        /// The input is empty or degenerate for the statistic asked for.
        public static let insufficientData = Code("insufficient_data")
        /// Arrays whose lengths should agree do not.
        public static let sizeMismatch = Code("size_mismatch")
        /// The snake-case name, stable across versions.
        public var description: String { name }
    }

    /// The kind of problem.
    public let code: Code
    /// What went wrong and what to do about it, in a sentence a user can act on.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
