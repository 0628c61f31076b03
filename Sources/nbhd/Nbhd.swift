import ArgumentParser
import Neighbourhood

/// The `nbhd` command: place-based crime analytics.
@main
struct Nbhd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nbhd",
        abstract: "Place-based crime analytics: neighbourhoods, hotspots, indicators, maps and reports.",
        discussion: """
            Data: reads data.police.uk street CSVs (or any CSV with coordinate columns, or an \
            incident store made by `nbhd import`) and boundary layers in GeoJSON, Shapefile, KML \
            or GeoPackage. Contains public sector information licensed under the Open Government \
            Licence v3.0. Contains OS data © Crown copyright and database right.
            """,
        subcommands: [Assign.self, Hotspots.self, Indicators.self, Map.self, Report.self, Import.self, Layers.self, Export.self]
    )
}
