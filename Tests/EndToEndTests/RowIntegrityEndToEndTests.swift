import Foundation
import SurveyModel
import SurveyPipeline
import SurveyDefinitions
import SurveyTestSupport
import Testing

/// Whole runs for issue 16 section 5: a file cut short, and `NA` in a country column.
@Suite struct RowIntegrityEndToEndTests {
    func run(_ files: [String: [UInt8]]) async throws -> (RunSummary, String) {
        let folder = Fixtures.temporaryFolder("rows")
        let input = folder.appendingPathComponent("inbox")
        let output = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        for (name, bytes) in files { try Data(bytes).write(to: input.appendingPathComponent(name)) }
        let pipelineFile = try Fixtures.pipelineFile(in: folder, input: input, output: output)
        let summary = try await Pipeline(configuration: try PipelineConfiguration.load(path: pipelineFile.path)).run()
        let report = try String(contentsOf: output.appendingPathComponent("validation_report.csv"), encoding: .utf8)
        return (summary, report)
    }

    /// `head -c` of Input/demo-2-wide.csv, 2000 bytes into its rows (the issue cut at 2000 bytes,
    /// when the header was shorter than questionnaire 2026.3's): the rows before the cut are
    /// accepted, the cut one is rejected as `row-truncated` at its line, and everything is accounted for.
    @Test func theDemoWideFileCutShort() async throws {
        let demo = Array(try Data(contentsOf: Fixtures.packageRoot.appendingPathComponent("Input/demo-2-wide.csv")))
        let header = try #require(demo.firstIndex(of: UInt8(ascii: "\n")))
        let cut = Array(demo.prefix(header + 1 + 2000))
        let completeLines = cut.filter { $0 == UInt8(ascii: "\n") }.count  // header + whole rows
        let (summary, report) = try await run(["cut.csv": cut])
        #expect(summary.total.isBalanced)
        #expect(summary.total.submissionsSeen == completeLines)
        #expect(summary.total.accepted == completeLines - 1)
        #expect(summary.total.rejected == 1)
        let rows = report.components(separatedBy: "\r\n").filter { $0.contains("row-truncated") }
        #expect(rows.count == 1, "\(report)")
        #expect(rows.first?.contains(",\(completeLines + 1),") == true, "\(rows)")
    }

    /// `NA` is Namibia among alpha-2 codes only; among names, in an XML file of one submission,
    /// it is rejected with `country-ambiguous-na`.
    @Test func naIsNamibiaOnlyAmongAlpha2Codes() async throws {
        let files: [String: String] = [
            "alpha2.csv": "country,round,ch8_cert\nFR,2026,yes\nNA,2026,no\n",
            "names.csv": "country,round,ch8_cert\nKenya,2026,yes\nNA,2026,no\n",
            "one.xml": #"<submission country="NA" round="2026"><answer question="ch8_cert">yes</answer></submission>"#,
        ]
        let (summary, report) = try await run(files.mapValues { Array($0.utf8) })
        #expect(summary.total.isBalanced)
        #expect(summary.total.submissionsSeen == 5)
        #expect(summary.total.accepted == 3)  // FR, NA (Namibia) and Kenya
        #expect(summary.total.rejected == 2)
        let rows = report.components(separatedBy: "\r\n").filter { $0.contains("country-ambiguous-na") }
        #expect(rows.count == 2, "\(report)")
        #expect(rows.contains { $0.contains("names.csv") } && rows.contains { $0.contains("one.xml") })
    }
}
