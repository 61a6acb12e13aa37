import ArgumentParser
import Foundation
import SurveyPipeline

/// The `legisurvey` command line: argument parsing only; the work is in SurveyPipeline.
@main
struct LegiSurvey: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "legisurvey",
        abstract: "Extract, check, load and summarize cybercrime-legislation survey submissions.",
        subcommands: [Run.self, Status.self, Report.self, Validate.self, Sample.self, Codes.self, QuestionnaireCommand.self, Explain.self],
        defaultSubcommand: Run.self)
}

struct PipelineOptions: ParsableArguments {
    @Option(help: "The pipeline file.")
    var pipeline = "Pipelines/default.yml"
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the pipeline on the inbox and write the outputs.")

    @OptionGroup var options: PipelineOptions
    @Option(help: "Inbox folder (overrides the pipeline file).") var input: String?
    @Option(help: "Output folder (overrides the pipeline file).") var output: String?
    @Option(help: "Store path (overrides the pipeline file).") var store: String?
    @Flag(help: "Print only the summary.") var quiet = false
    @Flag(help: "Print the run summary as JSON (the same document as Output/run_summary.json).") var json = false
    @Flag(help: "Parse every file again instead of reusing unchanged ones from the store's cache.") var rebuild = false
    @Option(name: .customLong("lang"), help: "Also write the report in this language (ar, en, es, fr, ru, zh): report.<lang>.html.")
    var languages: [String] = []
    @Option(help: ArgumentHelp("Seconds to wait for another run on the same store to finish.", valueName: "seconds"))
    var wait: Double = 600

    func validate() throws {
        guard wait.isFinite, wait >= 0 else { throw ValidationError("--wait must be a number of seconds, 0 or more") }
    }

    func run() throws {
        try Command.perform {
            try Commands.run(
                pipeline: options.pipeline, input: input, output: output, store: store, quiet: quiet, wait: wait, json: json,
                rebuild: rebuild, languages: languages)
        }
    }
}

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what the store holds: rounds, countries per round and region, the last runs.")

    @OptionGroup var options: PipelineOptions
    @Option(help: "Store path (overrides the pipeline file).") var store: String?
    @Option(help: "How many of the last runs to list.") var runs = 5
    @Flag(help: "Print it as JSON.") var json = false

    func run() throws {
        try Command.perform { try Commands.status(pipeline: options.pipeline, store: store, runs: runs, json: json) }
    }
}

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the HTML report (report.html, report.<lang>.html) from what the store holds.")

    @OptionGroup var options: PipelineOptions
    @Option(help: "Output folder (overrides the pipeline file).") var output: String?
    @Option(help: "Store path (overrides the pipeline file).") var store: String?
    @Option(name: .customLong("lang"), help: "Language (ar, en, es, fr, ru, zh); repeat for several. Default: the pipeline file's.")
    var languages: [String] = []

    func run() throws {
        try Command.perform {
            try Commands.report(pipeline: options.pipeline, output: output, store: store, languages: languages)
        }
    }
}

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check submission files and print their diagnostics; nothing is loaded.")

    @OptionGroup var options: PipelineOptions
    @Argument(help: "Submission files (.xml, .csv, .zip).") var files: [String]
    @Flag(help: "Print the diagnostics and the accounting as JSON.") var json = false

    func run() throws {
        try Command.perform { try Commands.validate(pipeline: options.pipeline, files: files, json: json) }
    }
}

struct Sample: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a synthetic, clearly labelled demo inbox (not any country's real answers).")

    @OptionGroup var options: PipelineOptions
    @Option(help: "Folder to write into.") var output = "Input"
    @Option(help: "Random seed.") var seed: UInt64 = 2026
    @Option(help: "Number of countries.") var countries = 72
    @Option(help: "Survey round written in the files.") var round = "2026"
    @Option(
        help: ArgumentHelp(
            "Write this many respondents over all countries instead (half XForm instances, half wide CSV), "
                + "each named in --respondent-field; for surveys of agencies and for the benchmarks."))
    var respondents: Int?
    @Option(help: "The respondent field written with --respondents.") var respondentField = "respondent_id"

    func run() throws {
        try Command.perform {
            try Commands.sample(
                pipeline: options.pipeline, output: output, seed: seed, countries: countries, round: round,
                respondents: respondents, respondentField: respondentField)
        }
    }
}

struct Codes: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the catalogue of diagnostic codes as Markdown (docs/diagnostics.md).")

    func run() throws {
        try Command.perform { Commands.codes() }
    }
}

/// `legisurvey questionnaire …`: exports of the pipeline's questionnaire.
struct QuestionnaireCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "questionnaire",
        abstract: "Export the pipeline's questionnaire for survey tools.",
        subcommands: [XLSForm.self])

    /// `legisurvey questionnaire xlsform`: the questionnaire as an XLSForm workbook for ODK and KoboToolbox.
    struct XLSForm: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "xlsform",
            abstract: "Write the questionnaire as an XLSForm workbook (.xlsx) for ODK and KoboToolbox.")

        @OptionGroup var options: PipelineOptions
        @Option(help: "Workbook to write (default: questionnaire.xlsx in the pipeline's output folder, Output/).")
        var output: String?

        func run() throws {
            try Command.perform { try Commands.questionnaireXLSForm(pipeline: options.pipeline, output: output) }
        }
    }
}

/// `legisurvey explain …`: where a published figure comes from.
struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the submissions behind a published figure.", subcommands: [Stat.self, Priority.self])

    /// `legisurvey explain priority COUNTRY AREA [--round R] [--respondent ID]`.
    struct Priority: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the full arithmetic of one priority score, from the stored answers to the score in priorities_by_country.csv.")

        @OptionGroup var options: PipelineOptions
        @Option(help: "Store path (overrides the pipeline file).") var store: String?
        @Option(help: "Survey round (default: the country's latest).") var round: String?
        @Option(help: "With a respondent key in the pipeline file: whose score (priorities_by_country.csv's respondent column).")
        var respondent: String?
        @Argument(help: "Country: ISO alpha-3 or alpha-2 code, M49 code or English name.") var country: String
        @Argument(help: "Capacity area id from the scoring model (e.g. investigations).") var area: String

        func run() throws {
            try Command.perform {
                try Commands.explainPriority(
                    pipeline: options.pipeline, store: store, country: country, area: area, round: round, respondent: respondent)
            }
        }
    }

    /// `legisurvey explain stat ROUND QUESTION OPTION GROUP`.
    struct Stat: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the countries in the numerator and denominator of one statistics.csv row, with the file and line of each answer.",
            discussion: """
                GROUP is world, a region or sub-region code (002, 202), developed, developing, ldc, lldc, \
                sids, a custom group id from the pipeline file, or type:code as in statistics.csv \
                (region:002). For a numeric or free-text question, OPTION is n.
                """)

        @OptionGroup var options: PipelineOptions
        @Option(help: "Store path (overrides the pipeline file).") var store: String?
        @Argument(help: "Survey round, as in statistics.csv.") var round: String
        @Argument(help: "Question id.") var question: String
        @Argument(help: "Option code (any_form for a legal-form item's \"any form\" share).") var option: String
        @Argument(help: "Group.") var group: String

        func run() throws {
            try Command.perform {
                try Commands.explainStat(
                    pipeline: options.pipeline, store: store, round: round, question: question, option: option, group: group)
            }
        }
    }
}

enum Command {
    /// Runs a command; a failure prints one line and exits non-zero, never a stack trace.
    static func perform(_ body: () throws -> Int32) throws {
        let status: Int32
        do {
            status = try body()
        } catch {
            FileHandle.standardError.write(Data("legisurvey: error: \(error)\n".utf8))
            throw ExitCode(2)
        }
        if status != 0 { throw ExitCode(status) }
    }
}
