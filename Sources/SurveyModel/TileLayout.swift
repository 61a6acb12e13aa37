// The world tile grid (issue 27, `Pipelines/reference/world-tiles.csv`): one cell per UN Member
// State, laid out like a world map. The report's "who responded" map and each country profile's
// locator draw it; no map data, no projection at run time.

/// A tile's cell: column and row, counted from 1 at the top left.
public struct TileCell: Sendable, Equatable, Hashable {
    public var column: Int
    public var row: Int

    public init(column: Int, row: Int) {
        self.column = column
        self.row = row
    }
}

/// The cells of the States on the grid, as the tile file gives them (checked when loaded: one
/// cell per State, no two States on one cell, every Member State placed).
public struct TileLayout: Sendable, Equatable {
    /// ISO3 → its cell.
    public let cells: [String: TileCell]
    /// The States in the file's order.
    public let order: [String]

    public init(_ tiles: [(iso3: String, cell: TileCell)]) {
        var cells: [String: TileCell] = [:]
        for tile in tiles { cells[tile.iso3] = tile.cell }
        self.cells = cells
        order = tiles.map(\.iso3)
    }

    public static func == (lhs: TileLayout, rhs: TileLayout) -> Bool { lhs.cells == rhs.cells && lhs.order == rhs.order }

    /// The number of columns and rows the tiles use (the largest column and row).
    public var columns: Int { cells.values.map(\.column).max() ?? 0 }
    public var rows: Int { cells.values.map(\.row).max() ?? 0 }
}
