// The questionnaire workbook (`legisurvey questionnaire template`) filled in: a layout of the
// `.xlsx` reader over the same cells as a focal point's own sheets. TemplateLayout (SurveyModel)
// is the layout both the writer and this reader follow.
import Foundation
import SurveyModel

/// Reads a filled questionnaire workbook: one submission, its answers found by the hidden codes
/// beside them, never by position or by the texts a focal point sees.
///
/// - The stamp sheet says which questionnaire version the workbook was made from: the
///   submission's form version (``SubmissionMetadata/formVersion``), so it is checked against
///   that version whatever its round. A stamp from a newer layout, or without the version, refuses
///   the file (`xlsx-template-invalid`).
/// - Identification: country, round and date completed (the submission's time, for revisions).
/// - Chapter sheets: each row with a code in column A gives the answer in column C as written (a
///   label in the workbook's language, a number, a text): the Transformer reads it as any other
///   format's. An option row of a multiple-choice question gives `question/option` with 1 when its
///   cell holds the workbook's mark (or x, ✓, 1, true), 0 when it holds 0, false or -; anything
///   else (`xlsx-template-mark`) drops the question's answer: a guess could turn an unclear mark
///   into "no".
/// - Repeat sheets: each row from the 4th holding an answer is one entry, numbered in row order
///   (empty rows between entries are skipped); a nested repeat's row names its parent entry by the
///   number shown in the parent sheet's column B.
/// - A value where the workbook takes none (a row, column or sheet added) is reported
///   (`xlsx-template-changed`) and not read; the hidden lists and stamp are not answer sheets and
///   are not reported.
struct XLSXTemplateReader {
    let path: String
    let workbook: XLSXWorkbook

    /// Whether a workbook is the questionnaire workbook: it has the stamp sheet.
    static func isTemplate(_ workbook: XLSXWorkbook) -> Bool {
        workbook.sheets.contains { $0.name == TemplateLayout.stampSheet }
    }

    private var diagnostics: [Diagnostic] = []

    init(path: String, workbook: XLSXWorkbook) {
        self.path = path
        self.workbook = workbook
    }

    /// The workbook's one submission, handed on; the file's diagnostics returned.
    mutating func read(_ submit: (RawSubmission) -> Void) -> [Diagnostic] {
        var sheets: [(entry: XLSXWorkbook.SheetEntry, sheet: XLSXSheet)] = []
        for entry in workbook.sheets {
            do throws(XLSXFailure) {
                sheets.append((entry, try workbook.readSheet(entry)))
            } catch {
                return diagnostics + error.diagnostics
            }
        }
        // The stamp.
        guard let stamp = sheets.first(where: { $0.entry.name == TemplateLayout.stampSheet })?.sheet else { return diagnostics }
        var values: [String: String] = [:]
        for row in stamp.rows {
            let cells = Dictionary(row.cells.map { ($0.column, $0.value) }, uniquingKeysWith: { first, _ in first })
            if case .text(let key)? = cells[1], case .text(let value)? = cells[2] { values[key] = value }
        }
        let version = values[TemplateLayout.formatName].flatMap { Int($0) }
        guard let version, version <= TemplateLayout.formatVersion, let questionnaireVersion = values["questionnaire_version"],
            !questionnaireVersion.isEmpty
        else {
            let found =
                version.map { $0 > TemplateLayout.formatVersion ? "layout version \($0), newer than this LegiSurvey's (\(TemplateLayout.formatVersion))" : "no questionnaire_version" }
                ?? "no \(TemplateLayout.formatName) version in A1:B1"
            return diagnostics + [
                Diagnostic(
                    .xlsxTemplateInvalid, at: SourceLocation(file: path, sheet: TemplateLayout.stampSheet),
                    expected: "the stamp of a questionnaire workbook of layout version \(TemplateLayout.formatVersion) or earlier", found: found)
            ]
        }
        let marks = TemplateLayout.neutralMarks.union([values["mark"]?.trimmingWhitespace().lowercased() ?? ""].filter { !$0.isEmpty })

        var submission = RawSubmission(location: SourceLocation(file: path), format: .xlsxTemplate, ordinal: 1)
        submission.metadata.formID = values["questionnaire_id"]
        submission.metadata.formVersion = questionnaireVersion
        var repeatSheets: [(path: [String], sheet: XLSXSheet)] = []
        for (entry, sheet) in sheets where entry.name != TemplateLayout.stampSheet && entry.name != TemplateLayout.listsSheet {
            let marker = text(of: sheet, row: 1, column: TemplateLayout.codeColumn + 1) ?? ""
            if marker == TemplateLayout.identificationMarker {
                readIdentification(sheet, into: &submission)
            } else if marker.hasPrefix(TemplateLayout.chapterMarker) {
                submission.answers += readChapter(sheet, marks: marks)
            } else if marker.hasPrefix(TemplateLayout.repeatMarker) {
                let repeatPath = marker.dropFirst(TemplateLayout.repeatMarker.count).split(separator: "/").map(String.init)
                repeatSheets.append((repeatPath, sheet))
            } else if sheet.rows.contains(where: { !$0.cells.isEmpty }) {
                diagnostics.append(
                    Diagnostic(
                        .xlsxTemplateChanged, at: SourceLocation(file: path, sheet: sheet.name),
                        expected: "the sheets of the questionnaire workbook as written",
                        found: "sheet \(sheet.name)\(entry.hidden ? " (hidden)" : ""), not one of them: not read"))
            }
        }
        // Parents before their nested repeats, whatever the sheets' order.
        var entryPositions: [[String]: [Int: [Int]]] = [:]  // repeat path → entry number → positions
        for (repeatPath, sheet) in repeatSheets.sorted(by: { $0.path.count < $1.path.count }) {
            submission.answers += readRepeat(sheet, path: repeatPath, marks: marks, positions: &entryPositions)
        }
        submit(submission)
        return diagnostics
    }

    // MARK: - Cells

    /// A cell's text, errors reported and read as empty; nil when the cell is empty.
    private mutating func value(_ cell: XLSXCell, sheet: XLSXSheet, row: Int) -> String? {
        switch cell.value {
        case .text(let text): return text.isEmpty ? nil : text
        case .error(let error):
            diagnostics.append(
                Diagnostic(.xlsxCellError, at: sheet.location(path, row: row, column: cell.column), expected: "a value", found: "the spreadsheet error \(error)"))
            return nil
        case .malformed(let why):
            diagnostics.append(Diagnostic(.recordMalformed, at: sheet.location(path, row: row, column: cell.column), detail: "the cell cannot be read: \(why)"))
            return nil
        }
    }

    /// The text of a cell by 1-based row and column (the layout's codes); nil when empty.
    private func text(of sheet: XLSXSheet, row: Int, column: Int) -> String? {
        guard let found = sheet.rows.first(where: { $0.number == row }), let cell = found.cells.first(where: { $0.column == column }),
            case .text(let text) = cell.value, !text.isEmpty
        else { return nil }
        return text
    }

    private mutating func changed(_ sheet: XLSXSheet, row: Int, column: Int, _ what: String) {
        diagnostics.append(
            Diagnostic(
                .xlsxTemplateChanged, at: sheet.location(path, row: row, column: column),
                expected: "answers in the workbook's answer cells", found: what))
    }

    /// How an option's cell reads: chosen (1), not chosen (0), or unclear (nil).
    private static func mark(_ written: String, marks: Set<String>) -> String? {
        let key = written.trimmingWhitespace().lowercased()
        if marks.contains(key) { return "1" }
        if TemplateLayout.neutralNotMarked.contains(key) { return "0" }
        return nil
    }

    // MARK: - Sheets

    private mutating func readIdentification(_ sheet: XLSXSheet, into submission: inout RawSubmission) {
        let codeColumn = TemplateLayout.codeColumn + 1
        let answerColumn = TemplateLayout.answerColumn + 1
        for row in sheet.rows {
            let code = row.cells.first { $0.column == codeColumn }.flatMap { cell -> String? in
                if case .text(let text) = cell.value { return text }
                return nil
            }
            guard let cell = row.cells.first(where: { $0.column == answerColumn }),
                let written = value(cell, sheet: sheet, row: row.number)
            else { continue }
            let location = sheet.location(path, row: row.number, column: answerColumn)
            switch code {
            case TemplateLayout.countryCode?:
                submission.country = RawValue(written, at: location)
                submission.location = location
            case TemplateLayout.roundCode?: submission.round = RawValue(written, at: location)
            case TemplateLayout.submittedCode?: submission.metadata.submittedAt = written
            case let code? where code.hasPrefix("#"): break  // the header, the version shown
            default: changed(sheet, row: row.number, column: answerColumn, "a value in a row the workbook does not have: \(written)")
            }
        }
    }

    private mutating func readChapter(_ sheet: XLSXSheet, marks: Set<String>) -> [RawAnswer] {
        let codeColumn = TemplateLayout.codeColumn + 1
        let answerColumn = TemplateLayout.answerColumn + 1
        var answers: [RawAnswer] = []
        // Options of a multiple-choice question, until its last row: question → marks read.
        var options: [String: [(field: String, value: String, location: SourceLocation)]] = [:]
        var optionOrder: [String] = []
        var unclear: Set<String> = []
        for row in sheet.rows where row.number > 2 {
            let code = row.cells.first { $0.column == codeColumn }.flatMap { cell -> String? in
                if case .text(let text) = cell.value { return text.trimmingWhitespace() }
                return nil
            }
            for cell in row.cells where cell.column > codeColumn {
                guard let written = value(cell, sheet: sheet, row: row.number) else { continue }
                let location = sheet.location(path, row: row.number, column: cell.column)
                guard cell.column == answerColumn else {
                    if cell.column > answerColumn + 1 {
                        changed(sheet, row: row.number, column: cell.column, "a value in a column the workbook does not have: \(written)")
                    }
                    continue  // the question's text and notes
                }
                guard let code, !code.isEmpty else {
                    changed(sheet, row: row.number, column: cell.column, "a value in a row the workbook does not have: \(written)")
                    continue
                }
                if let slash = code.firstIndex(of: "/") {
                    let question = String(code[..<slash])
                    if options[question] == nil { optionOrder.append(question) }
                    guard let read = Self.mark(written, marks: marks) else {
                        if unclear.insert(question).inserted {
                            diagnostics.append(
                                Diagnostic(
                                    .xlsxTemplateMark, at: location, questionID: question,
                                    expected: "the mark from the cell's list (\(marks.sorted().joined(separator: ", "))) or an empty cell",
                                    found: written))
                        }
                        options[question, default: []] = []
                        continue
                    }
                    options[question, default: []].append((code, read, location))
                } else {
                    answers.append(RawAnswer(field: code, values: [written], location: location))
                }
            }
        }
        for question in optionOrder where !unclear.contains(question) {
            for option in options[question] ?? [] {
                answers.append(RawAnswer(field: option.field, values: [option.value], location: option.location))
            }
        }
        return answers
    }

    private mutating func readRepeat(
        _ sheet: XLSXSheet, path repeatPath: [String], marks: Set<String>, positions: inout [[String]: [Int: [Int]]]
    ) -> [RawAnswer] {
        let codeRow = TemplateLayout.repeatCodeRow + 1
        let firstEntry = TemplateLayout.firstEntryRow + 1
        let numberColumn = TemplateLayout.numberColumn + 1
        let parentColumn = TemplateLayout.parentColumn + 1
        var codes: [Int: String] = [:]
        for cell in sheet.rows.first(where: { $0.number == codeRow })?.cells ?? [] where cell.column > TemplateLayout.codeColumn + 1 {
            if case .text(let text) = cell.value { codes[cell.column] = text.trimmingWhitespace() }
        }
        let nested = repeatPath.count > 1
        let parentPositions = nested ? positions[Array(repeatPath.dropLast())] ?? [:] : [:]
        var answers: [RawAnswer] = []
        var numbered: [Int: [Int]] = [:]
        var count = 0
        var countInParent: [[Int]: Int] = [:]
        for row in sheet.rows where row.number >= firstEntry {
            var number = row.number - firstEntry + 1
            var parentNumber: (value: String, location: SourceLocation)?
            var found: [(column: Int, code: String, written: String, location: SourceLocation)] = []
            for cell in row.cells where cell.column > TemplateLayout.codeColumn + 1 {
                guard let written = value(cell, sheet: sheet, row: row.number) else { continue }
                let location = sheet.location(path, row: row.number, column: cell.column)
                if cell.column == numberColumn {
                    number = Int(written.trimmingWhitespace()) ?? number
                } else if nested && cell.column == parentColumn {
                    parentNumber = (written, location)
                } else if let code = codes[cell.column], !code.isEmpty {
                    found.append((cell.column, code, written, location))
                } else {
                    changed(sheet, row: row.number, column: cell.column, "a value in a column the workbook does not have: \(written)")
                }
            }
            guard !found.isEmpty else { continue }
            // Where the entry goes: its parent's positions (nested), then its own.
            var outer: [Int] = []
            if nested {
                guard let parentNumber, let parentValue = Double(parentNumber.value.trimmingWhitespace()),
                    let parent = parentPositions[Int(parentValue)], parentValue.rounded() == parentValue
                else {
                    diagnostics.append(
                        Diagnostic(
                            .repeatIndexInvalid, at: parentNumber?.location ?? sheet.location(path, row: row.number, column: parentColumn),
                            questionID: repeatPath.joined(separator: "/"),
                            expected: "the number (column B) of a filled row of the \(repeatPath.dropLast().joined(separator: "/")) sheet",
                            found: parentNumber.map { "'\($0.value)': no such row; the entry is not read" } ?? "no number; the entry is not read"))
                    continue
                }
                outer = parent
            }
            let position: Int
            if nested {
                position = (countInParent[outer] ?? 0) + 1
                countInParent[outer] = position
            } else {
                count += 1
                position = count
            }
            let entryPositions = outer + [position]
            numbered[number] = entryPositions
            // Options of a multiple-choice sub-question: all read, or none when one is unclear.
            var unclear: Set<String> = []
            var entryAnswers: [(question: String, answer: RawAnswer)] = []
            for (_, code, written, location) in found {
                var field = code
                var values = [written]
                var question = code
                if let slash = code.firstIndex(of: "/") {
                    question = String(code[..<slash])
                    guard let read = Self.mark(written, marks: marks) else {
                        if unclear.insert(question).inserted {
                            diagnostics.append(
                                Diagnostic(
                                    .xlsxTemplateMark, at: location, questionID: "\(RepeatPath(zip(repeatPath, entryPositions).map { RepeatStep($0, $1) }).field(question))",
                                    expected: "the mark from the cell's list (\(marks.sorted().joined(separator: ", "))) or an empty cell", found: written))
                        }
                        continue
                    }
                    values = [read]
                    field = code
                }
                entryAnswers.append((question, RawAnswer(field: field, values: values, location: location, groups: repeatPath, groupPositions: entryPositions)))
            }
            answers += entryAnswers.filter { !unclear.contains($0.question) }.map(\.answer)
        }
        positions[repeatPath] = numbered
        return answers
    }
}
