/// What became of one input row. Every row read gets exactly one status, so the four counts
/// always add up to the rows read.
public enum IncidentStatus: String, Sendable, CaseIterable, Codable {
    /// The point lies in an area of the boundary layer.
    case assigned
    /// The point is valid but lies in no area of the layer.
    case outside
    /// The row has no coordinates (police.uk publishes such rows with both fields empty).
    case noLocation = "no_location"
    /// The row could not be read: see its reason in `rejects.csv`.
    case rejected
}
