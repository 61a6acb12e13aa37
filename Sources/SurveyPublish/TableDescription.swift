// An output table as a description: what it is (name, file, grain, columns with their meaning),
// what every row must satisfy (invariants), and how one row is named in an error (its key).
// The run writes the tables it is given (SurveyPipeline's `OutputTable`); Publish checks every
// invariant before a row reaches the file; `--help`, README.md's output list and docs/outputs.md
// are generated from the same descriptions (`TableDocumentation`).

/// One column of an output table: its header and what it holds.
public struct TableColumn: Sendable, Equatable {
    public var header: String
    /// What the column holds, in a sentence or two of Markdown.
    public var meaning: String
    /// When the column is there only sometimes (`respondent`: "with a respondent key"), in words;
    /// nil for a column that is always there.
    public var presence: String?

    public init(_ header: String, _ meaning: String, presentWhen presence: String? = nil) {
        self.header = header
        self.meaning = meaning
        self.presence = presence
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

    public init(
        name: String, file: String, summary: String, grain: String, columns: [TableColumn],
        invariants: [TableInvariant<Row>], key: @escaping @Sendable (Row) -> String, notes: String = ""
    ) {
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
    /// columns depend on the questionnaire) stands for the headers given there, in order.
    public func headers(including present: Set<String> = [], expanding: [String: [String]] = [:]) -> [String] {
        columns.filter { $0.presence == nil || present.contains($0.header) }.flatMap { expanding[$0.header] ?? [$0.header] }
    }

    /// The same description without its row type, for lists and documents.
    public var erased: AnyTableDescription {
        AnyTableDescription(
            name: name, file: file, summary: summary, grain: grain, columns: columns,
            invariants: invariants.map { ($0.name, $0.scope) }, notes: notes)
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
}

/// A table's rows for one write, and how each becomes a CSV line.
///
/// The rows come in chunks (`0..<chunkCount`, consecutive rows in table order) so a large table is
/// never whole in memory; a small one is one chunk. Chunks are made and formatted in parallel,
/// checked and written in order.
public struct TableRows<Row>: Sendable {
    /// The optional columns (``TableColumn/presence``) this file has.
    public var optionalColumns: Set<String>
    /// The placeholder columns of the description and the headers each stands for in this file
    /// (``TableDescription/headers(including:expanding:)``); empty for a table of fixed columns.
    public var expandedColumns: [String: [String]] = [:]
    public var chunkCount: Int
    public var chunk: @Sendable (Int) -> [Row]
    /// One CSV line with its CRLF, as `CSVText.line(_:)` makes it.
    public var line: @Sendable (Row) -> String

    public init(
        optionalColumns: Set<String> = [], chunkCount: Int, chunk: @escaping @Sendable (Int) -> [Row],
        line: @escaping @Sendable (Row) -> String
    ) {
        self.optionalColumns = optionalColumns
        self.chunkCount = chunkCount
        self.chunk = chunk
        self.line = line
    }

    /// Rows held whole, checked and formatted ``rowsPerChunk`` at a time (in parallel when there
    /// are several chunks).
    public init(
        _ rows: [Row], optionalColumns: Set<String> = [], expandedColumns: [String: [String]] = [:],
        line: @escaping @Sendable (Row) -> String
    ) where Row: Sendable {
        let size = Self.rowsPerChunk
        self.init(
            optionalColumns: optionalColumns, chunkCount: max(1, (rows.count + size - 1) / size),
            chunk: { chunk in
                rows.count <= size ? rows : Array(rows[chunk * size..<min(rows.count, (chunk + 1) * size)])
            }, line: line)
        self.expandedColumns = expandedColumns
    }

    /// The chunk size of ``init(_:optionalColumns:line:)``.
    public static var rowsPerChunk: Int { 4096 }
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
