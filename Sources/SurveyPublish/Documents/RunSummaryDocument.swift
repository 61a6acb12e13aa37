import Foundation
public import SurveyModel

/// `Output/run_summary.json` and `legisurvey run --json`: what a run read, decided and wrote, in
/// one JSON document. Keys are snake_case and sorted. Unlike the CSV outputs it carries facts of
/// the run itself (start time, timings, run id), so two runs never write the same bytes.
public struct RunSummaryDocument: JSONDocument {
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
    var total: AccountingJSON
    var files: [FileJSON]
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
    /// `changes.csv`'s counts and the one-line digest the run prints; absent for `validate`.
    var changes: ChangesJSON?
    struct ChangesJSON: Encodable {
        var digest: String
        var countries_new: Int
        var countries_revised: Int
        var countries_withdrawn: Int
        var answers_changed: Int
        var figures_moved: Int
        var min_percent_move: Double
    }
    /// The population statistics describe and the frame's source: `code` as the pipeline file
    /// writes it, its description, its size and the vintage of the reference's `un_status`.
    var population: PopulationJSON?
    struct PopulationJSON: Encodable {
        var code: String
        var description: String
        var size: Int
        var un_status_vintage: String
    }

    public init(
        summary: RunSummary, pipeline: String, questionnaireID: String, questionnaireVersion: String,
        population: Population? = nil, reference: CountryReference? = nil
    ) {
        self.population = population.map {
            PopulationJSON(
                code: $0.code, description: $0.description, size: $0.countries.count,
                un_status_vintage: reference?.vintages["un_status"] ?? "")
        }
        run_id = summary.runID
        started_at = summary.startedAt
        self.pipeline = pipeline
        questionnaire = Questionnaire(id: questionnaireID, version: questionnaireVersion)
        rounds = summary.rounds
        total = AccountingJSON(summary.total)
        files = summary.files.map(FileJSON.init)
        diagnostics = Dictionary(uniqueKeysWithValues: Severity.allCases.map { ($0.rawValue, summary.diagnosticsBySeverity[$0] ?? 0) })
        outputs = summary.outputs
        timings = summary.timings.map { Timing(phase: $0.phase, seconds: ($0.seconds * 1000).rounded() / 1000) }
        files_reused = summary.filesReused
        withdrawn = summary.withdrawn.map { Withdrawn(path: $0.path, submissions: $0.submissions) }
        changes = summary.changes.map {
            ChangesJSON(
                digest: $0.text, countries_new: $0.countriesNew, countries_revised: $0.countriesRevised,
                countries_withdrawn: $0.countriesWithdrawn, answers_changed: $0.answersChanged, figures_moved: $0.figuresMoved,
                min_percent_move: $0.minPercentMove)
        }
        let seconds = summary.timings.reduce(0) { $0 + $1.seconds }
        total_seconds = (seconds * 1000).rounded() / 1000
        submissions_per_second = seconds > 0 ? (Double(summary.total.submissionsSeen) / seconds).rounded() : 0
    }
}
