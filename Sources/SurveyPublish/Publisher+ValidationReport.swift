// validation_report.csv: every diagnostic of a run, one row each.

public import SurveyModel

extension Publisher {
    /// `validation_report.csv`: one row per diagnostic.
    public static let validationColumns = [
        "file", "line", "column", "offset", "submission_id", "question_id", "code", "severity", "expected", "found",
        "message",
    ]

    /// The text of `validation_report.csv`, ordered by file, line, column and code.
    public static func validationCSV(_ diagnostics: [Diagnostic]) -> String {
        let ordered = diagnostics.enumerated().sorted { a, b in
            let left = (a.element.location, a.element.code.rawValue, a.offset)
            let right = (b.element.location, b.element.code.rawValue, b.offset)
            if left.0 != right.0 { return left.0 < right.0 }
            if left.1 != right.1 { return left.1 < right.1 }
            return left.2 < right.2
        }.map(\.element)
        var text = CSVText.header(validationColumns)
        for diagnostic in ordered {
            text += CSVText.line([
                .text(diagnostic.location.file), .number(diagnostic.location.line.map(String.init) ?? ""),
                .number(diagnostic.location.column.map(String.init) ?? ""),
                .number(diagnostic.location.offset.map(String.init) ?? ""), .text(diagnostic.submissionID ?? ""),
                .text(diagnostic.questionID ?? ""), .text(diagnostic.code.rawValue), .text(diagnostic.severity.rawValue),
                .text(diagnostic.expected ?? ""), .text(diagnostic.found ?? ""), .text(diagnostic.message),
            ])
        }
        return text
    }
}
