import Foundation
import Testing

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

/// Runs `command` on the CSV `files` (with `csvOptions`) and on `store`, against the bundled
/// LSOAs, into `folder`/csv-NAME and `folder`/store-NAME (NAME: the command), and expects
/// each of `outputs` to be byte-identical and longer than `minimumBytes`.
func expectSameOutputs(
    _ command: [String], files: [String], csvOptions: [String] = [], store: String, outputs: [String],
    folder: String, minimumBytes: Int = 100
) throws {
    let nbhd = nbhdExecutable()
    let name = command[0]
    let boundaries = ["--boundaries"] + bundledLayerArguments
    let fromCSV = try run(nbhd, command + files + csvOptions + boundaries + ["--out", folder + "/csv-\(name)"])
    #expect(fromCSV.status == 0, "\(fromCSV.err)")
    let fromStore = try run(nbhd, command + ["--store", store] + boundaries + ["--out", folder + "/store-\(name)"])
    #expect(fromStore.status == 0, "\(fromStore.err)")
    for file in outputs {
        let a = try Data(contentsOf: URL(fileURLWithPath: folder + "/csv-\(name)/" + file))
        let b = try Data(contentsOf: URL(fileURLWithPath: folder + "/store-\(name)/" + file))
        #expect(a.count > minimumBytes && a == b, "\(name) \(file)")
    }
}
