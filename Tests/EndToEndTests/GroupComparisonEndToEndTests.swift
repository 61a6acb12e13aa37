import Foundation
import SurveyDefinitions
import SurveyModel
import SurveyPipeline
import SurveyTestSupport
import Testing

/// Issue 17 part 7: a group from a dated list file compared with the answer-defined group it names
/// (`compare_with:`), through a whole run: `group_comparison.csv`, the summary in the report's
/// data-quality appendix, and the same summary rebuilt by `report` from the store alone. The
/// fixture list and submissions are test fixtures, not real-world data; every expected status is
/// worked out by hand.
@Suite struct GroupComparisonEndToEndTests {
    static let list = """
        # A test fixture, not a real-world membership list.
        source: "Test fixture treaty office"
        as_of: 2026-06-01
        countries: [FRA, DEU, GHA, ITA, COK]
        """

    /// FRA listed and party (agrees); DEU listed, answered none (disagrees); GHA listed, left the
    /// question blank (not a disagreement); ITA listed, sent nothing; JPN party by its answer, not
    /// listed; KEN not listed, not a party (agrees); BRA not listed, blank; COK (listed) and NIU
    /// (party) are outside the population and never compared.
    static let inbox = """
        country,round,ch3_specific_law,ch3_instruments
        FRA,2026,yes,budapest
        DEU,2026,yes,none
        GHA,2026,yes,
        JPN,2026,yes,budapest | un_convention
        KEN,2026,no,un_convention
        BRA,2026,no,
        COK,2026,yes,un_convention
        NIU,2026,yes,budapest

        """

    static let groups = """
        groups:
          - id: budapest_parties
            label: "Parties to the Budapest Convention"
            answer: {question: ch3_instruments, options: [budapest]}
          - id: treaty_list
            label: "Budapest Convention parties (treaty office)"
            list: lists/treaty.yml
            compare_with: budapest_parties
        """

    func run(_ extra: String) async throws -> (URL, Pipeline) {
        let folder = Fixtures.temporaryFolder("group-comparison")
        let input = folder.appendingPathComponent("inbox")
        let output = folder.appendingPathComponent("out")
        try Fixtures.write(["lists/treaty.yml": Self.list, "inbox/parties.csv": Self.inbox], in: folder)
        let pipelineFile = try Fixtures.pipelineFile(in: folder, input: input, output: output, rounds: ["2026"], extra: extra)
        let pipeline = try Pipeline(configuration: try PipelineConfiguration.load(path: pipelineFile.path))
        let summary = try await pipeline.run()
        #expect(summary.total.accepted == 8)
        return (output, pipeline)
    }

    func table(_ output: URL) throws -> (header: [String], rows: [[String: String]]) {
        let rows = MinimalReader.splitCSV(try String(contentsOf: output.appendingPathComponent("group_comparison.csv"), encoding: .utf8))
        let header = try #require(rows.first)
        return (header, rows.dropFirst().filter { $0.count == header.count }.map { Dictionary(uniqueKeysWithValues: zip(header, $0)) })
    }

    /// The counts of the appendix row `data-list="treaty_list"`, by `data-status`.
    func appendixCounts(_ report: String) throws -> [String: String] {
        let start = try #require(report.range(of: "data-list=\"treaty_list\""))
        let row = report[start.lowerBound...].prefix { $0 != "\n" }.components(separatedBy: "</tr>")[0]
        var counts: [String: String] = [:]
        for cell in row.components(separatedBy: "data-status=\"").dropFirst() {
            let key = String(cell.prefix { $0 != "\"" })
            let value = cell.drop { $0 != ">" }.dropFirst().prefix { $0 != "<" }
            counts[key] = String(value)
        }
        return counts
    }

    static let expectedCounts = [
        "agree": "2", "listed_not_member": "1", "member_not_listed": "1", "listed_unanswered": "1",
        "listed_no_submission": "1", "unlisted_unanswered": "1",
    ]

    @Test func theListAndTheAnswersAreComparedStateByState() async throws {
        let (output, pipeline) = try await run(Self.groups)
        let (header, rows) = try table(output)
        #expect(header == ["round", "list_group", "answer_group", "country", "name", "status"])
        #expect(
            rows.map { "\($0["country"]!) \($0["status"]!)" } == [
                "BRA not_listed_not_answered", "DEU listed_answered_not_member", "GHA listed_not_answered",
                "ITA listed_no_submission", "JPN answered_member_not_listed",
            ])
        #expect(rows.allSatisfy { $0["round"] == "2026" && $0["list_group"] == "treaty_list" && $0["answer_group"] == "budapest_parties" })
        #expect(rows.first { $0["country"] == "DEU" }?["name"] == "Germany")

        // The appendix: per pair, the counts and the list's source and date.
        let report = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(try appendixCounts(report) == Self.expectedCounts)
        #expect(report.contains("Test fixture treaty office, as of 2026-06-01"))

        // `report` rebuilds it from the store alone.
        try FileManager.default.removeItem(at: output.appendingPathComponent("report.html"))
        _ = try await pipeline.writeReports(languages: [.en])
        let rebuilt = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(try appendixCounts(rebuilt) == Self.expectedCounts)
    }

    @Test func withoutCompareWithTheTableHasItsHeaderOnly() async throws {
        let (output, _) = try await run(Self.groups.replacingOccurrences(of: "compare_with: budapest_parties", with: ""))
        let (header, rows) = try table(output)
        #expect(header.count == 6 && rows.isEmpty)
        let report = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(!report.contains("group-comparisons"))
    }
}
