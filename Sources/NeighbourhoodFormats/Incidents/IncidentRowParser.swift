import NeighbourhoodGeometry
import NeighbourhoodIncidents

/// One CSV record read as an incident, pointing into the block's bytes.
public struct ParsedRow: Sendable {
    /// What the row holds.
    public enum Status: Sendable, Hashable {
        /// Valid coordinates in ``x``/``y``.
        case located
        /// Both coordinates empty.
        case noLocation
        /// Unreadable: see ``problem``.
        case rejected
    }

    /// What the row holds.
    public var status: Status
    /// x (longitude or easting), when located.
    public var x: Double = .nan
    /// y (latitude or northing), when located.
    public var y: Double = .nan
    /// The month, when the file has a month column and the cell is not empty.
    public var month: Month?
    /// Why the row is rejected.
    public var problem: RowProblem?
    /// The id field, if the file has one.
    public var crimeID: CSVField?
    /// The crime type field, if the file has one.
    public var crimeType: CSVField?
    /// The reported-area field, if the file has one.
    public var reportedArea: CSVField?

    /// A row with the given status and nothing else read.
    public init(status: Status, problem: RowProblem? = nil) {
        self.status = status
        self.problem = problem
    }

    /// The row read as `fields`, rejected for `problem` if that is not `nil`.
    init(_ fields: RowFields, problem: RowProblem?) {
        status = fields.status
        x = fields.x
        y = fields.y
        month = fields.month
        self.problem = problem
        crimeID = fields.crimeID
        crimeType = fields.crimeType
        reportedArea = fields.reportedArea
    }
}

/// A ``ParsedRow`` without its problem: plain data, so that returning it and storing it are
/// byte copies (the problem's strings made every copy of a parsed row a call that retained
/// and released them, about 5 % of an assignment's time).
package struct RowFields: Sendable {
    /// What the row holds.
    package var status: ParsedRow.Status = .rejected
    /// x (longitude or easting), when located.
    package var x: Double = .nan
    /// y (latitude or northing), when located.
    package var y: Double = .nan
    /// The month, when the file has a month column and the cell is not empty.
    package var month: Month?
    /// The id field, if the file has one.
    package var crimeID: CSVField?
    /// The crime type field, if the file has one.
    package var crimeType: CSVField?
    /// The reported-area field, if the file has one.
    package var reportedArea: CSVField?

    /// A rejected row with nothing read.
    package init() {}
}

/// Reads incident fields out of CSV records according to an ``IncidentSchema``.
public struct IncidentRowParser: Sendable {
    /// The file's column layout.
    public let schema: IncidentSchema

    /// Creates a parser for one file's layout.
    public init(schema: IncidentSchema) {
        self.schema = schema
    }

    /// Reads one record's fields. A record holding bytes that are not UTF-8 is rejected,
    /// naming the first such column, so mixed encodings never reach the outputs repaired.
    ///
    /// - Complexity: O(*n*) in the record's length.
    public func parse(_ fields: [CSVField], in buffer: UnsafeBufferPointer<UInt8>) -> ParsedRow {
        var problem: RowProblem?
        let row = fields.withUnsafeBufferPointer { read($0, in: buffer, problem: &problem) }
        return ParsedRow(row, problem: problem)
    }

    /// Reads one record's fields like ``parse(_:in:)``, setting `problem` (which must be
    /// `nil`) when the row is rejected: the same answer, as plain data.
    ///
    /// - Complexity: O(*n*) in the record's length.
    package func read(
        _ fields: UnsafeBufferPointer<CSVField>, in buffer: UnsafeBufferPointer<UInt8>, problem: inout RowProblem?
    ) -> RowFields {
        var row = RowFields()
        guard fields.count == schema.header.count else {
            problem = .fieldCount(found: fields.count, expected: schema.header.count)
            return row
        }
        if let first = fields.first, let last = fields.last, !isASCII(buffer, first.start, last.end) {
            for (i, field) in fields.enumerated() {
                if let bad = firstInvalidUTF8(buffer, field.start, field.end) {
                    problem = .invalidUTF8(column: schema.name(of: i), byte: buffer[bad])
                    return row
                }
            }
        }
        row.crimeID = schema.idColumn.map { fields[$0] }
        row.crimeType = schema.typeColumn.map { fields[$0] }
        row.reportedArea = schema.reportedAreaColumn.map { fields[$0] }
        if let m = schema.monthColumn {
            let field = fields[m]
            if !isBlank(field, buffer) {
                let parsed: Month?
                if field.isQuoted {
                    parsed = field.decode(in: buffer).withUnsafeBufferPointer { Month.parse($0) }
                } else {
                    parsed = Month.parse(UnsafeBufferPointer(rebasing: buffer[field.start..<field.end]))
                }
                guard let parsed else {
                    problem = .badMonth(column: schema.name(of: m), value: field.string(in: buffer))
                    return row
                }
                row.month = parsed
            }
        }
        let xField = fields[schema.xColumn], yField = fields[schema.yColumn]
        let xBlank = isBlank(xField, buffer), yBlank = isBlank(yField, buffer)
        if xBlank && yBlank {
            row.status = .noLocation
            return row
        }
        if xBlank || yBlank {
            let (empty, present, field) = xBlank
                ? (schema.xColumn, schema.yColumn, yField) : (schema.yColumn, schema.xColumn, xField)
            problem = .halfLocation(
                empty: schema.name(of: empty), present: schema.name(of: present),
                value: field.string(in: buffer))
            return row
        }
        guard let x = number(xField, column: schema.xColumn, buffer, &problem),
            let y = number(yField, column: schema.yColumn, buffer, &problem)
        else { return row }
        if schema.isGeographic {
            if !(-180...180).contains(x) {
                problem = .outOfRange(
                    column: schema.name(of: schema.xColumn), value: xField.string(in: buffer), range: "-180 to 180")
                return row
            }
            if !(-90...90).contains(y) {
                problem = .outOfRange(
                    column: schema.name(of: schema.yColumn), value: yField.string(in: buffer), range: "-90 to 90")
                return row
            }
        }
        row.x = x
        row.y = y
        row.status = .located
        return row
    }

    private func number(
        _ field: CSVField, column: Int, _ buffer: UnsafeBufferPointer<UInt8>, _ problem: inout RowProblem?
    ) -> Double? {
        let result: DecimalParse
        if field.isQuoted {
            result = field.decode(in: buffer).withUnsafeBufferPointer { parseDecimal($0, 0, $0.count) }
        } else {
            result = parseDecimal(buffer, field.start, field.end)
        }
        switch result {
        case .value(let v): return v
        case .notANumber:
            problem = .notANumber(column: schema.name(of: column), value: field.string(in: buffer))
        case .notFinite:
            problem = .notFinite(column: schema.name(of: column), value: field.string(in: buffer))
        }
        return nil
    }

    /// Whether `start..<end` holds only ASCII bytes: 16 bytes at a time, or-ed together and
    /// tested once (a record is short, so testing every word costs more than it saves).
    private func isASCII(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        let raw = UnsafeRawBufferPointer(buffer)
        var i = start
        var any = SIMD16<UInt8>()
        while i + 16 <= end {
            any |= raw.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
            i += 16
        }
        let lanes = unsafeBitCast(any, to: SIMD2<UInt64>.self)
        if (lanes[0] | lanes[1]) & 0x8080_8080_8080_8080 != 0 { return false }
        while i < end {
            if buffer[i] >= 0x80 { return false }
            i += 1
        }
        return true
    }

    private func isBlank(_ field: CSVField, _ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        if field.isQuoted { return field.decode(in: buffer).allSatisfy { $0 == 0x20 || $0 == 0x09 } }
        for i in field.start..<field.end where buffer[i] != 0x20 && buffer[i] != 0x09 { return false }
        return true
    }
}
