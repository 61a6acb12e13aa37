import Foundation
public import SurveyModel

/// The machine-readable output of `legisurvey validate --json`: every diagnostic with its
/// place, and the accounting per file and in total. Keys are snake_case and sorted, so the
/// output is stable.
public struct ValidationDocument: JSONDocument {
    struct Place: Encodable {
        var file: String
        var line: Int?
        var column: Int?
        var offset: Int?
        /// A spreadsheet's sheet, and the cell as spreadsheets name it (`Réponses!C7`).
        var sheet: String?
        var cell: String?
    }
    struct Entry: Encodable {
        var code: String
        var severity: String
        var place: Place
        var submission_id: String?
        var question_id: String?
        var expected: String?
        var found: String?
        var message: String
        var remedy: String
        /// The sender's side (validation_report.csv's columns of the same names).
        var country: String?
        var sender_language: String
        var suggestion: String?
        var message_local: String
    }
    var files: [FileJSON]
    var total: AccountingJSON
    var diagnostics: [Entry]

    /// `diagnostics` in the order they are printed.
    public init(batch: Batch, diagnostics: [Diagnostic], feedback: FeedbackContext = .plain()) {
        files = batch.files.map(FileJSON.init)
        total = AccountingJSON(batch.total)
        self.diagnostics = diagnostics.map { d in
            Entry(
                code: d.code.rawValue, severity: d.severity.rawValue,
                place: Place(file: d.location.file, line: d.location.line, column: d.location.column, offset: d.location.offset,
                    sheet: d.location.sheet, cell: d.location.cellReference),
                submission_id: d.submissionID, question_id: d.questionID, expected: d.expected, found: d.found,
                message: d.message, remedy: d.code.remedy, country: feedback.country(of: d),
                sender_language: feedback.language(of: d).rawValue, suggestion: d.suggestion?.englishText,
                message_local: feedback.localMessage(d))
        }
    }
}
