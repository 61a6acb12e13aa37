import Foundation
import SurveyDefinitions
import SurveyModel
import SurveyPipeline
import SurveyTestSupport
import Testing

/// A `deprecatedID` cycle in a whole run (the streamed load): one `revision-cycle` warning in the
/// store and the validation report, the kept submission the same whatever the files are called
/// (issue 16 section 6).
@Suite struct RevisionCycleRunTests {
    func run(names: (String, String)) async throws -> (kept: String, report: String, total: Accounting) {
        let folder = Fixtures.temporaryFolder("revision-cycle")
        let input = folder.appendingPathComponent("inbox")
        let output = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        let header = "country,round,ch8_cert,meta-instanceID,meta-deprecatedID\n"
        try Data((header + "FRA,2026,yes,uuid:x,uuid:y\n").utf8).write(to: input.appendingPathComponent(names.0))
        try Data((header + "FRA,2026,no,uuid:y,uuid:x\n").utf8).write(to: input.appendingPathComponent(names.1))
        let pipelineFile = try Fixtures.pipelineFile(in: folder, input: input, output: output)
        let summary = try await Pipeline(configuration: try PipelineConfiguration.load(path: pipelineFile.path)).run()
        let report = try String(contentsOf: output.appendingPathComponent("validation_report.csv"), encoding: .utf8)
        let kept = summary.files.first { $0.accounting.accepted == 1 }?.file.path ?? ""
        return (kept, report, summary.total)
    }

    @Test func aCycleIsWarnedAndKeepsTheGreatestInstanceWhateverTheFileNames() async throws {
        // uuid:y is the greater instance id (no submission times): its file is kept, first or last.
        let first = try await run(names: ("a.csv", "b.csv"))
        let second = try await run(names: ("b.csv", "a.csv"))
        #expect(first.kept == "b.csv")
        #expect(second.kept == "a.csv")
        for result in [first, second] {
            #expect(result.total.accepted == 1 && result.total.superseded == 1 && result.total.isBalanced)
            let lines = result.report.split(separator: "\n").filter { $0.contains(",revision-cycle,") }
            #expect(lines.count == 1, "\(result.report)")
            #expect(lines.first?.contains("x → y → x") == true, "\(lines)")
        }
    }
}
