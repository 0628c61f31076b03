import NeighbourhoodGeometry

/// The polygon records of a `.shp` file, located through its `.shx` index when there is one
/// (ESRI Shapefile Technical Description, July 1998).
///
/// Every length and count the file declares is checked against the bytes actually present
/// before anything is allocated, so a file that lies about its size fails with a
/// ``FormatError`` naming the byte offset instead of reading out of bounds or allocating
/// billions of points.
struct ShapeRecords {
    /// One record's rings as stored (2-D; Z and M values are ignored), or `nil` for a null
    /// shape.
    struct Record {
        /// The record's position in the file, zero-based.
        var index: Int
        /// Byte offset of the record header in the `.shp` file.
        var offset: Int
        /// Parts as written, each a closed ring; `nil` for a null shape (type 0).
        var rings: [[Point]]?
    }

    /// Shape types this reader accepts: Polygon, PolygonZ, PolygonM.
    static let polygonTypes: [Int32: String] = [5: "Polygon", 15: "PolygonZ", 25: "PolygonM"]
    /// Names of the other shape types, for messages.
    static let otherTypes: [Int32: String] = [
        1: "Point", 3: "PolyLine", 8: "MultiPoint", 11: "PointZ", 13: "PolyLineZ", 18: "MultiPointZ",
        21: "PointM", 23: "PolyLineM", 28: "MultiPointM", 31: "MultiPatch",
    ]

    let path: String
    let bytes: [UInt8]
    /// Byte offsets of record headers, from the `.shx` or found by walking the file.
    let offsets: [Int]

    /// Parses the headers of `shp` (and `shx` when given) and locates every record.
    ///
    /// - Throws: ``FormatError`` for a wrong file code, a non-polygon shape type, a truncated
    ///   header or index, or record lengths that run past the end of the file.
    init(shpPath: String, shp: [UInt8], shxPath: String?, shx: [UInt8]?) throws(FormatError) {
        path = shpPath
        bytes = shp
        try Self.checkHeader(shp, path: shpPath)
        let shapeType = shp.int32LE(at: 32)
        if shapeType != 0, Self.polygonTypes[shapeType] == nil {
            let name = Self.otherTypes[shapeType].map { "\($0) (type \(shapeType))" } ?? "unknown type \(shapeType)"
            throw FormatError(
                .unsupported, file: shpPath,
                detail: "byte 32: shape type is \(name); boundary layers need Polygon (5), PolygonZ (15) or PolygonM (25)")
        }
        if let shxPath, let shx {
            try Self.checkHeader(shx, path: shxPath)
            guard (shx.count - 100) % 8 == 0 else {
                throw FormatError(
                    .malformed, file: shxPath,
                    detail: "byte \(shx.count - (shx.count - 100) % 8): the index ends part-way through an 8-byte entry (truncated file?)")
            }
            let count = (shx.count - 100) / 8
            var offsets: [Int] = []
            offsets.reserveCapacity(count)
            for i in 0..<count {
                let at = 100 + 8 * i
                let offset = Int(shx.int32BE(at: at)) * 2
                let length = Int(shx.int32BE(at: at + 4)) * 2
                guard offset >= 100, length >= 0, offset + 8 + length <= shp.count else {
                    throw FormatError(
                        .malformed, file: shxPath,
                        detail: "byte \(at): record \(i) is said to lie at bytes \(offset)–\(offset + 8 + length) "
                            + "of the .shp, which has \(shp.count) bytes")
                }
                offsets.append(offset)
            }
            self.offsets = offsets
        } else {
            var offsets: [Int] = []
            var at = 100
            while at < shp.count {
                guard at + 8 <= shp.count else {
                    throw FormatError(
                        .malformed, file: shpPath,
                        detail: "byte \(at): truncated record header (\(shp.count - at) of 8 bytes)")
                }
                let length = Int(shp.int32BE(at: at + 4)) * 2
                guard length >= 4, at + 8 + length <= shp.count else {
                    throw FormatError(
                        .malformed, file: shpPath,
                        detail: "byte \(at): record \(offsets.count) declares \(length) bytes of content but \(shp.count - at - 8) remain")
                }
                offsets.append(at)
                at += 8 + length
            }
            self.offsets = offsets
        }
    }

    /// Checks the 100-byte main file header common to `.shp` and `.shx`.
    static func checkHeader(_ bytes: [UInt8], path: String) throws(FormatError) {
        guard bytes.count >= 100 else {
            throw FormatError(
                .malformed, file: path, detail: "byte 0: file is \(bytes.count) bytes, shorter than the 100-byte shapefile header")
        }
        let code = bytes.int32BE(at: 0)
        guard code == 9994 else {
            throw FormatError(
                .malformed, file: path, detail: "byte 0: file code is \(code), not 9994: this is not a shapefile")
        }
        let version = bytes.int32LE(at: 28)
        guard version == 1000 else {
            throw FormatError(.unsupported, file: path, detail: "byte 28: version is \(version), not 1000")
        }
    }

    /// The number of records.
    var count: Int { offsets.count }

    /// Reads record `index`.
    ///
    /// - Throws: ``FormatError`` naming the record and byte offset when its content is
    ///   shorter than its declared parts and points, or of a non-polygon type.
    func record(_ index: Int) throws(FormatError) -> Record {
        let header = offsets[index]
        let declared = Int(bytes.int32BE(at: header + 4)) * 2
        let start = header + 8
        let end = start + declared
        func fail(_ at: Int, _ detail: String) -> FormatError {
            FormatError(.malformed, file: path, detail: "byte \(at): record \(index): \(detail)")
        }
        guard declared >= 4, end <= bytes.count else {
            throw fail(header, "declares \(declared) bytes of content but \(bytes.count - start) remain")
        }
        let type = bytes.int32LE(at: start)
        if type == 0 { return Record(index: index, offset: header, rings: nil) }
        guard Self.polygonTypes[type] != nil else {
            throw FormatError(
                .unsupported, file: path,
                detail: "byte \(start): record \(index) has shape type \(type); only polygons (5, 15, 25) and null shapes (0) are read")
        }
        guard end - start >= 44 else {
            throw fail(start, "polygon content is \(end - start) bytes, shorter than its 44-byte header")
        }
        let partCount = Int(bytes.int32LE(at: start + 36))
        let pointCount = Int(bytes.int32LE(at: start + 40))
        let partsAt = start + 44
        guard partCount >= 1, pointCount >= 0, partCount <= (end - partsAt) / 4 else {
            throw fail(start + 36, "declares \(partCount) parts, which do not fit in its \(declared) bytes")
        }
        let pointsAt = partsAt + 4 * partCount
        guard pointCount <= (end - pointsAt) / 16 else {
            throw fail(start + 40, "declares \(pointCount) points, which do not fit in its \(declared) bytes")
        }
        var rings: [[Point]] = []
        rings.reserveCapacity(partCount)
        for part in 0..<partCount {
            let first = Int(bytes.int32LE(at: partsAt + 4 * part))
            let last = part + 1 < partCount ? Int(bytes.int32LE(at: partsAt + 4 * part + 4)) : pointCount
            guard first >= 0, first <= last, last <= pointCount else {
                throw fail(partsAt + 4 * part, "part \(part) spans points \(first)..<\(last) of \(pointCount)")
            }
            var ring: [Point] = []
            ring.reserveCapacity(last - first)
            for i in first..<last {
                let at = pointsAt + 16 * i
                ring.append(Point(x: bytes.float64LE(at: at), y: bytes.float64LE(at: at + 8)))
            }
            rings.append(ring)
        }
        return Record(index: index, offset: header, rings: rings)
    }
}

extension [UInt8] {
    /// A big-endian 32-bit integer at `offset`; the caller checks bounds.
    func int32BE(at offset: Int) -> Int32 {
        Int32(bitPattern: UInt32(self[offset]) << 24 | UInt32(self[offset + 1]) << 16
            | UInt32(self[offset + 2]) << 8 | UInt32(self[offset + 3]))
    }

    /// A little-endian 32-bit integer at `offset`; the caller checks bounds.
    func int32LE(at offset: Int) -> Int32 {
        Int32(bitPattern: UInt32(self[offset]) | UInt32(self[offset + 1]) << 8
            | UInt32(self[offset + 2]) << 16 | UInt32(self[offset + 3]) << 24)
    }

    /// A little-endian IEEE 754 double at `offset`; the caller checks bounds.
    func float64LE(at offset: Int) -> Double {
        var bits: UInt64 = 0
        for k in 0..<8 { bits |= UInt64(self[offset + k]) << (8 * UInt64(k)) }
        return Double(bitPattern: bits)
    }
}
