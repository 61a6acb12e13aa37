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
            TableColumn("message", "One readable line: the code's summary, then detail, expected and found."),
            TableColumn(
                "current",
                "`yes` when the diagnostic describes the data as it now counts; `no` for one raised when reading a submission that a revision has since superseded (kept for lineage; left out of the run summary's counts and the report)."
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
            [diagnostics.md](diagnostics.md).
            """)

    public static var validationColumns: [String] { validationTable.headers() }

    /// The diagnostics in the report's order: by file, line, column and code (then as they came).
    public static func validationRows(_ diagnostics: [Diagnostic]) -> TableRows<Diagnostic> {
        let ordered = diagnostics.enumerated().sorted { a, b in
            let left = (a.element.location, a.element.code.rawValue, a.offset)
            let right = (b.element.location, b.element.code.rawValue, b.offset)
            if left.0 != right.0 { return left.0 < right.0 }
            if left.1 != right.1 { return left.1 < right.1 }
            return left.2 < right.2
        }.map(\.element)
        let superseded = Diagnostic.supersededSubmissions(diagnostics)
        return TableRows(ordered) { validationCells($0, current: $0.isCurrent(superseded: superseded)) }
    }

    /// The cells of one line of `validation_report.csv`.
    public static func validationCells(_ diagnostic: Diagnostic, current: Bool = true) -> [CSVCell] {
        [
            .text(diagnostic.location.file), .number(diagnostic.location.line.map(String.init) ?? ""),
            .number(diagnostic.location.column.map(String.init) ?? ""),
            .number(diagnostic.location.offset.map(String.init) ?? ""), .text(diagnostic.submissionID ?? ""),
            .text(diagnostic.questionID ?? ""), .text(diagnostic.code.rawValue), .text(diagnostic.severity.rawValue),
            .text(diagnostic.expected ?? ""), .text(diagnostic.found ?? ""), .text(diagnostic.message),
            .text(current ? "yes" : "no"),
        ]
    }

    /// The text of `validation_report.csv`, ordered by file, line, column and code.
    public static func validationCSV(_ diagnostics: [Diagnostic]) throws -> String {
        try text(validationTable, validationRows(diagnostics))
    }
}
