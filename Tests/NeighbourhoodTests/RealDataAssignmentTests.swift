import Foundation
import Neighbourhood
import Testing

/// `nbhd assign` on real West Yorkshire data, with the facts the shared data's README states.
@Suite(.serialized) struct RealDataAssignmentTests {
    static let lsoa2011 = Result {
        try GeoJSONLayerReader.read(
            path: sharedData("boundaries/wy-lsoa-2011.geojson"),
            fields: LayerFields(id: "LSOA11CD", name: "LSOA11NM", parent: "LAD13CD"))
    }

    @Test func westYorkshireJuly2018() throws {
        let layer = try Self.lsoa2011.get()
        let (result, folder) = try runAssignment(
            files: [sharedData("crime/west-yorkshire/2018-07-west-yorkshire-street.csv")], layer: layer)
        let t = result.total
        #expect(t.rowsRead == 31_635)
        #expect(t.noLocation == 883)
        #expect(t.rejected == 0)
        #expect(t.isBalanced)
        #expect(t.assigned == 30_737)
        #expect(t.outside == 15)
        // police.uk names the LSOA before snapping: about 3.6 % of points fall outside it.
        let share = Double(t.namedAreaDiffers) / Double(t.namedAreaChecked)
        #expect(share > 0.035 && share < 0.038, "\(share)")
        #expect(t.namedAreaDiffers == 1_107)
        #expect(result.counts.total == t.assigned)
        // incidents.csv has one line per row, in input order, and its statuses add up.
        let lines = try readText(folder + "/incidents.csv").split(separator: "\n")
        #expect(lines.count == 31_636)
        let statuses = Dictionary(grouping: lines.dropFirst(), by: { $0.split(separator: ",", omittingEmptySubsequences: false).last! })
            .mapValues(\.count)
        #expect(statuses == ["assigned": 30_737, "outside": 15, "no_location": 883])
        #expect(lines[1].hasSuffix(",2,170c41944fe890a7f20d58e7595c51c9baf1ff3ef0bd57659c74028583607e9f,2018-07,Vehicle crime,439174.01,411465.04,,,outside"))
        // The five districts are the parents.
        let parents = Set(try readText(folder + "/counts.csv").split(separator: "\n").dropFirst().map { $0.split(separator: ",")[2] })
        #expect(parents == ["E08000032", "E08000033", "E08000034", "E08000035", "E08000036"])
    }

    @Test func resultsDoNotDependOnBlockSizeOrWorkers() throws {
        let layer = try Self.lsoa2011.get()
        let file = sharedData("crime/west-yorkshire/2016-07-west-yorkshire-street.csv")
        let (a, folderA) = try runAssignment(files: [file], layer: layer, workers: 1, blockSize: 1 << 22)
        let (b, folderB) = try runAssignment(files: [file], layer: layer, workers: 2, blockSize: 4096)
        #expect(a.total == b.total)
        #expect(a.total.rowsRead == 27_176 && a.total.noLocation == 1_347 && a.total.isBalanced)
        #expect(try readText(folderA + "/incidents.csv") == readText(folderB + "/incidents.csv"))
        #expect(try readText(folderA + "/counts.csv") == readText(folderB + "/counts.csv"))
    }

    @Test func spreadsheetEditedLeedsFileWithLSOA2021() throws {
        let layer = try GeoJSONLayerReader.read(
            path: sharedData("boundaries/wy-lsoa-2021-with-counts.geojson"), fields: LayerFields(id: "lsoa21cd"))
        #expect(layer.count == 1_404)
        let (result, _) = try runAssignment(
            files: [sharedData("crime/west-yorkshire/2025-02-leeds-only-excel-edited.csv")], layer: layer)
        let t = result.total
        #expect(t.rowsRead == 8_009)
        #expect(t.rejected == 0)
        #expect(t.isBalanced)
        #expect(Set(result.counts.sorted.map { $0.key.month?.description }) == ["2025-02"])
        let share = Double(t.namedAreaDiffers) / Double(t.namedAreaChecked)
        #expect(share < 0.06, "\(share)")
    }

    @Test func bundledGzipMonthsMatchTheSharedPlainFiles() throws {
        let layer = try Self.lsoa2011.get()
        let gz = repositoryRoot.appendingPathComponent("geodata/crime/2017-07-west-yorkshire-street.csv.gz").path
        let (a, _) = try runAssignment(files: [gz], layer: layer)
        let (b, _) = try runAssignment(files: [sharedData("crime/west-yorkshire/2017-07-west-yorkshire-street.csv")], layer: layer)
        #expect(a.total == b.total)
        #expect(a.total.rowsRead == 28_537 && a.total.noLocation == 1_541)
    }
}

@Suite struct ParentLayerTests {
    @Test func districtLayerGivesTheSameParentsAsTheField() throws {
        let lsoa = try RealDataAssignmentTests.lsoa2011.get()
        let districts = try GeoJSONLayerReader.read(
            path: sharedData("boundaries/wy-districts-2013.geojson"), fields: LayerFields(id: "LAD13CD"))
        #expect(districts.count == 5)
        let byLayer = try AreaAssigner(layer: lsoa, parentLayer: districts)
        #expect(byLayer.parentIDs == lsoa.areas.map(\.parentID))
        #expect(byLayer.parentSource == sharedData("boundaries/wy-districts-2013.geojson"))
    }

    @Test func msoaLayerInBritishNationalGridNestsEveryLSOA() throws {
        let lsoa = try RealDataAssignmentTests.lsoa2011.get()
        let msoa = try GeoJSONLayerReader.read(
            path: sharedData("boundaries/wy-msoa-2011-bng27700.geojson"), fields: LayerFields(id: "MSOA11CD"))
        let assigner = try AreaAssigner(layer: lsoa, parentLayer: msoa)
        // LSOA names are their MSOA's name plus a letter, so the parent can be checked by name.
        let msoaNames = Dictionary(uniqueKeysWithValues: msoa.areas.map { ($0.id, $0.name) })
        var matches = 0
        for (area, parent) in zip(lsoa.areas, assigner.parentIDs) {
            if let parent, msoaNames[parent] == String(area.name.dropLast()) { matches += 1 }
        }
        // The BNG MSOAs are super-generalised: the interior points of 2 small LSOAs fall
        // across a simplified MSOA edge; the other 1,386 land in their own MSOA.
        #expect(matches == 1_386, "\(matches) of 1,388")
    }
}
