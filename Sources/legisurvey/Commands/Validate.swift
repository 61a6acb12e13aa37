import ArgumentParser
import SurveyModel
import SurveyPipeline
import SurveyPublish

/// `legisurvey validate`: prints each diagnostic as `file:line:column: severity: [code] question:
/// message` (or, with `--json`, one JSON document), then the accounting; exit status 1 when any
/// diagnostic is an error.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check submission files and print their diagnostics; nothing is loaded.")

    @OptionGroup var options: PipelineOptions
    @Argument(help: "Submission files (.xml, .csv, .zip, .xlsx).") var files: [String]
    @Flag(help: "Print the diagnostics and the accounting as JSON.") var json = false

    func run() throws {
        try Command.perform {
            let pipeline = try options.pipeline()
            let batch = pipeline.validate(paths: files)
            let diagnostics = batch.diagnostics.sorted { ($0.location, $0.code.rawValue) < ($1.location, $1.code.rawValue) }
            let failed = diagnostics.contains { $0.severity == .error }
            if json {
                print(try ValidationDocument(batch: batch, diagnostics: diagnostics, feedback: pipeline.feedbackContext(for: batch)).encoded())
                return failed ? 1 : 0
            }
            for diagnostic in diagnostics {
                var line = "\(diagnostic.location): \(diagnostic.severity.rawValue): [\(diagnostic.code.rawValue)]"
                if let question = diagnostic.questionID, !question.isEmpty { line += " \(question):" }
                line += " \(diagnostic.message)"
                print(line)
            }
            let total = batch.total
            print(
                "\(batch.files.count) files: \(total.submissionsSeen) submissions (\(total.accepted) accepted, "
                    + "\(total.superseded) superseded, \(total.excluded) excluded, \(total.rejected) rejected); "
                    + "\(total.answersSeen) answers (\(total.answersKept) kept, \(total.answersDropped) dropped)")
            return failed ? 1 : 0
        }
    }
}
