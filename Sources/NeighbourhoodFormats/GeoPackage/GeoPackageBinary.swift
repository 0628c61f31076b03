import NeighbourhoodGeometry

/// The GeoPackage binary geometry format (OGC GeoPackage 1.3, clause 2.1.3): a header —
/// magic `GP`, version 0, a flags byte (byte order, envelope kind, empty flag), the `srs_id`
/// as int32 and an optional envelope of doubles — followed by standard little-endian WKB.
///
/// Encoding always writes an `[minx, maxx, miny, maxy]` envelope (envelope kind 1). Decoding
/// checks every declared length and count against the bytes present before allocating, so a
/// blob claiming 10^9 points costs nothing, and checks the envelope against the geometry.
public enum GeoPackageBinary {
    /// The blob for `geometry` in `srsID`, with its envelope.
    ///
    /// - Complexity: O(*n*) in the number of positions.
    public static func encode(_ geometry: FeatureGeometry, srsID: Int32) -> [UInt8] {
        var bytes: [UInt8] = [0x47, 0x50, 0, 0b0000_0011]  // 'G' 'P', version 0, envelope [x, y], little endian
        bytes.reserveCapacity(40 + wkbSize(geometry))
        append(int32: srsID, to: &bytes)
        let box = geometry.boundingBox
        for v in [box.minX, box.maxX, box.minY, box.maxY] { append(double: v, to: &bytes) }
        appendWKB(geometry, to: &bytes)
        return bytes
    }

    /// The decoded content of a blob.
    public struct Decoded: Sendable, Hashable {
        /// The header's `srs_id`.
        public var srsID: Int32
        /// The envelope `[minx, maxx, miny, maxy]`, when the header carries one.
        public var envelope: BoundingBox?
        /// The geometry, `nil` when the empty flag is set.
        public var geometry: FeatureGeometry?
    }

    /// Decodes a blob holding a point, polygon or multipolygon (2D, Z, M or ZM; extra
    /// ordinates are dropped).
    ///
    /// - Throws: ``GeoPackageGeometryError`` naming the byte offset and what is wrong: wrong
    ///   magic or version, an envelope or WKB that runs past the blob, counts that cannot fit
    ///   in the bytes left, an unsupported geometry type, bytes left over, a geometry outside
    ///   its envelope, or a ring that ``NeighbourhoodGeometry/Polygon`` refuses (too few
    ///   positions, not closed, NaN or infinite coordinates).
    /// - Complexity: O(*n*) in the blob's length; memory O(*n*) whatever the blob declares.
    public static func decode(_ blob: [UInt8]) throws(GeoPackageGeometryError) -> Decoded {
        guard blob.count >= 8 else {
            throw GeoPackageGeometryError(offset: 0, "blob is \(blob.count) bytes, shorter than the 8-byte header")
        }
        guard blob[0] == 0x47, blob[1] == 0x50 else {
            throw GeoPackageGeometryError(
                offset: 0, "magic is \(hex(blob[0])) \(hex(blob[1])), not 'GP' (0x47 0x50): not a GeoPackage geometry")
        }
        guard blob[2] == 0 else {
            throw GeoPackageGeometryError(offset: 2, "version \(blob[2]) is not 0 (GeoPackage 1.x)")
        }
        let flags = blob[3]
        if flags & 0b0010_0000 != 0 {
            throw GeoPackageGeometryError(offset: 3, "extended GeoPackage geometry (flags bit 5) is not supported")
        }
        let envelopeKind = Int((flags >> 1) & 0b111)
        let envelopeDoubles = [0, 4, 6, 6, 8][safe: envelopeKind]
        guard let envelopeDoubles else {
            throw GeoPackageGeometryError(offset: 3, "envelope indicator \(envelopeKind) is invalid (0 to 4)")
        }
        var reader = WKBReader(bytes: blob, offset: 4)
        reader.littleEndian = flags & 1 == 1
        let srsID = Int32(bitPattern: try reader.uint32())
        let headerLength = 8 + 8 * envelopeDoubles
        guard blob.count >= headerLength else {
            throw GeoPackageGeometryError(
                offset: 8,
                "the header declares a \(8 * envelopeDoubles)-byte envelope but the blob has \(blob.count) bytes in all")
        }
        var envelope: BoundingBox?
        if envelopeDoubles > 0 {
            let minX = try reader.double(), maxX = try reader.double(), minY = try reader.double(), maxY = try reader.double()
            envelope = BoundingBox(minX: minX, minY: minY, maxX: maxX, maxY: maxY)
            reader.offset = headerLength
        }
        if flags & 0b0001_0000 != 0 { return Decoded(srsID: srsID, envelope: envelope, geometry: nil) }
        guard reader.offset < blob.count else {
            throw GeoPackageGeometryError(offset: reader.offset, "the header is not followed by any WKB")
        }
        let geometry = try reader.geometry()
        guard reader.offset == blob.count else {
            throw GeoPackageGeometryError(
                offset: reader.offset, "\(blob.count - reader.offset) byte(s) follow the end of the WKB geometry")
        }
        if let envelope, [envelope.minX, envelope.maxX, envelope.minY, envelope.maxY].allSatisfy(\.isFinite) {
            let box = geometry.boundingBox
            guard box.minX >= envelope.minX, box.maxX <= envelope.maxX, box.minY >= envelope.minY,
                box.maxY <= envelope.maxY
            else {
                throw GeoPackageGeometryError(
                    offset: 8,
                    "the envelope x \(envelope.minX)...\(envelope.maxX), y \(envelope.minY)...\(envelope.maxY) does not "
                        + "contain the geometry (x \(box.minX)...\(box.maxX), y \(box.minY)...\(box.maxY))")
            }
        }
        return Decoded(srsID: srsID, envelope: envelope, geometry: geometry)
    }

    // MARK: Encoding

    private static func wkbSize(_ geometry: FeatureGeometry) -> Int {
        func polygonSize(_ p: Polygon) -> Int { 9 + p.rings.reduce(0) { $0 + 4 + 16 * $1.count } }
        switch geometry {
        case .point: return 21
        case .polygon(let p): return polygonSize(p)
        case .multiPolygon(let m): return 9 + m.polygons.reduce(0) { $0 + polygonSize($1) }
        }
    }

    /// Appends ISO WKB, little endian (byte order 1).
    static func appendWKB(_ geometry: FeatureGeometry, to bytes: inout [UInt8]) {
        switch geometry {
        case .point(let p):
            bytes.append(1)
            append(int32: 1, to: &bytes)
            append(double: p.x, to: &bytes)
            append(double: p.y, to: &bytes)
        case .polygon(let p):
            appendPolygon(p, to: &bytes)
        case .multiPolygon(let m):
            bytes.append(1)
            append(int32: 6, to: &bytes)
            append(int32: Int32(m.polygons.count), to: &bytes)
            for p in m.polygons { appendPolygon(p, to: &bytes) }
        }
    }

    private static func appendPolygon(_ polygon: Polygon, to bytes: inout [UInt8]) {
        bytes.append(1)
        append(int32: 3, to: &bytes)
        append(int32: Int32(polygon.rings.count), to: &bytes)
        for ring in polygon.rings {
            append(int32: Int32(ring.count), to: &bytes)
            for p in ring {
                append(double: p.x, to: &bytes)
                append(double: p.y, to: &bytes)
            }
        }
    }

    static func append(int32 value: Int32, to bytes: inout [UInt8]) {
        let v = UInt32(bitPattern: value)
        bytes.append(contentsOf: [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)])
    }

    static func append(double value: Double, to bytes: inout [UInt8]) {
        let v = value.bitPattern
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(v >> UInt64(shift) & 0xFF)) }
    }

    private static func hex(_ b: UInt8) -> String {
        "0x" + String(b, radix: 16, uppercase: true).leftPadded(to: 2)
    }
}

/// A GeoPackage geometry blob that cannot be decoded: where (byte offset in the blob) and why.
public struct GeoPackageGeometryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Byte offset in the blob where the fault was found.
    public var offset: Int
    /// What is wrong.
    public var detail: String

    /// Creates an error.
    public init(offset: Int, _ detail: String) {
        self.offset = offset
        self.detail = detail
    }

    /// `geometry byte 8: ...`.
    public var description: String { "geometry byte \(offset): \(detail)" }
}

extension Array {
    fileprivate subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
