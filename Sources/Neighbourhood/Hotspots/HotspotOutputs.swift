import NeighbourhoodFormats

/// Writes the per-cell files of a hotspot run: `grid.csv`, `grid.geojson` and
/// `hotspots.csv`.
public struct HotspotOutputs: Sendable {
    /// The assigner whose areas name each cell's neighbourhood and district (it may have
    /// no areas).
    public let assigner: AreaAssigner

    /// Creates a writer.
    public init(assigner: AreaAssigner) {
        self.assigner = assigner
    }

    private func areaFields(_ area: Int32) -> (id: String, name: String, parent: String) {
        guard area >= 0 else { return ("", "", "") }
        let a = assigner.layer.areas[Int(area)]
        return (a.id, a.name, assigner.parentIDs[Int(area)] ?? "")
    }

    /// `grid.csv`: one line per cell, all cells, south-west first. Columns: `cell_id`,
    /// `column`, `row`, `easting`, `northing` (centre), `in_study_area`, `count`, `weight`,
    /// `density`, `gi_z`, `gi_p`, `gi_p_sim`, `gi_bin`, `moran_class`, `neighbourhood_id`,
    /// `district_id`. Statistics of cells outside the study area, and statistics not
    /// computed, are empty cells, never `nan`.
    public func writeGridCSV(_ cells: HotspotCells, to path: String) throws {
        let file = try OutputFile(path: path)
        var text: [UInt8] = []
        text.append(text: "cell_id,column,row,easting,northing,in_study_area,count,weight,density,")
        text.append(text: "gi_z,gi_p,gi_p_sim,gi_bin,moran_class,neighbourhood_id,district_id\n")
        let grid = cells.grid
        for cell in 0..<grid.cellCount {
            let centre = grid.centre(of: cell)
            let inside = cells.inStudyArea[cell]
            text.append(integer: cell)
            text.append(0x2C)
            text.append(integer: grid.column(of: cell))
            text.append(0x2C)
            text.append(integer: grid.row(of: cell))
            text.append(0x2C)
            text.append(number: centre.x)
            text.append(0x2C)
            text.append(number: centre.y)
            text.append(0x2C)
            text.append(text: inside ? "1," : "0,")
            text.append(integer: cells.count[cell])
            text.append(0x2C)
            text.append(number: cells.weight[cell])
            text.append(0x2C)
            if inside {
                text.append(number: cells.density[cell])
                text.append(0x2C)
                text.append(number: cells.giZ?[cell] ?? .nan)
                text.append(0x2C)
                text.append(number: cells.giP?[cell] ?? .nan)
                text.append(0x2C)
                text.append(number: cells.giPSim?[cell] ?? .nan)
                text.append(0x2C)
                if let bin = cells.giBin?[cell] { text.append(integer: bin) }
                text.append(0x2C)
                text.append(text: cells.moranClass?[cell] ?? "")
            } else {
                text.append(text: ",,,,,")
            }
            let area = areaFields(cells.area[cell])
            text.append(0x2C)
            text.append(csvField: area.id)
            text.append(0x2C)
            text.append(csvField: area.parent)
            text.append(0x0A)
            try file.drain(&text)
        }
        try file.write(text)
        try file.close()
    }

    /// `grid.geojson`: the study-area cells as WGS84 polygons (their four corners projected
    /// from the working CRS) with the fields of `grid.csv`. Cells outside the study area are
    /// left out of this file only; `grid.csv` lists them.
    public func writeGridGeoJSON(_ cells: HotspotCells, to path: String) throws {
        let grid = cells.grid
        let kept = (0..<grid.cellCount).filter { cells.inStudyArea[$0] }
        var corners: [Point] = []
        corners.reserveCapacity(kept.count * 4)
        for cell in kept {
            let b = grid.bounds(of: cell)
            corners += [
                Point(x: b.minX, y: b.minY), Point(x: b.maxX, y: b.minY), Point(x: b.maxX, y: b.maxY),
                Point(x: b.minX, y: b.maxY),
            ]
        }
        _ = try CoordinateTransformation(from: assigner.workingCRS, to: "EPSG:4326").transform(&corners)
        let file = try OutputFile(path: path)
        var text: [UInt8] = []
        text.append(text: "{\"type\":\"FeatureCollection\",\"features\":[\n")
        for (k, cell) in kept.enumerated() {
            if k > 0 { text.append(text: ",\n") }
            let centre = grid.centre(of: cell)
            text.append(text: "{\"type\":\"Feature\",\"properties\":{\"cell_id\":")
            text.append(integer: cell)
            text.append(text: ",\"easting\":")
            text.append(number: centre.x)
            text.append(text: ",\"northing\":")
            text.append(number: centre.y)
            text.append(text: ",\"count\":")
            text.append(integer: cells.count[cell])
            text.append(text: ",\"weight\":")
            text.append(number: cells.weight[cell])
            appendMember("density", cells.density[cell], &text)
            appendMember("gi_z", cells.giZ?[cell], &text)
            appendMember("gi_p", cells.giP?[cell], &text)
            appendMember("gi_p_sim", cells.giPSim?[cell], &text)
            text.append(text: ",\"gi_bin\":")
            if let bin = cells.giBin?[cell] { text.append(integer: bin) } else { text.append(text: "null") }
            text.append(text: ",\"moran_class\":")
            if let c = cells.moranClass?[cell] { text.append(jsonString: c) } else { text.append(text: "null") }
            let area = areaFields(cells.area[cell])
            text.append(text: ",\"neighbourhood_id\":")
            text.append(jsonString: area.id)
            text.append(text: ",\"district_id\":")
            text.append(jsonString: area.parent)
            text.append(text: "},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[")
            for (i, n) in [0, 1, 2, 3, 0].enumerated() {
                if i > 0 { text.append(0x2C) }
                let p = corners[k * 4 + n]
                text.append(0x5B)
                text.append(coordinate: p.x)
                text.append(0x2C)
                text.append(coordinate: p.y)
                text.append(0x5D)
            }
            text.append(text: "]]}}")
            try file.drain(&text)
        }
        text.append(text: "\n]}\n")
        try file.write(text)
        try file.close()
    }

    private func appendMember(_ name: String, _ value: Double?, _ text: inout [UInt8]) {
        text.append(text: ",\"\(name)\":")
        if let value, value.isFinite { text.append(number: value) } else { text.append(text: "null") }
    }
}
