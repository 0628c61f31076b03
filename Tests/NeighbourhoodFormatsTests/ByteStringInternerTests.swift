import Testing
import NeighbourhoodFormats

/// The interner behind crime types and stored columns: one id per distinct byte string.
@Suite struct ByteStringInternerTests {
    func intern(_ text: String, _ interner: inout ByteStringInterner) -> Int32 {
        var text = text
        return text.withUTF8 { interner.id(of: $0) }
    }

    @Test func equalStringsShareAnIdAndDistinctOnesDoNot() {
        var interner = ByteStringInterner()
        // Lengths 0 to 70 around the eight-byte steps, strings differing in one byte only
        // (first, last, in the tail), and 64-hex Crime IDs: enough to grow the table often.
        var texts = [""]
        for n in 1...70 {
            let base = String(repeating: "a", count: n)
            texts.append(base)
            texts.append("b" + base.dropFirst())
            texts.append(base.dropLast() + "c")
        }
        for k in 0..<5_000 { texts.append(String(repeating: String(k, radix: 16), count: 64).prefix(64).description) }
        texts.append("Anti-social behaviour")
        texts.append("Anti-social behaviouR")
        let unique = Array(Set(texts)).sorted()
        let ids = unique.map { intern($0, &interner) }
        #expect(Set(ids).count == unique.count)
        #expect(ids == Array(0..<Int32(unique.count)))
        // Asking again finds every string at its id and adds nothing.
        #expect(unique.map { intern($0, &interner) } == ids)
        #expect(interner.strings.count == unique.count)
        #expect(interner.strings.map { String(decoding: $0, as: UTF8.self) } == unique)
        // Emptied (keeping its size or not), it numbers strings from 0 again.
        for keeping in [true, false] {
            interner.removeAll(keepingCapacity: keeping)
            #expect(interner.strings.isEmpty)
            #expect(unique.reversed().map { intern($0, &interner) } == Array(0..<Int32(unique.count)))
        }
    }

    /// Trying the last id first gives the ids plain interning gives, whatever the last id
    /// (the same string, another one, an empty one, none, or out of range).
    @Test func tryingTheLastIDFirstGivesTheSameIDs() {
        var plain = ByteStringInterner(), trying = ByteStringInterner()
        let texts = ["West Yorkshire Police", "West Yorkshire Police", "", "", "On or near Park Row",
                     "West Yorkshire Polic", "West Yorkshire Police", "On or near Park Row", ""]
        var last: Int32 = -1
        for (i, text) in texts.enumerated() {
            let expected = intern(text, &plain)
            var bytes = text
            let tries: [Int32] = [last, -1, 0, 99, Int32(i % 3)]
            for t in tries where t < 0 || t < Int32(trying.strings.count) || t == 99 {
                #expect(bytes.withUTF8 { trying.id(of: $0, tryingFirst: t) } == expected, "\(text) trying \(t)")
            }
            last = expected
        }
        #expect(trying.strings == plain.strings)
    }
}
