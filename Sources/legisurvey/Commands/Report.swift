import ArgumentParser
import SurveyPipeline

/// `legisurvey report`: writes report.html (and report.<lang>.html) from what the store holds;
/// prints the paths written.
struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the HTML report (report.html, report.<lang>.html; report.internal.html with --edition internal; report.pdf with --pdf) from what the store holds.")

    @OptionGroup var options: PipelineOptions
    @Option(help: "Output folder (overrides the pipeline file).") var output: String?
    @Option(help: "Store path (overrides the pipeline file).") var store: String?
    @Option(name: .customLong("lang"), help: "Language (ar, en, es, fr, ru, zh); repeat for several. Default: the pipeline file's.")
    var languages: [String] = []
    @Option(help: ReportEditionOption.help) var edition: ReportEditionOption?
    @Flag(inversion: .prefixedNo, help: PDFOption.help) var pdf: Bool?

    func run() async throws {
        try await Command.perform {
            let pipeline = try options.pipeline(output: output, store: store, edition: edition, pdf: pdf)
            var notices: [String] = []
            for path in try await pipeline.writeReports(languages: try Command.languages(languages), notice: { notices.append($0) }) {
                print(path)
            }
            Notice.print(notices)
            return 0
        }
    }
}
