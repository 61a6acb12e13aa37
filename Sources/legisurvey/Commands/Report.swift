import ArgumentParser
import SurveyPipeline

/// `legisurvey report`: writes report.html (and report.<lang>.html) from what the store holds;
/// prints the paths written.
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
            let pipeline = try options.pipeline(output: output, store: store)
            for path in try pipeline.writeReports(languages: try Command.languages(languages)) { print(path) }
            return 0
        }
    }
}
