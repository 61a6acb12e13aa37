// How a described table reaches its file: every row checked against the table's invariants before
// its text is written; a broken invariant throws and leaves no file behind.

public import Foundation
import SurveyModel

extension Publisher {
    /// Writes `table` with `rows`: the header from the description's columns, then each chunk's rows,
    /// checked against every invariant before their lines are written. A row that breaks one throws
    /// ``PublishError/invariant(table:invariant:row:key:)`` and nothing is renamed into place (see
    /// ``writeStreamed(to:_:)``). One chunk is checked and formatted whole, then written; more are
    /// made, checked against the row invariants and formatted in parallel, a few at a time, then
    /// checked against the table invariants and written in order, so a chunked table is never whole
    /// in memory.
    @discardableResult
    public func write<Row>(_ table: TableDescription<Row>, _ rows: TableRows<Row>) throws -> URL {
        let header = CSVText.header(table.headers(including: rows.optionalColumns, expanding: rows.expandedColumns))
        guard rows.chunkCount != 1 else { return try write(Self.text(table, rows, header: header), to: table.file) }
        var checker = TableChecker(table)
        let rowChecks = checker.rowChecks
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
                    let failure = TableChecker<Row>.firstFailure(rows, rowChecks)
                    var text = ""
                    if failure == nil { for row in rows { text += line(row) } }
                    return CheckedChunk(rows: rows, failure: failure, text: text)
                }
                for part in made {
                    try checker.check(part.rows, rowFailure: part.failure)
                    file.append(part.text)
                }
                start += count
            }
            try checker.finish()
        }
    }

    /// The whole text of `table` with `rows` (every chunk), after checking every invariant.
    public static func text<Row>(_ table: TableDescription<Row>, _ rows: TableRows<Row>) throws -> String {
        try text(table, rows, header: CSVText.header(table.headers(including: rows.optionalColumns, expanding: rows.expandedColumns)))
    }

    private static func text<Row>(_ table: TableDescription<Row>, _ rows: TableRows<Row>, header: String) throws -> String {
        var checker = TableChecker(table)
        var text = header
        for index in 0..<rows.chunkCount {
            let chunk = rows.chunk(index)
            try checker.check(chunk, rowFailure: TableChecker.firstFailure(chunk, checker.rowChecks))
            for row in chunk { text += rows.line(row) }
        }
        try checker.finish()
        return text
    }
}

/// A chunk's rows, the first row (and row invariant) that broke a row invariant, and their text,
/// made on a worker thread and handed back to the writer in order. (Rows are values made for this
/// chunk alone.)
private struct CheckedChunk<Row>: @unchecked Sendable {
    let rows: [Row]
    let failure: (row: Int, check: Int)?
    let text: String
}

/// The invariants of one write of a table: the row invariants (stateless, run where the chunk is
/// made) and the table invariants, fed the rows in order.
struct TableChecker<Row> {
    private let table: TableDescription<Row>
    let rowChecks: [@Sendable (Row) -> Bool]
    private let rowNames: [String]
    private var tableNext: [(Row) -> Bool]
    private var tableEnd: [() -> Bool]
    private let tableNames: [String]
    private var rowNumber = 0

    init(_ table: TableDescription<Row>) {
        self.table = table
        let rows = table.invariants.filter { $0.holds != nil }
        rowChecks = rows.map { $0.holds! }
        rowNames = rows.map(\.name)
        let tables = table.invariants.filter { $0.start != nil }
        let checks = tables.map { $0.start!() }
        tableNext = checks.map(\.next)
        tableEnd = checks.map(\.end)
        tableNames = tables.map(\.name)
    }

    /// The first row of `rows` that breaks a row invariant, and which one.
    static func firstFailure(_ rows: [Row], _ checks: [@Sendable (Row) -> Bool]) -> (row: Int, check: Int)? {
        for (index, row) in rows.enumerated() {
            for (check, holds) in checks.enumerated() where !holds(row) { return (index, check) }
        }
        return nil
    }

    /// Takes the next rows, whose first row invariant failure (``firstFailure(_:_:)``) is
    /// `rowFailure`: runs the table invariants over them in order and throws at the first row that
    /// breaks any invariant.
    mutating func check(_ rows: [Row], rowFailure: (row: Int, check: Int)?) throws {
        let stop = rowFailure?.row ?? rows.count
        for index in 0..<stop {
            let row = rows[index]
            for check in tableNext.indices where !tableNext[check](row) {
                throw PublishError.invariant(
                    table: table.file, invariant: tableNames[check], row: rowNumber + index + 1, key: table.key(row))
            }
        }
        if let rowFailure {
            throw PublishError.invariant(
                table: table.file, invariant: rowNames[rowFailure.check], row: rowNumber + rowFailure.row + 1,
                key: table.key(rows[rowFailure.row]))
        }
        rowNumber += rows.count
    }

    /// After the last row: the table invariants' verdicts on the whole table.
    func finish() throws {
        for check in tableEnd.indices where !tableEnd[check]() {
            throw PublishError.invariant(table: table.file, invariant: tableNames[check], row: rowNumber, key: "end of table")
        }
    }
}
