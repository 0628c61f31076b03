/// `manifest.json`: what a run read (with checksums), every parameter it used (saying which
/// were chosen automatically), what became of the rows, warnings, and what it wrote, so a
/// result can be reproduced and checked.
public struct RunManifest: Sendable {
    /// A parameter value as written to JSON.
    public enum Value: Sendable, Hashable {
        /// A string.
        case text(String)
        /// A number, written exactly (`null` when not finite).
        case number(Double)
        /// A whole number.
        case integer(Int)
        /// A flag.
        case flag(Bool)
        /// A list of strings.
        case list([String])
        /// Nothing (JSON `null`).
        case none
    }

    /// One parameter: name, value and whether the program chose it.
    public struct Parameter: Sendable, Hashable {
        /// The name, e.g. `radius_m`.
        public var name: String
        /// The value.
        public var value: Value
        /// Whether it was chosen automatically rather than given.
        public var automatic: Bool
        /// How it was chosen, when automatic (e.g. the rule used).
        public var rule: String?

        /// Creates a parameter.
        public init(_ name: String, _ value: Value, automatic: Bool = false, rule: String? = nil) {
            self.name = name
            self.value = value
            self.automatic = automatic
            self.rule = rule
        }
    }

    /// The command, e.g. `nbhd hotspots`.
    public var command: String
    /// The arguments as given.
    public var arguments: [String]
    /// The input files with sizes and SHA-256.
    public var inputs: [FileChecksum] = []
    /// The row outcomes of the incident files.
    public var rows: AssignmentResult?
    /// Rows dropped as repeated ids.
    public var duplicates = 0
    /// Parameters, in order.
    public var parameters: [Parameter] = []
    /// Warnings a reader must see.
    public var warnings: [String] = []
    /// Files written.
    public var outputs: [String] = []
    /// Extra sections written verbatim as JSON members (name, JSON text).
    public var sections: [(String, String)] = []

    /// Starts a manifest for `command` run with `arguments`.
    public init(command: String, arguments: [String]) {
        self.command = command
        self.arguments = arguments
    }

    /// Adds inputs by path, hashing each file unless ``rows`` already holds its checksum
    /// (set ``rows`` first).
    ///
    /// - Throws: ``FormatError`` when a file cannot be read.
    public mutating func addInputs(_ paths: [String]) throws {
        let known = Dictionary(
            (rows?.files ?? []).compactMap { $0.checksum }.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        for path in paths { inputs.append(try known[path] ?? FileChecksum(path: path)) }
    }

    /// The JSON text.
    public var json: String {
        var j = JSONText()
        j.open("{")
        j.member("command", command)
        j.member("arguments", arguments)
        j.member("neighbourhood_version", NeighbourhoodVersion.current)
        j.key("inputs")
        j.open("[")
        for input in inputs {
            j.open("{")
            j.member("path", input.path)
            j.member("bytes", input.bytes)
            j.member("sha256", input.sha256)
            j.close("}")
        }
        j.close("]")
        if let rows {
            let t = rows.total
            j.key("rows")
            j.open("{")
            j.member("read", t.rowsRead)
            j.member("assigned", t.assigned)
            j.member("outside", t.outside)
            j.member("no_location", t.noLocation)
            j.member("rejected", t.rejected)
            j.member("balanced", t.isBalanced)
            j.member("repeated_ids_dropped", duplicates)
            j.close("}")
        }
        j.key("parameters")
        j.open("{")
        for p in parameters {
            j.key(p.name)
            j.open("{")
            j.key("value")
            j.raw(p.value.json)
            j.member("automatic", p.automatic)
            if let rule = p.rule { j.member("rule", rule) }
            j.close("}")
        }
        j.close("}")
        for (name, text) in sections {
            j.key(name)
            j.raw(text)
        }
        j.member("warnings", warnings)
        j.member("outputs", outputs)
        j.close("}")
        return j.text + "\n"
    }
}

extension RunManifest.Value {
    var json: String {
        switch self {
        case .text(let s): return JSONText.quoted(s)
        case .number(let v): return v.isFinite ? "\(v)" : "null"
        case .integer(let v): return String(v)
        case .flag(let b): return b ? "true" : "false"
        case .list(let l): return "[" + l.map(JSONText.quoted).joined(separator: ", ") + "]"
        case .none: return "null"
        }
    }
}

/// The library's version, written into manifests.
public enum NeighbourhoodVersion {
    /// The version of this build.
    public static let current = "0.2.0-dev"
}
