/// Writes an ESRI ASCII grid (`.asc`, GDAL's "AAIGrid"), a raster that QGIS, ArcGIS and GDAL
/// open directly, and its `.prj`.
///
/// The header is six lines — `ncols`, `nrows`, `xllcorner`, `yllcorner`, `cellsize`,
/// `NODATA_value` — followed by one line per row, **north to south**, values separated by
/// spaces. Values are written in Swift's shortest form that reads back to the same `Double`.
/// No NaN or infinity is ever written: such values, and cells flagged as no data, are written
/// as the no-data value.
public enum ESRIASCIIGrid {
    /// The no-data value written for masked cells unless told otherwise.
    public static let defaultNoData = -9999.0

    /// Writes a grid to `path`.
    ///
    /// - Parameters:
    ///   - path: The `.asc` file to create or replace.
    ///   - columns: Cells west to east.
    ///   - rows: Cells south to north.
    ///   - xllCorner: West edge of the grid (x of the lower-left corner).
    ///   - yllCorner: South edge of the grid.
    ///   - cellSize: Side of a cell, in the CRS's units.
    ///   - values: `columns × rows` values, row-major **from the south**: `values[row * columns + column]`
    ///     with row 0 the southernmost (the order of the analytics grids); rows are flipped on writing.
    ///   - hasData: Per value, whether it is data; `false` writes the no-data value. `nil` for all.
    ///   - noData: The no-data value; must be finite. -9999 by default.
    /// - Throws: ``FormatError`` (`.cannotWrite`) for sizes that do not agree, a bad header value,
    ///   or a file that cannot be written.
    /// - Complexity: O(`columns × rows`).
    public static func write(
        path: String, columns: Int, rows: Int, xllCorner: Double, yllCorner: Double, cellSize: Double,
        values: [Double], hasData: [Bool]? = nil, noData: Double = defaultNoData
    ) throws(FormatError) {
        let bytes = try encode(
            columns: columns, rows: rows, xllCorner: xllCorner, yllCorner: yllCorner, cellSize: cellSize,
            values: values, hasData: hasData, noData: noData, file: path)
        let file = try OutputFile(path: path)
        try file.write(bytes)
        try file.close()
    }

    /// The file's bytes, as ``write(path:columns:rows:xllCorner:yllCorner:cellSize:values:hasData:noData:)`` writes them.
    ///
    /// - Parameter file: The name used in error messages.
    /// - Throws: ``FormatError`` (`.cannotWrite`) for sizes that do not agree or a bad header value.
    /// - Complexity: O(`columns × rows`).
    public static func encode(
        columns: Int, rows: Int, xllCorner: Double, yllCorner: Double, cellSize: Double,
        values: [Double], hasData: [Bool]? = nil, noData: Double = defaultNoData, file: String = "grid.asc"
    ) throws(FormatError) -> [UInt8] {
        guard columns > 0, rows > 0, values.count == columns * rows, (hasData?.count ?? values.count) == values.count
        else {
            throw FormatError(
                .cannotWrite, file: file,
                detail: "a \(columns) x \(rows) grid needs \(max(0, columns) * max(0, rows)) values and flags, "
                    + "not \(values.count) and \(hasData?.count ?? values.count)")
        }
        guard xllCorner.isFinite, yllCorner.isFinite, cellSize.isFinite, cellSize > 0, noData.isFinite else {
            throw FormatError(
                .cannotWrite, file: file,
                detail: "the corner (\(xllCorner), \(yllCorner)), cell size \(cellSize) and no-data value \(noData) "
                    + "must be finite, with a positive cell size")
        }
        var out: [UInt8] = []
        out.reserveCapacity(128 + values.count * 12)
        out.append(text: "ncols \(columns)\nnrows \(rows)\nxllcorner \(number(xllCorner))\n")
        out.append(text: "yllcorner \(number(yllCorner))\ncellsize \(number(cellSize))\n")
        out.append(text: "NODATA_value \(number(noData))\n")
        let noDataText = Array(number(noData).utf8)
        for row in stride(from: rows - 1, through: 0, by: -1) {
            for column in 0..<columns {
                if column > 0 { out.append(0x20) }
                let i = row * columns + column
                let v = values[i]
                if v.isFinite && (hasData?[i] ?? true) {
                    out.append(text: number(v))
                } else {
                    out.append(contentsOf: noDataText)
                }
            }
            out.append(0x0A)
        }
        return out
    }

    /// Writes `wkt` (ESRI WKT 1, e.g. from the projection module) as the `.prj` file at `path`.
    ///
    /// - Throws: ``FormatError`` (`.cannotWrite`).
    /// - Complexity: O(length of `wkt`).
    public static func writeProjection(_ wkt: String, path: String) throws(FormatError) {
        let file = try OutputFile(path: path)
        try file.write(wkt)
        try file.close()
    }

    /// Whole numbers without a fraction (`-9999`, `400000`), others in shortest round-trip form.
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }
}
