// An output table as a description: what it is (name, file, grain, columns with their meaning),
// what every row must satisfy (invariants), and how one row is named in an error (its key).
// The run writes the tables it is given (SurveyPipeline's `OutputTable`); Publish checks every
// invariant before a row reaches the file; `--help`, README.md's output list and docs/outputs.md
// are generated from the same descriptions (`TableDocumentation`).

/// What a column's cells are: numbers (counts, percents, scores: blank or a number with a decimal
/// point) or text (codes such as `001`, rounds, labels, anything else). The spreadsheet copies
/// (`excel_csv:`) write a decimal comma in number columns only: the declared kind decides, never
/// the look of a value.
/// A `percent` column is a number too: a percentage in 0–100 or a change in percentage points,
/// which the workbook (`legisurvey.xlsx`) shows with one decimal.
public enum ColumnKind: String, Sendable, Equatable {
    case text, number, percent

    /// Numbers (``number`` and ``percent``).
    public var isNumeric: Bool { self != .text }
}

import Foundation
public import SurveyModel

/// One column of an output table: its header, what it holds and whether it holds numbers.
public struct TableColumn: Sendable, Equatable {
    public var header: String
    /// What the column holds, in a sentence or two of Markdown.
    public var meaning: String
    /// When the column is there only sometimes (`respondent`: "with a respondent key"), in words;
    /// nil for a column that is always there.
    public var presence: String?
    /// Numbers or text (``ColumnKind``).
    public var kind: ColumnKind

    public init(_ header: String, _ meaning: String, presentWhen presence: String? = nil, kind: ColumnKind = .text) {
        self.header = header
        self.meaning = meaning
        self.presence = presence
        self.kind = kind
    }

    /// A column of percentages or percentage points (``ColumnKind/percent``).
    public static func percent(_ header: String, _ meaning: String, presentWhen presence: String? = nil) -> TableColumn {
        TableColumn(header, meaning, presentWhen: presence, kind: .percent)
    }

    /// A column of numbers (``ColumnKind/number``).
    public static func number(_ header: String, _ meaning: String, presentWhen presence: String? = nil) -> TableColumn {
        TableColumn(header, meaning, presentWhen: presence, kind: .number)
    }
}

/// A rule every row of a table satisfies, with its name (which a refusal quotes).
///
/// A `row` invariant looks at one row (checked where the row's line is made, in parallel for a
/// chunked table); a `table` invariant sees the rows in order (chunk after chunk) and keeps what it
/// needs between them, such as the keys seen so far: each write starts it afresh. Both are called
/// once per row, so checking is O(rows).
public struct TableInvariant<Row>: Sendable {
    public let name: String
    /// A row invariant's check: it sees one row, so rows are checked in parallel, a chunk each.
    let holds: (@Sendable (Row) -> Bool)?
    /// A table invariant's check for one write, which sees the rows in order.
    let start: (@Sendable () -> TableCheck<Row>)?

    public var scope: InvariantScope { holds == nil ? .table : .row }

    /// An invariant of each row on its own.
    public static func row(_ name: String, _ holds: @escaping @Sendable (Row) -> Bool) -> Self {
        Self(name: name, holds: holds, start: nil)
    }

    /// An invariant over the whole table, checked row by row in order: `start` makes the check of
    /// one write, which may keep state between rows and say at the end whether the table held.
    public static func table(_ name: String, _ start: @escaping @Sendable () -> TableCheck<Row>) -> Self {
        Self(name: name, holds: nil, start: start)
    }

    /// No two rows have the same key, for a table whose rows come grouped (all the rows of a group
    /// next to each other, as a table ordered by its grain's leading columns has them): a group is
    /// seen once, and an item once within its group. Cheaper than ``unique(_:by:)`` on a large table
    /// (one set insert per group, not per row); a group that comes back later breaks it too.
    public static func unique<Group: Hashable & Sendable, Item: Equatable & Sendable>(
        _ name: String, grouped group: @escaping @Sendable (Row) -> Group, item: @escaping @Sendable (Row) -> Item
    ) -> Self {
        table(name) {
            var groups = Set<Group>()
            var current: Group?
            var items: [Item] = []
            return TableCheck { row in
                let key = group(row)
                let item = item(row)
                if key == current {
                    if items.contains(item) { return false }
                    items.append(item)
                    return true
                }
                guard groups.insert(key).inserted else { return false }
                current = key
                items.removeAll(keepingCapacity: true)
                items.append(item)
                return true
            }
        }
    }

    /// No two rows have the same key.
    public static func unique<Key: Hashable & Sendable>(_ name: String, by key: @escaping @Sendable (Row) -> Key) -> Self {
        table(name) {
            var seen = Set<Key>()
            return TableCheck { seen.insert(key($0)).inserted }
        }
    }
}

/// Whether an invariant looks at one row or at the rows in order.
public enum InvariantScope: String, Sendable { case row, table }

/// One write's check of a ``TableInvariant``: `next` is called with each row in order and answers
/// whether the invariant still holds; `end`, after the last row, whether the table as a whole does.
public struct TableCheck<Row> {
    public var next: (Row) -> Bool
    public var end: () -> Bool

    public init(next: @escaping (Row) -> Bool, end: @escaping () -> Bool = { true }) {
        self.next = next
        self.end = end
    }
}

/// An output table: what it is, what its rows satisfy, how a row is named.
///
/// The row type is the table's own (``ShareStatistic`` for `statistics.csv`), so the writers format
/// typed rows with no per-cell dispatch; ``AnyTableDescription`` forgets it for lists and documents.
public struct TableDescription<Row>: Sendable {
    /// A short name (`statistics`).
    public var name: String
    /// The file in the output folder (`statistics.csv`).
    public var file: String
    /// One short line for `--help` and README.md: what the table is for (`run --help` shows
    /// `  file: summary`, best kept within 80 characters).
    public var summary: String
    /// One row per what: "one row per round × question × option × group".
    public var grain: String
    /// The columns, in file order.
    public var columns: [TableColumn]
    public var invariants: [TableInvariant<Row>]
    /// How a refusal names a row: its grain's values (`2026 ch4_illegal_access any_form region:150`).
    public var key: @Sendable (Row) -> String
    /// More about the table for docs/outputs.md (order, rules, examples), as Markdown paragraphs.
    public var notes: String
    /// Whether `excel_csv: true` writes a spreadsheet copy of the file under `excel/` (every table
    /// but `statistics.sdmx.csv`, whose format SDMX fixes).
    public var spreadsheetCopy: Bool

    public init(
        name: String, file: String, summary: String, grain: String, columns: [TableColumn],
        invariants: [TableInvariant<Row>], key: @escaping @Sendable (Row) -> String, notes: String = "",
        spreadsheetCopy: Bool = true
    ) {
        self.spreadsheetCopy = spreadsheetCopy
        self.name = name
        self.file = file
        self.summary = summary
        self.grain = grain
        self.columns = columns
        self.invariants = invariants
        self.key = key
        self.notes = notes
    }

    /// The headers of the file when the optional columns in `present` are there. A column whose
    /// header is a key of `expanding` (a placeholder such as answers.csv's `<question>`, whose
    /// columns depend on the questionnaire) stands for the columns given there, in order.
    public func headers(including present: Set<String> = [], expanding: [String: [TableColumn]] = [:]) -> [String] {
        columns(including: present, expanding: expanding).map(\.header)
    }

    /// The file's columns when the optional columns in `present` are there, placeholders expanded.
    public func columns(including present: Set<String> = [], expanding: [String: [TableColumn]] = [:]) -> [TableColumn] {
        columns.filter { $0.presence == nil || present.contains($0.header) }.flatMap { expanding[$0.header] ?? [$0] }
    }

    /// The same description without its row type, for lists and documents.
    public var erased: AnyTableDescription {
        AnyTableDescription(
            name: name, file: file, summary: summary, grain: grain, columns: columns,
            invariants: invariants.map { ($0.name, $0.scope) }, notes: notes, spreadsheetCopy: spreadsheetCopy)
    }
}

/// A ``TableDescription`` without its row type: what documents and lists need.
public struct AnyTableDescription: Sendable {
    public var name: String
    public var file: String
    public var summary: String
    public var grain: String
    public var columns: [TableColumn]
    public var invariants: [(name: String, scope: InvariantScope)]
    public var notes: String
    public var spreadsheetCopy: Bool
}

/// A table's rows for one write, and the cells of each: the same cells make the file's CSV line
/// and, when the pipeline asks for them (`excel_csv:`), the line of its spreadsheet copy, so both
/// come from one computation of the rows.
///
/// The rows come in chunks (`0..<chunkCount`, consecutive rows in table order) so a large table is
/// never whole in memory; a small one is one chunk. Chunks are made and formatted in parallel,
/// checked and written in order.
public struct TableRows<Row>: Sendable {
    /// The optional columns (``TableColumn/presence``) this file has.
    public var optionalColumns: Set<String>
    /// The placeholder columns of the description and the headers each stands for in this file
    /// (``TableDescription/headers(including:expanding:)``); empty for a table of fixed columns.
    public var expandedColumns: [String: [TableColumn]] = [:]
    public var chunkCount: Int
    public var chunk: @Sendable (Int) -> [Row]
    /// The cells of one row, in the order of the file's columns.
    public var cells: @Sendable (Row) -> [CSVCell]

    public init(
        optionalColumns: Set<String> = [], chunkCount: Int, chunk: @escaping @Sendable (Int) -> [Row],
        cells: @escaping @Sendable (Row) -> [CSVCell]
    ) {
        self.optionalColumns = optionalColumns
        self.chunkCount = chunkCount
        self.chunk = chunk
        self.cells = cells
    }

    /// Rows held whole, checked and formatted ``rowsPerChunk`` at a time, fewer for a wide table
    /// (``rowsPerChunk(width:)``) or a table of a few thousand rows (every core gets chunks:
    /// ``rowsPerChunk(count:width:cores:)``), in parallel when there are several chunks.
    public init(
        _ rows: [Row], optionalColumns: Set<String> = [], expandedColumns: [String: [TableColumn]] = [:],
        cells: @escaping @Sendable (Row) -> [CSVCell]
    ) where Row: Sendable {
        let size = Self.rowsPerChunk(
            count: rows.count, width: rows.count <= Self.rowsAlone ? 0 : cells(rows[0]).count,
            cores: ProcessInfo.processInfo.activeProcessorCount)
        self.init(
            optionalColumns: optionalColumns, chunkCount: max(1, (rows.count + size - 1) / size),
            chunk: { chunk in
                rows.count <= size ? rows : Array(rows[chunk * size..<min(rows.count, (chunk + 1) * size)])
            }, cells: cells)
        self.expandedColumns = expandedColumns
    }

    /// A table's rows are given as cells (``cells``), not as finished lines: the spreadsheet copy
    /// is made from the same cells.
    @available(*, unavailable, message: "give the row's cells (cells: (Row) -> [CSVCell]): the excel/ copy is made from them")
    public init(_ rows: [Row], optionalColumns: Set<String> = [], line: @escaping @Sendable (Row) -> String) where Row: Sendable {
        fatalError()
    }

    /// One row's RFC 4180 line with its CRLF: the bytes `CSVText.line(_:)` makes.
    public func line(_ row: Row) -> String { Publisher.csvLine(cells(row)) }

    /// The chunk size of ``init(_:optionalColumns:cells:)``.
    public static var rowsPerChunk: Int { 4096 }

    /// Cells a chunk holds at most: a chunk's CSV, spreadsheet copy and sheet XML are held until
    /// written, a few chunks at once. answers.csv (a column per question) at 4,096 rows a chunk
    /// held 10-15 MB of text per chunk, 50-70 MB at once, the heap's peak of a 50,000-respondent run.
    static var cellsPerChunk: Int { 65_536 }

    /// Rows per chunk for rows of `width` cells: ``rowsPerChunk``, fewer for a table wider than
    /// 16 columns (at least 256).
    public static func rowsPerChunk(width: Int) -> Int {
        max(256, min(rowsPerChunk, cellsPerChunk / max(1, width)))
    }

    /// A table of at most this many rows held whole is one chunk, made on the calling thread.
    static var rowsAlone: Int { 1_024 }

    /// Rows per chunk for `count` rows of `width` cells on `cores` cores: all of them up to
    /// ``rowsAlone``; above, ``rowsPerChunk(width:)`` but no more than half a core's share, so
    /// that every core formats chunks (at least 256 rows). A table of 4,096 rows or fewer was one
    /// chunk on one core: validation_report.csv's 3,804 long rows at 10,000 respondents, a
    /// quarter of a second with the other core idle. The chunks give the same bytes as one.
    public static func rowsPerChunk(count: Int, width: Int, cores: Int) -> Int {
        guard count > rowsAlone else { return max(1, count) }
        let share = (count + 2 * max(1, cores) - 1) / (2 * max(1, cores))
        return max(256, min(rowsPerChunk(width: width), share))
    }
}

/// Why Publish refused a table.
public enum PublishError: Error, CustomStringConvertible, Equatable {
    /// A row broke one of the table's invariants: `row` is its 1-based number among the data rows
    /// (the file's line `row + 1`); `key` its grain's values. A table invariant found broken only at
    /// the end names the last row and the key `end of table`.
    case invariant(table: String, invariant: String, row: Int, key: String)

    public var description: String {
        switch self {
        case .invariant(let table, let invariant, let row, let key):
            return "output table invariant broken: \(table): \"\(invariant)\" at row \(row) (\(key)); the file was not written"
        }
    }

    /// The invariant's name.
    public var invariant: String {
        switch self {
        case .invariant(_, let invariant, _, _): return invariant
        }
    }
}
