import Foundation
import SurveyAnalyze
import SurveyLoad
import SurveyModel
import SurveyPipeline
import SurveyDefinitions
import SurveyPublish
import SurveyTestSupport
import Testing

/// `legisurvey explain stat` against every published figure of the demo run: it recomputes each
/// from the stored answer rows by its own path, and must agree with statistics.csv and
/// numeric_statistics.csv.
@Suite(.serialized) struct LineageTests {
    static let input = Fixtures.packageRoot.appendingPathComponent("Input")

    /// Runs the demo once (with the project's groups and indicators) and returns the pipeline and
    /// its output folder.
    static func demoRun() async throws -> (Pipeline, URL) {
        let folder = Fixtures.temporaryFolder("lineage")
        let output = folder.appendingPathComponent("out")
        let file = try Fixtures.pipelineFile(in: folder, input: input, output: output, extra: Fixtures.defaultStatisticsKeys)
        let pipeline = try Pipeline(configuration: try PipelineConfiguration.load(path: file.path))
        _ = try await pipeline.run()
        return (pipeline, output)
    }

    /// The rows of an output CSV as header name → cell (the files have no quoted cells in these columns).
    static func rows(_ url: URL) throws -> [[String: String]] {
        let records = MinimalReader.splitCSV(try String(contentsOf: url, encoding: .utf8))
        guard let header = records.first else { return [] }
        return records.dropFirst().filter { $0.count == header.count }.map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    @Test func everyStatisticsRowOfTheDemoIsExplainedByTheCountriesItCounts() async throws {
        let (pipeline, output) = try await Self.demoRun()
        let rows = try Self.rows(output.appendingPathComponent("statistics.csv"))
        #expect(rows.count > 10_000)
        #expect(Set(rows.map { $0["group_type"]! }) == Set(GroupType.allCases.map(\.rawValue)))
        // The same explain path as the command (which opens the store per call), over the rows in
        // two halves at once, each with a store connection of its own: the suite's longest test,
        // run alone at its end, so a second core halves the test suite's tail.
        let path = pipeline.configuration.store
        let analyzer = pipeline.analyzer
        let half = (rows.count + 1) / 2
        var checked = 0
        var nonEmptyNumerators = 0
        try await withThrowingTaskGroup(of: (checked: Int, nonEmpty: Int).self) { group in
            for part in [rows[..<half], rows[half...]] {
                group.addTask { try await Self.explainEach(Array(part), store: try await SurveyStores.open(path, mustExist: true), analyzer: analyzer) }
            }
            for try await counts in group {
                checked += counts.checked
                nonEmptyNumerators += counts.nonEmpty
            }
        }
        #expect(checked == rows.count)
        #expect(nonEmptyNumerators > rows.count / 3)
    }

    /// Explains each statistics row and checks it against the row; returns the rows checked and
    /// those with a numerator that is not empty.
    static func explainEach(_ rows: [[String: String]], store: any SurveyReadStore, analyzer: Analyzer) async throws -> (checked: Int, nonEmpty: Int) {
        var checked = 0
        var nonEmptyNumerators = 0
        for row in rows {
            let lineage = try await StatisticLineage.explain(
                store: store, analyzer: analyzer, round: row["round"]!, questionID: row["question_id"]!,
                option: row["option"]!, groupName: "\(row["group_type"]!):\(row["group_code"]!)")
            let where_ = "\(row["round"]!)/\(row["question_id"]!)/\(row["option"]!)/\(row["group_type"]!):\(row["group_code"]!)"
            #expect(String(lineage.denominator.count) == row["n_responding"], "\(where_): n_responding")
            #expect(String(lineage.numerator.count) == row["n_option"], "\(where_): n_option")
            let denominator = Set(lineage.denominator.map(\.country))
            #expect(denominator.count == lineage.denominator.count, "\(where_): a country listed twice")
            #expect(Set(lineage.numerator.map(\.country)).isSubset(of: denominator), "\(where_): numerator ⊄ denominator")
            #expect(denominator.isDisjoint(with: lineage.notAnswered.map(\.country)), "\(where_): unanswered counted")
            #expect(lineage.percent.map { String(format: "%.1f", $0) } ?? "" == row["percent"], "\(where_): percent")
            #expect(lineage.flag.rawValue == row["flag"], "\(where_): flag")
            // Every counted answer names the file and line it came from.
            #expect(lineage.denominator.allSatisfy { !$0.file.isEmpty && $0.line != nil }, "\(where_): a source without a line")
            if !lineage.numerator.isEmpty { nonEmptyNumerators += 1 }
            checked += 1
        }
        return (checked, nonEmptyNumerators)
    }

    @Test func everyNumericRowOfTheDemoIsExplainedToo() async throws {
        let (pipeline, output) = try await Self.demoRun()
        let rows = try Self.rows(output.appendingPathComponent("numeric_statistics.csv"))
        #expect(rows.count > 100)
        for row in rows {
            let lineage = try await pipeline.explainStatistic(
                round: row["round"]!, question: row["question_id"]!, option: "n",
                group: "\(row["group_type"]!):\(row["group_code"]!)")
            let where_ = "\(row["round"]!)/\(row["question_id"]!)/\(row["group_type"]!):\(row["group_code"]!)"
            #expect(String(lineage.denominator.count) == row["n"], "\(where_): n")
            #expect(String(lineage.denominator.count + lineage.notAnswered.count) == row["n_submissions"], "\(where_): n_submissions")
            if let minimum = row["min"], !minimum.isEmpty {
                let values = lineage.denominator.compactMap { Double($0.answer) }
                #expect(values.count == lineage.denominator.count)
                #expect(values.min().map { Publisher.decimal($0) } == minimum, "\(where_): min")
            }
        }
    }

    @Test func theCommandPrintsTheCountriesAndRefusesWhatDoesNotExist() async throws {
        let (pipeline, _) = try await Self.demoRun()
        let lineage = try await pipeline.explainStatistic(round: "2026", question: "ch4_illegal_access", option: "any_form", group: "150")
        let text = lineage.text
        #expect(text.contains("region 150 (Europe)"))
        #expect(text.contains("n_option = \(lineage.numerator.count) of n_responding = \(lineage.denominator.count)"))
        for entry in lineage.denominator { #expect(text.contains("\(entry.country)  \(entry.answer)  \(entry.file):\(entry.line!)")) }

        func failure(_ round: String, _ question: String, _ option: String, _ group: String) async -> String {
            do {
                _ = try await pipeline.explainStatistic(round: round, question: question, option: option, group: group)
                return ""
            } catch { return "\(error)" }
        }
        #expect(await failure("2026", "ch9_nothing", "yes", "world").contains("no question 'ch9_nothing'"))
        #expect(await failure("2026", "ch8_cert", "maybe", "world").contains("expected one of: yes, no"))
        #expect(await failure("2026", "ch8_cert", "yes", "atlantis").contains("no group 'atlantis'"))
        #expect(await failure("1999", "ch8_cert", "yes", "world").contains("rounds: 2022, 2024, 2026"))
    }
}
