import Neighbourhood

#if canImport(Glibc)
import Glibc
#endif

/// A file in memory-backed scratch space that each fuzz input is written to, so the readers
/// are exercised through the same path-based entry points the command-line tool uses.
public struct ScratchFile {
    /// The path, unique to this process.
    public let path: String

    /// A scratch path ending in `suffix` (which picks the reader, e.g. `.geojson`).
    public init(suffix: String) {
        let folder = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"
        path = "\(folder)/nbhd-fuzz-\(getpid())\(suffix)"
    }

    /// Replaces the file's content with `count` bytes at `data`.
    public func write(_ data: UnsafePointer<UInt8>?, count: Int) {
        guard let handle = fopen(path, "wb") else { fatalError("cannot write \(path)") }
        if let data, count > 0 { _ = fwrite(data, 1, count, handle) }
        fclose(handle)
    }
}

/// Reads `path` as a boundary layer and, when it reads, checks what every reader promises:
/// areas with ids, finite coordinates and closed rings. Errors are the expected outcome of
/// most inputs; a crash, a hang or a broken promise is a finding.
public func exerciseBoundaryReader(path: String) {
    guard let layer = try? BoundaryLayerReader.read(path: path, fields: LayerFields()) else { return }
    var ids = Set<String>()
    for area in layer.areas {
        precondition(!area.id.isEmpty, "an area without id was accepted")
        precondition(ids.insert(area.id).inserted, "duplicate id \(area.id) was accepted")
        for polygon in area.geometry.polygons {
            for ring in polygon.rings {
                precondition(ring.count >= 4, "a ring of \(ring.count) points was accepted")
                precondition(ring.first == ring.last, "an unclosed ring was accepted")
                for p in ring { precondition(p.x.isFinite && p.y.isFinite, "a non-finite coordinate was accepted") }
            }
        }
    }
    // The index must build on anything the reader accepts.
    _ = AreaIndex(areas: layer.areas.map(\.geometry))
}
