import ArgumentParser
import Foundation
import SurveyDefinitions
import SurveyForms
import SurveyModel
import SurveyPipeline

/// `legisurvey questionnaire …`: exports of the pipeline's questionnaire.
struct QuestionnaireCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "questionnaire",
        abstract: "Export the pipeline's questionnaire for survey tools.",
        subcommands: [XLSForm.self, Template.self])

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

    /// `legisurvey questionnaire template`: the questionnaire workbook a focal point fills in, in
    /// one language, for one round (and one country when given). Prints the path written.
    struct Template: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "template",
            abstract: "Write the questionnaire as a workbook (.xlsx) a focal point fills in, in one language.",
            discussion: """
                One sheet per chapter and per repeat group (laws, practices: one row each), drop-down \
                lists of the options in the chosen language, numbers checked as the pipeline checks \
                them. Send it to the focal point; put the filled workbook in the inbox as it comes \
                back: the pipeline reads it like any other submission (docs/formats.md).
                """)

        @OptionGroup var options: PipelineOptions
        @Option(help: "The workbook's language: ar, en, es, fr, ru or zh.")
        var lang: String
        @Option(help: "The State the workbook is for (ISO alpha-3 or alpha-2 code, M49 code or name in any of the six languages, e.g. KEN or Kenya): its name is pre-filled.")
        var country: String?
        @Option(help: "The round the workbook answers (default: the pipeline's default_round); its questionnaire version is used.")
        var round: String?
        @Option(help: "Workbook to write (default: questionnaire-<round>-<lang>[-<country>].xlsx in the pipeline's output folder).")
        var output: String?

        func run() throws {
            try Command.perform {
                let definitions = try options.definitions()
                let configuration = definitions.configuration
                guard let language = Language(rawValue: lang.lowercased()) else {
                    throw ValidationError("--lang '\(lang)': expected one of ar, en, es, fr, ru, zh")
                }
                let round = round ?? configuration.defaultRound
                if !configuration.rounds.isEmpty, !configuration.rounds.contains(round) {
                    throw ValidationError("--round '\(round)' is not a round of the pipeline file (declared: \(configuration.rounds.joined(separator: ", ")))")
                }
                var state: Country?
                if let country {
                    state = try Arguments.country(country, reference: definitions.reference, what: "--country")
                }
                let name = "questionnaire-\(round)-\(language.rawValue)\(state.map { "-" + $0.iso3 } ?? "").xlsx"
                let destination = output.map { URL(fileURLWithPath: $0).standardizedFileURL }
                    ?? configuration.output.appendingPathComponent(name)
                try QuestionnaireTemplate(
                    questionnaire: definitions.questionnaire(forRound: round), language: language,
                    labels: try definitions.formLabels(), reference: definitions.reference, rounds: configuration.rounds,
                    round: round, country: state
                ).write(to: destination)
                print(destination.path)
                return 0
            }
        }
    }
}
