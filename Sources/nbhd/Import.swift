import ArgumentParser
import Foundation
import Neighbourhood

extension Nbhd {
    /// `nbhd import`: incident files into a store, once each.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import incident files into a store (SQLite), assigning them to the store's layers.",
            discussion: """
                Each file is imported in one transaction: killed or failed, the store stays as \
                it was. A file already imported (same SHA-256) is skipped. A file holding a \
                force and month the store already has (police.uk re-publishes months) replaces \
                those rows; the report says how many rows were added, removed, changed and kept.
                Rejected rows are counted (by reason) in the store's provenance, not stored.

                Example:
                  nbhd layers add geodata/wy-lsoa-2011.geojson --name lsoa --store wy.sqlite \\
                    --id-field LSOA11CD --name-field LSOA11NM --parent-field LAD11CD
                  nbhd import geodata/crime/*.csv.gz --store wy.sqlite

                Exit codes: 0 done; 64 bad arguments; 65 malformed input or not a store; \
                66 input missing; 73 store cannot be written (read-only, disk full).
                """
        )

        @Argument(help: "Incident CSV files (police.uk street files; .gz read directly).")
        var files: [String]

        @OptionGroup var storeFile: StoreFileOption
        @OptionGroup var incidents: IncidentOptions

        @Option(help: "Worker threads (default: all cores).")
        var workers: Int?

        func validate() throws {
            if files.isEmpty { throw ValidationError("Give at least one incident file.") }
            if let workers, workers < 1 { throw ValidationError("--workers must be at least 1.") }
        }

        func run() throws {
            do {
                let started = ContinuousClock.now
                let store = try IncidentStore(path: storeFile.store)
                var options = AssignmentOptions(columns: incidents.columns)
                if let workers { options.workers = workers }
                let progress = ProgressLine()
                let reports = try IncidentImport(store: store, options: options).run(
                    files: files,
                    progress: { progress.update("\($0): \($1.formatted()) rows") },
                    fileDone: { progress.clear(); Self.print($0) })
                let stored = reports.reduce(0) { $0 + $1.rowsStored }
                printError(
                    "\(reports.filter { !$0.alreadyImported }.count) of \(reports.count) file(s) imported into \(storeFile.store), "
                        + "\(stored.formatted()) rows stored, in \(String(format: "%.2f", seconds(since: started))) s")
            } catch let exit as ExitCode {
                throw exit
            } catch {
                throw ExitCodes.report(error)
            }
        }

        static func print(_ r: ImportReport) {
            if r.alreadyImported {
                printError("\(r.source.name): already imported (same SHA-256); skipped")
                return
            }
            printError(
                "\(r.source.name): \(r.rowsRead.formatted()) rows: \(r.rowsStored.formatted()) stored "
                    + "(\(r.located.formatted()) located, \(r.noLocation.formatted()) without location), "
                    + "\(r.rejected.formatted()) rejected" + (r.isBalanced ? "" : "; TOTALS DO NOT ADD UP"))
            for replacement in r.replaced {
                printError(
                    "  replaces \(replacement.force) \(replacement.month) (\(replacement.previousRows.formatted()) rows before)")
            }
            if !r.replaced.isEmpty {
                printError(
                    "  \(r.added.formatted()) added, \(r.removed.formatted()) removed, \(r.changed.formatted()) changed, "
                        + "\(r.unchanged.formatted()) unchanged")
            }
        }
    }
}
