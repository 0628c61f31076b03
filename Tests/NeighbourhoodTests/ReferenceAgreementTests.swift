import Foundation
import Testing

/// Agreement with independent references: pyproj for the projection and shapely for
/// point-in-polygon, through Tests/reference/check_assignment.py (which exits non-zero on any
/// difference beyond 1 mm of an edge, any projection difference over 6 mm, or counts that do
/// not match summary.json). `.ci/run` installs Tests/reference/requirements.txt.
@Suite(.serialized) struct ReferenceAgreementTests {
    static let python = "/usr/bin/env"

    func check(files: [String], boundaries: String, idField: String) throws {
        let probe = try run(Self.python, ["python3", "-c", "import pyproj, shapely, numpy"])
        try #require(
            probe.status == 0,
            "pyproj/shapely missing: python3 -m pip install -r Tests/reference/requirements.txt (\(probe.err))")
        let out = try temporaryFolder()
        let assign = try run(nbhdExecutable(), ["assign"] + files + ["--boundaries", boundaries, "--id-field", idField, "--out", out])
        try #require(assign.status == 0, "\(assign.err)")
        let script = repositoryRoot.appendingPathComponent("Tests/reference/check_assignment.py").path
        let inputs = files.flatMap { ["--input", $0] }
        let checked = try run(Self.python, [
            "python3", script, "--incidents", out + "/incidents.csv", "--boundaries", boundaries, "--id-field", idField,
        ] + inputs)
        #expect(checked.status == 0, "\(checked.out)\n\(checked.err)")
    }

    @Test func westYorkshireJuly2018AgainstShapely() throws {
        try check(
            files: [sharedData("crime/west-yorkshire/2018-07-west-yorkshire-street.csv")],
            boundaries: sharedData("boundaries/wy-lsoa-2011.geojson"), idField: "LSOA11CD")
    }

    @Test func excelEditedLeedsAgainstShapely() throws {
        try check(
            files: [sharedData("crime/west-yorkshire/2025-02-leeds-only-excel-edited.csv")],
            boundaries: sharedData("boundaries/wy-lsoa-2021-with-counts.geojson"), idField: "lsoa21cd")
    }

    @Test func fortyForcesAgainstEnglandLSOAs() throws {
        let folder = sharedData("crime/other-forces-2021-08")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".csv") }.sorted()
        #expect(files.count == 40)
        try check(
            files: files.map { folder + "/" + $0 },
            boundaries: sharedData("boundaries/eng-lsoa-2011.geojson.gz"), idField: "LSOA11CD")
    }
}
