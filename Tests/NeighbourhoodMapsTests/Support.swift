import Foundation
import Neighbourhood

/// The repository root.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// A path in the repository.
func repositoryPath(_ relative: String) -> String { repositoryRoot.appendingPathComponent(relative).path }

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

/// Runs a program; returns status and stdout.
func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
}

/// A fresh temporary folder.
func temporaryFolder() throws -> String {
    let path = NSTemporaryDirectory() + "nbhd-maps-test-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
