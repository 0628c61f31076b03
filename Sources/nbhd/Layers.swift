import ArgumentParser
import Neighbourhood

extension Nbhd {
    /// `nbhd layers`: the boundary layers of a store.
    struct Layers: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Boundary layers of a store: incidents are assigned to every layer at import.",
            subcommands: [Add.self, List.self, Remove.self],
            defaultSubcommand: List.self
        )

        /// `nbhd layers add`.
        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Add a layer (or replace the layer of that name) and assign every stored incident to it.",
                discussion: """
                    Example:
                      nbhd layers add geodata/wy-lsoa-2011.geojson --name lsoa --store wy.sqlite \\
                        --id-field LSOA11CD --name-field LSOA11NM --parent-field LAD11CD
                    """)

            @Argument(help: "Boundary layer: one file (GeoJSON, KML/KMZ, or a zipped Shapefile).")
            var file: String

            @Option(help: "The layer's name in the store.")
            var name: String

            @OptionGroup var storeFile: StoreFileOption

            @Option(name: .customLong("id-field"), help: "Property holding each area's id (default: detected).")
            var idField: String?

            @Option(name: .customLong("name-field"), help: "Property holding each area's name (default: detected).")
            var nameField: String?

            @Option(name: .customLong("parent-field"), help: "Property holding each area's parent id (e.g. LAD11CD).")
            var parentField: String?

            func run() throws {
                do {
                    let store = try IncidentStore(path: storeFile.store)
                    let fields = LayerFields(id: idField, name: nameField, parent: parentField)
                    let added = try StoreLayers.add(path: file, name: name, fields: fields, to: store)
                    printError(
                        "\(added.replaced ? "replaced" : "added") layer '\(name)': \(added.layer.areaCount.formatted()) areas from \(file); "
                            + "\(added.locationsInAreas.formatted()) of \(added.locations.formatted()) stored locations lie in an area")
                } catch let exit as ExitCode {
                    throw exit
                } catch {
                    throw ExitCodes.report(error)
                }
            }
        }

        /// `nbhd layers list`.
        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List the store's layers.")

            @OptionGroup var storeFile: StoreFileOption

            func run() throws {
                do {
                    let store = try IncidentStore(path: storeFile.store, mode: .readOnly)
                    print("name,areas,file,sha256,added_at")
                    for layer in try store.layerRecords() {
                        print("\(layer.name),\(layer.areaCount),\(layer.fileName),\(layer.sha256),\(layer.addedAt)")
                    }
                } catch let exit as ExitCode {
                    throw exit
                } catch {
                    throw ExitCodes.report(error)
                }
            }
        }

        /// `nbhd layers remove`.
        struct Remove: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Remove a layer and its assignments.")

            @Argument(help: "The layer's name.")
            var name: String

            @OptionGroup var storeFile: StoreFileOption

            func run() throws {
                do {
                    try IncidentStore(path: storeFile.store).removeLayer(name: name)
                    printError("removed layer '\(name)'")
                } catch let exit as ExitCode {
                    throw exit
                } catch {
                    throw ExitCodes.report(error)
                }
            }
        }
    }
}
