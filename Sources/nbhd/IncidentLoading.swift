import ArgumentParser
import Foundation
import Neighbourhood

/// Reading incident files into a row table, shared by `hotspots` and `indicators`.
struct IncidentLoading {
    let files: [String]
    let incidents: IncidentOptions
    let workers: Int?
    /// With `--store`: read incidents from the store instead of `files`.
    var store: StoreOptions? = nil

    /// Runs the files through `assigner`, keeping rows (and `extraColumns`) in a table and
    /// writing rejected rows to `rejectsPath`.
    func load(
        assigner: AreaAssigner, extraColumns: [String] = [], rejectsPath: String, types: [String] = []
    ) throws -> (result: AssignmentResult, table: IncidentTable) {
        if let store, let opened = try store.open() {
            // Rows come from the store: the rows rejected at import are listed (as the CSV
            // path lists them) when the read takes every row; a filtered read has none.
            let query = store.query(types: types)
            let rejects = try OutputFile(path: rejectsPath)
            try rejects.write("file,line,reason,raw\n")
            if query.takesEverything { try opened.forEachRejectedChunk { try rejects.write($0) } }
            try rejects.close()
            let result = try StoredIncidentLoader(store: opened, assigner: assigner).load(
                query, extraColumns: extraColumns)
            guard let table = result.table else {
                throw FormatError(.malformed, file: opened.path, detail: "no rows were kept")
            }
            return (result, table)
        }
        var options = AssignmentOptions(
            columns: incidents.columns, writeIncidents: false,
            collection: IncidentCollection(extraColumns: extraColumns), checksumInputs: true)
        if let workers { options.workers = workers }
        let rejects = try OutputFile(path: rejectsPath)
        let progress = ProgressLine()
        let result = try AssignmentJob(assigner: assigner, options: options).run(
            files: files, rejects: rejects,
            progress: { progress.update("\($0.file): \($0.rows.formatted()) rows") })
        progress.clear()
        try rejects.close()
        guard let table = result.table else {
            throw FormatError(.malformed, file: files.first ?? "", detail: "no rows were kept")
        }
        return (result, table)
    }

    /// The row outcomes on stderr, in the same words as `nbhd assign`.
    static func printTally(_ result: AssignmentResult, duplicates: Int, hasAreas: Bool) {
        printTally(result.total, files: result.files.count, duplicates: duplicates, hasAreas: hasAreas)
    }

    /// The row outcomes of `files` input files on stderr; `rejectsNote` says where rejected
    /// rows are listed.
    static func printTally(
        _ t: AssignmentTally, files: Int, duplicates: Int, hasAreas: Bool, rejectsNote: String = "see rejects.csv"
    ) {
        let placed = hasAreas
            ? "\(t.assigned.formatted()) assigned, \(t.outside.formatted()) outside"
            : "\((t.assigned + t.outside).formatted()) located"
        printError(
            "\(t.rowsRead.formatted()) rows from \(files) file(s): \(placed), "
                + "\(t.noLocation.formatted()) without location, "
                + "\(t.rejected.formatted()) rejected\(t.rejected > 0 ? " (\(rejectsNote))" : ""); "
                + "\(duplicates.formatted()) repeated ids counted once"
                + (t.isBalanced ? "" : "; TOTALS DO NOT ADD UP"))
    }
}

/// Seconds since `start`.
func seconds(since start: ContinuousClock.Instant) -> Double {
    let d = ContinuousClock.now - start
    return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}
