/// The outcome of assigning one or more incident files.
public struct AssignmentResult: Sendable {
    /// One input file's outcome.
    public struct FileSummary: Sendable {
        /// The file as given.
        public var file: String
        /// The CRS its coordinates were read in.
        public var crs: String
        /// Its row outcomes.
        public var tally: AssignmentTally
        /// Wall time spent on it.
        public var seconds: Double
        /// Size and SHA-256 of the file, when ``AssignmentOptions/checksumInputs`` asked for them.
        public var checksum: FileChecksum?
    }

    /// Per-file outcomes, in input order.
    public var files: [FileSummary]
    /// Counts of assigned incidents by area, month and crime type.
    public var counts: IncidentCounts
    /// Every readable row, when ``AssignmentOptions/collection`` asked for it.
    public var table: IncidentTable?

    /// All files' outcomes summed.
    public var total: AssignmentTally {
        var sum = AssignmentTally()
        for file in files { sum.add(file.tally) }
        return sum
    }
}
