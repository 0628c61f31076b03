import Foundation

/// Boundary layers of an ``IncidentStore``: adding one from a file, and reading the stored
/// layers back to assign new incidents at import time.
public enum StoreLayers {
    /// The file name endings a layer can be stored from: single files, because the store
    /// keeps the file's bytes (a folder of KML files or a bare `.shp` with side files is not
    /// one file: zip it).
    public static let storableExtensions = ["geojson.gz", "json.gz", "geojson", "json", "kml", "kmz", "zip"]

    /// Reads the layer at `path`, stores its bytes and areas in `store` under `name`
    /// (replacing a layer of that name) and assigns every stored location to it.
    ///
    /// - Throws: ``FormatError``/``BoundaryLayerError`` for an unreadable layer,
    ///   ``ProjectionError`` for an unknown CRS, ``StoreError`` for the store.
    public static func add(
        path: String, name: String, fields: LayerFields, to store: IncidentStore
    ) throws -> (layer: StoredLayer, replaced: Bool, locations: Int, locationsInAreas: Int) {
        guard let ext = storableExtensions.first(where: { path.lowercased().hasSuffix("." + $0) }) else {
            throw FormatError(
                .malformed, file: path,
                detail: "a stored layer must be one file (\(storableExtensions.map { "." + $0 }.joined(separator: ", "))); zip a Shapefile's .shp/.shx/.dbf/.prj, or a folder of KML files")
        }
        let layer = try BoundaryLayerReader.read(path: path, fields: fields)
        let assigner = try AreaAssigner(layer: layer, workingCRS: try store.workingCRS())
        let checksum = try FileChecksum(path: path)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FormatError(.cannotOpen, file: path, detail: "cannot read the file")
        }
        let areas = layer.areas.enumerated().map { i, area in
            StoredArea(code: area.id, name: area.name, parent: assigner.parentIDs[i])
        }
        return try store.addLayer(
            name: name, fileName: path, fileExtension: ext, content: [UInt8](data), sha256: checksum.sha256,
            fields: (fields.id, fields.name, fields.parent), areas: areas, index: assigner.index)
    }

    /// Reads a stored layer back (from the bytes kept in the store) as an assigner.
    public static func assigner(for layer: StoredLayer, in store: IncidentStore) throws -> AreaAssigner {
        let bytes = try store.layerContent(layer)
        let temporary = FileManager.default.temporaryDirectory
            .appendingPathComponent("nbhd-layer-\(ProcessInfo.processInfo.processIdentifier)-\(layer.id).\(layer.fileExtension)")
        defer { try? FileManager.default.removeItem(at: temporary) }
        do {
            try Data(bytes).write(to: temporary)
        } catch {
            throw FormatError(.cannotWrite, file: temporary.path, detail: "cannot write the stored layer '\(layer.name)' to a temporary file: \(error.localizedDescription)")
        }
        var read = try BoundaryLayerReader.read(
            path: temporary.path, fields: LayerFields(id: layer.idField, name: layer.nameField, parent: layer.parentField))
        read.source = layer.fileName
        return try AreaAssigner(layer: read, workingCRS: try store.workingCRS())
    }

    /// Locators for every layer of `store`, for ``IncidentStore/importFile(_:columns:locators:body:)``.
    ///
    /// Each layer's built index is read back from the store when one is kept for the store's
    /// working CRS (``IncidentStore/keptIndex(of:)``); otherwise the layer's file is read
    /// and indexed, and the index kept for the next import.
    public static func locators(in store: IncidentStore) throws -> [LayerLocator] {
        try store.layerRecords().map { layer in
            let ids = try store.areaIDs(of: layer)
            if let index = try store.keptIndex(of: layer), index.areaCount == ids.count {
                return LayerLocator(layerID: layer.id, index: index, areaIDs: ids)
            }
            let assigner = try assigner(for: layer, in: store)
            guard ids.count == assigner.layer.count else {
                throw StoreError(
                    .corrupt, path: store.path,
                    detail: "layer '\(layer.name)' has \(ids.count) stored areas but its file reads as \(assigner.layer.count)")
            }
            try store.keepIndex(assigner.index, of: layer)
            return LayerLocator(layerID: layer.id, index: assigner.index, areaIDs: ids)
        }
    }
}
