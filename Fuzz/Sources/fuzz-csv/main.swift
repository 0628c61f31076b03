import FuzzSupport
import Neighbourhood

private let scratch = ScratchFile(suffix: ".csv")
private let rejects = ScratchFile(suffix: "-rejects.csv")
private let incidents = ScratchFile(suffix: "-incidents.csv")
// No areas: every located row is "outside", so the run exercises reading, parsing,
// month and number parsing and projection without a boundary layer in the way.
private let assigner = try! AreaAssigner(noAreasIn: "EPSG:27700")

// Each input, read as an incident CSV by the whole `nbhd assign`
// pipeline (small blocks, so cutting records across blocks is exercised too). Besides
// crashes, it checks that every row is accounted for exactly once.
runFuzzer { data, count in
    scratch.write(data, count: count)
    var options = AssignmentOptions(
        columns: IncidentColumns(), writeIncidents: true,
        collection: IncidentCollection(extraColumns: ["Context"]), checksumInputs: true)
    options.workers = 1
    options.blockSize = 256
    guard let rejectFile = try? OutputFile(path: rejects.path), let incidentFile = try? OutputFile(path: incidents.path)
    else { fatalError("cannot write scratch outputs") }
    let job = AssignmentJob(assigner: assigner, options: options)
    if let result = try? job.run(files: [scratch.path], incidents: incidentFile, rejects: rejectFile) {
        precondition(result.total.isBalanced, "row outcomes do not add up: \(result.total)")
        let kept = result.table?.count ?? 0
        precondition(kept == result.total.rowsRead - result.total.rejected, "the row table lost or added rows")
    }
    try? rejectFile.close()
    try? incidentFile.close()
    return 0
}
