import NeighbourhoodGeometry

extension ChoroplethMap {
    /// Width of the legend panel on the right, in pixels.
    static let panelWidth = 250.0
    /// Height of the title block, in pixels.
    static let headerHeight = 64.0

    /// The map as a standalone SVG 1.1 document (also valid inline in HTML5): `role="img"`
    /// with `<title>` and `<desc>` for screen readers, no scripts, fonts or external
    /// references.
    ///
    /// - Throws: ``MapError`` when there is nothing to frame (no regions, cells or points) or
    ///   the palette cannot give the classes.
    /// - Complexity: O(*n* log *n*) in the number of positions.
    public func svg() throws(MapError) -> String {
        let layout = try Layout(self)
        let frame = layout.frame
        let colours = try classColours()
        var out = ""
        out.reserveCapacity(256 * 1024)
        let titleID = idPrefix + "-title"
        let descID = idPrefix + "-desc"
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"\(SVGText.number(width))\" "
        out += "height=\"\(SVGText.number(layout.height))\" viewBox=\"0 0 \(SVGText.number(width)) \(SVGText.number(layout.height))\" "
        out += "role=\"img\" aria-labelledby=\"\(titleID) \(descID)\" font-family=\"DejaVu Sans, Arial, Helvetica, sans-serif\">\n"
        out += "<title id=\"\(titleID)\">\(SVGText.escaped(title + " — " + period))</title>\n"
        out += "<desc id=\"\(descID)\">\(SVGText.escaped(description ?? defaultDescription()))</desc>\n"
        out += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
        out += "<text x=\"15\" y=\"28\" font-size=\"20\" font-weight=\"bold\" fill=\"#1a1a1a\">\(SVGText.escaped(title))</text>\n"
        out += "<text x=\"15\" y=\"50\" font-size=\"13\" fill=\"#333333\">\(SVGText.escaped(period))</text>\n"

        // Neighbourhoods, one path each (all rings, even-odd: holes stay holes).
        out += "<g class=\"regions\" stroke=\"#ffffff\" stroke-width=\"0.3\" fill-rule=\"evenodd\">\n"
        for (i, region) in regions.enumerated() {
            let rings = layout.simplified[i].flatMap { $0 }
            guard !rings.isEmpty else { continue }
            var fill = "#d9d9d9"
            var classAttribute = "nodata"
            if let value = region.value, let classes, let c = classes.classIndex(of: value) {
                fill = colours[c].description
                classAttribute = "c\(c)"
            }
            out += "<path class=\"\(classAttribute)\" fill=\"\(fill)\" d=\"\(SVGText.pathData(rings: rings.map { $0.map(frame.pixel) }))\">"
            out += "<title>\(SVGText.escaped(region.name)): \(region.value.map(format) ?? "no data")</title></path>\n"
        }
        out += "</g>\n"

        if !cells.isEmpty {
            out += "<g class=\"hotspots\" fill-opacity=\"0.85\" stroke=\"#1a1a1a\" stroke-width=\"0.4\">\n"
            for cell in cells where cellKey.indices.contains(cell.keyIndex) {
                let a = frame.pixel(Point(x: cell.bounds.minX, y: cell.bounds.maxY))
                let s = cell.bounds.width * frame.scale
                out += "<rect x=\"\(SVGText.number(a.x))\" y=\"\(SVGText.number(a.y))\" width=\"\(SVGText.number(max(s, 0.5)))\" "
                out += "height=\"\(SVGText.number(max(s, 0.5)))\" fill=\"\(cellKey[cell.keyIndex].colour)\"/>\n"
            }
            out += "</g>\n"
        }

        if !layout.outlines.isEmpty {
            let lines = layout.outlines.map { $0.map(frame.pixel) }
            out += "<path class=\"districts\" fill=\"none\" stroke=\"#1a1a1a\" stroke-width=\"1.6\" stroke-linejoin=\"round\" "
            out += "d=\"\(SVGText.pathData(lines: lines))\"/>\n"
        }

        if !points.isEmpty {
            out += "<g class=\"incidents\" fill=\"#1a1a1a\" stroke=\"#ffffff\" stroke-width=\"0.5\">\n"
            for p in points where p.isFinite {
                let q = frame.pixel(p)
                out += "<circle cx=\"\(SVGText.number(q.x))\" cy=\"\(SVGText.number(q.y))\" r=\"2\"/>\n"
            }
            out += "</g>\n"
        }

        out += labels(frame: frame)
        if let note { out += noteBox(note, layout: layout) }
        out += legend(layout: layout, colours: colours)
        out += "<text x=\"15\" y=\"\(SVGText.number(layout.height - 12))\" font-size=\"10\" fill=\"#333333\">"
        out += "\(SVGText.escaped(attribution))</text>\n"
        out += "</svg>\n"
        return out
    }

    /// "Map of N neighbourhoods shaded by …, in K classes from a to b".
    public func defaultDescription() -> String {
        let shaded = regions.filter { $0.value != nil }.count
        var text = "Map of \(regions.count) neighbourhoods shaded by \(valueLabel.lowercased())"
        if let classes {
            text += " in \(classes.classCount) classes (\(classes.method.rawValue)) from \(format(classes.bounds[0])) to \(format(classes.bounds[classes.classCount]))"
        }
        if shaded < regions.count { text += "; \(regions.count - shaded) without data" }
        if !cells.isEmpty { text += "; \(cells.count) hotspot cells overlaid" }
        if let note { text += ". " + note }
        return text + "."
    }

    private func labels(frame: MapFrame) -> String {
        guard labelTop > 0 else { return "" }
        let ranked = regions.indices.filter { regions[$0].value != nil }
            .sorted { regions[$0].value! != regions[$1].value! ? regions[$0].value! > regions[$1].value! : $0 < $1 }
            .prefix(labelTop)
        var out = "<g class=\"labels\" font-size=\"10\" fill=\"#1a1a1a\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\" stroke-linejoin=\"round\">\n"
        // Labels are placed right of the point, or left when that would overlap one already placed.
        var placed: [BoundingBox] = []
        for (rank, i) in ranked.enumerated() {
            let p = frame.pixel(regions[i].geometry.interiorPoint)
            let text = "\(rank + 1). \(regions[i].name)"
            let w = Double(text.count) * 6
            let right = BoundingBox(minX: p.x + 4, minY: p.y - 13, maxX: p.x + 4 + w, maxY: p.y)
            let left = BoundingBox(minX: p.x - 4 - w, minY: p.y - 13, maxX: p.x - 4, maxY: p.y)
            let below = BoundingBox(minX: p.x + 4, minY: p.y + 1, maxX: p.x + 4 + w, maxY: p.y + 14)
            let belowLeft = BoundingBox(minX: p.x - 4 - w, minY: p.y + 1, maxX: p.x - 4, maxY: p.y + 14)
            let above = BoundingBox(minX: p.x + 4, minY: p.y - 27, maxX: p.x + 4 + w, maxY: p.y - 14)
            let aboveLeft = BoundingBox(minX: p.x - 4 - w, minY: p.y - 27, maxX: p.x - 4, maxY: p.y - 14)
            let box = [right, left, below, belowLeft, above, aboveLeft].first { b in !placed.contains { $0.intersects(b) } } ?? right
            placed.append(box)
            out += "<circle cx=\"\(SVGText.number(p.x))\" cy=\"\(SVGText.number(p.y))\" r=\"2\" stroke-width=\"1\"/>"
            out += "<text x=\"\(SVGText.number(box.minX))\" y=\"\(SVGText.number(box.maxY - 3))\">\(SVGText.escaped(text))</text>\n"
        }
        return out + "</g>\n"
    }

    private func noteBox(_ note: String, layout: Layout) -> String {
        let lines = wrap(note, width: 60)
        let h = Double(lines.count) * 20 + 20
        let y = Self.headerHeight + (layout.mapHeight - h) / 2
        var out = "<g class=\"note\"><rect x=\"40\" y=\"\(SVGText.number(y))\" width=\"\(SVGText.number(layout.mapWidth - 50))\" "
        out += "height=\"\(SVGText.number(h))\" fill=\"#ffffff\" fill-opacity=\"0.92\" stroke=\"#1a1a1a\"/>\n"
        for (k, line) in lines.enumerated() {
            out += "<text x=\"55\" y=\"\(SVGText.number(y + 25 + Double(k) * 20))\" font-size=\"15\" fill=\"#1a1a1a\">\(SVGText.escaped(line))</text>\n"
        }
        return out + "</g>\n"
    }
}

/// Words of `text` in lines of at most about `width` characters.
func wrap(_ text: String, width: Int) -> [String] {
    var lines: [String] = []
    var line = ""
    for word in text.split(separator: " ") {
        if !line.isEmpty, line.count + 1 + word.count > width {
            lines.append(line)
            line = ""
        }
        line += (line.isEmpty ? "" : " ") + word
    }
    if !line.isEmpty { lines.append(line) }
    return lines
}
