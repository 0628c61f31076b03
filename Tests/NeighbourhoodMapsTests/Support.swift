import Foundation
import Neighbourhood
@_exported import NeighbourhoodTestSupport

/// The reference values written by `Tests/reference/make_maps_fixture.py`.
struct MapsReference: Decodable {
    struct Classification: Decodable {
        let name: String
        let classes: Int
        let values: [Double]
        let jenks: [Double]
        let quantiles: [Double]
    }

    struct Outline: Decodable {
        let district: String
        let members: Int
        let boundary_length_m: Double
        let parts: Int
        let holes: Int
    }

    let classification: [Classification]
    let outlines: [Outline]

    static let shared: MapsReference = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/maps-reference.json")
        return try! JSONDecoder().decode(MapsReference.self, from: Data(contentsOf: url))
    }()
}

/// The bundled West Yorkshire LSOAs in British National Grid, with their districts.
let westYorkshire: AreaAssigner = {
    let layer = try! GeoJSONLayerReader.read(
        path: repositoryPath("geodata/wy-lsoa-2011.geojson"), fields: LayerFields(id: "LSOA11CD", name: "LSOA11NM", parent: "LAD11CD"))
    return try! AreaAssigner(layer: layer)
}()

/// Total length of polylines.
func length(_ lines: [[Point]]) -> Double {
    var total = 0.0
    for line in lines {
        for (p, q) in zip(line, line.dropFirst()) {
            let dx = p.x - q.x
            let dy = p.y - q.y
            total += (dx * dx + dy * dy).squareRoot()
        }
    }
    return total
}
