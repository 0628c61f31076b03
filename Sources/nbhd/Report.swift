import ArgumentParser
import Foundation
import Neighbourhood

extension Nbhd {
    /// `nbhd report`: a self-contained HTML briefing for an area and period.
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A self-contained HTML briefing: headline indicators, maps, patrol hotspots, data quality.",
            discussion: """
                Writes one HTML file (inline SVG maps and CSS; no scripts, fonts or network \
                requests; prints on A4) for the force, a district or a neighbourhood: headline \
                indicators with change against the baseline and significance, a map per \
                indicator and a hotspot map, the top Gi* hotspots as a patrol table with PAI, \
                concentration, data-quality notes, the definitions and the command to reproduce it.

                Periods without data, areas without incidents and single neighbourhoods are said \
                plainly instead of drawn as empty maps.

                Example (the bundled West Yorkshire data):
                  nbhd report geodata/crime/*.csv.gz --boundaries geodata/wy-lsoa-2011.geojson \\
                    --id-field LSOA11CD --name-field LSOA11NM --parent-field LAD11CD \\
                    --period 2018-07 --baseline 2017-07 --out report.html
                """
        )

        @Argument(help: "Incident CSV files (police.uk street files or any CSV with coordinates; .gz read directly).")
        var files: [String] = []

        @OptionGroup var boundaries: BoundaryOptions
        @OptionGroup var incidents: IncidentOptions
        @OptionGroup var briefing: BriefingOptions

        @Option(help: "The HTML file to write.")
        var out: String

        func validate() throws {
            try briefing.validateInputs(files: files)
            if boundaries.path == nil { throw ValidationError("Give the neighbourhoods with --boundaries FILE.") }
        }

        func run() throws {
            do {
                let started = ContinuousClock.now
                let assigner = try boundaries.makeAssigner()
                let request = try briefing.request(
                    files: files, incidents: incidents, assigner: assigner, command: reproducibleCommand())
                let built = ContinuousClock.now
                let report = try request.build()
                let computed = seconds(since: built)
                let drawn = ContinuousClock.now
                let html = try report.html()
                let rendered = seconds(since: drawn)
                try writeText(html, to: out)
                IncidentLoading.printTally(
                    report.tally, files: briefing.store == nil ? files.count : 1, duplicates: report.duplicates, hasAreas: true,
                    rejectsNote: "nbhd assign lists them in rejects.csv")
                for warning in report.warnings { printError("note: \(warning)") }
                printError(
                    "report for \(report.areaName), \(request.period): \(report.hotspotIncidents.formatted()) incidents, "
                        + "\(report.patrol.count) hotspots; \(html.utf8.count.formatted()) bytes in "
                        + "\(String(format: "%.2f", seconds(since: started))) s (read and compute "
                        + "\(String(format: "%.2f", computed)) s, maps and HTML \(String(format: "%.2f", rendered)) s); written to \(out)")
            } catch let exit as ExitCode {
                throw exit
            } catch {
                throw ExitCodes.report(error)
            }
        }
    }
}
