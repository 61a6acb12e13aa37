import Foundation
import SurveyModel

/// The machine-readable output of `legisurvey validate --json`: every diagnostic with its
/// place, and the accounting per file and in total. Keys are snake_case and sorted, so the
/// output is stable.
struct ValidationJSON: Encodable {
    struct Place: Encodable {
        var file: String
        var line: Int?
        var column: Int?
        var offset: Int?
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
    }
    struct Counts: Encodable {
        var submissions_seen, accepted, superseded, excluded, rejected: Int
        var answers_seen, answers_kept, answers_dropped: Int

        init(_ a: Accounting) {
            submissions_seen = a.submissionsSeen
            accepted = a.accepted
            superseded = a.superseded
            excluded = a.excluded
            rejected = a.rejected
            answers_seen = a.answersSeen
            answers_kept = a.answersKept
            answers_dropped = a.answersDropped
        }
    }
    struct File: Encodable {
        var path: String
        var format: String
        var sha256: String
        var bytes: Int
        var accounting: Counts
    }

    var files: [File]
    var total: Counts
    var diagnostics: [Entry]

    init(batch: Batch, diagnostics: [Diagnostic]) {
        files = batch.files.map {
            File(path: $0.file.path, format: $0.file.format.rawValue, sha256: $0.file.sha256, bytes: $0.file.bytes, accounting: Counts($0.accounting))
        }
        total = Counts(batch.total)
        self.diagnostics = diagnostics.map { d in
            Entry(
                code: d.code.rawValue, severity: d.severity.rawValue,
                place: Place(file: d.location.file, line: d.location.line, column: d.location.column, offset: d.location.offset),
                submission_id: d.submissionID, question_id: d.questionID, expected: d.expected, found: d.found,
                message: d.message, remedy: d.code.remedy)
        }
    }

    func encoded() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
