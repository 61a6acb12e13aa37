import Foundation
import SurveyModel

/// `Output/run_summary.json` and `legisurvey run --json`: what a run read, decided and wrote, in
/// one JSON document. Keys are snake_case and sorted. Unlike the CSV outputs it carries facts of
/// the run itself (start time, timings, run id), so two runs never write the same bytes.
struct RunSummaryJSON: Encodable {
    struct Timing: Encodable {
        var phase: String
        var seconds: Double
    }
    struct Questionnaire: Encodable {
        var id: String
        var version: String
    }
    var run_id: Int64?
    var started_at: String
    var pipeline: String
    var questionnaire: Questionnaire
    var rounds: [String]
    var total: ValidationJSON.Counts
    var files: [ValidationJSON.File]
    var diagnostics: [String: Int]
    var outputs: [String]
    var timings: [Timing]
    var total_seconds: Double
    var files_reused: Int
    var withdrawn: [Withdrawn]
    struct Withdrawn: Encodable {
        var path: String
        var submissions: Int
    }
    var submissions_per_second: Double

    init(summary: RunSummary, pipeline: Pipeline) {
        run_id = summary.runID
        started_at = summary.startedAt
        self.pipeline = pipeline.configuration.name
        questionnaire = Questionnaire(id: pipeline.questionnaire.id, version: pipeline.questionnaire.version)
        rounds = summary.rounds
        total = ValidationJSON.Counts(summary.total)
        files = summary.files.map {
            ValidationJSON.File(
                path: $0.file.path, format: $0.file.format.rawValue, sha256: $0.file.sha256, bytes: $0.file.bytes,
                accounting: ValidationJSON.Counts($0.accounting))
        }
        diagnostics = Dictionary(uniqueKeysWithValues: Severity.allCases.map { ($0.rawValue, summary.diagnosticsBySeverity[$0] ?? 0) })
        outputs = summary.outputs
        timings = summary.timings.map { Timing(phase: $0.phase, seconds: ($0.seconds * 1000).rounded() / 1000) }
        files_reused = summary.filesReused
        withdrawn = summary.withdrawn.map { Withdrawn(path: $0.path, submissions: $0.submissions) }
        let seconds = summary.timings.reduce(0) { $0 + $1.seconds }
        total_seconds = (seconds * 1000).rounded() / 1000
        submissions_per_second = seconds > 0 ? (Double(summary.total.submissionsSeen) / seconds).rounded() : 0
    }

    func encoded() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
