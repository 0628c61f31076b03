import Foundation
import Neighbourhood
@testable import NeighbourhoodMaps
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The SVG map: well-formed XML, holes drawn as holes (checked in pixels rasterised by
/// rsvg-convert and read by `Tests/reference/png_pixel.py`), and a legend whose class bounds
/// and counts are those of the data.
@Suite struct ChoroplethMapTests {
    /// Elements of an XML document: name and attributes, in order; throws when not well formed.
    final class Collector: NSObject, XMLParserDelegate {
        var elements: [(name: String, attributes: [String: String])] = []
        var text = ""
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
            elements.append((name, attributes))
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

        static func parse(_ svg: String) throws -> Collector {
            let collector = Collector()
            let parser = XMLParser(data: Data(svg.utf8))
            parser.delegate = collector
            guard parser.parse() else {
                throw MapError(.noData, "not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "?") at line \(parser.lineNumber)")
            }
            return collector
        }
    }

    static let rsvg = "/usr/bin/rsvg-convert"

    /// The bundled LSOAs shaded by their area in hectares, with hostile names.
    static func westYorkshireMap() throws -> (ChoroplethMap, [Double]) {
        let layer = westYorkshire.workingLayer
        let values = layer.areas.map { $0.geometry.area / 10_000 }
        var map = ChoroplethMap(title: "Area <hectares> & more", period: "2011 \"census\"", valueLabel: "Hectares per LSOA")
        map.regions = layer.areas.enumerated().map { i, a in
            .init(id: a.id, name: i == 0 ? "A & B <C>" : westYorkshire.layer.areas[i].name, geometry: a.geometry, value: values[i], group: westYorkshire.parentIDs[i])
        }
        map.classes = try .naturalBreaks(of: values, classes: 5)
        map.labelTop = 5
        map.cells = [.init(bounds: BoundingBox(minX: 430_000, minY: 433_000, maxX: 430_250, maxY: 433_250), keyIndex: 0)]
        map.cellKey = [("Hot", RGBColour(0xcb181d))]
        return (map, values)
    }

    @Test func svgIsWellFormedWithTitleDescriptionAndFurniture() throws {
        let (map, _) = try Self.westYorkshireMap()
        let svg = try map.svg()
        let doc = try Collector.parse(svg)
        #expect(doc.elements.first?.name == "svg")
        #expect(doc.elements.first?.attributes["role"] == "img")
        #expect(doc.elements.contains { $0.name == "title" } && doc.elements.contains { $0.name == "desc" })
        #expect(doc.text.contains("Area <hectares> & more"))
        #expect(doc.text.contains("A & B <C>"))
        #expect(doc.text.contains("Open Government Licence v3.0"))
        #expect(doc.elements.filter { $0.attributes["class"] == "scale-bar" }.count == 1)
        #expect(doc.elements.filter { $0.attributes["class"] == "north-arrow" }.count == 1)
        #expect(doc.elements.filter { $0.attributes["class"] == "districts" }.count == 1)
        #expect(doc.elements.filter { $0.name == "path" && ($0.attributes["class"] ?? "").hasPrefix("c") }.count == 1388)
        #expect(!svg.contains("<script") && !svg.contains("href"))
        // A scale bar of a round length: 1, 2 or 5 × 10^k metres.
        let metres = Double(doc.elements.first { $0.attributes["class"] == "scale-bar" }!.attributes["data-metres"]!)!
        let mantissa = metres / pow(10, floor(log10(metres)))
        #expect([1.0, 2.0, 5.0].contains { abs($0 - mantissa) < 1e-9 })
    }

    @Test func legendBoundsAndCountsAreTheData() throws {
        let (map, values) = try Self.westYorkshireMap()
        let doc = try Collector.parse(try map.svg())
        let legend = doc.elements.filter { $0.attributes["class"] == "legend-class" }
        let lower = legend.map { Double($0.attributes["data-lower"]!)! }
        let upper = legend.map { Double($0.attributes["data-upper"]!)! }
        let counts = legend.map { Int($0.attributes["data-count"]!)! }
        let expected = try ClassBreaks.naturalBreaks(of: values, classes: 5)
        #expect(lower == Array(expected.bounds.dropLast()))
        #expect(upper == Array(expected.bounds.dropFirst()))
        #expect(lower.first == values.min())
        #expect(upper.last == values.max())
        #expect(counts.reduce(0, +) == values.count)
        // Each neighbourhood is filled with the colour of the class its value falls in.
        let colours = try map.classColours().map(\.description)
        let paths = doc.elements.filter { $0.name == "path" && ($0.attributes["class"] ?? "").hasPrefix("c") }
        for (path, value) in zip(paths, values) {
            let c = expected.classIndex(of: value)!
            #expect(path.attributes["class"] == "c\(c)")
            #expect(path.attributes["fill"] == colours[c])
        }
        for c in 0..<5 { #expect(counts[c] == values.filter { $0 > lower[c] || (c == 0 && $0 >= lower[c]) }.filter { $0 <= upper[c] }.count) }
    }

    /// A square with a square hole, the hole wound either way: the hole's centre stays the
    /// background colour and the ring takes the class colour, in pixels rasterised by rsvg-convert.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: rsvg), "rsvg-convert (Debian librsvg2-bin) is not installed"),
        arguments: [false, true])
    func holesRenderAsHoles(_ holeSameWinding: Bool) throws {
        let outer = [Point(0, 0), Point(1000, 0), Point(1000, 1000), Point(0, 1000), Point(0, 0)]
        var hole = [Point(300, 300), Point(300, 700), Point(700, 700), Point(700, 300), Point(300, 300)]
        if holeSameWinding { hole.reverse() }
        let square = try Polygon(exterior: outer, holes: [hole])
        let other = try Polygon(exterior: [Point(1000, 0), Point(2000, 0), Point(2000, 1000), Point(1000, 1000), Point(1000, 0)])
        var map = ChoroplethMap(title: "Holes", period: "test", valueLabel: "value")
        map.regions = [
            .init(id: "a", name: "a", geometry: MultiPolygon(square), value: 10),
            .init(id: "b", name: "b", geometry: MultiPolygon(other), value: 1),
        ]
        map.classes = try .quantiles(of: [1, 10], classes: 2)
        let folder = try temporaryFolder()
        try map.svg().write(toFile: folder + "/holes.svg", atomically: true, encoding: .utf8)
        let r = try run(Self.rsvg, ["--format", "png", "--output", folder + "/holes.png", folder + "/holes.svg"])
        #expect(r.status == 0, "\(r.err)")
        let frame = try ChoroplethMap.Layout(map).frame
        let hollow = frame.pixel(Point(500, 500))
        let ring = frame.pixel(Point(150, 500))
        let pixels = try run("/usr/bin/env", [
            "python3", repositoryPath("Tests/reference/png_pixel.py"), folder + "/holes.png",
            "\(Int(hollow.x)),\(Int(hollow.y))", "\(Int(ring.x)),\(Int(ring.y))",
        ])
        let lines = pixels.out.split(separator: "\n").map { $0.split(separator: " ").last.map(String.init) ?? "" }
        #expect(lines.count == 3, "\(pixels.err)")
        #expect(lines[1] == "#ffffff", "the hole is filled: \(lines)")
        #expect(lines[2] == (try map.classColours()[1].description), "the ring is not the class colour: \(lines)")
    }

    @Test func emptyMapsSayWhy() throws {
        var map = ChoroplethMap(title: "Nothing", period: "2018-07", valueLabel: "offences")
        #expect(throws: MapError.self) { try map.svg() }
        let square = try Polygon(exterior: [Point(0, 0), Point(10, 0), Point(10, 10), Point(0, 10), Point(0, 0)])
        map.regions = [.init(id: "a", name: "a", geometry: MultiPolygon(square), value: nil)]
        map.note = "No offences recorded in 2018-07: there is nothing to shade."
        let doc = try Collector.parse(try map.svg())
        #expect(doc.text.contains("nothing to shade"))
        #expect(!doc.elements.contains { $0.attributes["class"] == "legend-class" })
    }

    @Test func numbersAndEscaping() {
        #expect(SVGText.number(12.04) == "12")
        #expect(SVGText.number(-3.46) == "-3.5")
        #expect(SVGText.escaped("a<b & \"c\"\u{1}") == "a&lt;b &amp; &quot;c&quot;")
        #expect(ValueFormat.number(1234567.891, decimals: 1) == "1,234,567.9")
        #expect(ValueFormat.number(-0.04, decimals: 1) == "0.0")
        #expect(SVGText.pathData(rings: [[(0, 0), (1, 0), (1, 1), (0, 0)]]) == "M0 0l1 0 0 1z")
    }
}
