import Foundation

/// Writes small shapefiles byte by byte from the ESRI Shapefile Technical Description (1998)
/// and the dBASE III header layout, so tests can build valid files and then damage them.
struct ShapefileWriter {
    /// One record: its rings (each closed as given) and its attribute values, or `nil`
    /// rings for a null shape.
    struct Record {
        var rings: [[(Double, Double)]]?
        var values: [String]
        var deleted = false
        /// Field bytes written as given instead of `values` in UTF-8 (for code-page tests).
        var raw: [[UInt8]]? = nil
    }

    var fields: [(name: String, type: UInt8, length: Int)] = [("CODE", 0x43, 10), ("NAME", 0x43, 20)]
    var records: [Record] = []
    var shapeType: Int32 = 5
    var languageDriver: UInt8 = 0

    static func be32(_ v: Int32) -> [UInt8] { withUnsafeBytes(of: v.bigEndian) { Array($0) } }
    static func le32(_ v: Int32) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
    static func le64(_ v: Double) -> [UInt8] { withUnsafeBytes(of: v.bitPattern.littleEndian) { Array($0) } }

    /// The content of one record (after its 8-byte header).
    func content(_ record: Record) -> [UInt8] {
        guard let rings = record.rings else { return Self.le32(0) }
        let points = rings.flatMap { $0 }
        var out = Self.le32(shapeType)
        let xs = points.map(\.0), ys = points.map(\.1)
        for v in [xs.min() ?? 0, ys.min() ?? 0, xs.max() ?? 0, ys.max() ?? 0] { out += Self.le64(v) }
        out += Self.le32(Int32(rings.count)) + Self.le32(Int32(points.count))
        var start = 0
        for ring in rings {
            out += Self.le32(Int32(start))
            start += ring.count
        }
        for p in points { out += Self.le64(p.0) + Self.le64(p.1) }
        if shapeType != 5 {  // Z or M range and values (all zero), ignored by readers of 2-D
            out += [UInt8](repeating: 0, count: 16 + 8 * points.count)
            if shapeType == 15 { out += [UInt8](repeating: 0, count: 16 + 8 * points.count) }
        }
        return out
    }

    func header(fileBytes: Int) -> [UInt8] {
        var out = Self.be32(9994) + [UInt8](repeating: 0, count: 20) + Self.be32(Int32(fileBytes / 2))
        out += Self.le32(1000) + Self.le32(shapeType)
        for _ in 0..<8 { out += Self.le64(0) }
        return out
    }

    /// `.shp`, `.shx` and `.dbf` bytes.
    func files() -> (shp: [UInt8], shx: [UInt8], dbf: [UInt8]) {
        var body: [UInt8] = []
        var index: [UInt8] = []
        for (i, record) in records.enumerated() {
            let c = content(record)
            index += Self.be32(Int32((100 + body.count) / 2)) + Self.be32(Int32(c.count / 2))
            body += Self.be32(Int32(i + 1)) + Self.be32(Int32(c.count / 2)) + c
        }
        let shp = header(fileBytes: 100 + body.count) + body
        let shx = header(fileBytes: 100 + index.count) + index
        let recordLength = 1 + fields.reduce(0) { $0 + $1.length }
        let headerLength = 32 + 32 * fields.count + 1
        var dbf: [UInt8] = [3, 124, 1, 1] + Self.le32(Int32(records.count))
        dbf += [UInt8(headerLength & 0xFF), UInt8(headerLength >> 8), UInt8(recordLength & 0xFF), UInt8(recordLength >> 8)]
        dbf += [UInt8](repeating: 0, count: 17) + [languageDriver, 0, 0]
        for field in fields {
            var name = Array(field.name.utf8.prefix(10))
            name += [UInt8](repeating: 0, count: 11 - name.count)
            dbf += name + [field.type] + [0, 0, 0, 0] + [UInt8(field.length), 0] + [UInt8](repeating: 0, count: 14)
        }
        dbf.append(0x0D)
        for record in records {
            dbf.append(record.deleted ? 0x2A : 0x20)
            for (field, value) in zip(fields, record.raw ?? record.values.map { Array($0.utf8) }) {
                var bytes = Array(value.prefix(field.length))
                bytes += [UInt8](repeating: 0x20, count: field.length - bytes.count)
                dbf += bytes
            }
        }
        dbf.append(0x1A)
        return (shp, shx, dbf)
    }

    /// Writes the files into a fresh folder as `layer.*` and returns the `.shp` path.
    func write(
        prj: String? = nil, cpg: String? = nil, dbfBytes: [UInt8]? = nil, skipShx: Bool = false,
        edit: (inout [UInt8], inout [UInt8]) -> Void = { _, _ in }
    ) throws -> String {
        var (shp, shx, dbf) = files()
        edit(&shp, &shx)
        let folder = NSTemporaryDirectory() + "nbhd-shp-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let stem = folder + "/layer"
        try Data(shp).write(to: URL(fileURLWithPath: stem + ".shp"))
        if !skipShx { try Data(shx).write(to: URL(fileURLWithPath: stem + ".shx")) }
        try Data(dbfBytes ?? dbf).write(to: URL(fileURLWithPath: stem + ".dbf"))
        if let prj { try Data(prj.utf8).write(to: URL(fileURLWithPath: stem + ".prj")) }
        if let cpg { try Data(cpg.utf8).write(to: URL(fileURLWithPath: stem + ".cpg")) }
        return stem + ".shp"
    }
}

/// A closed square ring, clockwise (an outer ring in shapefile terms) unless `ccw`.
func square(_ x: Double, _ y: Double, _ size: Double, ccw: Bool = false) -> [(Double, Double)] {
    let cw = [(x, y), (x, y + size), (x + size, y + size), (x + size, y), (x, y)]
    return ccw ? cw.reversed() : cw
}
