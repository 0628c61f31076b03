import ArgumentParser
import Neighbourhood

/// Options shared by every command that reads incident files.
struct IncidentOptions: ParsableArguments {
    @Option(name: .customLong("lon-column"), help: "Longitude column (default: detected, e.g. 'Longitude').")
    var longitude: String?

    @Option(name: .customLong("lat-column"), help: "Latitude column (default: detected, e.g. 'Latitude').")
    var latitude: String?

    @Option(name: .customLong("x-column"), help: "Projected x (easting) column; needs --crs.")
    var x: String?

    @Option(name: .customLong("y-column"), help: "Projected y (northing) column; needs --crs.")
    var y: String?

    @Option(help: "CRS of --x-column/--y-column, e.g. EPSG:27700 (any CRS PROJ knows).")
    var crs: String?

    @Option(name: .customLong("type-column"), help: "Crime type column (default: 'Crime type' when present).")
    var type: String?

    @Option(name: .customLong("month-column"), help: "Month column (default: 'Month' when present).")
    var month: String?

    @Option(name: .customLong("id-column"), help: "Incident id column (default: 'Crime ID' when present).")
    var id: String?

    var columns: IncidentColumns {
        IncidentColumns(
            longitude: longitude, latitude: latitude, x: x, y: y, crs: crs, type: type, month: month, id: id)
    }

    func validate() throws {
        if (longitude == nil) != (latitude == nil) {
            throw ValidationError("--lon-column and --lat-column go together.")
        }
        if (x == nil) != (y == nil) {
            throw ValidationError("--x-column and --y-column go together.")
        }
        if x != nil, longitude != nil {
            throw ValidationError("Give either --lon-column/--lat-column or --x-column/--y-column, not both.")
        }
        if x != nil, crs == nil {
            throw ValidationError("--x-column/--y-column need --crs (e.g. --crs EPSG:27700).")
        }
    }
}

/// Options naming a boundary layer and its fields.
struct BoundaryOptions: ParsableArguments {
    @Option(
        name: [.customLong("boundaries"), .customLong("study-area")],
        help: "Boundary layer (GeoJSON, KML/KMZ, a folder of KML files, a Shapefile .shp/.zip, or a GeoPackage .gpkg): the neighbourhoods, e.g. LSOAs.")
    var path: String?

    @Option(help: "Table of a GeoPackage --boundaries file that holds several layers.")
    var layer: String?

    @Option(name: .customLong("id-field"), help: "Property holding each area's id (default: detected, e.g. LSOA11CD).")
    var idField: String?

    @Option(name: .customLong("name-field"), help: "Property holding each area's name (default: detected).")
    var nameField: String?

    @Option(name: .customLong("parent-field"), help: "Property holding each area's parent id (e.g. LAD11CD).")
    var parentField: String?

    @Option(name: .customLong("parent-layer"), help: "A second layer one level up (e.g. districts); replaces --parent-field.")
    var parentLayer: String?

    @Option(name: .customLong("parent-id-field"), help: "Id property of --parent-layer (default: detected).")
    var parentIDField: String?

    @Option(
        name: .customLong("working-crs"),
        help: "Metric CRS in which points meet areas (default: EPSG:27700 when the boundaries lie in Great Britain, else the UTM zone of their centre).")
    var workingCRS: String?

    var fields: LayerFields { LayerFields(id: idField, name: nameField, parent: parentField) }

    /// Reads the layer (and parent layer) and builds the assigner; without `--boundaries`,
    /// an assigner with no areas in the working CRS.
    func makeAssigner() throws -> AreaAssigner {
        guard let path else { return try AreaAssigner(noAreasIn: workingCRS) }
        let areas = try BoundaryLayerReader.read(path: path, fields: fields, layer: layer)
        let parent = try parentLayer.map {
            try BoundaryLayerReader.read(path: $0, fields: LayerFields(id: parentIDField))
        }
        return try AreaAssigner(layer: areas, workingCRS: workingCRS, parentLayer: parent)
    }

    func validate() throws {
        if layer != nil, path == nil {
            throw ValidationError("--layer names a table of the --boundaries GeoPackage; give --boundaries too.")
        }
        if parentLayer != nil, parentField != nil {
            throw ValidationError("Give either --parent-field or --parent-layer, not both.")
        }
    }
}
