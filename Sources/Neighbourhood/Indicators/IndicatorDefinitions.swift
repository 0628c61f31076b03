import Foundation

/// An indicator definitions file read from disk, with its weight tables loaded and its
/// checksum for the manifest.
public struct IndicatorDefinitions: Sendable {
    /// The definitions.
    public let set: IndicatorSet
    /// The file read, with size and SHA-256.
    public let source: FileChecksum
    /// Weight tables by id, loaded from files next to the definitions.
    public let weightTables: [String: [String: Double]]
    /// The weight table files read.
    public let weightTableFiles: [FileChecksum]

    /// Reads `path` and the weight tables it names, renaming input columns first.
    ///
    /// - Parameter columnNames: Definition column → the input's header (e.g. `offence_code`
    ///   → `Offence Code`), for inputs that name columns differently.
    /// - Throws: ``FormatError`` for unreadable files, ``GridError`` for invalid definitions.
    public init(path: String, columnNames: [String: String] = [:]) throws {
        let bytes = try ByteReader.readAll(path: path)
        var set = try IndicatorSet(json: bytes, source: path)
        for (from, to) in columnNames.sorted(by: { $0.key < $1.key }) { set = set.renamingColumn(from, to: to) }
        self.set = set
        source = try FileChecksum(path: path)
        let folder = (path as NSString).deletingLastPathComponent
        var tables: [String: [String: Double]] = [:]
        var files: [FileChecksum] = []
        for (id, table) in set.weightTables.sorted(by: { $0.key < $1.key }) {
            let file = table.file.hasPrefix("/") ? table.file : (folder.isEmpty ? table.file : folder + "/" + table.file)
            tables[id] = try CategoryWeightTable(path: file, keyColumn: table.keyColumn, weightColumn: table.weightColumn).weights
            files.append(try FileChecksum(path: file))
        }
        weightTables = tables
        weightTableFiles = files
    }

    /// The input columns the definitions read, besides the crime type.
    public var columns: [String] {
        var names = Set<String>()
        for indicator in set.indicators {
            for variant in indicator.variants { names.formUnion(variant.selector.columns) }
            if let weight = indicator.weight { names.insert(weight.column) }
        }
        names.remove(IndicatorSelector.crimeTypeColumn)
        return names.sorted()
    }
}
