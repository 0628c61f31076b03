import ArgumentParser
import Neighbourhood

/// The `nbhd` command: place-based crime analytics.
@main
struct Nbhd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nbhd",
        abstract: "Place-based crime analytics: assign incidents to neighbourhoods and districts.",
        discussion: """
            Data: reads data.police.uk street CSVs (or any CSV with coordinate columns) and \
            boundary layers in GeoJSON. Contains public sector information licensed under the \
            Open Government Licence v3.0.
            """,
        subcommands: [Assign.self, Hotspots.self, Indicators.self, Map.self, Report.self, Import.self, Layers.self, Export.self]
    )
}
