// The CSV submission reader (libcsv): the wide, long and ODK/Kobo export layouts told apart by the
// header, one submission handed on at a time; and the header names of the country and round columns.
import CLibCSV
import SurveyModel

/// Reads submissions from CSV with libcsv, in the layouts told apart by the header:
///
/// - **wide**: one row per submission; a `country` column, optional `round`, then one column per
///   question (id, group path or label);
/// - **long**: one row per answer; columns `country`, `question_id`, `value`, optional `round`
///   (and the respondent key's column, when the pipeline declares one: rows are grouped by it).
///   All rows of one country and round form one submission. An optional `repeat_index` column
///   places an answer inside repeats: `question_id` is then the path of repeat ids and the
///   question's local id (`laws/title`, nested `laws/amendments/year`) and `repeat_index` the
///   1-based position at each repeat (`2`, `2/1`); empty for ordinary questions;
/// - **ODK Central export** (wide, with `KEY` and `SubmissionDate`): `KEY` is the instance id,
///   `ReviewState` the sender's review, `SubmissionDate` the time, `meta-deprecatedID` an edit;
/// - **KoboToolbox export** (wide, with `_uuid` or `_submission_time`): `_uuid`,
///   `_submission_time`, `_validation_status`; an optional second header row of HXL tags
///   (`#country`) is skipped.
///
/// The header is the first row with a country column (`country` or its configured name, or the
/// word for country in one of the six languages): title rows above it are skipped and reported.
/// Columns whose name starts with `_` are metadata (notes, export ids) and are not answers, nor
/// are empty column names (trailing empty columns).
/// The delimiter (`,`, `;` or tab) is the declared one, else taken from the header line. Input is
/// UTF-8 without a byte-order mark (`DecodingChunks` in TextDecoding.swift decodes it first) and
/// is fed to libcsv one line at a time so every record knows its line.
///
/// Lines end in LF or CRLF, or in a lone CR in a file written that way (old Mac: its first 64 KiB
/// hold a CR and no LF). In an LF or CRLF file a CR alone outside double quotes is no line end:
/// it is dropped, the row read as one, and reported once (`csv-stray-carriage-return`). A line
/// break inside double quotes is text; lines are counted through it.
///
/// A file cut short is told from its last row: no line end after it and fewer cells than the
/// header names (or a double quote still open). That row is handed on with `row-truncated`, which
/// rejects it; a last row with every cell and no final line end is whole (many tools omit it).
final class CSVSubmissionReader {
    let path: String
    /// The declared delimiter (`ReadOptions.delimiter`); nil: sniffed from the header line.
    let delimiter: Character?
    /// The declared format (`ReadOptions.format`); nil: told from the header.
    let declaredFormat: SourceFormat?
    /// Header names (lower-cased) that name the country and round columns.
    let countryNames: Set<String>
    let roundNames: Set<String>
    let limits: InputLimits
    /// Rows looked at for a header before giving up.
    static let headerSearchRows = 20
    /// Bytes of text the delimiter is sniffed from (at most; a shorter file, all of it).
    static let sniffBytes = 64 * 1024
    private var diagnostics: [Diagnostic] = []
    private var emit: ((RawSubmission) -> Void)?
    private var submissionCount = 0

    // libcsv callback state.
    private var cells: [String] = []
    /// The codebook answer cells are matched with as libcsv hands them on (issue 29), wide layout
    /// only; nil: every cell a `String`.
    let codebook: (any AnswerCodebook)?
    /// Per header column: its slot in the codebook (an answer column whose header is a question
    /// id the codebook reads), else -1.
    private var columnSlots: [Int32] = []
    /// The current row's matched cells, by column (ascending), their bytes in `rowText`; the row's
    /// `cells` hold an empty text in their place.
    private var rowMatches: [(column: Int, value: MatchedValue, start: Int32, count: Int32)] = []
    private var rowText: [UInt8] = []
    private var rowLine = 0
    private var line = 0

    // Layout, known once the header is read.
    private enum Layout { case wide, long, table }
    /// Table mode (a repeat table of an ODK Central `.csv.zip`): the first row is the header, with
    /// no country column, and each data row is handed to this with the header and its line; no
    /// submission is made.
    private let tableRow: (([String], [String], SourceLocation) -> Void)?
    private var layout: Layout?
    private var format: SourceFormat = .unknown
    private var titleRows: [Int] = []
    private var firstRow: [String]?
    private var hxlChecked = false
    /// Columns that carry submission metadata rather than answers.
    private var metadataColumns: [(index: Int, key: MetadataKey)] = []
    private enum MetadataKey { case instanceID, deprecatedID, submittedAt, review, formVersion, fallbackInstanceID }
    private var header: [String] = []
    private var countryColumn = -1
    private var roundColumn: Int?
    private var respondentColumn: Int?
    private let respondentNames: Set<String>
    private var questionColumn = -1
    private var valueColumn = -1
    /// Long layout: the optional `repeat_index` column.
    private var repeatIndexColumn: Int?
    private var answerColumns: [Int] = []
    private var failed = false
    private var dataRows = 0
    private var raggedReported = false
    /// Cells a row must have: up to the header's last named column.
    private var requiredCells = 0
    /// Set while libcsv ends the last row of a file without a final line end.
    private var endsUnterminated = false
    /// Whether a lone CR ends a line (a file written with CR line ends); else only LF and CRLF.
    private var crLineEnds = false
    /// A CR ended the previous chunk outside quotes: the next byte tells a CRLF from a stray CR.
    private var pendingCR = false
    /// Lone CRs dropped outside quotes, and the line of the first.
    private var strayCRs = 0
    private var strayCRLine = 0

    // Long layout: submissions grouped by (country, round, respondent), in order of first appearance.
    private var groups: [GroupKey: Int] = [:]
    private var pending: [RawSubmission] = []
    private struct GroupKey: Hashable {
        var country: String
        var round: String
        var respondent: String
    }

    init(
        path: String, delimiter: Character? = nil, format: SourceFormat? = nil,
        countryNames: Set<String> = IdentityNames.country, roundNames: Set<String> = IdentityNames.round,
        respondentNames: Set<String> = [], limits: InputLimits = InputLimits(), codebook: (any AnswerCodebook)? = nil,
        tableRow: (([String], [String], SourceLocation) -> Void)? = nil
    ) {
        self.codebook = codebook
        self.tableRow = tableRow
        self.respondentNames = respondentNames
        self.path = path
        self.limits = limits
        self.delimiter = delimiter
        self.declaredFormat = format
        self.countryNames = countryNames
        self.roundNames = roundNames
    }

    func read(_ chunks: inout some ChunkSource, _ body: (RawSubmission) -> Void) -> ReaderResult {
        withoutActuallyEscaping(body) { body in
            emit = body
            parse(&chunks)
            emit = nil
        }
        return ReaderResult(format: format, diagnostics: diagnostics)
    }

    private func parse(_ chunks: inout some ChunkSource) {
        let parser = UnsafeMutablePointer<csv_parser>.allocate(capacity: 1)
        defer { parser.deallocate() }
        // Strict: an unclosed quote at the end, or a quote inside an unquoted cell, is an error.
        guard csv_init(parser, UInt8(CSV_STRICT | CSV_STRICT_FINI)) == 0 else {
            diagnostics.append(Diagnostic(.fileUnreadable, at: SourceLocation(file: path), detail: "libcsv could not start"))
            return
        }
        defer { csv_free(parser) }
        let context = Unmanaged.passUnretained(self).toOpaque()
        let onField: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void = { field, length, context in
            guard let context else { return }
            // The reader without a reference counted up and down for every cell (the parse holds it).
            Unmanaged<CSVSubmissionReader>.fromOpaque(context)._withUnsafeGuaranteedRef { $0.field(field, length) }
        }
        let onRow: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void = { _, context in
            guard let context else { return }
            Unmanaged<CSVSubmissionReader>.fromOpaque(context)._withUnsafeGuaranteedRef { $0.row() }
        }

        var sawData = false
        var lastByte: UInt8 = 0
        let lf = UInt8(ascii: "\n")
        let cr = UInt8(ascii: "\r")
        // Feed up to each line end, so callbacks know the line they are on; a long line is
        // fed in pieces as it comes (libcsv keeps the partial field), never copied again.
        func consume(_ chunk: [UInt8]) {
            sawData = sawData || !chunk.isEmpty
            let endedWithCR = lastByte == cr
            if let last = chunk.last { lastByte = last }
            chunk.withUnsafeBufferPointer { buffer in
                var start = 0
                var index = 0
                if pendingCR, let first = buffer.first {
                    pendingCR = false
                    if first != lf { strayCR() }
                }
                while index < buffer.count && !failed {
                    let byte = buffer[index]
                    if byte == lf {
                        // A blank line ("\n" or "\r\n") between rows is skipped by libcsv
                        // (state ROW_NOT_BEGUN, 0, without CSV_REPALL_NL): only counted here, so
                        // that a file of many blank lines costs no call per line.
                        let blank = index == start || (index == start + 1 && buffer[start] == cr)
                        if !blank || parser.pointee.pstate != 0 {
                            feed(parser, buffer, start, index + 1, onField, onRow)
                        }
                        // In a CR file, the LF of a CRLF ends no second line.
                        if !crLineEnds || !(index > 0 ? buffer[index - 1] == cr : endedWithCR) { line += 1 }
                        start = index + 1
                    } else if byte == cr {
                        if crLineEnds {
                            feed(parser, buffer, start, index + 1, onField, onRow)
                            line += 1
                            start = index + 1
                        } else if index + 1 == buffer.count || buffer[index + 1] != lf {
                            // Not the CR of a CRLF: text inside double quotes, else a stray CR,
                            // dropped (libcsv would end the row there).
                            if start < index { feed(parser, buffer, start, index, onField, onRow) }
                            start = index
                            if !failed && !Self.insideQuotes(parser) {
                                start = index + 1
                                if index + 1 < buffer.count { strayCR() } else { pendingCR = true }
                            }
                        }
                    } else if byte == 0 {
                        fail(.csvNulByte, at: SourceLocation(file: path, line: line + 1), expected: "text without NUL bytes", found: "a NUL byte")
                        return
                    }
                    index += 1
                }
                if start < buffer.count && !failed { feed(parser, buffer, start, buffer.count, onField, onRow) }
            }
        }
        // The delimiter is sniffed from the first `sniffBytes` of the text (or all of it), held
        // back until they have come, so that it does not depend on the chunk size.
        var head: [UInt8]? = []
        func start() {
            guard let held = head else { return }
            head = nil
            csv_set_delim(parser, delimiter?.asciiValue ?? Self.sniffDelimiter(held))
            let sniffed = held.prefix(Self.sniffBytes)
            crLineEnds = sniffed.contains(UInt8(ascii: "\r")) && !sniffed.contains(UInt8(ascii: "\n"))
            if !held.isEmpty { consume(held) }
        }
        while !failed, let chunk = chunks.next() {
            if head != nil {
                head!.append(contentsOf: chunk)
                if head!.count >= Self.sniffBytes { start() }
            } else {
                consume(chunk)
            }
        }
        if head?.isEmpty == false && !failed { start() }
        if failed {
            finish(sawData: true)
            return
        }
        // A CR held back at the very end was the last line end.
        pendingCR = false
        endsUnterminated = sawData && lastByte != lf && lastByte != cr
        let openQuote = Self.insideQuotes(parser)
        if !failed && csv_fini(parser, onField, onRow, context) != 0 {
            if endsUnterminated && openQuote && layout != nil {
                // The file ends inside a quoted cell of its last row: cut there.
                truncated(cells, at: SourceLocation(file: path, line: rowLine == 0 ? max(line, 1) : rowLine), openQuote: true)
                cells.removeAll()
                clearMatches()
            } else {
                diagnostics.append(
                    Diagnostic(
                        .csvMalformed, at: SourceLocation(file: path, line: rowLine == 0 ? max(line, 1) : rowLine),
                        detail: Self.explain(csv_error(parser))))
                failed = true
            }
        }
        endsUnterminated = false
        finish(sawData: sawData)
    }

    /// Whether libcsv is inside a double-quoted cell (its states: 2 is a field begun).
    private static func insideQuotes(_ parser: UnsafeMutablePointer<csv_parser>) -> Bool {
        parser.pointee.pstate == 2 && parser.pointee.quoted != 0
    }

    private func strayCR() {
        strayCRs += 1
        if strayCRLine == 0 { strayCRLine = line + 1 }
    }

    private func feed(
        _ parser: UnsafeMutablePointer<csv_parser>, _ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int,
        _ onField: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void,
        _ onRow: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void
    ) {
        // A row starts on this line unless the piece is only the rest of a line end ("\n" after
        // a "\r" that ended the previous row in an earlier piece).
        if rowLine == 0 && buffer[start..<end].contains(where: { $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\n") }) {
            rowLine = line + 1
        }
        let count = end - start
        let context = Unmanaged.passUnretained(self).toOpaque()
        let done = csv_parse(parser, buffer.baseAddress! + start, count, onField, onRow, context)
        if done != count {
            diagnostics.append(
                Diagnostic(
                    .csvMalformed, at: SourceLocation(file: path, line: line + 1),
                    detail: Self.explain(csv_error(parser))))
            failed = true
        }
    }

    static func explain(_ error: Int32) -> String {
        if error == CSV_EPARSE {
            return "a double quote is not closed, or a double quote stands inside a cell that does not start with one"
        }
        return String(cString: csv_strerror(error))
    }

    /// The delimiter among `,`, `;` and tab that occurs most often on one line, outside double
    /// quotes, over the first lines (a title row above the header may have none); `,` on a tie.
    static func sniffDelimiter(_ bytes: [UInt8]) -> UInt8 {
        let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t")]
        var best: (count: Int, delimiter: UInt8) = (0, UInt8(ascii: ","))
        var counts = [0, 0, 0]
        var quoted = false
        var lines = 0
        func closeLine() {
            for (index, count) in counts.enumerated() where count > best.count { best = (count, candidates[index]) }
            counts = [0, 0, 0]
            lines += 1
        }
        for byte in bytes {
            if byte == UInt8(ascii: "\"") { quoted.toggle() }
            if quoted { continue }
            if byte == UInt8(ascii: "\n") {
                closeLine()
                if lines >= headerSearchRows + 2 { break }
            } else if let index = candidates.firstIndex(of: byte) {
                counts[index] += 1
            }
        }
        closeLine()
        return best.delimiter
    }

    // MARK: libcsv callbacks

    private func field(_ field: UnsafeMutableRawPointer?, _ length: Int) {
        guard !failed else { return }
        guard length <= limits.maxValueBytes else {
            fail(
                .valueTooLarge, at: SourceLocation(file: path, line: rowLine, column: cells.count + 1),
                expected: "a cell of at most \(limits.maxValueBytes) bytes", found: "\(length) bytes")
            return
        }
        guard cells.count < limits.maxColumns else {
            fail(
                .csvTooManyColumns, at: SourceLocation(file: path, line: rowLine),
                expected: "at most \(limits.maxColumns) cells in a row",
                found: "\(cells.count + 1) cells or more (reading stopped there)")
            return
        }
        guard let field else {
            cells.append("")
            return
        }
        // Input is valid UTF-8 (checked by TextDecoding), so nothing is replaced here.
        let buffer = UnsafeBufferPointer(start: field.assumingMemoryBound(to: UInt8.self), count: length)
        // An answer cell of a data row (past the one a KoboToolbox HXL row may be) written as the
        // codebook reads it: its code, no String.
        let column = cells.count
        if column < columnSlots.count, columnSlots[column] >= 0, hxlChecked, length > 0, rowLine < Int(Int32.max) - 1,
            rowText.count + length < Int(Int32.max), let codebook, let value = codebook.match(columnSlots[column], buffer)
        {
            rowMatches.append((column, value, Int32(rowText.count), Int32(length)))
            rowText.append(contentsOf: buffer)
            cells.append("")
            return
        }
        cells.append(String(decoding: buffer, as: UTF8.self))
    }

    private func row() {
        let rowCells = cells
        // Every piece that starts a row sets its line; 1 at least, whatever happens.
        let location = SourceLocation(file: path, line: max(rowLine, 1))
        cells.removeAll(keepingCapacity: true)
        rowLine = 0
        defer { clearMatches() }
        guard !failed else { return }
        take(rowCells, at: location)
    }

    private func clearMatches() {
        if !rowMatches.isEmpty { rowMatches.removeAll(keepingCapacity: true) }
        if !rowText.isEmpty { rowText.removeAll(keepingCapacity: true) }
    }

    // MARK: Rows from another container

    /// Reads rows that another container parsed (a spreadsheet's sheet: `XLSXReader`), through the
    /// same header rules and the same cell → answer path as CSV rows: `rows` calls its argument
    /// once per row, with the row's cells (from the first column) and its location (a sheet and
    /// its row, or for a transposed sheet its column). `cellLocation`, when given, says where the
    /// cell at an index of a row is (a transposed sheet's cells run down its column).
    func readRows(
        cellLocation: ((SourceLocation, Int) -> SourceLocation)? = nil,
        _ rows: ((_ cells: [String], _ location: SourceLocation) -> Void) -> Void, _ body: (RawSubmission) -> Void
    ) -> ReaderResult {
        self.cellLocation = cellLocation
        var sawData = false
        withoutActuallyEscaping(body) { body in
            emit = body
            rows { cells, location in
                sawData = true
                guard !failed else { return }
                take(cells, at: location)
            }
            finish(sawData: sawData)
            emit = nil
        }
        return ReaderResult(format: format, diagnostics: diagnostics)
    }

    /// The header's cell count once the header is read (a spreadsheet row omits its empty cells
    /// at the end: it is padded to this); nil before.
    var headerWidth: Int? { layout == nil ? nil : header.count }

    /// Where a row's cell is, for rows another container gave (`readRows`); nil: the row's line,
    /// the cell's column.
    private var cellLocation: ((SourceLocation, Int) -> SourceLocation)?
    /// The sheet the rows come from (`readRows`), for locations that name a row only.
    var sheet: String?

    private func take(_ rowCells: [String], at location: SourceLocation) {
        // A matched cell holds a code or a number: never blank.
        let blank = rowMatches.isEmpty && rowCells.allSatisfy { $0.allSatisfy(\.isWhitespace) }
        if layout == nil {
            if blank { return }
            if tableRow != nil {
                header = rowCells.map { $0.trimmingWhitespace() }
                requiredCells = (header.lastIndex { !$0.isEmpty } ?? -1) + 1
                layout = .table
                return
            }
            if rowCells.contains(where: { isCountryHeader($0) }) || titleRows.count >= Self.headerSearchRows {
                if !titleRows.isEmpty {
                    diagnostics.append(
                        Diagnostic(
                            .csvTitleRows, at: SourceLocation(file: path, line: titleRows[0], sheet: sheet),
                            expected: "the header row first", found: "\(titleRows.count) rows above the header"))
                }
                readHeader(rowCells, at: location)
            } else {
                titleRows.append(location.line ?? 0)
                if firstRow == nil { firstRow = rowCells }
            }
        } else if !blank {
            // KoboToolbox may put a row of HXL hashtags right under the header.
            if !hxlChecked && layout != .table {
                hxlChecked = true
                let filled = rowCells.filter { !$0.allSatisfy(\.isWhitespace) }
                if !filled.isEmpty && filled.allSatisfy({ $0.trimmingWhitespace().hasPrefix("#") }) { return }
            }
            if endsUnterminated && rowCells.count < requiredCells {
                truncated(rowCells, at: location, openQuote: false)
                return
            }
            dataRows += 1
            let extraFilled = rowCells.count > header.count && rowCells[header.count...].contains { !$0.allSatisfy(\.isWhitespace) }
            if (extraFilled || rowCells.count < requiredCells) && !raggedReported {
                raggedReported = true
                diagnostics.append(
                    Diagnostic(
                        .csvRaggedRow, at: column(location, min(rowCells.count, header.count)),
                        expected: "\(extraFilled ? header.count : requiredCells) cells", found: "\(rowCells.count) cells"))
            }
            switch layout {
            case .wide: wideRow(rowCells, at: location)
            case .long: longRow(rowCells, at: location)
            default: tableRow?(header, rowCells, location)
            }
        }
    }

    /// The last row of a file cut short: handed on with `row-truncated` (which rejects it), so it
    /// is counted, never accepted with what was left of it.
    private func truncated(_ rowCells: [String], at location: SourceLocation, openQuote: Bool) {
        guard layout != nil, !failed else { return }
        dataRows += 1
        let diagnostic = Diagnostic(
            .rowTruncated, at: location,
            expected: "\(requiredCells) cells and a line end (or the end of the file after the last cell)",
            found: openQuote
                ? "the file ends inside a double-quoted cell after \(rowCells.count) cells"
                : "\(rowCells.count) cells, and the file ends there")
        if layout == .table {
            diagnostics.append(diagnostic)  // a repeat row cut short is not read
        } else if layout == .wide {
            wideRow(rowCells, at: location, diagnostics: [diagnostic])
        } else {
            longRow(rowCells, at: location, diagnostics: [diagnostic])
        }
    }

    // MARK: Layouts

    private func readHeader(_ names: [String], at location: SourceLocation) {
        header = names.map { $0.trimmingWhitespace() }
        requiredCells = (header.lastIndex { !$0.isEmpty } ?? -1) + 1
        var firstIndex: [String: Int] = [:]
        for (index, name) in header.enumerated() where !name.isEmpty {
            let key = name.lowercased()
            if firstIndex[key] != nil {
                diagnostics.append(
                    Diagnostic(
                        .csvDuplicateColumn, at: column(location, index),
                        found: name))
            } else {
                firstIndex[key] = index
            }
        }
        guard let country = header.indices.first(where: { isCountryHeader(header[$0]) }) else {
            fail(
                .csvMissingColumn, at: location,
                expected: "a header row with a country column within the first \(Self.headerSearchRows) rows",
                found: header.joined(separator: ","))
            return
        }
        countryColumn = country
        roundColumn = header.indices.first { Self.names(header[$0], roundNames) }
        let isLong = declaredFormat == .longCSV || (declaredFormat == nil && firstIndex["question_id"] != nil)
        if isLong {
            guard let question = firstIndex["question_id"], let value = firstIndex["value"] else {
                fail(
                    .csvMissingColumn, at: location, expected: "columns question_id and value (long layout)",
                    found: header.joined(separator: ","))
                return
            }
            layout = .long
            format = .longCSV
            questionColumn = question
            valueColumn = value
            repeatIndexColumn = firstIndex["repeat_index"]
            respondentColumn = respondentNames.isEmpty ? nil : header.indices.first { Self.names(header[$0], respondentNames) }
            return
        }
        layout = .wide
        if declaredFormat == .odkCentralCSV || (declaredFormat == nil && firstIndex["key"] != nil && firstIndex["submissiondate"] != nil) {
            format = .odkCentralCSV
        } else if declaredFormat == .koboCSV
            || (declaredFormat == nil && (firstIndex["_uuid"] != nil || firstIndex["_submission_time"] != nil))
        {
            format = .koboCSV
        } else {
            format = .wideCSV
        }
        var metadata: [String: MetadataKey] = [
            "meta-instanceid": .fallbackInstanceID, "meta/instanceid": .fallbackInstanceID,
            "meta-deprecatedid": .deprecatedID, "meta/deprecatedid": .deprecatedID,
            // A revision's time written by the sender (docs/formats.md "Revisions").
            "submitted": .submittedAt,
        ]
        var ignored: Set<String> = []
        if format == .odkCentralCSV {
            metadata["key"] = .instanceID
            metadata["submissiondate"] = .submittedAt
            metadata["reviewstate"] = .review
            metadata["formversion"] = .formVersion
            ignored = [
                "submitterid", "submittername", "attachmentspresent", "attachmentsexpected", "status", "deviceid", "edits",
            ]
        } else if format == .koboCSV {
            metadata["_uuid"] = .instanceID
            metadata["_submission_time"] = .submittedAt
            metadata["_validation_status"] = .review
            metadata["__version__"] = .formVersion
        }
        metadataColumns = header.indices.compactMap { index in
            metadata[header[index].lowercased()].map { (index, $0) }
        }
        let reserved = Set([country, roundColumn ?? -1] + metadataColumns.map(\.index))
        answerColumns = header.indices.filter { index in
            let name = header[index]
            return !reserved.contains(index) && firstIndex[name.lowercased()] == index && !name.hasPrefix("_")
                && !name.isEmpty && !ignored.contains(name.lowercased())
        }
        if let codebook {
            columnSlots = [Int32](repeating: -1, count: header.count)
            for index in answerColumns { columnSlots[index] = codebook.slot(forField: header[index]) ?? -1 }
        }
    }

    /// A header naming the country column, also under an export's group path (`identity-country`).
    private func isCountryHeader(_ cell: String) -> Bool { Self.names(cell, countryNames) }

    static func names(_ cell: String, _ names: Set<String>) -> Bool {
        let name = cell.trimmingWhitespace().lowercased()
        if names.contains(name) { return true }
        guard let last = name.split(whereSeparator: { $0 == "/" || $0 == "-" }).last else { return false }
        return name.contains(where: { $0 == "/" || $0 == "-" }) && names.contains(String(last))
    }

    private func fail(_ code: DiagnosticCode, at location: SourceLocation, expected: String, found: String) {
        diagnostics.append(Diagnostic(code, at: location, expected: expected, found: found))
        failed = true
    }

    private func cell(_ cells: [String], _ index: Int?) -> String? {
        guard let index, index >= 0, index < cells.count else { return nil }
        return cells[index]
    }

    private func wideRow(_ cells: [String], at location: SourceLocation, diagnostics: [Diagnostic] = []) {
        submissionCount += 1
        var submission = RawSubmission(location: location, format: format, ordinal: submissionCount, diagnostics: diagnostics)
        for (index, key) in metadataColumns {
            guard let value = cell(cells, index)?.trimmingWhitespace(), !value.isEmpty else { continue }
            switch key {
            case .instanceID: submission.metadata.instanceID = value
            case .fallbackInstanceID: if submission.metadata.instanceID == nil { submission.metadata.instanceID = value }
            case .deprecatedID: submission.metadata.deprecatedID = value
            case .submittedAt: submission.metadata.submittedAt = value
            case .review: submission.metadata.review = value
            case .formVersion: submission.metadata.formVersion = value
            }
        }
        if let country = cell(cells, countryColumn) {
            submission.country = RawValue(country, at: column(location, countryColumn))
        }
        if let round = cell(cells, roundColumn) { submission.round = RawValue(round, at: column(location, roundColumn!)) }
        var nextMatch = 0
        for index in answerColumns {
            if nextMatch < rowMatches.count && rowMatches[nextMatch].column == index {
                let match = rowMatches[nextMatch]
                nextMatch += 1
                submission.matched.cells.append(
                    MatchedCell(
                        slot: columnSlots[index], order: Int32(submission.answers.count), line: Int32(location.line ?? 1),
                        column: Int32(index + 1), textStart: match.start, textCount: match.count, value: match.value))
                continue
            }
            guard let value = cell(cells, index), !value.allSatisfy(\.isWhitespace) else { continue }
            submission.answers.append(RawAnswer(field: header[index], values: [value], location: column(location, index)))
        }
        if !submission.matched.cells.isEmpty {
            submission.matched.codebook = codebook
            submission.matched.file = path
            let size = rowText.count
            swap(&submission.matched.text, &rowText)
            rowText.reserveCapacity(size)
        }
        emit?(submission)
    }

    private func longRow(_ cells: [String], at location: SourceLocation, diagnostics: [Diagnostic] = []) {
        let country = cell(cells, countryColumn) ?? ""
        let round = cell(cells, roundColumn) ?? ""
        let respondent = cell(cells, respondentColumn) ?? ""
        let key = GroupKey(
            country: country.trimmingWhitespace(), round: round.trimmingWhitespace(), respondent: respondent.trimmingWhitespace())
        let position: Int
        if let existing = groups[key] {
            position = existing
        } else {
            position = pending.count
            groups[key] = position
            var submission = RawSubmission(location: location, format: .longCSV, ordinal: position + 1)
            submission.country = RawValue(country, at: column(location, countryColumn))
            if let roundColumn, cell(cells, roundColumn) != nil {
                submission.round = RawValue(round, at: column(location, roundColumn))
            }
            // The respondent travels as the field Transform takes it from (as in the wide layout).
            if let respondentColumn, !respondent.allSatisfy(\.isWhitespace) {
                submission.answers.append(
                    RawAnswer(field: header[respondentColumn], values: [respondent], location: column(location, respondentColumn)))
            }
            pending.append(submission)
        }
        // A cut row: its group is rejected with it, and what is left of its value is not an answer.
        guard diagnostics.isEmpty else {
            pending[position].diagnostics += diagnostics
            return
        }
        let value = cell(cells, valueColumn) ?? ""
        guard !value.allSatisfy(\.isWhitespace) else { return }
        let question = (cell(cells, questionColumn) ?? "").trimmingWhitespace()
        let repeatIndex = (cell(cells, repeatIndexColumn) ?? "").trimmingWhitespace()
        guard !repeatIndex.isEmpty, let repeatIndexColumn else {
            pending[position].answers.append(
                RawAnswer(field: question, values: [value], location: column(location, valueColumn)))
            return
        }
        // A repeat answer: `laws/amendments/year` with `2/1`, one position per repeat id.
        let path = question.split(separator: "/", omittingEmptySubsequences: false).map { String($0).trimmingWhitespace() }
        let positions: [Int?] = repeatIndex.split(separator: "/", omittingEmptySubsequences: false).map { part in
            guard let number = Int(String(part).trimmingWhitespace()), number >= 1 else { return nil }
            return number
        }
        guard positions.allSatisfy({ $0 != nil }), positions.count == path.count - 1, !path.contains(where: \.isEmpty) else {
            let repeats = path.count - 1
            pending[position].diagnostics.append(
                Diagnostic(
                    .repeatIndexInvalid, at: column(location, repeatIndexColumn), questionID: question,
                    expected: repeats >= 1
                        ? "\(repeats) position\(repeats == 1 ? "" : "s") (1, 2, …) separated by '/', one per repeat of \(question)"
                        : "an empty repeat_index (\(question.isEmpty ? "no question_id" : question) is no path inside a repeat: repeat/question)",
                    found: "row \(location.line ?? 0): repeat_index '\(repeatIndex)'"))
            return
        }
        pending[position].answers.append(
            RawAnswer(
                field: path[path.count - 1], values: [value], location: column(location, valueColumn),
                groups: Array(path.dropLast()), groupPositions: positions.map { $0! }))
    }

    private func column(_ location: SourceLocation, _ index: Int) -> SourceLocation {
        if let cellLocation { return cellLocation(location, index) }
        var cell = location
        cell.column = index + 1
        return cell
    }

    private func finish(sawData: Bool) {
        if strayCRs > 0 {
            diagnostics.append(
                Diagnostic(
                    .csvStrayCarriageReturn, at: SourceLocation(file: path, line: strayCRLine),
                    expected: "line breaks as LF or CRLF, and inside double quotes only",
                    found: strayCRs == 1 ? "a carriage return alone" : "\(strayCRs) carriage returns alone (the first here)"))
        }
        if !sawData {
            diagnostics.append(Diagnostic(.fileUnreadable, at: SourceLocation(file: path), detail: "the file is empty"))
            return
        }
        // A long-layout file that breaks half-way would give incomplete submissions: hand on none.
        if layout == .long && !failed {
            for submission in pending { emit?(submission) }
            submissionCount = pending.count
        }
        if layout == nil && !failed, let firstRow {
            fail(
                .csvMissingColumn, at: SourceLocation(file: path, line: titleRows.first, sheet: sheet),
                expected: "a header row with a country column", found: firstRow.joined(separator: ","))
        }
        // A repeat table without rows is a repeat nobody answered, as ODK Central writes it.
        if layout != nil && layout != .table && dataRows == 0 && !failed {
            diagnostics.append(Diagnostic(.csvNoRows, at: SourceLocation(file: path, line: 1, sheet: sheet)))
        }
    }
}

/// Header names that mark the identity columns of a CSV file, lower-cased: the configured field
/// name plus the word in each of the six languages, as spreadsheets head them.
public enum IdentityNames {
    public static let country: Set<String> = [
        "country", "country name", "member state", "pays", "état membre", "etat membre", "país", "pais",
        "estado miembro", "страна", "государство-член", "国家", "会员国", "البلد", "الدولة", "الدولة العضو",
    ]
    public static let round: Set<String> = ["round", "survey round", "cycle", "ronda", "раунд", "轮次", "الجولة"]
}
