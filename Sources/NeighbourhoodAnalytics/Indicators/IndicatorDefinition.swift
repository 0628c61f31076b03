/// One indicator: what it counts, how it is labelled, and whether it is a proxy.
///
/// An indicator has one or more ``Variant``s in order of preference; the first whose columns
/// the input has is used (e.g. Home Office offence codes when a force extract has them,
/// police.uk crime types otherwise). The JSON shorthand `"selector"` (with optional `"proxy"`
/// and `"proxyNote"`) stands for a single variant.
public struct IndicatorDefinition: Sendable, Hashable, Codable {
    /// One way of selecting the indicator's rows.
    public struct Variant: Sendable, Hashable, Codable {
        /// Short name, e.g. `Home Office offence codes`.
        public var name: String
        /// Whether this variant only approximates the indicator's definition.
        public var proxy: Bool
        /// How the proxy differs from the definition (over-count, under-count, why).
        public var proxyNote: String?
        /// The rows it counts.
        public var selector: IndicatorSelector

        /// Creates a variant.
        public init(name: String, proxy: Bool = false, proxyNote: String? = nil, selector: IndicatorSelector) {
            self.name = name
            self.proxy = proxy
            self.proxyNote = proxyNote
            self.selector = selector
        }
    }

    /// A per-value weight: each matched row adds `weight(value of column)` instead of 1.
    public struct Weight: Sendable, Hashable, Codable {
        /// The id of a table in ``IndicatorSet/weightTables``.
        public var table: String
        /// The row column whose value is looked up (default `crime_type`).
        public var column: String
        /// The weight of a matched row whose value is not in the table; when `nil` such rows
        /// weigh 0 and their values are reported as unweighted.
        public var defaultWeight: Double?

        /// Creates a weight.
        public init(table: String, column: String = IndicatorSelector.crimeTypeColumn, defaultWeight: Double? = nil) {
            self.table = table
            self.column = column
            self.defaultWeight = defaultWeight
        }

        private enum Key: String, CodingKey, CaseIterable { case table, column, defaultWeight }

        /// Decodes, with `column` defaulting to `crime_type`.
        public init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(Key.self)
            let c = try decoder.container(keyedBy: Key.self)
            table = try c.decode(String.self, forKey: .table)
            column = try c.decodeIfPresent(String.self, forKey: .column) ?? IndicatorSelector.crimeTypeColumn
            defaultWeight = try c.decodeIfPresent(Double.self, forKey: .defaultWeight)
        }
    }

    /// Stable identifier, e.g. `serious_violence` (snake case; used in outputs).
    public var id: String
    /// Human label, e.g. `Serious violence`.
    public var label: String
    /// What it measures and where the definition comes from.
    public var description: String
    /// Unit of the count, e.g. `offences`, `incidents`, `casualties`, `harm (CSS weight)`.
    public var unit: String
    /// Ways of selecting rows, most preferred first.
    public var variants: [Variant]
    /// Optional weighting of matched rows.
    public var weight: Weight?
    /// Said when no variant can be used, e.g. "police.uk street files have no knife flag".
    public var unavailableNote: String?

    /// Creates a definition.
    public init(id: String, label: String, description: String, unit: String, variants: [Variant], weight: Weight? = nil, unavailableNote: String? = nil) {
        self.id = id
        self.label = label
        self.description = description
        self.unit = unit
        self.variants = variants
        self.weight = weight
        self.unavailableNote = unavailableNote
    }

    private enum Key: String, CodingKey, CaseIterable {
        case id, label, description, unit, variants, weight, unavailableNote, selector, proxy, proxyNote
    }

    /// Decodes a definition; `selector` (+ `proxy`, `proxyNote`) is a one-variant shorthand.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(Key.self)
        let c = try decoder.container(keyedBy: Key.self)
        id = try c.decode(String.self, forKey: .id)
        label = try c.decodeIfPresent(String.self, forKey: .label) ?? id
        description = try c.decodeIfPresent(String.self, forKey: .description) ?? ""
        unit = try c.decodeIfPresent(String.self, forKey: .unit) ?? "incidents"
        weight = try c.decodeIfPresent(Weight.self, forKey: .weight)
        unavailableNote = try c.decodeIfPresent(String.self, forKey: .unavailableNote)
        if let v = try c.decodeIfPresent([Variant].self, forKey: .variants) {
            variants = v
        } else if let s = try c.decodeIfPresent(IndicatorSelector.self, forKey: .selector) {
            variants = [Variant(
                name: "selector", proxy: try c.decodeIfPresent(Bool.self, forKey: .proxy) ?? false,
                proxyNote: try c.decodeIfPresent(String.self, forKey: .proxyNote), selector: s)]
        } else {
            throw DecodingError.dataCorruptedError(forKey: .variants, in: c, debugDescription: "indicator '\(id)' needs 'variants' or 'selector'")
        }
    }

    /// Encodes with explicit variants.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(id, forKey: .id)
        try c.encode(label, forKey: .label)
        try c.encode(description, forKey: .description)
        try c.encode(unit, forKey: .unit)
        try c.encode(variants, forKey: .variants)
        try c.encodeIfPresent(weight, forKey: .weight)
        try c.encodeIfPresent(unavailableNote, forKey: .unavailableNote)
    }
}

extension IndicatorDefinition.Variant {
    private enum Key: String, CodingKey, CaseIterable { case name, proxy, proxyNote, selector }

    /// Decodes a variant; `proxy` defaults to false.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(Key.self)
        let c = try decoder.container(keyedBy: Key.self)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? "selector"
        proxy = try c.decodeIfPresent(Bool.self, forKey: .proxy) ?? false
        proxyNote = try c.decodeIfPresent(String.self, forKey: .proxyNote)
        selector = try c.decode(IndicatorSelector.self, forKey: .selector)
    }
}
