import Testing
@testable import NeighbourhoodGeometry

/// A built index written as bytes and read back answers every query as the built one does,
/// and bytes that are not an intact index of this version are refused, never trusted.
@Suite struct AreaIndexSerializationTests {
    @Test(arguments: [(12, UInt64(3)), (60, UInt64(4))])
    func readBackIndexIsTheSameIndex(n: Int, seed: UInt64) throws {
        let areas = jitteredTiling(n: n, seed: seed)
        let built = AreaIndex(areas: areas)
        let bytes = built.serialized()
        let read = try #require(AreaIndex(serialized: bytes))
        // Every array and the header come back bit for bit: writing the read index again
        // gives the same bytes.
        #expect(read.serialized() == bytes)
        #expect(read.areaCount == built.areaCount)
        #expect(read.bounds == built.bounds)
        #expect(read.gridSize == built.gridSize)
        #expect(read.cells == built.cells)
        #expect(read.edges.count == built.edges.count)
        let points = AreaIndexBatchTests.awkwardPoints(areas, extent: Double(n), count: 50_000, seed: seed)
        #expect(read.locate(points) == built.locate(points))
        // And against brute force on a sample, so that agreement is not agreement of two wrong answers.
        for p in points.prefix(2_000) {
            #expect(read.area(containing: p) == areas.firstIndex { $0.contains(p) }, "\(p)")
        }
    }

    @Test func anEmptyIndexRoundTrips() throws {
        let built = AreaIndex(areas: [])
        let read = try #require(AreaIndex(serialized: built.serialized()))
        #expect(read.areaCount == 0)
        #expect(read.area(containing: Point(0, 0)) == nil)
    }

    @Test func truncatedOrExtendedBytesAreRefused() {
        let bytes = AreaIndex(areas: jitteredTiling(n: 6, seed: 5)).serialized()
        for cut in [0, 1, 8, 24, 100, bytes.count / 2, bytes.count - 9, bytes.count - 1] {
            #expect(AreaIndex(serialized: Array(bytes.prefix(cut))) == nil, "cut at \(cut)")
        }
        #expect(AreaIndex(serialized: bytes + [0]) == nil)
        #expect(AreaIndex(serialized: bytes + [UInt8](repeating: 0, count: 8)) == nil)
    }

    @Test func anyDamagedByteIsCaughtByTheChecksum() {
        let bytes = AreaIndex(areas: jitteredTiling(n: 6, seed: 6)).serialized()
        var rng = SplitMix64(state: 9)
        for _ in 0..<200 {
            var damaged = bytes
            let at = Int(rng.next() % UInt64(bytes.count))
            damaged[at] ^= UInt8(1 << (rng.next() % 8))
            #expect(AreaIndex(serialized: damaged) == nil, "bit flipped in byte \(at)")
        }
    }

    /// Bytes that pass the checksum but whose positions point outside their arrays (as a
    /// writer bug would make) are refused by the consistency check, so a query cannot read
    /// out of bounds.
    @Test func inconsistentPositionsAreRefusedEvenWithAGoodChecksum() {
        let index = AreaIndex(areas: jitteredTiling(n: 6, seed: 7))
        #expect(AreaIndex.isConsistent(
            cells: index.cells, candidateStart: index.candidateStart, candidateAreas: index.candidateAreas,
            bands: index.bands, bandStart: index.bandStart, bandEdges: index.bandEdges, edgeCount: index.edges.count))
        var cells = index.cells
        cells[0] = Int32(index.areaCount)
        #expect(!AreaIndex.isConsistent(
            cells: cells, candidateStart: index.candidateStart, candidateAreas: index.candidateAreas,
            bands: index.bands, bandStart: index.bandStart, bandEdges: index.bandEdges, edgeCount: index.edges.count))
        cells[0] = Int32.min
        #expect(!AreaIndex.isConsistent(
            cells: cells, candidateStart: index.candidateStart, candidateAreas: index.candidateAreas,
            bands: index.bands, bandStart: index.bandStart, bandEdges: index.bandEdges, edgeCount: index.edges.count))
        var bandEdges = index.bandEdges
        bandEdges[bandEdges.count - 1] = Int32(index.edges.count)
        #expect(!AreaIndex.isConsistent(
            cells: index.cells, candidateStart: index.candidateStart, candidateAreas: index.candidateAreas,
            bands: index.bands, bandStart: index.bandStart, bandEdges: bandEdges, edgeCount: index.edges.count))
        var bands = index.bands
        bands[0].bandCount = Int32(index.bandStart.count)
        #expect(!AreaIndex.isConsistent(
            cells: index.cells, candidateStart: index.candidateStart, candidateAreas: index.candidateAreas,
            bands: bands, bandStart: index.bandStart, bandEdges: index.bandEdges, edgeCount: index.edges.count))
        var starts = index.candidateStart
        starts[starts.count - 1] += 1
        #expect(!AreaIndex.isConsistent(
            cells: index.cells, candidateStart: starts, candidateAreas: index.candidateAreas,
            bands: index.bands, bandStart: index.bandStart, bandEdges: index.bandEdges, edgeCount: index.edges.count))
    }

    @Test func anotherVersionIsRefused() {
        var bytes = AreaIndex(areas: jitteredTiling(n: 4, seed: 8)).serialized()
        // The version follows the 8-byte tag; re-seal the checksum so only the version differs.
        bytes[8] &+= 1
        var resealed = Array(bytes[..<(bytes.count - 8)])
        let checksum = IndexBytesWriter.checksum(resealed)
        withUnsafeBytes(of: checksum) { resealed.append(contentsOf: $0) }
        #expect(AreaIndex(serialized: resealed) == nil)
        resealed[8] &-= 1
        let original = Array(resealed[..<(resealed.count - 8)])
        #expect(IndexBytesWriter.checksum(original) != checksum)
        withUnsafeBytes(of: IndexBytesWriter.checksum(original)) { resealed.replaceSubrange((resealed.count - 8)..., with: $0) }
        #expect(AreaIndex(serialized: resealed) != nil, "the same bytes with the right version read back")
    }
}
