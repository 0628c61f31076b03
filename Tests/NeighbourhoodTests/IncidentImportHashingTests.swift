import Foundation
import Neighbourhood
import Testing

/// `IncidentImport` hashes a file before reading it only when a stored import has its size;
/// either way the recorded SHA-256 is the file's, and a file imported before is skipped.
@Suite struct IncidentImportHashingTests {
    @Test func filesOfTheSameSizeAreToldApartAndRepeatsSkipped() throws {
        let folder = try temporaryFolder()
        // Lines as bytes: police.uk ends them in CRLF, which Swift's String counts as one character.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: sharedData("crime/west-yorkshire/2018-07-west-yorkshire-street.csv")))
        let lines = bytes.split(separator: 10, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        let a = folder + "/a.csv", b = folder + "/b.csv"
        try (lines[0...300].joined(separator: "\n") + "\n").write(toFile: a, atomically: true, encoding: .utf8)
        // The same size, other bytes: one row's crime type letter case changed.
        var other = Array(lines[0...300])
        other[5] = other[5].replacingOccurrences(of: "Other theft", with: "other theft")
        #expect(other[5] != lines[5], "line 6 should be an Other theft row")
        try (other.joined(separator: "\n") + "\n").write(toFile: b, atomically: true, encoding: .utf8)
        let sizeA = try FileManager.default.attributesOfItem(atPath: a)[.size] as? Int
        let sizeB = try FileManager.default.attributesOfItem(atPath: b)[.size] as? Int
        #expect(sizeA == sizeB)
        let store = try IncidentStore(path: folder + "/s.sqlite")
        let reports = try IncidentImport(store: store).run(files: [a, b, a])
        #expect(reports.map(\.alreadyImported) == [false, false, true])
        #expect(reports.map(\.rowsStored) == [300, 300, 0])
        for (report, file) in zip(reports, [a, b, a]) {
            #expect(report.source.sha256 == (try FileChecksum(path: file)).sha256)
            #expect(report.source.size == sizeA)
        }
        #expect(try store.importedFile(sha256: reports[0].source.sha256)?.name == a)
        #expect(try store.importedFile(sha256: reports[1].source.sha256)?.name == b)
    }
}
