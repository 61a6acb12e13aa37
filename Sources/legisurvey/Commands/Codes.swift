import ArgumentParser
import SurveyModel

/// `legisurvey codes`: the diagnostic catalogue as Markdown (`docs/diagnostics.md`).
struct Codes: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the catalogue of diagnostic codes as Markdown (docs/diagnostics.md).")

    func run() throws {
        try Command.perform {
            print(DiagnosticCode.catalogueMarkdown, terminator: "")
            return 0
        }
    }
}
