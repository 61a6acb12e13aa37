import ArgumentParser
import Foundation
import SurveyModel
import SurveyPipeline
import SurveyPublish

/// `legisurvey run` (also what `legisurvey` does with no subcommand): prints the summary, as text
/// or as the JSON document of `run_summary.json`; exit status 0.
struct Run: AsyncParsableCommand {
    /// Computed, not stored: `--help` lists the tables registered when it is asked for (the
    /// standard ones, and those added with `OutputTables.$added`).
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            abstract: "Run the pipeline on the inbox and write the outputs.",
            discussion: outputsHelp(OutputTables.registered.map(\.table)))
    }

    /// The `--help` discussion: one line per output table, from its description.
    static func outputsHelp(_ tables: [AnyTableDescription]) -> String {
        var text = "Writes to the output folder (columns, grain and invariants: docs/outputs.md):\n"
        for table in tables { text += "  \(table.file): \(table.summary)\n" }
        return text
            + "and \(SDMXStructure.file) (the SDMX-ML 2.1 structure of statistics.sdmx.csv), run_summary.json, report.html "
            + "(report.<lang>.html with --lang; report.pdf with --pdf), feedback/<ISO3>.<lang>.html and .txt (letters to senders), "
            + "quarantine/ for files that could not be read."
    }

    @OptionGroup var options: PipelineOptions
    @Option(help: "Inbox folder (overrides the pipeline file).") var input: String?
    @Option(help: "Output folder (overrides the pipeline file).") var output: String?
    @Option(help: "Store path (overrides the pipeline file).") var store: String?
    @Flag(help: "Print only the summary.") var quiet = false
    @Flag(help: "Print the run summary as JSON (the same document as Output/run_summary.json).") var json = false
    @Flag(help: "Parse every file again instead of reusing unchanged ones from the store's cache (the store's record of when each file arrived is kept).") var rebuild = false
    @Option(name: .customLong("lang"), help: "Also write the report in this language (ar, en, es, fr, ru, zh): report.<lang>.html.")
    var languages: [String] = []
    @Option(help: ReportEditionOption.help) var edition: ReportEditionOption?
    @Flag(inversion: .prefixedNo, help: PDFOption.help) var pdf: Bool?
    // `.unconditional`: a negative number is this option's value (refused by `validate()`), not an
    // unknown option that leaves `--wait` "missing a value".
    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("Seconds to wait for another run on the same output folder or store to finish.", valueName: "seconds"))
    var wait: Double = 600

    func validate() throws {
        guard wait.isFinite, wait >= 0 else { throw ValidationError("--wait must be a number of seconds, 0 or more") }
    }

    func run() async throws {
        try await Command.perform {
            let pipeline = try options.pipeline(input: input, output: output, store: store, edition: edition, pdf: pdf)
            let reportLanguages = try Command.languages(languages)
            // Warnings about the definitions (a register other users can read) even with --quiet:
            // they concern personal data.
            for warning in pipeline.warnings {
                FileHandle.standardError.write(Data("legisurvey: warning: \(warning)\n".utf8))
            }
            let reporter = quiet ? nil : ProgressReporter()
            let quiet = self.quiet
            let summary = try await pipeline.run(
                log: { message in
                    if !quiet { FileHandle.standardError.write(Data("legisurvey: \(message)\n".utf8)) }
                }, lockTimeout: wait, progress: reporter.map { reporter in { reporter.update($0) } },
                rebuild: rebuild, reportLanguages: reportLanguages)
            reporter?.finish()
            Notice.print(summary.notices)
            print(json ? try pipeline.runSummaryDocument(summary) : summary.text)
            return 0
        }
    }
}
