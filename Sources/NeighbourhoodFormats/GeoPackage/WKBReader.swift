import NeighbourhoodGeometry

/// Reads well-known binary (OGC Simple Features, ISO 19125) from a byte array: points,
/// polygons and multipolygons, in 2D, Z, M or ZM (ISO codes 1000/2000/3000 and the
/// extended `0x80000000`/`0x40000000` flags), keeping x and y.
///
/// Every count is checked against the bytes left before anything is allocated.
struct WKBReader {
    let bytes: [UInt8]
    var offset: Int
    var littleEndian = true

    init(bytes: [UInt8], offset: Int) {
        self.bytes = bytes
        self.offset = offset
    }

    var remaining: Int { bytes.count - offset }

    mutating func uint32() throws(GeoPackageGeometryError) -> UInt32 {
        try unsigned(UInt32.self, what: "a 4-byte integer")
    }

    mutating func double() throws(GeoPackageGeometryError) -> Double {
        Double(bitPattern: try unsigned(UInt64.self, what: "an 8-byte number"))
    }

    /// The next `T.bitWidth / 8` bytes in the blob's byte order.
    private mutating func unsigned<T: FixedWidthInteger & UnsignedInteger>(
        _: T.Type, what: String
    ) throws(GeoPackageGeometryError) -> T {
        let size = T.bitWidth / 8
        guard remaining >= size else {
            throw GeoPackageGeometryError(offset: offset, "\(what) runs past the end of the \(bytes.count)-byte blob")
        }
        var v: T = 0
        for k in 0..<size {
            v |= T(bytes[offset + (littleEndian ? k : size - 1 - k)]) << (8 * k)
        }
        offset += size
        return v
    }

    /// Reads a byte-order mark and a type code; returns the 2D type (1, 3, 6 ...) and the
    /// number of ordinates per position.
    private mutating func header() throws(GeoPackageGeometryError) -> (type: UInt32, dimensions: Int) {
        guard remaining >= 5 else {
            throw GeoPackageGeometryError(offset: offset, "a WKB geometry header runs past the end of the \(bytes.count)-byte blob")
        }
        let order = bytes[offset]
        guard order <= 1 else {
            throw GeoPackageGeometryError(offset: offset, "WKB byte order is \(order), not 0 (big endian) or 1 (little endian)")
        }
        littleEndian = order == 1
        offset += 1
        let start = offset
        var code = try uint32()
        var dimensions = 2
        if code & 0x8000_0000 != 0 { dimensions += 1 }
        if code & 0x4000_0000 != 0 { dimensions += 1 }
        code &= 0x0FFF_FFFF
        switch code / 1000 {
        case 1, 2: dimensions += 1
        case 3: dimensions += 2
        default: break
        }
        let base = code % 1000
        guard code < 4000, [1, 3, 6].contains(base) else {
            throw GeoPackageGeometryError(
                offset: start,
                "WKB geometry type \(code) (\(Self.typeName(base))) is not supported; boundary layers need Polygon or MultiPolygon")
        }
        return (base, dimensions)
    }

    /// Reads one point, polygon or multipolygon.
    mutating func geometry() throws(GeoPackageGeometryError) -> FeatureGeometry {
        let start = offset
        let (type, dimensions) = try header()
        switch type {
        case 1:
            let p = try position(dimensions)
            return .point(p)
        case 3:
            return .polygon(try polygon(dimensions, part: nil, start: start))
        default:
            let count = try count(minimumBytesEach: 9, what: "polygons")
            var parts: [Polygon] = []
            parts.reserveCapacity(count)
            for part in 0..<count {
                let partStart = offset
                let (partType, partDimensions) = try header()
                guard partType == 3 else {
                    throw GeoPackageGeometryError(
                        offset: partStart + 1, "multipolygon part \(part) is a \(Self.typeName(partType)), not a polygon")
                }
                parts.append(try polygon(partDimensions, part: part, start: partStart))
            }
            do {
                return .multiPolygon(try MultiPolygon(parts))
            } catch {
                throw GeoPackageGeometryError(offset: start, "multipolygon has no polygons")
            }
        }
    }

    private mutating func position(_ dimensions: Int) throws(GeoPackageGeometryError) -> Point {
        let x = try double(), y = try double()
        offset += 8 * (dimensions - 2)
        guard offset <= bytes.count else {
            throw GeoPackageGeometryError(offset: bytes.count, "a position runs past the end of the blob")
        }
        return Point(x: x, y: y)
    }

    /// Reads a count and checks that `count * minimumBytesEach` bytes remain.
    private mutating func count(minimumBytesEach: Int, what: String) throws(GeoPackageGeometryError) -> Int {
        let at = offset
        let n = Int(try uint32())
        guard n <= remaining / minimumBytesEach else {
            throw GeoPackageGeometryError(
                offset: at,
                "declares \(n) \(what), which need at least \(n.multipliedReportingOverflow(by: minimumBytesEach).partialValue) bytes "
                    + "but \(remaining) remain")
        }
        return n
    }

    private mutating func polygon(_ dimensions: Int, part: Int?, start: Int) throws(GeoPackageGeometryError) -> Polygon {
        let ringCount = try count(minimumBytesEach: 4, what: "rings")
        guard ringCount > 0 else {
            throw GeoPackageGeometryError(offset: start, "\(part.map { "part \($0): " } ?? "")polygon has no rings (empty)")
        }
        var rings: [[Point]] = []
        rings.reserveCapacity(ringCount)
        for _ in 0..<ringCount {
            let n = try count(minimumBytesEach: 8 * dimensions, what: "points in a ring")
            var ring: [Point] = []
            ring.reserveCapacity(n)
            for _ in 0..<n { ring.append(try position(dimensions)) }
            rings.append(ring)
        }
        do {
            return try Polygon(exterior: rings[0], holes: Array(rings.dropFirst()))
        } catch {
            let prefix = part.map { "part \($0): " } ?? ""
            throw GeoPackageGeometryError(offset: start, prefix + "\(error)")
        }
    }

    static func typeName(_ code: UInt32) -> String {
        let names: [UInt32: String] = [
            0: "Geometry", 1: "Point", 2: "LineString", 3: "Polygon", 4: "MultiPoint", 5: "MultiLineString",
            6: "MultiPolygon", 7: "GeometryCollection", 8: "CircularString", 9: "CompoundCurve",
            10: "CurvePolygon", 11: "MultiCurve", 12: "MultiSurface", 15: "PolyhedralSurface", 16: "TIN",
            17: "Triangle",
        ]
        return names[code] ?? "unknown type"
    }
}
