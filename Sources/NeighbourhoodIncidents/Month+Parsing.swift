/// Parsing months as police.uk writes them and as spreadsheets rewrite them.
///
/// Accepted forms (case-insensitive, surrounding spaces ignored):
///
/// | form | example | notes |
/// |---|---|---|
/// | `YYYY-MM` | `2018-07` | police.uk |
/// | `YYYY-MM-DD`, `YYYY/MM/DD` | `2018-07-01` | day ignored |
/// | `YYYY/MM` | `2018/07` | |
/// | `MM/YYYY`, `M/YYYY`, `MM-YYYY` | `02/2025` | |
/// | `DD/MM/YYYY` | `01/02/2025` | UK day-first order; day ignored |
/// | `Mon-YY`, `Mon-YYYY`, `Mon YY`, `Mon YYYY` | `Feb-25`, `Feb 2025` | spreadsheet re-save |
/// | `Month YYYY` | `February 2025` | |
/// | `YY-Mon`, `YYYY-Mon` | `25-Feb` | |
///
/// Two-digit years are read as 20YY: police.uk data begins in December 2010.
extension Month {
    private static let monthNames: [[UInt8]] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ].map { Array($0.utf8) }

    /// Parses `text` in any accepted form; `nil` when it is not a month.
    ///
    /// - Complexity: O(*n*) in the length of `text`.
    public init?<S: StringProtocol>(parsing text: S) {
        var utf8 = Array(text.utf8)
        guard let parsed = utf8.withUnsafeMutableBufferPointer({ Month.parse(UnsafeBufferPointer($0)) })
        else { return nil }
        utf8.removeAll()
        self = parsed
    }

    /// Parses raw UTF-8 bytes; the fast path for `YYYY-MM` does no allocation.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Month? {
        var start = 0, end = bytes.count
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        let n = end - start
        @inline(__always) func digit(_ i: Int) -> Int? {
            let b = bytes[start + i]
            return b >= 0x30 && b <= 0x39 ? Int(b - 0x30) : nil
        }
        // Fast path: YYYY-MM.
        if n == 7, bytes[start + 4] == 0x2D,
            let y0 = digit(0), let y1 = digit(1), let y2 = digit(2), let y3 = digit(3),
            let m0 = digit(5), let m1 = digit(6)
        {
            return Month(year: y0 * 1000 + y1 * 100 + y2 * 10 + y3, month: m0 * 10 + m1)
        }
        guard n > 0, n <= 40 else { return nil }
        return parseTokens(Array(bytes[start..<end]))
    }

    /// Splits on `-`, `/`, `.`, space and reads the pieces as numbers or month names.
    private static func parseTokens(_ text: [UInt8]) -> Month? {
        var tokens: [[UInt8]] = [[]]
        for b in text {
            if b == 0x2D || b == 0x2F || b == 0x2E || b == 0x20 {
                if !tokens[tokens.count - 1].isEmpty { tokens.append([]) }
            } else {
                tokens[tokens.count - 1].append(b | (b >= 0x41 && b <= 0x5A ? 0x20 : 0))
            }
        }
        if tokens.last?.isEmpty == true { tokens.removeLast() }
        enum Piece { case number(Int, digits: Int), name(Int) }
        var pieces: [Piece] = []
        for token in tokens {
            if token.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                guard token.count <= 4 else { return nil }
                pieces.append(.number(token.reduce(0) { $0 * 10 + Int($1 - 0x30) }, digits: token.count))
            } else if token.count >= 3, let m = monthNames.firstIndex(of: Array(token.prefix(3))) {
                let full = fullMonthNames[m]
                guard token.count == 3 || full.starts(with: token) || token == Array("sept".utf8)
                else { return nil }
                pieces.append(.name(m + 1))
            } else {
                return nil
            }
        }
        func year(_ value: Int, _ digits: Int) -> Int? {
            digits == 4 ? value : (digits == 2 ? 2000 + value : nil)
        }
        switch pieces.count {
        case 2:
            switch (pieces[0], pieces[1]) {
            case let (.number(y, 4), .number(m, d)) where d <= 2: return Month(year: y, month: m)
            case let (.number(m, d), .number(y, 4)) where d <= 2: return Month(year: y, month: m)
            case let (.name(m), .number(y, d)): return year(y, d).flatMap { Month(year: $0, month: m) }
            case let (.number(y, d), .name(m)): return year(y, d).flatMap { Month(year: $0, month: m) }
            default: return nil
            }
        case 3:
            switch (pieces[0], pieces[1], pieces[2]) {
            case let (.number(y, 4), .number(m, md), .number(_, dd)) where md <= 2 && dd <= 2:
                return Month(year: y, month: m)
            case let (.number(_, dd), .number(m, md), .number(y, 4)) where md <= 2 && dd <= 2:
                return Month(year: y, month: m)
            case let (.number(_, dd), .name(m), .number(y, yd)) where dd <= 2:
                return year(y, yd).flatMap { Month(year: $0, month: m) }
            default: return nil
            }
        default:
            return nil
        }
    }

    private static let fullMonthNames: [[UInt8]] = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december",
    ].map { Array($0.utf8) }
}
