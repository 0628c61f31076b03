/// Where a point lies relative to a region: the three-way answer of a point-in-polygon test.
public enum Position: Sendable, Hashable {
    /// Strictly inside: not on any edge.
    case inside
    /// Exactly on an edge or vertex of the boundary (outer ring or hole).
    case onBoundary
    /// Strictly outside, which includes inside a hole.
    case outside
}
