import ArgumentParser
import Foundation
import SurveyDefinitions
import SurveyModel
import SurveyPipeline
import SurveyPostgres

/// The `legisurvey` command line. Each command is one file in `Commands/`: it parses its
/// arguments, calls the orchestrator (SurveyPipeline), which returns values, and prints them: text
/// (`Formatting/`), `--json` and progress are the executable's. The commands that use the store are
/// `AsyncParsableCommand`s: the store protocols are async.
@main
struct LegiSurvey: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "legisurvey",
        abstract: "Extract, check, load and summarize cybercrime-legislation survey submissions.",
        version: SoftwareVersion.current,
        subcommands: [
            Run.self, Status.self, Report.self, Validate.self, Sample.self, Codes.self, QuestionnaireCommand.self, Explain.self,
            Docs.self, ReleaseCommand.self, Open.self, StoreCommand.self,
        ],
        defaultSubcommand: Run.self)

    /// Registers the PostgreSQL backend (SurveyPipeline does not link it), then runs the command.
    static func main() async {
        PostgresStore.register()
        await main(nil)
    }
}

struct PipelineOptions: ParsableArguments {
    @Option(help: "The pipeline file.")
    var pipeline = "Pipelines/default.yml"

    /// The pipeline file and its definitions, with the command line's overrides.
    func definitions(
        input: String? = nil, output: String? = nil, store: String? = nil, edition: ReportEditionOption? = nil, pdf: Bool? = nil
    ) throws -> PipelineDefinitions {
        try PipelineDefinitions.load(
            path: pipeline, input: input, output: output, store: store, internalEdition: edition.map { $0 == .internal }, pdf: pdf)
    }

    /// The orchestrator for the pipeline file, with the command line's overrides.
    func pipeline(
        input: String? = nil, output: String? = nil, store: String? = nil, edition: ReportEditionOption? = nil, pdf: Bool? = nil
    ) throws -> Pipeline {
        Pipeline(definitions: try definitions(input: input, output: output, store: store, edition: edition, pdf: pdf))
    }
}

/// `--pdf` / `--no-pdf` of `run` and `report`: print each report written to PDF by headless
/// Chromium, or not, whatever the pipeline file's `pdf:` says.
enum PDFOption {
    static let help = ArgumentHelp(
        "Also write report.pdf (report.<lang>.pdf for each other language written) by headless Chromium (chromium, chromium-browser or google-chrome on the PATH); without Chromium one line says the PDF was not written and the command still succeeds. --no-pdf: none. Default: the pipeline file's pdf (false).")
}

enum Notice {
    /// Prints lines the pipeline returned besides its result (a PDF not written), on standard
    /// error, even with `--quiet` or `--json`: the analyst asked for a file that is not there.
    static func print(_ lines: [String]) {
        for line in lines { FileHandle.standardError.write(Data("legisurvey: \(line)\n".utf8)) }
    }
}

/// `--edition public|internal` of `run` and `report`: `internal` also writes the internal edition
/// of the report and profiles (which name States in the planning tables); `public` writes the
/// public edition only, whatever the pipeline file's `internal_edition:` says.
enum ReportEditionOption: String, ExpressibleByArgument, CaseIterable {
    case `public`
    case `internal`

    static let help = ArgumentHelp(
        "public: the public edition only; internal: also report.internal.html and countries/internal/, which name States in the technical-assistance planning tables (never forward them). Default: the pipeline file's internal_edition.",
        valueName: "edition")
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

    /// ``perform(_:)`` for the commands that read or write the store (async: the store protocols are).
    static func perform(_ body: () async throws -> Int32) async throws {
        let status: Int32
        do {
            status = try await body()
        } catch {
            FileHandle.standardError.write(Data("legisurvey: error: \(error)\n".utf8))
            throw ExitCode(2)
        }
        if status != 0 { throw ExitCode(status) }
    }

    /// `--lang` values as languages; an unknown code is a one-line error.
    static func languages(_ codes: [String]) throws -> [Language] {
        try codes.map { code in
            guard let language = Language(rawValue: code.lowercased()) else {
                throw PipelineError.invalidArgument("--lang \(code): expected ar, en, es, fr, ru or zh")
            }
            return language
        }
    }
}
