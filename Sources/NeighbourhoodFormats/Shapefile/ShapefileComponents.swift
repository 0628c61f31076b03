/// The files of one shapefile, read into memory: from a folder (siblings of the `.shp`) or
/// from a `.zip` archive holding one shapefile.
struct ShapefileComponents {
    /// One component: a name for messages (a path, or `archive.zip: entry`) and its bytes.
    struct File {
        var name: String
        var bytes: [UInt8]
    }

    /// The largest component file read: 4 GiB, the most a `.shp` can address (its length is a
    /// 32-bit count of 16-bit words); a gzip-compressed component is refused past it too.
    static let maxFileBytes = 1 << 32

    /// The layer's source for messages and manifests: the `.shp` path or the archive path.
    var source: String
    var shp: File
    var shx: File?
    var dbf: File
    var prj: File?
    var cpg: File?

    /// Reads the components beside `path` (the `.shp`, any sibling, or the stem).
    ///
    /// - Throws: ``FormatError`` when the `.shp` or `.dbf` is missing or unreadable.
    init(path: String) throws(FormatError) {
        let stem = Self.stem(of: path)
        func load(_ ext: String) throws(FormatError) -> File? {
            guard let found = Self.sibling(stem, ext) else { return nil }
            return File(name: found, bytes: try ByteReader.readAll(path: found, maxBytes: Self.maxFileBytes, what: "a shapefile component"))
        }
        guard let shp = try load("shp") else {
            throw FormatError(.cannotOpen, file: stem + ".shp", detail: "cannot open: no such file")
        }
        guard let dbf = try load("dbf") else {
            throw FormatError(
                .cannotOpen, file: stem + ".dbf",
                detail: "cannot open: a shapefile needs its .dbf attribute table beside the .shp for area ids")
        }
        source = shp.name
        self.shp = shp
        self.dbf = dbf
        shx = try load("shx")
        prj = try load("prj")
        cpg = try load("cpg")
    }

    /// Reads the components from a `.zip` archive that holds exactly one `.shp` (in any
    /// folder of the archive) and its siblings.
    ///
    /// - Throws: ``FormatError`` when the archive is unreadable, holds no or several
    ///   shapefiles, lacks the `.dbf`, or an entry cannot be inflated.
    init(zip path: String) throws(FormatError) {
        let archive = try ZipArchive(
            path: path, bytes: try ByteReader.readAll(path: path, maxBytes: Self.maxFileBytes, what: "a zipped shapefile"))
        let shps = archive.entries.filter { $0.name.lowercased().hasSuffix(".shp") && !$0.name.hasPrefix("__MACOSX/") }
        guard shps.count == 1, let shpEntry = shps.first else {
            let found = shps.isEmpty ? "no .shp" : "\(shps.count) shapefiles (\(shps.map(\.name).joined(separator: ", ")))"
            throw FormatError(
                .malformed, file: path, detail: "the archive holds \(found); unzip it first and give one .shp")
        }
        let stem = String(shpEntry.name.dropLast(4))
        func load(_ ext: String) throws(FormatError) -> File? {
            guard let entry = archive.entries.first(where: { $0.name == stem + "." + ext || $0.name == stem + "." + ext.uppercased() })
            else { return nil }
            return File(name: "\(path): \(entry.name)", bytes: try archive.contents(of: entry))
        }
        guard let dbf = try load("dbf") else {
            throw FormatError(.malformed, file: path, detail: "the archive has \(shpEntry.name) but no \(stem).dbf beside it")
        }
        source = path
        shp = File(name: "\(path): \(shpEntry.name)", bytes: try archive.contents(of: shpEntry))
        self.dbf = dbf
        shx = try load("shx")
        prj = try load("prj")
        cpg = try load("cpg")
    }

    /// `path` without a shapefile component's extension.
    static func stem(of path: String) -> String {
        let extensions = ["shp", "shx", "dbf", "prj", "cpg"]
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return path }
        return extensions.contains(path[path.index(after: dot)...].lowercased()) ? String(path[..<dot]) : path
    }

    /// The sibling file with extension `ext` (lower or upper case), if it exists.
    static func sibling(_ stem: String, _ ext: String) -> String? {
        for candidate in [stem + "." + ext, stem + "." + ext.uppercased()] where ShapefileLayerReader.fileExists(candidate) {
            return candidate
        }
        return nil
    }
}
