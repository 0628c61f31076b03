import NeighbourhoodIncidents

/// Appending text to byte buffers, for writers on hot paths.
extension Array where Element == UInt8 {
    /// Appends `text`'s UTF-8 bytes.
    @inlinable
    public mutating func append(text: String) {
        var text = text
        text.withUTF8 { append(contentsOf: $0) }
    }

    /// Appends a CSV field, quoting it when it holds a comma, quote, CR or LF.
    public mutating func append(csvField bytes: UnsafeBufferPointer<UInt8>) {
        var needsQuotes = false
        for b in bytes where b == 0x2C || b == 0x22 || b == 0x0A || b == 0x0D {
            needsQuotes = true
            break
        }
        guard needsQuotes else { append(contentsOf: bytes); return }
        append(0x22)
        for b in bytes {
            if b == 0x22 { append(0x22) }
            append(b)
        }
        append(0x22)
    }

    /// Appends a CSV field from a string.
    public mutating func append(csvField text: String) {
        var text = text
        text.withUTF8 { append(csvField: $0) }
    }

    /// Appends a decimal integer.
    public mutating func append(integer value: Int) {
        if value < 0 { append(0x2D) }
        var magnitude = value.magnitude
        var divisor: UInt = 1
        while magnitude / divisor >= 10 { divisor *= 10 }
        while divisor > 0 {
            append(UInt8(magnitude / divisor) + 0x30)
            magnitude %= divisor
            divisor /= 10
        }
    }

    /// Appends `value` with exactly `decimals` digits after the point (rounded half away
    /// from zero), e.g. eastings in metres to the centimetre. Non-finite values append nothing.
    public mutating func append(fixed value: Double, decimals: Int) {
        guard value.isFinite else { return }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9e15 else { append(text: String(value)); return }
        let units = Int(scaled)
        if value < 0 && units != 0 { append(0x2D) }
        let divisor = Int(scale)
        append(integer: units / divisor)
        if decimals > 0 {
            append(0x2E)
            let fraction = units % divisor
            var place = divisor / 10
            while place > 0 {
                append(UInt8((fraction / place) % 10) + 0x30)
                place /= 10
            }
        }
    }

    /// Appends a JSON string literal with escapes.
    public mutating func append(jsonString text: String) {
        append(0x22)
        for b in text.utf8 {
            switch b {
            case 0x22: append(contentsOf: [0x5C, 0x22])
            case 0x5C: append(contentsOf: [0x5C, 0x5C])
            case 0x0A: append(contentsOf: [0x5C, 0x6E])
            case 0x0D: append(contentsOf: [0x5C, 0x72])
            case 0x09: append(contentsOf: [0x5C, 0x74])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 15)]])
            default: append(b)
            }
        }
        append(0x22)
    }
}

extension Array where Element == UInt8 {
    /// Appends a coordinate for GeoJSON output: 9 decimals (about 0.1 mm in degrees) for
    /// values up to ±1000, 4 decimals (0.1 mm in metres) beyond, trailing zeros dropped.
    public mutating func append(coordinate value: Double) {
        let decimals = abs(value) <= 1000 ? 9 : 4
        let start = count
        append(fixed: value, decimals: decimals)
        guard let point = self[start...].firstIndex(of: 0x2E) else { return }
        while last == 0x30 { removeLast() }
        if count - 1 == point { removeLast() }
        if count - start == 2, self[start] == 0x2D, self[start + 1] == 0x30 { removeSubrange(start..<(start + 1)) }
    }
}

extension Array where Element == UInt8 {
    /// Appends a month as `YYYY-MM`.
    public mutating func append(month: Month) {
        append(integer: month.year)
        append(0x2D)
        if month.month < 10 { append(0x30) }
        append(integer: month.month)
    }
}

extension Array where Element == UInt8 {
    /// Appends `value` in the shortest form that reads back to the same `Double` (e.g.
    /// `0.125`, `1e-05`), valid in CSV and JSON. Non-finite values append nothing: callers
    /// write an empty CSV cell or JSON `null` instead, never `nan`.
    public mutating func append(number value: Double) {
        guard value.isFinite else { return }
        if value == value.rounded(), abs(value) < 1e15 {
            append(integer: Int(value))
        } else {
            append(text: "\(value)")
        }
    }
}
