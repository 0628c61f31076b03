// Assign a few points to West Yorkshire LSOAs with the library API.
// Run from the repository root: swift run AssignPoints
import Neighbourhood

let layer = try GeoJSONLayerReader.read(
    path: "geodata/wy-lsoa-2011.geojson",
    fields: LayerFields(id: "LSOA11CD", name: "LSOA11NM", parent: "LAD11CD"))
let assigner = try AreaAssigner(layer: layer)  // projects to British National Grid, builds the index

let places = [
    ("Leeds city centre", Point(x: -1.5491, y: 53.7997)),
    ("Bradford city centre", Point(x: -1.7520, y: 53.7950)),
    ("York (outside West Yorkshire)", Point(x: -1.0815, y: 53.9600)),
]
let found = try assigner.assign(places.map(\.1))  // WGS84 lon/lat in, area positions out
for ((name, _), index) in zip(places, found) {
    if let index {
        let area = layer.areas[index]
        print("\(name): \(area.id) \(area.name), district \(assigner.parentIDs[index] ?? "?")")
    } else {
        print("\(name): outside every area")
    }
}
