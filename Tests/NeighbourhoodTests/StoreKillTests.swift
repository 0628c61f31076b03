import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Killing `nbhd import` with SIGKILL at random moments never leaves a partial import or a
/// duplicate, and the next run completes the work.
@Suite struct StoreKillTests {
    @Test func sigkillAtRandomMomentsLeavesWholeImportsOnly() throws {
        let nbhd = nbhdExecutable()
        let folder = try temporaryFolder()
        let store = folder + "/wy.sqlite"
        let add = try run(nbhd, ["layers", "add"] + bundledLayerArguments + ["--name", "lsoa", "--store", store])
        #expect(add.status == 0, "\(add.err)")
        let clean = try FileManager.default.contentsOfDirectory(atPath: folder)
        // How long a full import takes here, to spread the kills over it.
        let scratch = folder + "/scratch.sqlite"
        try FileManager.default.copyItem(atPath: store, toPath: scratch)
        let started = Date()
        #expect(try run(nbhd, ["import"] + bundledMonths + ["--store", scratch]).status == 0)
        let full = Date().timeIntervalSince(started)
        var generator = SplitMix64(seed: 20_261_201)
        var killedMidWrite = 0
        var completions = 0
        for kill in 0..<20 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: nbhd)
            process.arguments = ["import"] + bundledMonths + ["--store", store]
            process.standardError = FileHandle.nullDevice
            try process.run()
            let delay = full * Double(generator.next() % 1000) / 1000
            Thread.sleep(forTimeInterval: delay)
            Glibc.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if FileManager.default.fileExists(atPath: store + "-journal") { killedMidWrite += 1 }
            let check = try checkStore(store)
            #expect(check["integrity"] as? [String] == ["ok"], "kill \(kill)")
            #expect(check["partial"] as? Int == 0, "kill \(kill) after \(delay) s: \(check)")
            #expect(check["orphans"] as? Int == 0, "kill \(kill)")
            #expect(check["duplicates"] as? Int == 0, "kill \(kill)")
            #expect(check["duplicate_files"] as? Int == 0, "kill \(kill)")
            #expect(check["postings_consistent"] as? Bool == true, "kill \(kill)")
            #expect(check["runs_consistent"] as? Bool == true, "kill \(kill)")
            let imports = check["imports"] as! Int
            let expectedRows = [0, 27_176, 27_176 + 28_537, 87_348][imports]
            #expect(check["rows"] as? Int == expectedRows, "kill \(kill): \(imports) imports")
            if imports == 3 {
                // All done before the kill: start again from the empty store to keep killing imports.
                completions += 1
                for name in try FileManager.default.contentsOfDirectory(atPath: folder) where !clean.contains(name) && name != "scratch.sqlite" {
                    try FileManager.default.removeItem(atPath: folder + "/" + name)
                }
                try FileManager.default.removeItem(atPath: store)
                #expect(try run(nbhd, ["layers", "add"] + bundledLayerArguments + ["--name", "lsoa", "--store", store]).status == 0)
            }
        }
        print("StoreKillTests: \(killedMidWrite) of 20 kills landed inside a write transaction; \(completions) runs had completed")
        #expect(killedMidWrite > 0, "no kill landed inside a write transaction; \(completions) runs completed")
        // The next run completes the work.
        let final = try run(nbhd, ["import"] + bundledMonths + ["--store", store])
        #expect(final.status == 0, "\(final.err)")
        let check = try checkStore(store, csvFiles: bundledMonths)
        #expect(check["integrity"] as? [String] == ["ok"])
        #expect(check["rows"] as? Int == 87_348)
        #expect(check["by_month_type"] as? [String: Int] == check["csv_by_month_type"] as? [String: Int])
        #expect(check["counts_consistent"] as? Bool == true)
        #expect(check["postings_consistent"] as? Bool == true)
        #expect(check["runs_consistent"] as? Bool == true)
    }
}
