import Foundation
import NeighbourhoodGeometry
import Testing
@testable import NeighbourhoodFormats

/// Damaged and lying shapefiles: each must fail with an error naming the file, the byte
/// offset or feature, and the reason, never crash or allocate what the file merely declares.
@Suite struct ShapefileHostileInputTests {
    /// One record, a unit square: content starts at byte 108; parts count at 144, points
    /// count at 148, the part index at 152 and the first point at 156.
    static let one = shapefile([record("A", [square(0, 0, 1)])])

    static func put(_ bytes: inout [UInt8], _ value: [UInt8], at offset: Int) {
        bytes.replaceSubrange(offset..<(offset + value.count), with: value)
    }

    func formatError(_ path: String) -> FormatError? {
        #expect(throws: FormatError.self) { try ShapefileLayerReader.read(path: path) }
        do {
            _ = try ShapefileLayerReader.read(path: path)
        } catch let error as FormatError {
            return error
        } catch {}
        return nil
    }

    func layerError(_ path: String) -> BoundaryLayerError? {
        do {
            _ = try ShapefileLayerReader.read(path: path)
        } catch let error as BoundaryLayerError {
            return error
        } catch {
            Issue.record("expected a BoundaryLayerError, got \(error)")
        }
        return nil
    }

    @Test(arguments: [
        (60, false, "byte 0: file is 60 bytes"),
        (130, true, "byte 100: record 0 declares"),  // no .shx: the record is cut short
        (130, false, "record 0 is said to lie at bytes 100"),  // the .shx points past the end
    ])
    func truncatedShp(length: Int, withoutShx: Bool, message: String) throws {
        let path = try Self.one.write(skipShx: withoutShx) { shp, _ in shp.removeSubrange(length...) }
        let error = formatError(path)
        #expect(error?.file.hasSuffix(withoutShx || length < 100 ? ".shp" : ".shx") == true)
        #expect(error?.description.contains(message) == true, "\(String(describing: error))")
    }

    @Test func truncatedShx() throws {
        let path = try Self.one.write { _, shx in shx.removeLast(3) }
        #expect(formatError(path)?.description.contains("byte 100: the index ends part-way through an 8-byte entry") == true)
    }

    @Test func wrongMagicNumber() throws {
        let path = try Self.one.write { shp, _ in Self.put(&shp, ShapefileWriter.be32(9995), at: 0) }
        #expect(formatError(path)?.description.contains("byte 0: file code is 9995, not 9994") == true)
    }

    @Test func recordLengthThatLies() throws {
        let path = try Self.one.write(skipShx: true) { shp, _ in Self.put(&shp, ShapefileWriter.be32(1 << 30), at: 104) }
        #expect(formatError(path)?.description.contains("byte 100: record 0 declares 2147483648 bytes") == true)
    }

    @Test(arguments: [(144, Int32(1_000_000_000), "byte 144: record 0: declares 1000000000 parts"),
                      (148, Int32(1_000_000_000), "byte 148: record 0: declares 1000000000 points"),
                      (148, Int32(-1), "byte 144: record 0: declares 1 parts"),
                      (152, Int32(7), "byte 152: record 0: part 0 spans points 7..<5")])
    func countsBeyondTheRecord(offset: Int, value: Int32, message: String) throws {
        let path = try Self.one.write { shp, _ in Self.put(&shp, ShapefileWriter.le32(value), at: offset) }
        #expect(formatError(path)?.description.contains(message) == true, "\(String(describing: formatError(path)))")
    }

    @Test func billionDeclaredDBaseRecords() throws {
        var dbf = Self.one.files().dbf
        Self.put(&dbf, ShapefileWriter.le32(1_000_000_000), at: 4)
        let path = try Self.one.write(dbfBytes: dbf)
        #expect(formatError(path)?.description.contains("byte 4: header declares 1000000000 records but the file holds at most 1") == true)
    }

    @Test func shapeAndAttributeCountsDiffer() throws {
        var two = shapefile([record("A", [square(0, 0, 1)]), record("B", [square(2, 2, 1)])])
        let dbf = Self.one.files().dbf
        two.records[1].values = ["B", ""]
        #expect(formatError(try two.write(dbfBytes: dbf))?.description.contains("the .dbf has 1 records but the .shx indexes 2 shapes") == true)
    }

    @Test(arguments: [
        ([(0.0, 0.0), (1.0, 1.0), (0.0, 0.0)], "part 1: ring has 3 position(s)"),
        ([(0.0, 0.0), (0.0, .nan), (1.0, 1.0), (1.0, 0.0), (0.0, 0.0)], "non-finite"),
        ([(0.0, 0.0), (0.0, 1.0), (.infinity, 1.0), (1.0, 0.0), (0.0, 0.0)], "non-finite"),
        ([(0.0, 0.0), (0.0, 1.0), (1.0, 1.0), (1.0, 0.0)], "not closed"),
    ])
    func badRingsNameTheFeature(ring: [(Double, Double)], message: String) throws {
        let path = try shapefile([record("OK", [square(5, 5, 1)]), record("BAD", [square(0, 0, 9), ring])]).write(prj: bng)
        let error = layerError(path)
        #expect(error?.code == .invalidGeometry && error?.featureIndex == 1 && error?.featureID == "BAD")
        #expect(error?.detail.contains(message) == true, "\(String(describing: error))")
    }

    @Test func nullShapeIsAnErrorNamingTheRecord() throws {
        let path = try shapefile([record("A", [square(0, 0, 1)]), record("N", nil)]).write(prj: bng)
        let error = layerError(path)
        #expect(error?.featureIndex == 1 && error?.featureID == "N" && error?.detail.contains("null shape") == true)
    }

    @Test func emptyIdIsAnError() throws {
        let path = try shapefile([record("  ", [square(0, 0, 1)])]).write(prj: bng)
        #expect(layerError(path)?.code == .missingID)
    }

    @Test func duplicateIdIsAnError() throws {
        let path = try shapefile([record("A", [square(0, 0, 1)]), record("A", [square(2, 2, 1)])]).write(prj: bng)
        #expect(layerError(path)?.code == .duplicateID)
    }

    @Test func pointShapefileIsRefused() throws {
        var points = Self.one
        points.shapeType = 1
        #expect(formatError(try points.write())?.description.contains("shape type is Point (type 1)") == true)
    }

    @Test func missingFiles() throws {
        let path = try Self.one.write()
        try FileManager.default.removeItem(atPath: String(path.dropLast(4)) + ".dbf")
        #expect(formatError(path)?.code == .cannotOpen)
        #expect(formatError("/nonexistent/layer.shp")?.code == .cannotOpen)
    }

    @Test func truncatedDBaseHeader() throws {
        let dbf = Array(Self.one.files().dbf.prefix(20))
        #expect(formatError(try Self.one.write(dbfBytes: dbf))?.description.contains("byte 0") == true)
    }

    /// Zips `files` with Python's `zipfile` (deflate), an independent writer.
    static func zip(_ files: [String]) throws -> String {
        let archive = NSTemporaryDirectory() + "nbhd-zip-\(UUID().uuidString).zip"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-m", "zipfile", "-c", archive] + files
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return archive
    }

    static func components(_ shp: String) -> [String] {
        ["shp", "shx", "dbf", "prj"].map { String(shp.dropLast(3)) + $0 }
    }

    @Test func zippedShapefileReadsLikeTheFolder() throws {
        let shp = try shapefile([record("A", [square(0, 0, 10), square(2, 2, 2, ccw: true)], name: "Café")]).write(prj: bng)
        let fromZip = try ShapefileLayerReader.read(path: try Self.zip(Self.components(shp)))
        let fromFolder = try ShapefileLayerReader.read(path: shp)
        #expect(fromZip.crs == "EPSG:27700")
        #expect(fromZip.areas == fromFolder.areas)
    }

    @Test func damagedOrAmbiguousZip() throws {
        let first = try Self.one.write(prj: bng)
        let second = try Self.one.write(prj: bng)
        let renamed = String(second.dropLast(9)) + "other.shp"
        try FileManager.default.moveItem(atPath: second, toPath: renamed)
        let two = try Self.zip(Self.components(first) + [renamed])
        #expect(formatError(two)?.detail.contains("2 shapefiles") == true)

        let good = try Self.zip(Self.components(first))
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: good)))
        let truncated = try temporaryFile(bytes: Array(bytes.prefix(bytes.count / 2)), suffix: ".zip")
        #expect(formatError(truncated)?.detail.contains("no end-of-central-directory record") == true)

        // The central directory says the .shp inflates to 10^9 bytes: it holds far fewer.
        let central = bytes.indices.first { bytes[$0...].starts(with: [0x50, 0x4B, 0x01, 0x02]) }!
        Self.put(&bytes, ShapefileWriter.le32(1_000_000_000), at: central + 24)
        let lying = try temporaryFile(bytes: bytes, suffix: ".zip")
        #expect(formatError(lying)?.detail.contains("not the 1000000000 declared") == true, "\(String(describing: formatError(lying)))")

        #expect(formatError(try temporaryFile("not a zip", suffix: ".zip"))?.code == .malformed)
    }
}
