/// Small text helpers for writing SVG and HTML by hand: escaping and compact numbers.
public enum SVGText {
    /// `text` with `&`, `<`, `>`, `"` and `'` escaped for XML text and attribute values;
    /// control characters other than tab and newline (not allowed in XML 1.0) dropped.
    public static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `value` with at most one decimal, no trailing `.0`: `12`, `-3.5`.
    public static func number(_ value: Double) -> String {
        tenths(Int((value * 10).rounded()))
    }

    /// A count of tenths written as a decimal: 123 → `12.3`, 120 → `12`.
    static func tenths(_ t: Int) -> String {
        let sign = t < 0 ? "-" : ""
        let a = abs(t)
        return a % 10 == 0 ? "\(sign)\(a / 10)" : "\(sign)\(a / 10).\(a % 10)"
    }

    /// A compact path for closed rings of pixel positions: an absolute move to each ring's
    /// first position, then relative lines in tenths of a pixel, computed from rounded
    /// absolute positions so no error accumulates.
    public static func pathData(rings: [[(x: Double, y: Double)]]) -> String {
        var d = ""
        for ring in rings where ring.count >= 2 {
            // The closing position repeats the first: `z` draws that edge.
            let end = ring.count - (ring.first! == ring.last! ? 1 : 0)
            appendRelative(ring[..<end], to: &d)
            d += "z"
        }
        return d
    }

    /// A path of open polylines (`M` then relative `l`), for outlines.
    public static func pathData(lines: [[(x: Double, y: Double)]]) -> String {
        var d = ""
        for line in lines where line.count >= 2 {
            if !appendRelative(line[...], to: &d) { d += "0 0" }
        }
        return d
    }

    /// Appends `M` to the first position and relative `l` steps (in tenths, from rounded
    /// absolute positions, repeats skipped) to the others; returns whether any step was written.
    @discardableResult
    private static func appendRelative(_ points: ArraySlice<(x: Double, y: Double)>, to d: inout String) -> Bool {
        var px = Int((points.first!.x * 10).rounded())
        var py = Int((points.first!.y * 10).rounded())
        d += "M\(tenths(px)) \(tenths(py))l"
        var first = true
        for p in points.dropFirst() {
            let x = Int((p.x * 10).rounded())
            let y = Int((p.y * 10).rounded())
            if x == px, y == py { continue }
            if !first { d += " " }
            d += "\(tenths(x - px)) \(tenths(y - py))"
            first = false
            px = x
            py = y
        }
        return !first
    }
}
