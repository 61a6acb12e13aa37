// How a described table reaches its file: every row checked against the table's invariants, in
// order, before its text is written; a broken invariant throws and leaves no file behind.

public import Foundation
import SurveyModel

extension Publisher {
    /// Writes `table` with `rows`: the header from the description's columns, then each chunk's rows,
    /// checked against every invariant (in order, chunk after chunk) before their lines are written.
    /// A row that breaks an invariant throws ``PublishError/invariant(table:invariant:row:key:)``
    /// and nothing is renamed into place (see ``writeStreamed(to:_:)``). One chunk is checked whole,
    /// then formatted; more are made and formatted in parallel, a few at a time, and checked and
    /// written in order, so a chunked table is never whole in memory.
    @discardableResult
    public func write<Row>(_ table: TableDescription<Row>, _ rows: TableRows<Row>) throws -> URL {
        let header = CSVText.header(table.headers(including: rows.optionalColumns))
        guard rows.chunkCount != 1 else { return try write(Self.text(table, rows, header: header), to: table.file) }
        var checker = TableChecker(table)
        let line = rows.line
        let chunk = rows.chunk
        return try writeStreamed(to: table.file) { file in
            file.append(header)
            let batch = 4 * max(1, ProcessInfo.processInfo.activeProcessorCount)
            var start = 0
            while start < rows.chunkCount {
                let first = start
                let count = min(batch, rows.chunkCount - first)
                let made = ConcurrentResults.compute(count: count) { index in
                    let rows = chunk(first + index)
                    var text = ""
                    for row in rows { text += line(row) }
                    return UncheckedRows(rows: rows, text: text)
                }
                for part in made {
                    try checker.check(part.rows)
                    file.append(part.text)
                }
                start += count
            }
            try checker.finish()
        }
    }

    /// The whole text of `table` with `rows` (every chunk), after checking every invariant.
    public static func text<Row>(_ table: TableDescription<Row>, _ rows: TableRows<Row>) throws -> String {
        try text(table, rows, header: CSVText.header(table.headers(including: rows.optionalColumns)))
    }

    private static func text<Row>(_ table: TableDescription<Row>, _ rows: TableRows<Row>, header: String) throws -> String {
        var checker = TableChecker(table)
        var text = header
        for index in 0..<rows.chunkCount {
            let chunk = rows.chunk(index)
            try checker.check(chunk)
            for row in chunk { text += rows.line(row) }
        }
        try checker.finish()
        return text
    }
}

/// A chunk's rows and their text, made on a worker thread and handed back to the writer, which
/// checks the rows before it writes the text. (Rows are value types made for this chunk alone.)
private struct UncheckedRows<Row>: @unchecked Sendable {
    let rows: [Row]
    let text: String
}

/// The invariants of one write of a table, fed its rows in order.
struct TableChecker<Row> {
    private let table: TableDescription<Row>
    private var names: [String]
    private var checks: [TableCheck<Row>]
    private var rowNumber = 0

    init(_ table: TableDescription<Row>) {
        self.table = table
        names = table.invariants.map(\.name)
        checks = table.invariants.map { $0.start() }
    }

    /// Checks the next rows; throws at the first row that breaks an invariant.
    mutating func check(_ rows: [Row]) throws {
        for row in rows {
            rowNumber += 1
            for index in checks.indices where !checks[index].next(row) {
                throw PublishError.invariant(table: table.file, invariant: names[index], row: rowNumber, key: table.key(row))
            }
        }
    }

    /// After the last row: the whole-table checks' verdicts.
    func finish() throws {
        for index in checks.indices where !checks[index].end() {
            throw PublishError.invariant(table: table.file, invariant: names[index], row: rowNumber, key: "end of table")
        }
    }
}
