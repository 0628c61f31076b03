/// Asks an ``AssignmentJob`` to keep every readable row in an ``IncidentTable`` (columns of
/// coordinates, area, month, type and any extra columns), for analyses that need rows rather
/// than counts: hotspots and indicators.
public struct IncidentCollection: Sendable, Hashable {
    /// Further columns to keep by name (e.g. an offence code or knife flag column). A file
    /// without one of them gives blank values for it, and ``IncidentTable/rowsWithColumn``
    /// says how many rows had it.
    public var extraColumns: [String]

    /// Keeps the standard columns and `extraColumns`.
    public init(extraColumns: [String] = []) {
        self.extraColumns = Array(Set(extraColumns)).sorted()
    }
}
