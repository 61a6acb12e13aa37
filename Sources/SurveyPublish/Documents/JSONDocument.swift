public import Foundation
public import SurveyModel

/// The JSON documents LegiSurvey writes and prints (`run_summary.json`, `run --json`,
/// `validate --json`, `status --json`): pretty-printed with sorted snake_case keys and unescaped
/// slashes, so the same content gives the same text.
public protocol JSONDocument: Encodable {}

extension JSONDocument {
    public func encoded() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}

/// An ``Accounting`` as the JSON documents write it.
public struct AccountingJSON: Encodable, Sendable {
    var submissions_seen, accepted, superseded, excluded, rejected: Int
    var answers_seen, answers_kept, answers_dropped: Int

    public init(_ a: Accounting) {
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

/// One file's report as the JSON documents write it.
struct FileJSON: Encodable {
    var path: String
    var format: String
    var sha256: String
    var bytes: Int
    var accounting: AccountingJSON

    init(_ report: FileReport) {
        path = report.file.path
        format = report.file.format.rawValue
        sha256 = report.file.sha256
        bytes = report.file.bytes
        accounting = AccountingJSON(report.accounting)
    }
}
