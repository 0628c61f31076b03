/// A small CSV file read whole: its header and records as strings, with physical line
/// numbers, for the indicator side tables (populations, weights, area counts).
struct SimpleCSVTable {
    /// The file, for messages.
    let path: String
    /// Header fields, trimmed, byte-order mark removed.
    let header: [String]
    /// Records after the header: fields and the physical line each starts on.
    let records: [(line: Int, fields: [String])]

    /// Reads `path` (gzip read transparently).
    ///
    /// - Throws: ``FormatError`` when the file cannot be read, is empty, or has an
    ///   unterminated quoted field.
    init(path: String) throws(FormatError) {
        self.path = path
        var bytes = try ByteReader.readAll(path: path)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var scanner = CSVScanner()
        var rows: [(line: Int, fields: [String])] = []
        var problem: FormatError?
        bytes.withUnsafeBufferPointer { buffer in
            scanner.scan(buffer) { record, fields, linesBefore in
                let here = 1 + linesBefore
                if record.isUnterminated, problem == nil {
                    problem = FormatError(.malformed, file: path, line: here, detail: "a quoted field opened on this line is never closed")
                }
                rows.append((here, fields.map { $0.string(in: buffer) }))
            }
        }
        if let problem { throw problem }
        guard let first = rows.first else {
            throw FormatError(.malformed, file: path, detail: "the file is empty; a header line is needed")
        }
        header = first.fields.map { $0.trimmingSpaces }
        records = Array(rows.dropFirst())
    }

    /// The position of a column, matched exactly, then ignoring case and spaces.
    ///
    /// - Throws: ``FormatError/Code/missingColumn`` listing the columns there are.
    func column(_ name: String, role: String) throws(FormatError) -> Int {
        if let i = header.firstIndex(of: name) { return i }
        let key = name.lowercased().trimmingSpaces
        if let i = header.firstIndex(where: { $0.lowercased() == key }) { return i }
        throw FormatError(.missingColumn, file: path, line: 1, detail: "no column named '\(name)' for the \(role); columns are: \(header.joined(separator: ", "))")
    }

    /// A record's field, or "" when the record is short.
    func field(_ record: [String], _ i: Int) -> String { i < record.count ? record[i].trimmingSpaces : "" }
}

extension String {
    /// Without leading and trailing spaces, tabs and carriage returns.
    var trimmingSpaces: String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" || c == "\r" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" || c == "\r" { s.removeLast() }
        return String(s)
    }
}
