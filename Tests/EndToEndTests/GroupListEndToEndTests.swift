import Foundation
import SurveyDefinitions
import SurveyModel
import SurveyPipeline
import SurveyTestSupport
import Testing

/// Issue 17 part 7 on the demo inbox: an answer-defined group is shown as self-declared in the
/// report and the SDMX structure, and a group from a fixture list file (not a real-world list)
/// gets its rows, its frame N and its source and date beside its name.
@Suite struct GroupListEndToEndTests {
    @Test func aFixtureListGroupAndASelfDeclaredGroupOnTheDemo() async throws {
        let folder = Fixtures.temporaryFolder("group-list-e2e")
        let output = folder.appendingPathComponent("out")
        try Fixtures.write([
            "lists/fixture-parties.yml": """
                # A test fixture, not a real-world membership list.
                source: "Test fixture treaty office"
                as_of: 2026-06-01
                countries: [FRA, DEU, GHA, COK]
                """,
        ], in: folder)
        let pipelineFile = try Fixtures.pipelineFile(
            in: folder, input: Fixtures.packageRoot.appendingPathComponent("Input"), output: output, rounds: ["2022", "2026"],
            extra: """
                groups:
                  - id: budapest_parties
                    label: "Parties to the Budapest Convention"
                    answer: {question: ch3_instruments, options: [budapest]}
                  - id: fixture_parties
                    label: "Fixture parties"
                    list: lists/fixture-parties.yml
                """)
        let summary = try await Pipeline(configuration: try PipelineConfiguration.load(path: pipelineFile.path)).run()
        #expect(summary.total.accepted == 124)

        let rows = MinimalReader.splitCSV(try String(contentsOf: output.appendingPathComponent("statistics.csv"), encoding: .utf8))
        let header = try #require(rows.first)
        let table = rows.dropFirst().filter { $0.count == header.count }.map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
        let listed = table.filter { $0["group_type"] == "custom" && $0["group_code"] == "fixture_parties" }
        #expect(!listed.isEmpty)
        // The Cook Islands are outside the population: N is the list ∩ the Member States.
        #expect(listed.allSatisfy { $0["n_in_group"] == "3" })

        let report = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(report.contains("Parties to the Budapest Convention — self-declared (ch3_instruments)"))
        #expect(report.contains("Fixture parties (Test fixture treaty office, as of 2026-06-01)"))
        let structure = try String(
            contentsOf: output.appendingPathComponent("statistics.sdmx-structure.xml"), encoding: .utf8)
        #expect(structure.contains("Parties to the Budapest Convention — self-declared (ch3_instruments)"))
        #expect(structure.contains("Fixture parties (Test fixture treaty office, as of 2026-06-01)"))
    }
}
