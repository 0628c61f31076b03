import Foundation
package import GRDB
internal import GRDBSQLite
import NeighbourhoodGeometry

/// Fills an empty SQLite R-tree virtual table (`CREATE VIRTUAL TABLE ... USING rtree(id,
/// minx, maxx, miny, maxy)`) in one pass by writing its shadow tables directly, instead of
/// one `INSERT` per feature (SQLite's R*-tree insert costs tens of microseconds per row).
///
/// The tree is packed Sort-Tile-Recursive (Leutenegger, Lopez and Edgington 1997): entries
/// sorted by x centre into vertical slices, each slice by y centre, cut into full nodes; the
/// nodes' boxes are packed the same way level by level until one root remains. The layout
/// follows SQLite's `rtree.c`: node 1 is the root; each node is a blob as long as the root
/// SQLite created, holding a 2-byte depth (root only), a 2-byte cell count and cells of an
/// 8-byte id and four 4-byte floats, all big endian; `_parent` maps each non-root node to its
/// parent and `_rowid` each id to its leaf. Coordinates are rounded outwards to 32-bit floats
/// as SQLite's own inserts round them. SQLite's `rtreecheck()` accepts the result
/// (`GeoPackageWriterTests`, `StoreImportTests`). Used by the GeoPackage writer and by the
/// incident store's location index.
package enum RTreePacking {
    /// One box to index, under its row id.
    package struct Entry {
        package var id: Int64
        package var box: BoundingBox
        package init(id: Int64, box: BoundingBox) {
            self.id = id
            self.box = box
        }
    }

    /// Writes `entries` into the empty R-tree `table` (unquoted name).
    ///
    /// - Complexity: O(*n* log *n*) for the sorts; one row per node, per non-root node and per entry.
    package static func fill(_ table: String, with entries: [Entry], _ db: Database, path: String) throws {
        guard !entries.isEmpty else { return }
        let node = GeoPackageWriter.quote(table + "_node")
        let parent = GeoPackageWriter.quote(table + "_parent")
        let rowid = GeoPackageWriter.quote(table + "_rowid")
        guard let nodeSize = try Int.fetchOne(db, sql: "SELECT length(data) FROM \(node) WHERE nodeno = 1"), nodeSize > 28 else {
            throw FormatError(.cannotWrite, file: path, detail: "the R-tree \(table) has no root node to size its nodes by")
        }
        let capacity = (nodeSize - 4) / 24

        // Levels bottom-up: each level is a list of nodes, each node a list of cells.
        var levels: [[[Entry]]] = []
        var current = entries
        repeat {
            let nodes = pack(current, capacity: capacity)
            levels.append(nodes)
            current = nodes.enumerated().map { k, cells in
                var box = BoundingBox.empty
                for cell in cells { box.extend(by: cell.box) }
                return Entry(id: Int64(k), box: box)  // id: position in this level, renumbered below
            }
        } while current.count > 1

        // Number the nodes: the root is 1, then level by level from the top.
        var numbers: [[Int64]] = levels.map { [Int64](repeating: 0, count: $0.count) }
        var next: Int64 = 1
        for level in levels.indices.reversed() {
            for k in numbers[level].indices {
                numbers[level][k] = next
                next += 1
            }
        }
        try db.execute(sql: "DELETE FROM \(node)")
        try db.execute(sql: "DELETE FROM \(parent)")
        try db.execute(sql: "DELETE FROM \(rowid)")
        // One row per entry and per node: bound through SQLite's C API (GRDB's arguments
        // cost several times SQLite's own work per row; 150 K locations took 0.8 s).
        let insertNode = try ShadowInsert(db, "INSERT INTO \(node) (nodeno, data) VALUES (?, ?)")
        let insertParent = try ShadowInsert(db, "INSERT INTO \(parent) (nodeno, parentnode) VALUES (?, ?)")
        let insertRowid = try ShadowInsert(db, "INSERT INTO \(rowid) (rowid, nodeno) VALUES (?, ?)")
        let depth = levels.count - 1
        var blob = [UInt8](repeating: 0, count: nodeSize)
        var leaves: [(id: Int64, node: Int64)] = []
        leaves.reserveCapacity(entries.count)
        for (level, nodes) in levels.enumerated() {
            for (k, cells) in nodes.enumerated() {
                let number = numbers[level][k]
                for i in blob.indices { blob[i] = 0 }
                if number == 1 { put16(UInt16(depth), into: &blob, at: 0) }
                put16(UInt16(cells.count), into: &blob, at: 2)
                for (c, cell) in cells.enumerated() {
                    let at = 4 + 24 * c
                    // A leaf cell holds the feature id; an inner cell the child's node number.
                    let id = level == 0 ? cell.id : numbers[level - 1][Int(cell.id)]
                    put64(UInt64(bitPattern: id), into: &blob, at: at)
                    put32(down(cell.box.minX), into: &blob, at: at + 8)
                    put32(up(cell.box.maxX), into: &blob, at: at + 12)
                    put32(down(cell.box.minY), into: &blob, at: at + 16)
                    put32(up(cell.box.maxY), into: &blob, at: at + 20)
                    if level == 0 {
                        leaves.append((id, number))
                    } else {
                        try insertParent.run(id, number)
                    }
                }
                try blob.withUnsafeBytes { try insertNode.run(number, $0) }
            }
        }
        // In id order, so SQLite appends to the table's B-tree instead of seeking a page
        // for every row.
        leaves.sort { $0.id < $1.id }
        for leaf in leaves { try insertRowid.run(leaf.id, leaf.node) }
    }

    /// A prepared `INSERT` of a shadow table's row: two integers, or an integer and a blob.
    private struct ShadowInsert {
        let statement: Statement

        init(_ db: Database, _ sql: String) throws { statement = try db.makeStatement(sql: sql) }

        func run(_ first: Int64, _ second: Int64) throws {
            sqlite3_bind_int64(statement.sqliteStatement, 2, second)
            try run(first)
        }

        func run(_ first: Int64, _ blob: UnsafeRawBufferPointer) throws {
            // Stepped before `blob` goes: SQLite need not copy it.
            sqlite3_bind_blob(statement.sqliteStatement, 2, blob.baseAddress, Int32(blob.count), nil)
            try run(first)
        }

        private func run(_ first: Int64) throws {
            let handle = statement.sqliteStatement
            sqlite3_bind_int64(handle, 1, first)
            let code = sqlite3_step(handle)
            sqlite3_reset(handle)
            guard code == SQLITE_DONE else {
                let connection = sqlite3_db_handle(handle)
                throw DatabaseError(
                    resultCode: ResultCode(rawValue: sqlite3_extended_errcode(connection)),
                    message: String(cString: sqlite3_errmsg(connection)))
            }
        }
    }

    /// Sort-Tile-Recursive packing of one level into nodes of at most `capacity` cells.
    private static func pack(_ entries: [Entry], capacity: Int) -> [[Entry]] {
        let nodeCount = (entries.count + capacity - 1) / capacity
        let slices = Int(Double(nodeCount).squareRoot().rounded(.up))
        let perSlice = slices * capacity
        let byX = entries.sorted { $0.box.minX + $0.box.maxX < $1.box.minX + $1.box.maxX }
        var nodes: [[Entry]] = []
        nodes.reserveCapacity(nodeCount)
        var start = 0
        while start < byX.count {
            let slice = byX[start..<min(start + perSlice, byX.count)].sorted { $0.box.minY + $0.box.maxY < $1.box.minY + $1.box.maxY }
            var s = 0
            while s < slice.count {
                nodes.append(Array(slice[s..<min(s + capacity, slice.count)]))
                s += capacity
            }
            start += perSlice
        }
        return nodes
    }

    /// The largest float not above `x` (SQLite's `rtreeValueDown`).
    static func down(_ x: Double) -> Float {
        var f = Float(x)
        if Double(f) > x { f = f.nextDown }
        return f
    }

    /// The smallest float not below `x` (SQLite's `rtreeValueUp`).
    static func up(_ x: Double) -> Float {
        var f = Float(x)
        if Double(f) < x { f = f.nextUp }
        return f
    }

    private static func put16(_ v: UInt16, into blob: inout [UInt8], at i: Int) {
        blob[i] = UInt8(v >> 8)
        blob[i + 1] = UInt8(v & 0xFF)
    }

    private static func put32(_ f: Float, into blob: inout [UInt8], at i: Int) {
        let v = f.bitPattern
        for k in 0..<4 { blob[i + k] = UInt8(v >> UInt32(24 - 8 * k) & 0xFF) }
    }

    private static func put64(_ v: UInt64, into blob: inout [UInt8], at i: Int) {
        for k in 0..<8 { blob[i + k] = UInt8(v >> UInt64(56 - 8 * k) & 0xFF) }
    }
}
