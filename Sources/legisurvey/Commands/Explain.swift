import ArgumentParser
import SurveyAnalyze
import SurveyPipeline

/// `legisurvey explain …`: where a published figure comes from.
struct Explain: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the submissions behind a published figure.", subcommands: [Stat.self, Priority.self, Law.self])

    /// `legisurvey explain priority COUNTRY AREA [--round R] [--respondent ID]`.
    struct Priority: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the full arithmetic of one priority score, from the stored answers to the score in priorities_by_country.csv.")

        @OptionGroup var options: PipelineOptions
        @Option(help: "Store path (overrides the pipeline file).") var store: String?
        @Option(help: "Survey round (default: the country's latest).") var round: String?
        @Option(help: "With a respondent key in the pipeline file: whose score (priorities_by_country.csv's respondent column).")
        var respondent: String?
        @Argument(help: "Country: ISO alpha-3 or alpha-2 code, M49 code or name in any of the six languages (Maroc, Marruecos).") var country: String
        @Argument(help: "Capacity area id from the scoring model (e.g. investigations).") var area: String

        func run() async throws {
            try await Command.perform {
                let explanation = try await options.pipeline(store: store).explainPriority(
                    country: country, area: area, round: round, respondent: respondent)
                print(explanation.text, terminator: "")
                return 0
            }
        }
    }

    /// `legisurvey explain law COUNTRY [--round R]`.
    struct Law: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List a country's laws from the legislation inventory, each field with its value and the file and line it came from.",
            discussion: """
                The round defaults to the latest round the country answered (in the order of rounds: in \
                the pipeline file). Choice fields show each code with its label in the pipeline file's \
                language. See docs/legislation.md.
                """)

        @OptionGroup var options: PipelineOptions
        @Option(help: "Store path (overrides the pipeline file).") var store: String?
        @Option(help: "Survey round (default: the latest the country answered).") var round: String?
        @Argument(help: "Country: ISO alpha-3 or alpha-2 code, M49 code or name in any of the six languages (Maroc, Marruecos).") var country: String

        func run() async throws {
            try await Command.perform {
                let explanation = try await options.pipeline(store: store).explainLaws(country: country, round: round)
                print(explanation.text, terminator: "")
                return 0
            }
        }
    }

    /// `legisurvey explain stat ROUND QUESTION OPTION GROUP`.
    struct Stat: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the countries in the numerator and denominator of one statistics.csv row, with the file and line of each answer.",
            discussion: """
                GROUP is world, a region or sub-region by M49 code (002, 202) or by name in any of the six \
                languages (Africa, Afrique, África), developed, developing, ldc, lldc, sids, a custom group \
                id from the pipeline file, or type:code as in statistics.csv (region:002). For a numeric or \
                free-text question, OPTION is n.
                """)

        @OptionGroup var options: PipelineOptions
        @Option(help: "Store path (overrides the pipeline file).") var store: String?
        @Argument(help: "Survey round, as in statistics.csv.") var round: String
        @Argument(help: "Question id.") var question: String
        @Argument(help: "Option code (any_form for a legal-form item's \"any form\" share).") var option: String
        @Argument(help: "Group: M49 code or region name in any of the six languages, world, developed, developing, ldc, lldc, sids, custom id or type:code.") var group: String

        func run() async throws {
            try await Command.perform {
                let lineage = try await options.pipeline(store: store).explainStatistic(
                    round: round, question: question, option: option, group: group)
                print(lineage.text, terminator: "")
                return 0
            }
        }
    }
}
