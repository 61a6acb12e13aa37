import ArgumentParser
import Foundation
import SurveyPipeline

/// `legisurvey run` (also what `legisurvey` does with no subcommand): prints the summary, as text
/// or as the JSON document of `run_summary.json`; exit status 0.
struct Run: AsyncParsableCommand {
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

    func run() async throws {
        try await Command.perform {
            let pipeline = try options.pipeline(input: input, output: output, store: store)
            let reportLanguages = try Command.languages(languages)
            let reporter = quiet ? nil : ProgressReporter()
            let quiet = self.quiet
            let summary = try await pipeline.run(
                log: { message in
                    if !quiet { FileHandle.standardError.write(Data("legisurvey: \(message)\n".utf8)) }
                }, lockTimeout: wait, progress: reporter.map { reporter in { reporter.update($0) } },
                rebuild: rebuild, reportLanguages: reportLanguages)
            reporter?.finish()
            print(json ? try pipeline.runSummaryDocument(summary) : summary.text)
            return 0
        }
    }
}
