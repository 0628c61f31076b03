import Foundation
import Neighbourhood
import Testing

/// Imports assign with the index kept in the store when the layer was added, and rebuild
/// it from the stored file when the kept one cannot be used.
@Suite struct StoreLocatorTests {
    @Test func locatorsUseTheKeptIndexAndRebuildAMissingOne() throws {
        let path = try temporaryFolder() + "/s.sqlite"
        let store = try IncidentStore(path: path)
        let layerPath = bundledLayerArguments[0]
        let fields = LayerFields(id: "LSOA11CD", name: "LSOA11NM", parent: "LAD11CD")
        let layer = try StoreLayers.add(path: layerPath, name: "lsoa", fields: fields, to: store).layer
        // The kept index is the index of the layer's file in the working CRS, bit for bit.
        let read = try BoundaryLayerReader.read(path: layerPath, fields: fields)
        let built = try AreaAssigner(layer: read, workingCRS: "EPSG:27700").index
        let expected = built.serialized()
        #expect(try store.keptIndex(of: layer)?.serialized() == expected)
        #expect(try StoreLayers.locators(in: store).map { $0.index.serialized() } == [expected])
        // A kept index that does not fit the layer (one area, not 1,388) is not used: the
        // layer's stored file is read again and its index kept in its place.
        try store.keepIndex(AreaIndex(areas: [read.areas[0].geometry]), of: layer)
        #expect(try store.keptIndex(of: layer) == nil)
        let locators = try StoreLayers.locators(in: store)
        #expect(locators.map { $0.index.serialized() } == [expected])
        #expect(locators.map(\.areaIDs.count) == [1_388])
        #expect(try store.keptIndex(of: layer)?.serialized() == expected)
    }
}
