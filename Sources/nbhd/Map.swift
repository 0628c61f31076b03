import ArgumentParser
import Foundation
import Neighbourhood

extension Nbhd {
    /// `nbhd map`: one classed map of neighbourhoods as SVG (and PNG).
    struct Map: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A classed map of neighbourhoods as SVG (PNG with --png): an indicator's rate, count or change.",
            discussion: """
                Neighbourhoods shaded by one indicator (Jenks natural breaks or quantiles, \
                colour-blind-safe palettes), district outlines drawn heavier (dissolved from the \
                neighbourhoods, or --districts), an optional hotspot layer (Gi* bins or the \
                density surface as cells), optional incident points, labels for the top \
                neighbourhoods, a legend with class bounds and units, a scale bar in km, a north \
                arrow, the title, the period and the OGL attribution, in British National Grid.

                PNG is rasterised from the SVG by rsvg-convert (Debian: librsvg2-bin).

                Example (the bundled West Yorkshire data):
                  nbhd map geodata/crime/2018-07-west-yorkshire-street.csv.gz \\
                    --boundaries geodata/wy-lsoa-2011.geojson --id-field LSOA11CD \\
                    --name-field LSOA11NM --parent-field LAD11CD --period 2018-07 \\
                    --indicator all_crime --hotspots gistar --labels 5 --out map.svg --png map.png
                """
        )

        @Argument(help: "Incident CSV files (police.uk street files or any CSV with coordinates; .gz read directly).")
        var files: [String] = []

        @OptionGroup var boundaries: BoundaryOptions
        @OptionGroup var incidents: IncidentOptions
        @OptionGroup var briefing: BriefingOptions

        @Option(help: "Indicator to map (an id from --definitions, e.g. all_crime, serious_violence, asb).")
        var indicator: String = "all_crime"

        @Option(help: "Hotspot layer: none, gistar (Gi* hot cells after FDR) or density (kernel density classes).")
        var hotspots: String = "none"

        @Flag(help: "Draw the incident points (of the hotspot crime types, in the period).")
        var points = false

        @Option(help: "Label this many neighbourhoods with the highest values.")
        var labels: Int = 0

        @Option(help: "Title (default: the indicator's label and the area).")
        var title: String?

        @Option(help: "Width of the drawing in pixels.")
        var width: Double = 900

        @Option(help: "The SVG file to write.")
        var out: String

        @Option(help: "Also write a PNG here (rasterised by rsvg-convert).")
        var png: String?

        func validate() throws {
            try briefing.validateInputs(files: files)
            if boundaries.path == nil { throw ValidationError("Give the neighbourhoods with --boundaries FILE.") }
            if !["none", "gistar", "density"].contains(hotspots) {
                throw ValidationError("--hotspots '\(hotspots)' should be none, gistar or density.")
            }
            if labels < 0 { throw ValidationError("--labels must be 0 or more.") }
            if !(400...8000).contains(width) { throw ValidationError("--width must be between 400 and 8000 pixels.") }
        }

        func run() throws {
            do {
                let started = ContinuousClock.now
                let assigner = try boundaries.makeAssigner()
                var request = try briefing.request(
                    files: files, incidents: incidents, assigner: assigner, command: reproducibleCommand())
                request.labelTop = labels
                let report = try request.build()
                guard var map = try chosenMap(report) else {
                    let reason = report.areaPositions.count == 1
                        ? "the area is a single neighbourhood: a map cannot compare places"
                        : report.indicators == nil ? "no month of \(request.period) has data"
                        : "indicator '\(indicator)' was not computed; available: \(report.indicators!.results.map(\.indicatorId).joined(separator: ", "))"
                    throw MapError(.noData, "no map drawn: \(reason)")
                }
                if let title { map.title = title }
                map.labelTop = labels
                if points {
                    let table = report.table
                    let scope = Set(report.areaPositions.map(Int32.init))
                    map.points = table.rows(passing: IncidentFilter(
                        crimeTypes: request.hotspotTypes.isEmpty ? nil : request.hotspotTypes, months: request.period))
                        .filter { scope.contains(table.area[$0]) }.map { Point(x: table.x[$0], y: table.y[$0]) }
                }
                map.width = width
                let svg = try map.svg()
                try writeText(svg, to: out)
                if let png { try rasterise(svg: out, png: png) }
                IncidentLoading.printTally(
                    report.tally, files: briefing.store == nil ? files.count : 1, duplicates: report.duplicates, hasAreas: true,
                    rejectsNote: "nbhd assign lists them in rejects.csv")
                for warning in report.warnings { printError("note: \(warning)") }
                if let note = map.note { printError("note: \(note)") }
                let classes = map.classes.map { c in c.bounds.map { map.format($0) }.joined(separator: " | ") } ?? "none"
                printError(
                    "map of \(map.regions.count.formatted()) neighbourhoods, class bounds \(classes); "
                        + "\(svg.utf8.count.formatted()) bytes in \(String(format: "%.2f", seconds(since: started))) s; written to \(out)"
                        + (png.map { " and \($0)" } ?? ""))
            } catch let exit as ExitCode {
                throw exit
            } catch {
                throw ExitCodes.report(error)
            }
        }

        /// The indicator's map with the hotspot layer asked for.
        private func chosenMap(_ report: Briefing) throws -> ChoroplethMap? {
            guard var map = try report.indicatorMap(id: indicator, width: width) else { return nil }
            guard let cells = report.hotspots?.cells, map.note == nil else { return map }
            switch hotspots {
            case "gistar":
                guard let bins = cells.giBin else { break }
                map.cellTitle = "Gi* hot spot (\(Int(cells.grid.cellSize)) m cells, FDR)"
                map.cellKey = [
                    ("99 % confidence", RGBColour(0x542788)), ("95 % confidence", RGBColour(0x8073ac)),
                    ("90 % confidence", RGBColour(0xb2abd2)),
                ]
                for cell in 0..<cells.grid.cellCount where cells.inStudyArea[cell] && bins[cell] > 0 {
                    map.cells.append(.init(bounds: cells.grid.bounds(of: cell), keyIndex: 3 - bins[cell]))
                }
            case "density":
                let inside = (0..<cells.grid.cellCount).filter { cells.inStudyArea[$0] && cells.density[$0] > 0 }
                guard !inside.isEmpty else { break }
                let breaks = try ClassBreaks.quantiles(of: inside.map { cells.density[$0] }, classes: 4)
                let colours = try Palette.purpleOrange.colours(7).suffix(breaks.classCount)
                map.cellTitle = "Density per km² (top half)"
                let median = ClassBreaks.quantile(inside.map { cells.density[$0] }.sorted(), 0.5)
                for (k, c) in zip(0..<breaks.classCount, colours) where breaks.bounds[k + 1] > median {
                    map.cellKey.append(("\(ValueFormat.number(breaks.bounds[k], decimals: 1)) – \(ValueFormat.number(breaks.bounds[k + 1], decimals: 1))", c))
                    for cell in inside where breaks.classIndex(of: cells.density[cell]) == k {
                        map.cells.append(.init(bounds: cells.grid.bounds(of: cell), keyIndex: map.cellKey.count - 1))
                    }
                }
            default: break
            }
            return map
        }

        /// Rasterises `svg` to `png` with rsvg-convert.
        private func rasterise(svg: String, png: String) throws {
            let candidates = ["/usr/bin/rsvg-convert", "/usr/local/bin/rsvg-convert", "/opt/homebrew/bin/rsvg-convert"]
            guard let tool = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
                printError("error: --png needs rsvg-convert (Debian/Ubuntu: apt-get install librsvg2-bin); the SVG is written to \(svg)")
                throw ExitCode(ExitCodes.unavailable)
            }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: tool)
            process.arguments = ["--format", "png", "--background-color", "white", "--output", png, svg]
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            let message = errors.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw FormatError(.cannotWrite, file: png, detail: "rsvg-convert failed: \(String(decoding: message, as: UTF8.self))")
            }
        }
    }
}
