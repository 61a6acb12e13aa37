// validation_report.csv: every diagnostic of a run, one row each.

public import SurveyModel

extension Publisher {
    /// `validation_report.csv`: one row per diagnostic.
    public static let validationTable = TableDescription<Diagnostic>(
        name: "validation_report", file: "validation_report.csv",
        summary: "Every diagnostic: file, line, code, what was found.",
        grain: "one row per diagnostic of the run (current or not: see `current`)",
        columns: [
            TableColumn("file", "Path of the input file, relative to the inbox."),
            TableColumn.number("line", "1-based line, blank when the problem concerns the whole file."),
            TableColumn.number("column", "For CSV the 1-based field number; for XML libxml2's column. Blank when unknown."),
            TableColumn.number(
                "offset",
                "0-based byte offset in the file as sent, where lines mean nothing: the first byte that does not fit the encoding (`encoding-invalid`, `encoding-fallback`). Blank otherwise."
            ),
            TableColumn("submission_id", "`path#n`: the file and the submission's position in it (from 1). Blank for file-level problems."),
            TableColumn("question_id", "The question concerned, when there is one."),
            TableColumn("code", "Diagnostic code, for example `country-unknown` ([diagnostics.md](diagnostics.md))."),
            TableColumn(
                "severity",
                "`error` (the file or submission could not be used), `warning` (one answer dropped or something needs a look; the rest was kept) or `info` (for the record, for example a superseded submission)."
            ),
            TableColumn("expected", "What was expected, in words (`one of: yes, no`, `1970–2030`)."),
            TableColumn("found", "What was found, cut to 80 characters, line breaks replaced by spaces."),
            TableColumn("message", "One readable line, in English for the analyst: the code's summary, then detail, expected, found and the suggestion."),
            TableColumn(
                "current",
                "`yes` when the diagnostic describes the data as it now counts; `no` for one raised when reading a submission that a revision has since superseded (kept for lineage; left out of the run summary's counts and the report)."
            ),
            TableColumn(
                "country",
                "ISO 3166 alpha-3 code of the country concerned: the submission's, or for a file-level problem the one country all the file's submissions name. Blank when unknown (a country the reference does not know, a file with no or several countries)."
            ),
            TableColumn(
                "sender_language",
                "The language `message_local` and the country's letter are written in (`ar`, `en`, `es`, `fr`, `ru`, `zh`): the language the sender wrote its labels or headers in, else the country's configured language (reference `language:`), else `en` ([feedback.md](feedback.md))."
            ),
            TableColumn("remedy", "What to do about the code, in English for the analyst ([diagnostics.md](diagnostics.md))."),
            TableColumn(
                "suggestion",
                "What the sender probably meant, in English (`did you mean Madagascar (MDG)?`), when one candidate is clearly the closest; also at the end of `message`. Blank otherwise."
            ),
            TableColumn(
                "message_local",
                "The message for the sender, in `sender_language`: the code's meaning from the feedback texts (`feedback:`), `expected` with the options' labels in that language instead of their codes, what was found as sent, and the suggestion in that language. The English `message` when the pipeline names no feedback texts."
            ),
        ],
        invariants: [
            .row("line ≥ 1 and offset ≥ 0 when given") { row in
                (row.location.line.map { $0 >= 1 } ?? true) && (row.location.offset.map { $0 >= 0 } ?? true)
            },
            .table("ordered by file, line, column and code") {
                var previous: (SourceLocation, String)?
                return TableCheck { row in
                    defer { previous = (row.location, row.code.rawValue) }
                    guard let (location, code) = previous else { return true }
                    return location < row.location || (location == row.location && code <= row.code.rawValue)
                }
            },
        ],
        key: { "\($0.location) \($0.code.rawValue)" },
        notes: """
            The codes, their severities and what to do about each are listed in
            [diagnostics.md](diagnostics.md). Two readers: `message` and `remedy` are for the
            analyst, in English; `message_local` is for the sender, in `sender_language`, and the
            letters in `feedback/` gather a country's current problems that ask something of the
            sender ([feedback.md](feedback.md)). The suggestion is in its own column so that the
            analyst can filter on it, and at the end of `message` so that the line reads whole.
            """)

    public static var validationColumns: [String] { validationTable.headers() }

    /// The diagnostics in the report's order: by file, line, column and code (then as they came).
    public static func validationRows(_ diagnostics: [Diagnostic], feedback: FeedbackContext = .plain()) -> TableRows<Diagnostic> {
        let ordered = diagnostics.enumerated().sorted { a, b in
            let left = (a.element.location, a.element.code.rawValue, a.offset)
            let right = (b.element.location, b.element.code.rawValue, b.offset)
            if left.0 != right.0 { return left.0 < right.0 }
            if left.1 != right.1 { return left.1 < right.1 }
            return left.2 < right.2
        }.map(\.element)
        let superseded = Diagnostic.supersededSubmissions(diagnostics)
        return TableRows(ordered) { validationCells($0, current: $0.isCurrent(superseded: superseded), feedback: feedback) }
    }

    /// The cells of one line of `validation_report.csv`.
    public static func validationCells(_ diagnostic: Diagnostic, current: Bool = true, feedback: FeedbackContext = .plain()) -> [CSVCell] {
        [
            .text(diagnostic.location.file), .number(diagnostic.location.line.map(String.init) ?? ""),
            .number(diagnostic.location.column.map(String.init) ?? ""),
            .number(diagnostic.location.offset.map(String.init) ?? ""), .text(diagnostic.submissionID ?? ""),
            .text(diagnostic.questionID ?? ""), .text(diagnostic.code.rawValue), .text(diagnostic.severity.rawValue),
            .text(diagnostic.expected ?? ""), .text(diagnostic.found ?? ""), .text(diagnostic.message),
            .text(current ? "yes" : "no"), .text(feedback.country(of: diagnostic) ?? ""),
            .text(feedback.language(of: diagnostic).rawValue), .text(diagnostic.code.remedy),
            .text(diagnostic.suggestion?.englishText ?? ""), .text(feedback.localMessage(diagnostic)),
        ]
    }

    /// The text of `validation_report.csv`, ordered by file, line, column and code.
    public static func validationCSV(_ diagnostics: [Diagnostic], feedback: FeedbackContext = .plain()) throws -> String {
        try text(validationTable, validationRows(diagnostics, feedback: feedback))
    }
}
