import Foundation

/// Writes the files of an assignment run: `counts.csv`, `areas.geojson` and `summary.json`
/// (`incidents.csv` and `rejects.csv` are streamed by ``AssignmentJob`` as rows are read).
public struct AssignmentOutputs: Sendable {
    /// The assigner used, for area ids, names, parents and geometry.
    public let assigner: AreaAssigner

    /// Creates a writer for results made with `assigner`.
    public init(assigner: AreaAssigner) {
        self.assigner = assigner
    }

    /// `area_id,area_name,parent_id,month,crime_type,count`, one line per non-zero cell,
    /// sorted by area (layer order), month, crime type.
    public func writeCounts(_ counts: IncidentCounts, to path: String) throws {
        let file = try OutputFile(path: path)
        var text: [UInt8] = []
        text.append(text: "area_id,area_name,parent_id,month,crime_type,count\n")
        for (key, count) in counts.sorted {
            let area = assigner.layer.areas[key.area]
            text.append(csvField: area.id)
            text.append(0x2C)
            text.append(csvField: area.name)
            text.append(0x2C)
            text.append(csvField: assigner.parentIDs[key.area] ?? "")
            text.append(0x2C)
            if let month = key.month { text.append(month: month) }
            text.append(0x2C)
            text.append(csvField: key.crimeType)
            text.append(0x2C)
            text.append(integer: count)
            text.append(0x0A)
        }
        try file.write(text)
        try file.close()
    }

    /// Writes ``writeCounts(_:to:)`` and ``writeAreas(_:to:)`` at once, the areas (which
    /// reproject the boundaries) on another thread: the two are independent, and the end of
    /// a run otherwise left a core idle.
    ///
    /// - Throws: What either writer throws, the counts' error first.
    public func writeCountsAndAreas(_ counts: IncidentCounts, countsPath: String, areasPath: String) throws {
        let areas = BackgroundResult { try self.writeAreas(counts, to: areasPath) }
        let countsOutcome = Result { try writeCounts(counts, to: countsPath) }
        let areasOutcome = Result { try areas.value() }
        try countsOutcome.get()
        try areasOutcome.get()
    }

    /// The boundaries as an RFC 7946 FeatureCollection (WGS84 longitude/latitude) with
    /// `area_id`, `area_name`, `parent_id`, `total` and one count property per crime type.
    public func writeAreas(_ counts: IncidentCounts, to path: String) throws {
        let geographic = ["OGC:CRS84", "EPSG:4326"].contains(assigner.layer.crs)
        let lonLat = geographic ? assigner.layer : try assigner.workingLayer.projected(to: "EPSG:4326")
        let byType = counts.totalsByAreaAndType()
        let types = counts.crimeTypes
        let file = try OutputFile(path: path)
        var text: [UInt8] = []
        text.append(text: "{\"type\":\"FeatureCollection\",\"features\":[\n")
        for (i, area) in lonLat.areas.enumerated() {
            if i > 0 { text.append(text: ",\n") }
            text.append(text: "{\"type\":\"Feature\",\"properties\":{\"area_id\":")
            text.append(jsonString: area.id)
            text.append(text: ",\"area_name\":")
            text.append(jsonString: area.name)
            text.append(text: ",\"parent_id\":")
            if let parent = assigner.parentIDs[i] { text.append(jsonString: parent) } else { text.append(text: "null") }
            let areaCounts = byType[i] ?? [:]
            text.append(text: ",\"total\":")
            text.append(integer: areaCounts.values.reduce(0, +))
            for type in types {
                text.append(0x2C)
                text.append(jsonString: type.isEmpty ? "(no type)" : type)
                text.append(0x3A)
                text.append(integer: areaCounts[type] ?? 0)
            }
            text.append(text: "},\"geometry\":")
            text.append(geoJSON: area.geometry)
            text.append(0x7D)
            try file.drain(&text)
        }
        text.append(text: "\n]}\n")
        try file.write(text)
        try file.close()
    }

    /// Run metadata for `summary.json`.
    public struct RunInfo: Sendable {
        /// Fields used for id, name and parent.
        public var fields: LayerFields
        /// Seconds per stage, in order.
        public var durations: [(String, Double)]
        /// Files written.
        public var outputs: [String]
        /// Why rows were not checked against the area they name themselves (their `LSOA
        /// code`), when they could not be: e.g. read from a store, which does not keep it.
        /// Written as `named_area_not_checked`.
        public var namedAreaNotChecked: String?

        /// Creates run metadata.
        public init(fields: LayerFields, durations: [(String, Double)], outputs: [String]) {
            self.fields = fields
            self.durations = durations
            self.outputs = outputs
        }
    }

    /// The machine-readable summary: per-file and total row outcomes (which add up), the
    /// boundary file, CRSs, and durations.
    public func summaryJSON(_ result: AssignmentResult, info: RunInfo) -> String {
        var json = JSONText()
        json.open("{")
        json.key("boundaries")
        json.open("{")
        json.member("file", assigner.layer.source)
        json.member("crs", assigner.layer.crs)
        json.member("areas", assigner.layer.count)
        json.member("id_field", info.fields.id)
        json.member("name_field", info.fields.name)
        json.member("parent", assigner.parentSource == "field" ? info.fields.parent : assigner.parentSource)
        json.close("}")
        json.member("working_crs", assigner.workingCRS)
        json.member("working_crs_rule", assigner.workingCRSChoice.rule)
        if let note = info.namedAreaNotChecked { json.member("named_area_not_checked", note) }
        json.key("files")
        json.open("[")
        for file in result.files {
            json.open("{")
            json.member("file", file.file)
            json.member("crs", file.crs)
            tally(file.tally, &json)
            json.member("seconds", file.seconds)
            json.close("}")
        }
        json.close("]")
        json.key("total")
        json.open("{")
        tally(result.total, &json)
        json.member("adds_up", result.total.isBalanced)
        json.close("}")
        json.key("durations_seconds")
        json.open("{")
        for (name, seconds) in info.durations { json.member(name, seconds) }
        json.close("}")
        json.key("outputs")
        json.open("[")
        for output in info.outputs { json.value(output) }
        json.close("]")
        json.close("}")
        return json.text + "\n"
    }

    private func tally(_ t: AssignmentTally, _ json: inout JSONText) {
        json.member("rows_read", t.rowsRead)
        json.member("assigned", t.assigned)
        json.member("outside", t.outside)
        json.member("no_location", t.noLocation)
        json.member("rejected", t.rejected)
        json.member("named_area_checked", t.namedAreaChecked)
        json.member("named_area_differs", t.namedAreaDiffers)
        json.key("reject_reasons")
        json.open("{")
        for (reason, count) in t.rejectReasons.sorted(by: { $0.key < $1.key }) { json.member(reason, count) }
        json.close("}")
    }
}
