import CLibCSV
import SurveyModel

/// Reads submissions from CSV with libcsv, in one of two layouts told apart by the header:
///
/// - **wide**: one row per submission; columns `country`, optional `round`, then one column per
///   question id;
/// - **long**: one row per answer; columns `country`, `question_id`, `value`, optional `round`.
///   All rows of one country and round form one submission.
///
/// Columns whose name starts with `_` are metadata (notes, export ids) and are not answers.
/// The delimiter (`,`, `;` or tab) is taken from the header line; a UTF-8 byte-order mark is
/// skipped. Input is fed to libcsv one line at a time so every record knows its line.
final class CSVSubmissionReader {
    let path: String
    private var diagnostics: [Diagnostic] = []
    private var emit: ((RawSubmission) -> Void)?
    private var submissionCount = 0

    // libcsv callback state.
    private var cells: [String] = []
    private var rowLine = 0
    private var line = 0
    private var invalidUTF8Reported = false

    // Layout, known once the header is read.
    private enum Layout { case wide, long }
    private var layout: Layout?
    private var header: [String] = []
    private var countryColumn = -1
    private var roundColumn: Int?
    private var questionColumn = -1
    private var valueColumn = -1
    private var answerColumns: [Int] = []
    private var failed = false
    private var dataRows = 0
    private var raggedReported = false

    // Long layout: submissions grouped by (country, round), in order of first appearance.
    private var groups: [GroupKey: Int] = [:]
    private var pending: [RawSubmission] = []
    private struct GroupKey: Hashable {
        var country: String
        var round: String
    }

    init(path: String) { self.path = path }

    func read(_ chunks: inout some ChunkSource, _ body: (RawSubmission) -> Void) -> ExtractedFile {
        withoutActuallyEscaping(body) { body in
            emit = body
            parse(&chunks)
            emit = nil
        }
        let format: SourceFormat = layout == .long ? .longCSV : (layout == .wide ? .wideCSV : .unknown)
        return ExtractedFile(
            file: SourceFile(path: path, sha256: "", bytes: 0, format: format), diagnostics: diagnostics,
            submissionCount: submissionCount)
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
            Unmanaged<CSVSubmissionReader>.fromOpaque(context).takeUnretainedValue().field(field, length)
        }
        let onRow: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void = { _, context in
            guard let context else { return }
            Unmanaged<CSVSubmissionReader>.fromOpaque(context).takeUnretainedValue().row()
        }

        var firstChunk = true
        var carry: [UInt8] = []
        var sawData = false
        while !failed, let chunk = chunks.next() {
            var bytes = carry + chunk
            carry = []
            if firstChunk {
                if bytes.count < 3 && !chunk.isEmpty {
                    carry = bytes
                    continue
                }
                firstChunk = false
                if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
                csv_set_delim(parser, Self.sniffDelimiter(bytes))
            }
            sawData = sawData || !bytes.isEmpty
            // Feed one line at a time so callbacks know the line they are on.
            var start = 0
            bytes.withUnsafeBufferPointer { buffer in
                var index = 0
                while index < buffer.count && !failed {
                    if buffer[index] == UInt8(ascii: "\n") {
                        line += 1
                        feed(parser, buffer, start, index + 1, onField, onRow)
                        start = index + 1
                    }
                    index += 1
                }
            }
            if start < bytes.count && !failed { carry = Array(bytes[start...]) }
        }
        if failed {
            finish(sawData: true)
            return
        }
        if firstChunk && !carry.isEmpty {
            if carry.starts(with: [0xEF, 0xBB, 0xBF]) { carry.removeFirst(3) }
            csv_set_delim(parser, Self.sniffDelimiter(carry))
        }
        if !carry.isEmpty {
            line += 1
            carry.withUnsafeBufferPointer { feed(parser, $0, 0, $0.count, onField, onRow) }
        }
        if !failed && csv_fini(parser, onField, onRow, context) != 0 {
            diagnostics.append(
                Diagnostic(
                    .csvMalformed, at: SourceLocation(file: path, line: rowLine == 0 ? line : rowLine),
                    detail: Self.explain(csv_error(parser))))
            failed = true
        }
        finish(sawData: sawData)
    }

    private func feed(
        _ parser: UnsafeMutablePointer<csv_parser>, _ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int,
        _ onField: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void,
        _ onRow: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void
    ) {
        if rowLine == 0 { rowLine = line }
        let count = end - start
        let context = Unmanaged.passUnretained(self).toOpaque()
        let done = csv_parse(parser, buffer.baseAddress! + start, count, onField, onRow, context)
        if done != count {
            diagnostics.append(
                Diagnostic(
                    .csvMalformed, at: SourceLocation(file: path, line: line),
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

    /// The most frequent of `,`, `;` and tab on the first line, outside double quotes.
    static func sniffDelimiter(_ bytes: [UInt8]) -> UInt8 {
        var counts: [UInt8: Int] = [UInt8(ascii: ","): 0, UInt8(ascii: ";"): 0, UInt8(ascii: "\t"): 0]
        var quoted = false
        for byte in bytes {
            if byte == UInt8(ascii: "\"") { quoted.toggle() }
            if !quoted && (byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")) { break }
            if !quoted, counts[byte] != nil { counts[byte]! += 1 }
        }
        let best = counts.max { ($0.value, $1.key) < ($1.value, $0.key) }!
        return best.value == 0 ? UInt8(ascii: ",") : best.key
    }

    // MARK: libcsv callbacks

    private func field(_ field: UnsafeMutableRawPointer?, _ length: Int) {
        guard let field else {
            cells.append("")
            return
        }
        let buffer = UnsafeBufferPointer(start: field.assumingMemoryBound(to: UInt8.self), count: length)
        let (text, valid) = UTF8Text.decode(buffer)
        if !valid && !invalidUTF8Reported {
            invalidUTF8Reported = true
            diagnostics.append(
                Diagnostic(
                    .encodingInvalid, at: SourceLocation(file: path, line: line, column: cells.count + 1),
                    found: text))
        }
        cells.append(text)
    }

    private func row() {
        let rowCells = cells
        let location = SourceLocation(file: path, line: rowLine)
        cells.removeAll(keepingCapacity: true)
        rowLine = 0
        guard !failed else { return }
        if layout == nil {
            readHeader(rowCells, at: location)
        } else if !rowCells.allSatisfy({ $0.allSatisfy(\.isWhitespace) }) {
            dataRows += 1
            if rowCells.count > header.count && !raggedReported {
                raggedReported = true
                diagnostics.append(
                    Diagnostic(
                        .csvRaggedRow, at: SourceLocation(file: path, line: location.line, column: header.count + 1),
                        expected: "\(header.count) cells", found: "\(rowCells.count) cells"))
            }
            if layout == .wide { wideRow(rowCells, at: location) } else { longRow(rowCells, at: location) }
        }
    }

    // MARK: Layouts

    private func readHeader(_ names: [String], at location: SourceLocation) {
        header = names.map { $0.trimmingWhitespace() }
        var firstIndex: [String: Int] = [:]
        for (index, name) in header.enumerated() {
            let key = name.lowercased()
            if firstIndex[key] != nil {
                diagnostics.append(
                    Diagnostic(
                        .csvDuplicateColumn, at: SourceLocation(file: path, line: location.line, column: index + 1),
                        found: name))
            } else {
                firstIndex[key] = index
            }
        }
        guard let country = firstIndex["country"] else {
            fail(.csvMissingColumn, at: location, expected: "a column named country", found: header.joined(separator: ","))
            return
        }
        countryColumn = country
        roundColumn = firstIndex["round"]
        if let question = firstIndex["question_id"] {
            guard let value = firstIndex["value"] else {
                fail(.csvMissingColumn, at: location, expected: "a column named value (long layout)", found: header.joined(separator: ","))
                return
            }
            layout = .long
            questionColumn = question
            valueColumn = value
        } else {
            layout = .wide
            let reserved: Set<Int> = [country, roundColumn ?? -1]
            answerColumns = header.indices.filter { index in
                !reserved.contains(index) && firstIndex[header[index].lowercased()] == index
                    && !header[index].hasPrefix("_") && !header[index].isEmpty
            }
        }
    }

    private func fail(_ code: DiagnosticCode, at location: SourceLocation, expected: String, found: String) {
        diagnostics.append(Diagnostic(code, at: location, expected: expected, found: found))
        failed = true
    }

    private func cell(_ cells: [String], _ index: Int?) -> String? {
        guard let index, index >= 0, index < cells.count else { return nil }
        return cells[index]
    }

    private func wideRow(_ cells: [String], at location: SourceLocation) {
        submissionCount += 1
        var submission = RawSubmission(location: location, format: .wideCSV, ordinal: submissionCount)
        if let country = cell(cells, countryColumn) {
            submission.country = RawValue(country, at: column(location, countryColumn))
        }
        if let round = cell(cells, roundColumn) { submission.round = RawValue(round, at: column(location, roundColumn!)) }
        for index in answerColumns {
            guard let value = cell(cells, index), !value.allSatisfy(\.isWhitespace) else { continue }
            submission.answers.append(RawAnswer(field: header[index], values: [value], location: column(location, index)))
        }
        emit?(submission)
    }

    private func longRow(_ cells: [String], at location: SourceLocation) {
        let country = cell(cells, countryColumn) ?? ""
        let round = cell(cells, roundColumn) ?? ""
        let key = GroupKey(country: country.trimmingWhitespace(), round: round.trimmingWhitespace())
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
            pending.append(submission)
        }
        let value = cell(cells, valueColumn) ?? ""
        guard !value.allSatisfy(\.isWhitespace) else { return }
        let question = (cell(cells, questionColumn) ?? "").trimmingWhitespace()
        pending[position].answers.append(
            RawAnswer(field: question, values: [value], location: column(location, valueColumn)))
    }

    private func column(_ location: SourceLocation, _ index: Int) -> SourceLocation {
        SourceLocation(file: location.file, line: location.line, column: index + 1)
    }

    private func finish(sawData: Bool) {
        if !sawData {
            diagnostics.append(Diagnostic(.fileUnreadable, at: SourceLocation(file: path), detail: "the file is empty"))
            return
        }
        // A long-layout file that breaks half-way would give incomplete submissions: hand on none.
        if layout == .long && !failed {
            for submission in pending { emit?(submission) }
            submissionCount = pending.count
        }
        if layout != nil && dataRows == 0 && !failed {
            diagnostics.append(Diagnostic(.csvNoRows, at: SourceLocation(file: path, line: 1)))
        }
    }
}
