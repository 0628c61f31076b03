import Foundation

/// The three bundled West Yorkshire months.
let bundledMonths = ["2016-07", "2017-07", "2018-07"].map {
    repositoryRoot.appendingPathComponent("geodata/crime/\($0)-west-yorkshire-street.csv.gz").path
}

/// The bundled LSOA layer and its fields, as command-line arguments.
let bundledLayerArguments = [
    repositoryRoot.appendingPathComponent("geodata/wy-lsoa-2011.geojson").path,
    "--id-field", "LSOA11CD", "--name-field", "LSOA11NM", "--parent-field", "LAD11CD",
]

/// Runs `Tests/reference/check_store.py` (Python's sqlite3, no project code) on a store.
func checkStore(_ store: String, csvFiles: [String] = []) throws -> [String: Any] {
    let script = repositoryRoot.appendingPathComponent("Tests/reference/check_store.py").path
    let (status, out, err) = try run("/usr/bin/env", ["python3", script, store] + csvFiles)
    guard status == 0 else { throw CheckFailed(message: "check_store.py failed: \(err)") }
    return try JSONSerialization.jsonObject(with: Data(out.utf8)) as! [String: Any]
}

struct CheckFailed: Error { var message: String }

/// Makes a store at `path` with the bundled LSOAs as layer `lsoa` and the bundled months.
func makeBundledStore(_ path: String) throws {
    let nbhd = nbhdExecutable()
    let add = try run(nbhd, ["layers", "add"] + bundledLayerArguments + ["--name", "lsoa", "--store", path])
    guard add.status == 0 else { throw CheckFailed(message: add.err) }
    let imported = try run(nbhd, ["import"] + bundledMonths + ["--store", path])
    guard imported.status == 0 else { throw CheckFailed(message: imported.err) }
}
