/// Residents per area (e.g. `geodata/census-2011-lsoa-population.csv`), from any CSV with an
/// area id column and a population column.
public struct PopulationTable: Sendable, Hashable {
    /// Population per area id.
    public let populations: [String: Int]
    /// The file read.
    public let path: String
    /// The column the population came from.
    public let populationColumn: String

    /// Reads `path`.
    ///
    /// - Parameters:
    ///   - idColumn: Header of the area id column (default `lsoa11cd`).
    ///   - populationColumn: Header of the population column (default `population`).
    /// - Throws: ``FormatError`` naming file and line: a missing column, an empty id, an id
    ///   given twice, or a population that is not a whole number ≥ 0 (thousands separators,
    ///   as in ONS tables, are allowed: "1,563").
    /// - Complexity: O(file size).
    public init(path: String, idColumn: String = "lsoa11cd", populationColumn: String = "population") throws(FormatError) {
        let table = try SimpleCSVTable(path: path)
        let id = try table.column(idColumn, role: "area id")
        let pop = try table.column(populationColumn, role: "population")
        var populations: [String: Int] = [:]
        var lines: [String: Int] = [:]
        for (line, record) in table.records {
            let area = table.field(record, id)
            guard !area.isEmpty else { throw FormatError(.malformed, file: path, line: line, detail: "the \(idColumn) is empty") }
            let text = table.field(record, pop)
            guard let value = Int(text.filter { $0 != "," }), value >= 0 else {
                throw FormatError(.malformed, file: path, line: line, detail: "population '\(text)' for \(area) is not a whole number ≥ 0")
            }
            if let earlier = lines[area] {
                throw FormatError(.malformed, file: path, line: line, detail: "area \(area) appears twice (first on line \(earlier))")
            }
            lines[area] = line
            populations[area] = value
        }
        self.populations = populations
        self.path = path
        self.populationColumn = populationColumn
    }
}
