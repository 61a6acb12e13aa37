import Foundation
import SurveyModel
import SurveyPipeline
import SurveyDefinitions
import SurveyTestSupport
import Testing

/// Text that a spreadsheet would run as a formula never reaches an output CSV as one.
@Suite struct SpreadsheetSafetyTests {
    static let formulas = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1:A9)", "\t=1", "\r=1", "=cmd|' /C calc'!A0"]

    @Test func everyOutputCSVNeutralizesFormulas() async throws {
        let folder = Fixtures.temporaryFolder("formulas")
        let input = folder.appendingPathComponent("inbox")
        let output = folder.appendingPathComponent("out")
        var files: [String: String] = [:]
        // Formula-like text where it reaches the outputs: as a country, an answer, a question id.
        var wide = "country,ch8_cert,ch3_main_law\r\n"
        for formula in Self.formulas {
            let quoted = "\"" + formula.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            wide += "\(quoted),yes,\(quoted)\r\nFRA,\(quoted),\(quoted)\r\n"
        }
        files["a.csv"] = wide
        var long = "country,question_id,value\r\n"
        for formula in Self.formulas {
            let quoted = "\"" + formula.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            long += "DEU,\(quoted),\(quoted)\r\n"
        }
        files["b.csv"] = long
        try Fixtures.write(files, in: input)
        let pipelineFile = try Fixtures.pipelineFile(
            in: folder, input: input, output: output, extra: Fixtures.defaultStatisticsKeys)
        let summary = try await Pipeline(configuration: try PipelineConfiguration.load(path: pipelineFile.path)).run()
        #expect(summary.total.isBalanced)

        let written = try FileManager.default.contentsOfDirectory(atPath: output.path).filter { $0.hasSuffix(".csv") }
        #expect(Set(written) == Set(Pipeline.outputFiles), "every output CSV is checked")
        var checked = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: output.path) where name.hasSuffix(".csv") {
            let text = try String(contentsOf: output.appendingPathComponent(name), encoding: .utf8)
            for row in MinimalReader.splitCSV(text) {
                for cell in row {
                    checked += 1
                    guard let first = cell.first, "=+-@\t\r".contains(first) else { continue }
                    // Real numbers stay numbers.
                    #expect(Double(cell) != nil, "\(name): a cell starts like a formula: \(cell.debugDescription)")
                }
            }
        }
        #expect(checked > 100)
        let report = try String(contentsOf: output.appendingPathComponent("validation_report.csv"), encoding: .utf8)
        #expect(report.contains("'=HYPERLINK"), "the formula text is kept, neutralized")
    }
}
