import Foundation
import SurveyDefinitions
import SurveyModel
import SurveyPipeline
import SurveyTestSupport
import Testing

/// The report's date of the data (issue 27), in its printed running header: the day (UTC) of the
/// latest submission time among the accepted submissions, as their senders' tools wrote it; never
/// a rejected submission's, never the clock, so `legisurvey report` rewrites the run's bytes.
@Suite struct ReportDataDateTests {
    static func submission(_ country: String, _ time: String?) -> String {
        """
        <submission xmlns="urn:unodc:legisurvey:submission:1" country="\(country)" round="2026"\(time.map { " submitted=\"\($0)\"" } ?? "")>
          <answer question="ch8_cert">yes</answer>
        </submission>
        """
    }

    static func run(_ name: String, _ files: [String: String]) async throws -> (output: URL, pipeline: Pipeline, summary: RunSummary) {
        let folder = Fixtures.temporaryFolder(name)
        let inbox = folder.appendingPathComponent("inbox")
        let output = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        for (path, text) in files { try Data(text.utf8).write(to: inbox.appendingPathComponent(path)) }
        let file = try Fixtures.pipelineFile(in: folder, input: inbox, output: output, extra: Fixtures.defaultStatisticsKeys)
        let pipeline = try Pipeline(configuration: try PipelineConfiguration.load(path: file.path))
        return (output, pipeline, try await pipeline.run())
    }

    @Test func theHeaderGivesTheLatestAcceptedSubmissionsDay() async throws {
        let (output, pipeline, summary) = try await Self.run(
            "data-date",
            [
                "deu.xml": Self.submission("DEU", "2026-04-02T09:00:00Z"),
                // 23:30 two hours behind UTC: 4 May in UTC.
                "fra.xml": Self.submission("FRA", "2026-05-03T23:30:00-02:00"),
                "ita.xml": Self.submission("ITA", nil),
                // Rejected (not a State): its later time is not the data's.
                "xxx.xml": Self.submission("XXX", "2026-09-30T10:00:00Z"),
            ])
        #expect(summary.total.accepted == 3 && summary.total.rejected == 1, "\(summary.total)")
        let report = output.appendingPathComponent("report.html")
        let html = try String(contentsOf: report, encoding: .utf8)
        #expect(html.contains("@top-center{content:\"Round 2026 · data as of 2026-05-04\";"))
        // `legisurvey report` writes the same bytes from the store.
        let bytes = try Data(contentsOf: report)
        try FileManager.default.removeItem(at: report)
        _ = try await pipeline.writeReports(languages: [.en])
        #expect(try Data(contentsOf: report) == bytes)
    }

    @Test func withoutSubmissionTimesTheHeaderNamesTheRoundOnly() async throws {
        let (output, _, summary) = try await Self.run("data-date-none", ["ita.xml": Self.submission("ITA", nil)])
        #expect(summary.total.accepted == 1)
        let html = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("@top-center{content:\"Round 2026\";"))
        #expect(!html.contains("data as of"))
    }
}
