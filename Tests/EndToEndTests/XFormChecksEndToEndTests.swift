import Foundation
import SurveyDefinitions
import SurveyModel
import SurveyPipeline
import SurveyTestSupport
import Testing

/// Issue 17 part 6 with an XForm questionnaire, through a whole run: the checks file the pipeline
/// names (`checks:`) fires in `validation_report.csv` and is summarised in the report's appendix.
@Suite struct XFormChecksEndToEndTests {
    @Test func aChecksFileBesideAnXFormFiresInAWholeRun() async throws {
        let folder = Fixtures.temporaryFolder("xform-checks")
        let output = folder.appendingPathComponent("out")
        try Fixtures.write([
            "checks.yml": """
                checks:
                  - id: specific-law-citation
                    severity: warning
                    if: {question: ch3_specific_law, selected: ["yes"]}
                    then: {question: ch3_main_law, answered: true}
                    message: {ar: "a", en: "Specific law but no citation", es: "e", fr: "f", ru: "r", zh: "z"}
                """,
            // FRA fires (no citation); DEU cites its law; GHA has no specific law.
            "inbox/answers.csv": "country,round,ch3_specific_law,ch3_main_law\nFRA,2026,yes,\nDEU,2026,yes,Law 1\nGHA,2026,no,\n",
        ], in: folder)
        let pipelineFile = try Fixtures.pipelineFile(
            in: folder, input: folder.appendingPathComponent("inbox"), output: output,
            questionnaire: Fixtures.packageRoot.appendingPathComponent("Tests/Fixtures/xform/cybercrime-mini.xml"),
            extra: "checks: checks.yml\n")
        let summary = try await Pipeline(configuration: try PipelineConfiguration.load(path: pipelineFile.path)).run()
        #expect(summary.total.accepted == 3)
        let rows = MinimalReader.splitCSV(try String(contentsOf: output.appendingPathComponent("validation_report.csv"), encoding: .utf8))
        let firings = rows.filter { $0.contains("consistency-check") }
        #expect(firings.count == 1)
        #expect(firings.first?.contains { $0.contains("check specific-law-citation [FRA]") } == true)
        let report = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(report.contains("data-check=\"specific-law-citation\" data-submissions=\"1\""))
    }
}
