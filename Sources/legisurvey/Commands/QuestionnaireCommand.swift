import ArgumentParser
import Foundation
import SurveyDefinitions
import SurveyForms

/// `legisurvey questionnaire …`: exports of the pipeline's questionnaire.
struct QuestionnaireCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "questionnaire",
        abstract: "Export the pipeline's questionnaire for survey tools.",
        subcommands: [XLSForm.self])

    /// `legisurvey questionnaire xlsform`: the questionnaire as an XLSForm workbook for ODK and
    /// KoboToolbox. `--output` is relative to the current directory; without it the workbook goes
    /// to `questionnaire.xlsx` in the pipeline's output folder. Prints the path written.
    struct XLSForm: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "xlsform",
            abstract: "Write the questionnaire as an XLSForm workbook (.xlsx) for ODK and KoboToolbox.")

        @OptionGroup var options: PipelineOptions
        @Option(help: "Workbook to write (default: questionnaire.xlsx in the pipeline's output folder, Output/).")
        var output: String?
        @Option(
            name: .customLong("version"),
            help: "The questionnaire version to export, one a round of the pipeline file declares (default: the latest round's).")
        var questionnaireVersion: String?

        func run() throws {
            try Command.perform {
                let definitions = try options.definitions()
                let configuration = definitions.configuration
                let destination = output.map { URL(fileURLWithPath: $0).standardizedFileURL }
                    ?? configuration.output.appendingPathComponent("questionnaire.xlsx")
                let (questionnaire, round) = try definitions.exportedVersion(questionnaireVersion)
                try XLSFormWriter(
                    questionnaire: questionnaire, defaultRound: round,
                    labels: try definitions.formLabels(), reference: definitions.reference, rounds: configuration.rounds
                ).write(to: destination)
                print(destination.path)
                return 0
            }
        }
    }
}
