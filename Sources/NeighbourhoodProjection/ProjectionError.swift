/// A failure inside PROJ: an unknown CRS, no transformation between two CRSs, or a point
/// that cannot be transformed. The message is PROJ's own, prefixed with what was attempted.
public struct ProjectionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure, for callers that branch on it.
    public enum Code: Sendable, Hashable {
        /// PROJ does not recognise a CRS definition.
        case unknownCRS
        /// PROJ found no way to transform between the two CRSs.
        case noTransformation
        /// A coordinate could not be transformed (e.g. outside the projection's domain).
        case transformFailed
        /// A distance-based operation was asked of a CRS in degrees.
        case notProjected
        /// PROJ could not start (no context).
        case unavailable
    }

    /// The kind of failure.
    public var code: Code
    /// What was attempted and PROJ's own message.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
