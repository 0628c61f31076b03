import Foundation
@_exported import NeighbourhoodTestSupport
import NeighbourhoodAnalytics
import NeighbourhoodGeometry
import NeighbourhoodIncidents
@testable import NeighbourhoodStore


/// One police.uk-like row for a hand-made import block.
struct FixtureRow {
    var line: Int
    var crimeID = ""
    var month = "2018-07"
    var force = "West Yorkshire Police"
    var type = "Burglary"
    var outcome = ""
    /// Easting/northing; `nil` for a row without location.
    var point: Point?
    var street = "On or near Park Row"
    /// The source coordinates and LSOA as the CSV gives them (blank by default).
    var longitude = ""
    var latitude = ""
    var lsoaCode = ""
    var lsoaName = ""
    /// Values of the file's extra columns (see ``ImportColumns``), by name; missing: empty.
    var extras: [String: String] = [:]
}

/// Builds an import block from rows, filling the columns ``ImportWriter`` reads; with
/// `crimeIDAsText`, the Crime ID is carried row by row as text (as `nbhd import` reads it)
/// instead of as value ids, and so are the columns named in `textColumns`. `columns` names
/// the file's extra columns.
func makeBlock(
    _ rows: [FixtureRow], crimeIDAsText: Bool = false, textColumns: Set<String> = [],
    columns: ImportColumns = ImportColumns()
) -> IncidentTable.Block {
    let texts = textColumns.union(crimeIDAsText ? ["Crime ID"] : [])
    let names = columns.collected
    var block = IncidentTable.Block(
        extraColumns: names.count, textColumns: Set(names.indices.filter { texts.contains(names[$0]) }))
    var typeIDs: [String: Int32] = [:]
    var values = Array(repeating: [String: Int32](), count: names.count)
    for row in rows {
        block.line.append(row.line)
        block.x.append(row.point?.x ?? .nan)
        block.y.append(row.point?.y ?? .nan)
        block.area.append(-1)
        block.month.append(Int32(MonthRange(parsing: row.month)!.first.ordinal))
        block.status.append(row.point == nil ? .noLocation : .outside)
        block.idHash.append(nil)
        let t = typeIDs[row.type] ?? Int32(typeIDs.count)
        typeIDs[row.type] = t
        block.crimeType.append(t)
        let fields: [String: String] = row.extras.merging([
            "Crime ID": row.crimeID, "Falls within": row.force, "Reported by": row.force,
            "Last outcome category": row.outcome, "Location": row.point == nil ? "" : row.street,
            "Longitude": row.longitude, "Latitude": row.latitude, "LSOA code": row.lsoaCode, "LSOA name": row.lsoaName,
        ]) { $1 }
        for (k, name) in names.enumerated() {
            let value = fields[name] ?? ""
            if block.columnTexts[k] != nil {
                Array(value.utf8).withUnsafeBufferPointer { block.columnTexts[k]!.append($0) }
                continue
            }
            let id = values[k][value] ?? Int32(values[k].count)
            values[k][value] = id
            block.columnIDs[k].append(id)
        }
    }
    block.crimeTypeValues = typeIDs.sorted { $0.value < $1.value }.map(\.key)
    for k in values.indices {
        block.columnValues[k] = values[k].sorted { $0.value < $1.value }.map(\.key)
        block.columnPresent[k] = true
    }
    return block
}

/// Imports `rows` as a file named `name` whose content hash is `sha`.
@discardableResult
func importRows(_ rows: [FixtureRow], into store: IncidentStore, name: String, sha: String,
                locators: [LayerLocator] = [], crimeIDAsText: Bool = false,
                textColumns: Set<String> = [], extraColumns: [String] = []) throws -> ImportReport {
    let columns = ImportColumns(extra: extraColumns)
    return try store.importFile(
        ImportSource(name: name, size: rows.count, sha256: sha), columns: columns, locators: locators
    ) { writer in
        try writer.append(makeBlock(rows, crimeIDAsText: crimeIDAsText, textColumns: textColumns, columns: columns))
        var tally = AssignmentTally()
        tally.rowsRead = rows.count
        tally.noLocation = rows.filter { $0.point == nil }.count
        tally.outside = rows.count - tally.noLocation
        return tally
    }
}

/// A square area from (x0, y0) with side `size`.
func square(_ x0: Double, _ y0: Double, _ size: Double) -> MultiPolygon {
    let ring = [Point(x: x0, y: y0), Point(x: x0 + size, y: y0), Point(x: x0 + size, y: y0 + size),
                Point(x: x0, y: y0 + size), Point(x: x0, y: y0)]
    return MultiPolygon(try! Polygon(exterior: ring))
}
