// `.xlsx` submissions: the registered reader, and the layout of a focal point's own sheets (wide
// or transposed), read through the CSV reader's header rules and cell → answer path.
import Foundation
public import SurveyModel

/// `.xlsx` (Office Open XML spreadsheets, as Excel, LibreOffice, Google Sheets and openpyxl write
/// them). The workbook (`XLSXWorkbook`) gives each visible sheet's cells; a layout says which
/// sheets hold answers and reads them: the project's questionnaire workbook
/// (`XLSXTemplateReader`, known by its stamp sheet) or a focal point's own sheets
/// (`XLSXOwnSheets`: wide or transposed). docs/formats.md ".xlsx" has the rules.
public struct XLSXReader: SubmissionReader {
    public init() {}
    public var name: String { "Excel workbook (.xlsx)" }
    public var extensions: [String] { ["xlsx"] }
    public var formats: [SourceFormat] { [.xlsxWide, .xlsxTransposed, .xlsxTemplate] }
    /// The questionnaire workbook is recognised by its stamp, never declared.
    public var selectableFormats: [SourceFormat] { [.xlsxWide, .xlsxTransposed] }

    public func read(_ input: SubmissionInput, _ submit: (RawSubmission) -> Void) -> ReaderResult {
        let path = input.path
        // The file itself when there is one (random access; the Extractor still hashes it whole).
        let archive: ZipBytes
        if let url = input.fileURL {
            guard let opened = ZipBytes(file: url) else {
                return ReaderResult(
                    format: .unknown, diagnostics: [Diagnostic(.fileUnreadable, at: SourceLocation(file: path), detail: "the workbook cannot be opened")])
            }
            archive = opened
        } else {
            archive = ZipBytes(memory: input.readAll())
        }
        let workbook: XLSXWorkbook
        switch XLSXWorkbook.open(archive, path: path, limits: input.limits) {
        case .success(let opened): workbook = opened
        case .failure(let failure): return ReaderResult(format: .unknown, diagnostics: failure.diagnostics)
        }
        // The questionnaire workbook is known by its stamp sheet, whatever a folder's declared format.
        if XLSXTemplateReader.isTemplate(workbook) {
            var template = XLSXTemplateReader(path: path, workbook: workbook)
            var handed = false
            let diagnostics = template.read { submission in
                handed = true
                submit(submission)
            }
            return ReaderResult(format: handed ? .xlsxTemplate : .unknown, diagnostics: diagnostics)
        }
        var layout = XLSXOwnSheets(
            path: path, declared: input.options.format, countryNames: input.countryNames, roundNames: input.roundNames,
            respondentField: input.respondentField)
        // Sheets are read one at a time; every submission of a file a limit refuses is dropped by
        // the Extractor, those handed on before included.
        var diagnostics: [Diagnostic] = []
        var ordinal = 0
        for entry in workbook.sheets {
            if entry.hidden {
                diagnostics.append(
                    Diagnostic(
                        .xlsxSheetIgnored, at: SourceLocation(file: path, sheet: entry.name),
                        expected: "answers in visible sheets", found: "sheet \(entry.name) is hidden: not read"))
                continue
            }
            let sheet: XLSXSheet
            do throws(XLSXFailure) {
                sheet = try workbook.readSheet(entry)
            } catch {
                return ReaderResult(format: layout.format ?? .unknown, diagnostics: diagnostics + error.diagnostics)
            }
            diagnostics += layout.read(sheet) { submission in
                var submission = submission
                ordinal += 1
                submission.ordinal = ordinal
                submit(submission)
            }
        }
        diagnostics += layout.finish(sheets: workbook.sheets.map(\.name))
        return ReaderResult(format: layout.format ?? .unknown, diagnostics: diagnostics)
    }
}

/// A focal point's own sheets: which sheets hold answers, and how they are read.
///
/// - **Answer sheets.** A visible sheet holds answers when one of its first 20 rows holding
///   anything has a cell naming the country column (`country`, `pays`, `país`, `страна`, `国家`,
///   `البلد`…, or the pipeline's identity field), as the CSV wide layout's header. Other sheets
///   are reported (`xlsx-sheet-ignored`) and not read.
/// - **Wide or transposed.** Wide: that cell's row is the header (questions as columns, one row
///   per country). Transposed: that cell's column is the header (questions as rows, one column
///   per country). Declared with `files: format: xlsx-wide | xlsx-transposed`; otherwise a round
///   header (`round`, `ronda`…) in the same row means wide, in the same column below means
///   transposed; without one, the sheet is transposed when more cells are filled below the
///   country cell in its column than right of it in its row (one country answering many
///   questions), wide otherwise.
/// - **The cells** go through the CSV reader's wide layout (`CSVSubmissionReader.readRows`): the
///   same header rules (title rows above the header, `_` columns, duplicate names, metadata
///   columns) and the same cell → answer path, so a sheet gives the submissions its CSV export
///   gives. A transposed sheet is read column by column, from the country cell's row down;
///   cells above it and left of it are not read.
/// - **Merged cells**: a value belongs to the top-left cell of its range. A merged header spans
///   its columns (transposed: its rows): the cells under it are values of that one question,
///   joined by `; ` (a multiple choice spread over columns, one option a cell).
/// - **Errors** (`#N/A`…) are reported at their cell (`xlsx-cell-error`) and read as empty;
///   hidden rows are read, and reported once per sheet (`xlsx-hidden-rows`).
struct XLSXOwnSheets {
    let path: String
    let declared: SourceFormat?
    let countryNames: Set<String>
    let roundNames: Set<String>
    let respondentField: String?
    /// The format of the first answer sheet; nil until one is read.
    private(set) var format: SourceFormat?
    private var ignored: [String] = []
    private var answerSheets = 0

    init(path: String, declared: SourceFormat?, countryNames: Set<String>, roundNames: Set<String>, respondentField: String?) {
        self.path = path
        self.declared = declared
        self.countryNames = countryNames
        self.roundNames = roundNames
        self.respondentField = respondentField
    }

    /// Rows looked at for the country cell (as the CSV reader looks for its header).
    static let headerSearchRows = CSVSubmissionReader.headerSearchRows

    enum Orientation { case wide, transposed }

    /// The country cell and the orientation of a sheet; nil when it holds no answers.
    func detect(_ sheet: XLSXSheet) -> (row: Int, column: Int, orientation: Orientation)? {
        var anchor: (rowIndex: Int, column: Int)?
        search: for (index, row) in sheet.rows.prefix(Self.headerSearchRows).enumerated() {
            for cell in row.cells {
                if case .text(let text) = cell.value, CSVSubmissionReader.names(text, countryNames) {
                    anchor = (index, cell.column)
                    break search
                }
            }
        }
        guard let anchor else { return nil }
        let headerRow = sheet.rows[anchor.rowIndex]
        let orientation: Orientation
        if declared == .xlsxWide {
            orientation = .wide
        } else if declared == .xlsxTransposed {
            orientation = .transposed
        } else {
            func isRound(_ cell: XLSXCell) -> Bool {
                if case .text(let text) = cell.value { return CSVSubmissionReader.names(text, roundNames) }
                return false
            }
            let below = sheet.rows[(anchor.rowIndex + 1)...].compactMap { row in row.cells.first { $0.column == anchor.column } }
            let right = headerRow.cells.filter { $0.column > anchor.column }
            if right.contains(where: isRound) {
                orientation = .wide
            } else if below.contains(where: isRound) {
                orientation = .transposed
            } else {
                orientation = below.count > right.count ? .transposed : .wide
            }
        }
        return (headerRow.number, anchor.column, orientation)
    }

    /// Reads one visible sheet: its submissions handed on, its diagnostics returned.
    mutating func read(_ sheet: XLSXSheet, _ submit: (RawSubmission) -> Void) -> [Diagnostic] {
        guard let (anchorRow, anchorColumn, orientation) = detect(sheet) else {
            ignored.append(sheet.name)
            return [
                Diagnostic(
                    .xlsxSheetIgnored, at: SourceLocation(file: path, sheet: sheet.name),
                    expected: "a country column (country, pays, país…) in the first \(Self.headerSearchRows) rows of a sheet of answers",
                    found: sheet.rows.isEmpty ? "sheet \(sheet.name) is empty" : "sheet \(sheet.name) has none: not read")
            ]
        }
        answerSheets += 1
        let sheetFormat: SourceFormat = orientation == .wide ? .xlsxWide : .xlsxTransposed
        if format == nil { format = sheetFormat }
        var diagnostics: [Diagnostic] = []
        let core = CSVSubmissionReader(
            path: path, format: .wideCSV, countryNames: countryNames, roundNames: roundNames,
            respondentNames: respondentField.map { [$0] } ?? [])
        core.sheet = sheet.name

        // Cells as text; errors and unreadable cells reported at their cell and read as empty.
        func text(_ cell: XLSXCell, row: Int) -> String {
            switch cell.value {
            case .text(let text): return text
            case .error(let error):
                diagnostics.append(
                    Diagnostic(
                        .xlsxCellError, at: sheet.location(path, row: row, column: cell.column), expected: "a value",
                        found: "the spreadsheet error \(error)"))
                return ""
            case .malformed(let why):
                diagnostics.append(
                    Diagnostic(.recordMalformed, at: sheet.location(path, row: row, column: cell.column), detail: "the cell cannot be read: \(why)"))
                return ""
            }
        }
        let hidden = sheet.rows.filter { $0.hidden && ($0.number >= anchorRow || orientation == .wide) }.map(\.number)
        if !hidden.isEmpty {
            diagnostics.append(
                Diagnostic(
                    .xlsxHiddenRows, at: sheet.location(path, row: hidden[0]), expected: "visible rows",
                    found: "\(hidden.count) hidden \(hidden.count == 1 ? "row" : "rows") (\(hidden.prefix(5).map(String.init).joined(separator: ", "))\(hidden.count > 5 ? ", …" : "")), read"))
        }
        // A merged header's range: the header cells it covers after its first, each to its first.
        var spans: [Int: Int] = [:]
        for range in sheet.merges {
            switch orientation {
            case .wide where range.firstRow <= anchorRow && anchorRow <= range.lastRow && range.lastColumn > range.firstColumn:
                for column in (range.firstColumn + 1)...range.lastColumn { spans[column] = range.firstColumn }
            case .transposed where range.firstColumn <= anchorColumn && anchorColumn <= range.lastColumn && range.lastRow > range.firstRow:
                for row in (range.firstRow + 1)...range.lastRow { spans[row] = range.firstRow }
            default: break
            }
        }
        // Joins the values under a merged header into its first cell, with `; ` (how a multiple
        // choice separates its options) (`values` indexed by the
        // header's positions: columns for wide, rows for transposed).
        func joinSpans(_ values: inout [String], position: (Int) -> Int?) {
            guard !spans.isEmpty else { return }
            for index in values.indices {
                guard let key = position(index), let target = spans[key], !values[index].isEmpty,
                    let targetIndex = values.indices.first(where: { position($0) == target })
                else { continue }
                values[targetIndex] = values[targetIndex].isEmpty ? values[index] : values[targetIndex] + "; " + values[index]
                values[index] = ""
            }
        }

        let emit: (RawSubmission) -> Void = { submission in
            var submission = submission
            submission.format = sheetFormat
            submit(submission)
        }
        let result: ReaderResult
        switch orientation {
        case .wide:
            result = core.readRows({ take in
                for row in sheet.rows {
                    let width = max(row.cells.last?.column ?? 0, core.headerWidth ?? 0)
                    var values = [String](repeating: "", count: width)
                    for cell in row.cells { values[cell.column - 1] = text(cell, row: row.number) }
                    if row.number > anchorRow { joinSpans(&values) { $0 + 1 } }
                    take(values, sheet.location(path, row: row.number))
                }
            }, emit)
        case .transposed:
            // Rows from the country cell's down; one fed row per column from its column right.
            let rows = sheet.rows.filter { $0.number >= anchorRow }
            let lastColumn = rows.compactMap { $0.cells.last?.column }.max() ?? anchorColumn
            var grid: [Int: [Int: XLSXCell]] = [:]  // column → row index → cell
            for (index, row) in rows.enumerated() {
                for cell in row.cells where cell.column >= anchorColumn { grid[cell.column, default: [:]][index] = cell }
            }
            let path = self.path
            result = core.readRows(
                cellLocation: { location, index in
                    sheet.location(path, row: index < rows.count ? rows[index].number : nil, column: location.column)
                },
                { take in
                    for column in anchorColumn...max(anchorColumn, lastColumn) {
                        var values = [String](repeating: "", count: rows.count)
                        for (index, cell) in grid[column] ?? [:] { values[index] = text(cell, row: rows[index].number) }
                        if column > anchorColumn { joinSpans(&values) { rows[$0].number } }
                        take(values, sheet.location(path, row: anchorRow, column: column))
                    }
                }, emit)
        }
        return diagnostics + result.diagnostics
    }

    /// After the last sheet: an error when no sheet held answers.
    func finish(sheets: [String]) -> [Diagnostic] {
        guard answerSheets == 0 else { return [] }
        return [
            Diagnostic(
                .csvMissingColumn, at: SourceLocation(file: path),
                expected: "a sheet with a country column (country, pays, país…) in its first \(Self.headerSearchRows) rows",
                found: sheets.isEmpty ? "a workbook without sheets" : "sheets " + sheets.prefix(5).joined(separator: ", ") + (sheets.count > 5 ? ", …" : ""))
        ]
    }
}

/// How the `.xlsx` reader reads dates (for tests and documentation): a serial in the 1900 or
/// 1904 system as ISO 8601 text, and whether a number format's code is a date format.
public enum XLSXDates {
    public static func date(_ serial: Double, date1904: Bool) -> String? { XLSXWorkbook.date(serial: serial, date1904: date1904) }
    public static func isDateFormat(_ code: String) -> Bool { XLSXWorkbook.isDateFormat(code) }
}
