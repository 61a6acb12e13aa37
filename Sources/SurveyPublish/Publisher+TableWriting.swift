// How a described table reaches its file: every row checked against the table's invariants before
// its text is written; a broken invariant throws and leaves no file behind.

public import Foundation
public import SurveyModel

extension Publisher {
    /// Writes `table` with `rows`: the header from the description's columns, then each chunk's rows,
    /// checked against every invariant before their lines are written. A row that breaks one throws
    /// ``PublishError/invariant(table:invariant:row:key:)`` and nothing is renamed into place (see
    /// ``writeStreamed(to:_:)``). One chunk is checked and formatted whole, then written; more are
    /// made, checked against the row invariants and formatted on every core, a few chunks ahead of
    /// the one being written, then checked against the table invariants and written in order, so
    /// a chunked table is never whole in memory.
    @discardableResult
    public func write<Row>(_ table: TableDescription<Row>, _ rows: TableRows<Row>) throws -> URL {
        let columns = table.columns(including: rows.optionalColumns, expanding: rows.expandedColumns)
        let header = CSVText.header(columns.map(\.header))
        // The spreadsheet copy (`excel_csv:`), from the same cells, in the same pass.
        let copy = table.spreadsheetCopy ? spreadsheetCopies.map { SpreadsheetCopy($0, columns: columns) } : nil
        // The workbook's sheet (legisurvey.xlsx), from the same cells, in the same pass.
        let sheet = table.spreadsheetCopy ? workbook.map { WorkbookSheet($0, table: table, columns: columns) } : nil
        guard rows.chunkCount != 1 else {
            let (text, copied) = try Self.texts(table, rows, header: header, copy: copy)
            if let copy, let copied { _ = try copy.publisher.write(copied, to: table.file) }
            if var sheet {
                var chunk = rows.chunk(0)
                _ = chunk.withEachInPlace { row, _ -> Never? in
                    sheet.append(rows.cells(row))
                    return nil
                }
                sheet.finish()
            }
            return try write(text, to: table.file)
        }
        var workbookSheet = sheet
        var checker = TableChecker(table)
        let rowChecks = checker.rowChecks
        let cells = rows.cells
        let chunk = rows.chunk
        // What a row's formatting reads of the copy and the sheet, taken out of them once: bound
        // per row (`if let sheet`), the optional structs were copied for every row, each of their
        // strings and arrays retained and released (a fiftieth of the priorities phase).
        let sheetKinds = sheet?.kinds
        let copyLine = copy?.format
        let body: (inout TableFile, inout TableFile?) throws -> Void = { file, copyFile in
            file.append(header)
            if let copy { copyFile?.append(copy.header) }
            // Chunks are made on every core and written in order as they come, the workers
            // making the next chunks while this thread writes: at first one chunk per core
            // ahead, then as many as keep the texts held under ``chunkBatchBytes`` (at most four
            // per core), by the chunks' average size so far; beside them the chunk being written. A wide table's chunk holds tens of megabytes of CSV and sheet XML:
            // answers.csv at 50,000 respondents held 200 MB in eight chunks at once, the run's
            // peak. (Made in batches, the writing left the other core idle: a third of
            // answers.csv's time at 10,000 respondents.)
            let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
            var bytes = 0
            let buffers = ReusedBuffers(limit: 2 * (4 * cores + 1))
            // Rows the writer has checked, freed by the worker that made them (``FreedWhereMade``).
            let checkedRows = FreedWhereMade<[Row]>()
            try ConcurrentResults.inOrder(count: rows.chunkCount, ahead: cores) { index in
                // The rows this thread made that the writer has checked since: freed here.
                checkedRows.drop()
                // The chunk's rows are this closure's alone: each is checked and formatted where
                // it is (``Swift/Array/withEachInPlace(_:)``), not copied for every check.
                var rows = chunk(index)
                let failure = TableChecker<Row>.firstFailure(&rows, rowChecks)
                var text = buffers.take()
                var copied = ""
                var sheetPart = WorkbookSheet.Part()
                if sheet != nil { sheetPart.xml = buffers.take() }
                if failure == nil {
                    let count = rows.count
                    _ = rows.withEachInPlace { row, position -> Never? in
                        let rowCells = cells(row)
                        Self.appendCSVLine(rowCells, to: &text)
                        if let copyLine { copied += copyLine.line(rowCells) }
                        if let sheetKinds { sheetPart.append(rowCells, kinds: sheetKinds) }
                        if position == 0, count > 1 {
                            // Room for the chunk at half as much again as its first row's size
                            // times its rows: grown by doubling, the texts were copied as they
                            // grew (a twentieth of the priority tables' time). Room not written
                            // is never touched, so it holds no memory.
                            Self.reserve(&text, rows: count)
                            Self.reserve(&sheetPart.xml, rows: count)
                        }
                        return nil
                    }
                }
                return CheckedChunk(rows: rows, failure: failure, text: text, copied: copied, sheet: sheetPart)
            } consume: { index, part in
                // The rows taken from the chunk (its only other holder), so that the table
                // invariants see each where it is too.
                var checked = part.rows
                part.rows = []
                try checker.check(&checked, rowFailure: part.failure)
                checkedRows.add(checked, madeOn: part.thread)
                checked = []
                file.append(part.text)
                copyFile?.append(part.copied)
                workbookSheet?.append(part.sheet)
                bytes += part.text.count + part.copied.utf8.count + part.sheet.xml.count
                // Their bytes are in the files now: the buffers go back for later chunks.
                buffers.give(&part.text)
                buffers.give(&part.sheet.xml)
                let perChunk = max(1, bytes / (index + 1))
                return min(4 * cores, max(cores, Self.chunkBatchBytes / perChunk))
            }
            try checker.finish()
            workbookSheet?.finish()
        }
        guard let copy else {
            return try writeStreamed(to: table.file) { file in
                var none: TableFile?
                try body(&file, &none)
            }
        }
        // The copy is renamed into place just before the file, both only when every row held.
        return try writeStreamed(to: table.file) { file in
            _ = try copy.publisher.writeStreamed(to: table.file) { copyFile in
                // TableFile is a value: its buffer goes back to the one writeStreamed flushes.
                var buffered: TableFile? = copyFile
                try body(&file, &buffered)
                copyFile = buffered!
            }
        }
    }

    /// About how many bytes of chunk texts (CSV, spreadsheet copy, sheet XML) a table's writing
    /// holds at once (``write(_:_:)``); never fewer chunks than cores.
    static let chunkBatchBytes = 32 << 20

    /// Room in `bytes`, which holds one row's text, for `rows` rows of one and a half times its size.
    private static func reserve(_ bytes: inout [UInt8], rows: Int) {
        guard !bytes.isEmpty else { return }
        bytes.reserveCapacity(bytes.count * rows + bytes.count * rows / 2)
    }

    /// The whole text of `table` with `rows` (every chunk), after checking every invariant.
    public static func text<Row>(_ table: TableDescription<Row>, _ rows: TableRows<Row>) throws -> String {
        try texts(table, rows, header: CSVText.header(table.headers(including: rows.optionalColumns, expanding: rows.expandedColumns)), copy: nil).text
    }

    /// The whole text of `table` with `rows` in the spreadsheet dialect `dialect` (the copy
    /// `excel_csv:` writes), after checking every invariant.
    public static func text<Row>(_ table: TableDescription<Row>, _ rows: TableRows<Row>, dialect: CSVDialect) throws -> String {
        let columns = table.columns(including: rows.optionalColumns, expanding: rows.expandedColumns)
        let copy = SpreadsheetCopy(Publisher(directory: URL(fileURLWithPath: "/")), dialect: dialect, columns: columns)
        return try texts(table, rows, header: CSVText.header(columns.map(\.header)), copy: copy).copied ?? ""
    }

    private static func texts<Row>(
        _ table: TableDescription<Row>, _ rows: TableRows<Row>, header: String, copy: SpreadsheetCopy?
    ) throws -> (text: String, copied: String?) {
        var checker = TableChecker(table)
        var text = Array(header.utf8)
        var copied = copy?.header
        for index in 0..<rows.chunkCount {
            var chunk = rows.chunk(index)
            let failure = TableChecker.firstFailure(&chunk, checker.rowChecks)
            try checker.check(&chunk, rowFailure: failure)
            _ = chunk.withEachInPlace { row, _ -> Never? in
                let cells = rows.cells(row)
                appendCSVLine(cells, to: &text)
                if let copy { copied! += copy.line(cells) }
                return nil
            }
        }
        try checker.finish()
        return (String(decoding: text, as: UTF8.self), copied)
    }
}

/// Where and how a table's spreadsheet copy is written: the publisher of the `excel/` folder, the
/// dialect, and which of the file's columns are declared numeric.
struct SpreadsheetCopy: Sendable {
    let publisher: Publisher
    let dialect: CSVDialect
    let numeric: [Bool]
    let header: String

    init(_ publisher: Publisher, dialect: CSVDialect = .excel, columns: [TableColumn]) {
        self.publisher = publisher
        self.dialect = dialect
        numeric = columns.map { $0.kind.isNumeric }
        header = dialect.prefix + CSVText.line(columns.map { CSVCell.text($0.header) }, dialect: dialect, numeric: [])
    }

    func line(_ cells: [CSVCell]) -> String { format.line(cells) }

    var format: LineFormat { LineFormat(dialect: dialect, numeric: numeric) }

    /// What ``line(_:)`` reads, without the publisher and header (a worker's row loop holds this).
    struct LineFormat: Sendable {
        let dialect: CSVDialect
        let numeric: [Bool]

        func line(_ cells: [CSVCell]) -> String { CSVText.line(cells, dialect: dialect, numeric: numeric) }
    }
}

/// A chunk's rows, the first row (and row invariant) that broke a row invariant, and their text,
/// made on a worker thread and handed back to the writer in order. (Rows are values made for this
/// chunk alone; a class, so that the writer can take them without another holder.)
private final class CheckedChunk<Row>: @unchecked Sendable {
    /// Taken by the writer (``Publisher/write(_:_:)``), which leaves it empty.
    var rows: [Row]
    let failure: (row: Int, check: Int)?
    /// The CSV lines' UTF-8 (handed back to ``ReusedBuffers`` once written).
    var text: [UInt8]
    /// The spreadsheet copy's text of the same rows (empty without a copy).
    let copied: String
    /// The workbook sheet's rows of the same rows (empty without a workbook).
    var sheet: WorkbookSheet.Part

    /// The thread that made the rows (``FreedWhereMade``).
    let thread = FreedWhereMade<[Row]>.Thread.current

    init(rows: [Row], failure: (row: Int, check: Int)?, text: [UInt8], copied: String, sheet: WorkbookSheet.Part) {
        self.rows = rows
        self.failure = failure
        self.text = text
        self.copied = copied
        self.sheet = sheet
    }
}

/// The byte buffers of one table's chunks, handed back by the writer once their bytes are in the
/// files and taken again by the workers for later chunks, so that a chunk's texts are written into
/// memory already in use: each chunk's texts in fresh memory (a megabyte of sheet XML for 2,048
/// priority rows) were faulted in page by page, a fourteenth of the priorities phase. Holds no
/// more buffers than were in flight at once (the chunks ahead of the writer), up to `limit`, and
/// only while the table is written.
final class ReusedBuffers: @unchecked Sendable {
    private let lock = NSLock()
    private var free: [[UInt8]] = []
    private let limit: Int

    init(limit: Int) { self.limit = limit }

    /// An empty buffer, with room from an earlier chunk when one was given back.
    func take() -> [UInt8] {
        lock.lock()
        defer { lock.unlock() }
        return free.popLast() ?? []
    }

    /// Takes `buffer`'s room back (its bytes dropped), leaving `buffer` empty.
    func give(_ buffer: inout [UInt8]) {
        guard buffer.capacity > 0 else { return }
        var taken: [UInt8] = []
        swap(&taken, &buffer)
        taken.removeAll(keepingCapacity: true)
        lock.lock()
        defer { lock.unlock() }
        if free.count < limit { free.append(taken) }
    }
}

/// A table's sheet of the workbook while its rows are written: their XML in order, into a file of
/// the collector's scratch folder (never the whole sheet in memory), the widest cell of each
/// column, up to Excel's row limit; handed to the collector when the table is whole.
struct WorkbookSheet {
    /// The rows of one chunk, made where the chunk's CSV text is.
    struct Part {
        /// The rows' XML in UTF-8.
        var xml: [UInt8] = []
        var rows = 0
        var widths: [Int] = []

        mutating func append(_ cells: [CSVCell], kinds: [ColumnKind]) {
            WorkbookCollector.appendRow(cells, kinds: kinds, to: &xml, widening: &widths)
            rows += 1
        }

        /// Keeps the widest of each column.
        mutating func widen(_ more: [Int]) {
            if widths.count < more.count { widths += [Int](repeating: 0, count: more.count - widths.count) }
            for (index, width) in more.enumerated() where width > widths[index] { widths[index] = width }
        }
    }

    let collector: WorkbookCollector
    let name: String
    let file: String
    let summary: String
    let grain: String
    let columns: [TableColumn]
    let kinds: [ColumnKind]
    /// The rows' file (the header row first).
    let writer: WorkbookCollector.SheetFile
    /// The rows written (the header not counted) and the widest cell of each column.
    var body = Part()
    var truncated = false

    init<Row>(_ collector: WorkbookCollector, table: TableDescription<Row>, columns: [TableColumn]) {
        self.collector = collector
        name = table.name
        file = table.file
        summary = table.summary
        grain = table.grain
        self.columns = columns
        kinds = columns.map(\.kind)
        writer = collector.sheetFile(headers: columns.map(\.header))
    }

    mutating func append(_ cells: [CSVCell]) {
        guard !truncated, body.rows < WorkbookCollector.maxRows - 1 else {
            truncated = true
            return
        }
        var part = Part()
        part.append(cells, kinds: kinds)
        append(part)
    }

    mutating func append(_ part: Part) {
        // Once a chunk did not fit, no later (smaller) one is taken: the sheet has no gap.
        guard !truncated, body.rows + part.rows < WorkbookCollector.maxRows else {
            truncated = true
            return
        }
        writer.write(part.xml)
        body.rows += part.rows
        body.widen(part.widths)
    }

    func finish() {
        writer.close()
        collector.add(
            name: name, file: file, summary: summary, grain: grain, columns: columns, body: writer.url, rows: body.rows,
            widths: body.widths, truncated: truncated)
    }
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
    static func firstFailure(_ rows: inout [Row], _ checks: [@Sendable (Row) -> Bool]) -> (row: Int, check: Int)? {
        // Each row handed to every check where it is (``Swift/Array/withEachInPlace(_:)``): read
        // from the array, here where the row's type is generic, it was copied for each check
        // (a priority row holds a dozen strings and arrays, each counted up and down).
        rows.withEachInPlace { row, index in
            for check in checks.indices where !checks[check](row) { return (index, check) }
            return nil
        }
    }

    /// Takes the next rows, whose first row invariant failure (``firstFailure(_:_:)``) is
    /// `rowFailure`: runs the table invariants over them in order and throws at the first row that
    /// breaks any invariant.
    mutating func check(_ rows: inout [Row], rowFailure: (row: Int, check: Int)?) throws {
        let stop = rowFailure?.row ?? rows.count
        // In place, as in ``firstFailure(_:_:)``.
        let next = tableNext
        let broken = rows.withEachInPlace { row, index -> (row: Int, check: Int)? in
            guard index < stop else { return (index, -1) }
            for check in next.indices where !next[check](row) { return (index, check) }
            return nil
        }
        if let broken, broken.check >= 0 {
            throw PublishError.invariant(
                table: table.file, invariant: tableNames[broken.check], row: rowNumber + broken.row + 1,
                key: table.key(rows[broken.row]))
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

extension Array {
    /// Calls `body` with each element and its index in order, until it returns a value, which is
    /// returned (nil when it never does). Each element is taken out of the array for the call and
    /// put back after it, so `body` receives it without a copy and can pass it on as it is: in
    /// code generic over the element, reading `self[index]` (or an unsafe buffer's element) to
    /// hand it to a function copied the whole value first, every field counted up and down. The
    /// array is made unique first (no copy when, as for a chunk's rows, nothing else holds it).
    mutating func withEachInPlace<Result>(_ body: (Element, Int) -> Result?) -> Result? {
        withUnsafeMutableBufferPointer { buffer -> Result? in
            guard let base = buffer.baseAddress else { return nil }
            for index in 0..<buffer.count {
                let element = (base + index).move()
                let result = body(element, index)
                (base + index).initialize(to: consume element)
                if let result { return result }
            }
            return nil
        }
    }
}
