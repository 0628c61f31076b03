import Foundation
import Neighbourhood
@_exported import NeighbourhoodTestSupport

func write(_ text: String, to path: String) throws {
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
}

func readText(_ path: String) throws -> String {
    try String(contentsOf: URL(fileURLWithPath: path), encoding: .utf8)
}

/// Runs an assignment through the library with outputs in a temporary folder.
func runAssignment(
    files: [String], layer: BoundaryLayer, columns: IncidentColumns = IncidentColumns(), workers: Int = 2,
    blockSize: Int = 4 << 20
) throws -> (result: AssignmentResult, folder: String) {
    let folder = try temporaryFolder()
    let assigner = try AreaAssigner(layer: layer)
    let job = AssignmentJob(
        assigner: assigner,
        options: AssignmentOptions(columns: columns, workers: workers, blockSize: blockSize))
    let incidents = try OutputFile(path: folder + "/incidents.csv")
    let rejects = try OutputFile(path: folder + "/rejects.csv")
    let result = try job.run(files: files, incidents: incidents, rejects: rejects)
    try incidents.close()
    try rejects.close()
    try AssignmentOutputs(assigner: assigner).writeCounts(result.counts, to: folder + "/counts.csv")
    return (result, folder)
}

/// The `nbhd` executable built next to the test bundle.
func nbhdExecutable() -> String {
    let bundleDir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for candidate in [bundleDir, bundleDir.deletingLastPathComponent()] {
        let path = candidate.appendingPathComponent("nbhd").path
        if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return repositoryRoot.appendingPathComponent(".build/debug/nbhd").path
}
