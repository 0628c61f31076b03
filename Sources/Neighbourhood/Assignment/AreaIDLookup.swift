import NeighbourhoodFormats
import NeighbourhoodGeometry

/// Finds a layer's area by the raw bytes of an id read from a CSV row, without making a
/// `String` and hashing it with the standard dictionary's SipHash for every row.
///
/// Byte equality stands in for `String` equality only where the two agree: when every id of
/// the layer and the bytes looked up are ASCII (Unicode canonical equivalence can make
/// different non-ASCII byte strings equal). Otherwise it asks ``BoundaryLayer/index(ofID:)``
/// with the decoded `String`.
struct AreaIDLookup: Sendable {
    private let layer: BoundaryLayer
    private var ids = ByteStringInterner()
    /// The layer position of each interned id.
    private var positions: [Int] = []
    /// Whether every id is ASCII (otherwise the lookup is not used).
    private let usable: Bool
    /// Bit `n` set when some id is `n` bytes long (bit 63: 63 bytes or more). Bytes of any
    /// other length are no id, answered without hashing: police.uk rows name LSOAs
    /// (9 bytes), which most layers other than LSOAs never match.
    private var lengths: UInt64 = 0

    /// A lookup over the ids of `layer`.
    init(_ layer: BoundaryLayer) {
        self.layer = layer
        usable = layer.areas.allSatisfy { $0.id.utf8.allSatisfy { $0 < 0x80 } }
        guard usable else { return }
        for area in layer.areas {
            let id = Array(area.id.utf8)
            lengths |= 1 << UInt64(min(id.count, 63))
            let k = id.withUnsafeBufferPointer { ids.id(of: $0) }
            if Int(k) == positions.count { positions.append(layer.index(ofID: area.id) ?? -1) }
        }
    }

    /// The layer position of the area that `field` names, or -1 (no field, an empty one, or
    /// not an id of the layer): the same answer as ``BoundaryLayer/index(ofID:)`` with the
    /// field's decoded text.
    func position(of field: CSVField?, in buffer: UnsafeBufferPointer<UInt8>) -> Int32 {
        guard let field, field.end > field.start else { return -1 }
        if !field.isQuoted {
            switch position(ofID: UnsafeBufferPointer(rebasing: buffer[field.start..<field.end])) {
            case .found(let position): return Int32(position)
            case .absent: return -1
            case .undecided: break
            }
        }
        return layer.index(ofID: field.string(in: buffer)).map { Int32($0) } ?? -1
    }

    /// The outcome of looking up raw id bytes.
    enum Answer {
        /// The layer has this id, at this position.
        case found(Int)
        /// The layer has no such id.
        case absent
        /// Bytes alone cannot tell: ask the layer with the decoded `String`.
        case undecided
    }

    /// Looks `bytes` (an unquoted CSV field) up among the layer's ids.
    func position(ofID bytes: UnsafeBufferPointer<UInt8>) -> Answer {
        guard usable, bytes.allSatisfy({ $0 < 0x80 }) else { return .undecided }
        guard lengths & (1 << UInt64(min(bytes.count, 63))) != 0 else { return .absent }
        guard let k = ids.existingID(of: bytes) else { return .absent }
        let position = positions[Int(k)]
        return position >= 0 ? .found(position) : .undecided
    }
}
