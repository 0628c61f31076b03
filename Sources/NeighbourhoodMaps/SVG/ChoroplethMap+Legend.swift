import NeighbourhoodGeometry

extension ChoroplethMap {
    /// Height of the legend panel's content, for the layout.
    static func legendHeight(_ map: ChoroplethMap) -> Double {
        let heading = Double(wrap(map.valueLabel, width: 30).count) * 16
        let classes = Double((map.classes?.classCount ?? 0) + 1) * 20
        let cells = (map.cellKey.isEmpty ? 0 : 24 + Double(map.cellKey.count) * 20) + (map.points.isEmpty ? 0 : 26)
        return 16 + heading + classes + cells + 30 + 70 + 90
    }

    /// The legend panel: classes with bounds and counts, no data, hotspot key, district line,
    /// scale bar and north arrow.
    func legend(layout: Layout, colours: [RGBColour]) -> String {
        let x = width - Self.panelWidth
        var y = Self.headerHeight + 6
        var out = "<g class=\"legend\" font-size=\"12\" fill=\"#1a1a1a\">\n"
        for line in wrap(valueLabel, width: 30) {
            out += "<text x=\"\(SVGText.number(x))\" y=\"\(SVGText.number(y + 12))\" font-weight=\"bold\">\(SVGText.escaped(line))</text>\n"
            y += 16
        }
        y += 4
        let values = regions.compactMap(\.value)
        if let classes {
            let counts = classes.counts(of: values)
            for c in 0..<classes.classCount {
                let lower = classes.bounds[c]
                let upper = classes.bounds[c + 1]
                let range = c == 0 || lower == upper ? "\(format(lower)) – \(format(upper))" : "> \(format(lower)) – \(format(upper))"
                out += "<g class=\"legend-class\" data-lower=\"\(lower)\" data-upper=\"\(upper)\" data-count=\"\(counts[c])\">"
                out += "<rect x=\"\(SVGText.number(x))\" y=\"\(SVGText.number(y))\" width=\"24\" height=\"14\" fill=\"\(colours[c])\" stroke=\"#555555\" stroke-width=\"0.6\"/>"
                out += "<text x=\"\(SVGText.number(x + 32))\" y=\"\(SVGText.number(y + 11.5))\">\(SVGText.escaped(range)) (\(counts[c]))</text></g>\n"
                y += 20
            }
        }
        let missing = regions.count - values.count
        if note == nil, missing > 0 || classes == nil {
            out += "<rect x=\"\(SVGText.number(x))\" y=\"\(SVGText.number(y))\" width=\"24\" height=\"14\" fill=\"#d9d9d9\" stroke=\"#555555\" stroke-width=\"0.6\"/>"
            out += "<text x=\"\(SVGText.number(x + 32))\" y=\"\(SVGText.number(y + 11.5))\">No data (\(missing))</text>\n"
            y += 20
        }
        if !cellKey.isEmpty {
            y += 6
            out += "<text x=\"\(SVGText.number(x))\" y=\"\(SVGText.number(y + 12))\" font-weight=\"bold\">\(SVGText.escaped(cellTitle))</text>\n"
            y += 18
            for (k, key) in cellKey.enumerated() {
                let n = cells.filter { $0.keyIndex == k }.count
                out += "<rect x=\"\(SVGText.number(x))\" y=\"\(SVGText.number(y))\" width=\"14\" height=\"14\" fill=\"\(key.colour)\" stroke=\"#1a1a1a\" stroke-width=\"0.4\"/>"
                out += "<text x=\"\(SVGText.number(x + 32))\" y=\"\(SVGText.number(y + 11.5))\">\(SVGText.escaped(key.label)) (\(n))</text>\n"
                y += 20
            }
        }
        if !points.isEmpty {
            y += 6
            out += "<circle cx=\"\(SVGText.number(x + 12))\" cy=\"\(SVGText.number(y + 7))\" r=\"2.5\" fill=\"#1a1a1a\" stroke=\"#ffffff\" stroke-width=\"0.5\"/>"
            out += "<text x=\"\(SVGText.number(x + 32))\" y=\"\(SVGText.number(y + 11.5))\">Incident location (\(points.count.formatted()))</text>\n"
            y += 20
        }
        if !layout.outlines.isEmpty {
            y += 6
            out += "<line x1=\"\(SVGText.number(x))\" y1=\"\(SVGText.number(y + 7))\" x2=\"\(SVGText.number(x + 24))\" y2=\"\(SVGText.number(y + 7))\" stroke=\"#1a1a1a\" stroke-width=\"1.6\"/>"
            out += "<text x=\"\(SVGText.number(x + 32))\" y=\"\(SVGText.number(y + 11.5))\">District boundary</text>\n"
            y += 24
        }
        out += scaleBar(frame: layout.frame, x: x, y: y + 10)
        out += northArrow(x: x + 20, y: y + 70)
        return out + "</g>\n"
    }

    /// A two-segment scale bar of a round length in km (1, 2 or 5 × 10^k), about 120 px long.
    func scaleBar(frame: MapFrame, x: Double, y: Double) -> String {
        let metres = Self.roundLength(120 / frame.scale)
        let px = metres * frame.scale
        let label = metres >= 1000 ? ValueFormat.number(metres / 1000, decimals: metres.truncatingRemainder(dividingBy: 1000) == 0 ? 0 : 1) + " km"
            : ValueFormat.number(metres, decimals: 0) + " m"
        var out = "<g class=\"scale-bar\" data-metres=\"\(metres)\">"
        out += "<rect x=\"\(SVGText.number(x))\" y=\"\(SVGText.number(y))\" width=\"\(SVGText.number(px / 2))\" height=\"6\" fill=\"#1a1a1a\"/>"
        out += "<rect x=\"\(SVGText.number(x + px / 2))\" y=\"\(SVGText.number(y))\" width=\"\(SVGText.number(px / 2))\" height=\"6\" fill=\"#ffffff\" stroke=\"#1a1a1a\" stroke-width=\"0.8\"/>"
        out += "<text x=\"\(SVGText.number(x))\" y=\"\(SVGText.number(y + 20))\" font-size=\"11\" text-anchor=\"middle\">0</text>"
        out += "<text x=\"\(SVGText.number(x + px))\" y=\"\(SVGText.number(y + 20))\" font-size=\"11\" text-anchor=\"middle\">\(label)</text>"
        return out + "</g>\n"
    }

    /// The largest 1, 2 or 5 × 10^k metres not above `metres`.
    static func roundLength(_ metres: Double) -> Double {
        var unit = 1.0
        while unit * 10 <= metres { unit *= 10 }
        while unit > metres, unit > 1e-3 { unit /= 10 }
        for m in [5.0, 2.0, 1.0] where m * unit <= metres { return m * unit }
        return unit
    }

    /// A north arrow (grid north of the projected CRS, within 2° of true north across Great
    /// Britain's central meridian zone in British National Grid).
    func northArrow(x: Double, y: Double) -> String {
        var out = "<g class=\"north-arrow\">"
        out += "<path d=\"M\(SVGText.number(x)) \(SVGText.number(y))l-9 30 9-7 9 7z\" fill=\"#1a1a1a\"/>"
        out += "<text x=\"\(SVGText.number(x))\" y=\"\(SVGText.number(y - 4))\" font-size=\"14\" font-weight=\"bold\" text-anchor=\"middle\">N</text>"
        out += "<text x=\"\(SVGText.number(x + 18))\" y=\"\(SVGText.number(y + 22))\" font-size=\"10\">Grid north, British National Grid</text>"
        return out + "</g>\n"
    }
}
