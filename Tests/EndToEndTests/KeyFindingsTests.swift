import Foundation
import SurveyModel
import SurveyTestSupport
import Testing

/// The report's opening (issue 27): the date of the data, who answered, and key findings that
/// each equal a row of statistics.csv or progress.csv, chosen by the documented rules. The rules
/// are recomputed here from the CSV files and the questionnaire alone.
@Suite struct KeyFindingsTests {
    static func number(_ text: String?) -> Double? { text.flatMap { Double($0) } }

    @Test func everyKeyFindingIsARowOfTheCSVsAndTheRulesChoseIt() async throws {
        let output = try await ReportTests.shared.value
        let html = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
        let findings = ReportTests.elements(html, containing: "data-rule=")
        let statistics = try ReportTests.csv(output.appendingPathComponent("statistics.csv"))
        let progress = try ReportTests.csv(output.appendingPathComponent("progress.csv"))
        let questionnaire = Fixtures.questionnaire
        let latest = "2026"
        func question(_ id: String?) -> Question? { id.flatMap { questionnaire.question(id: $0) } }
        func isDontKnow(_ row: [String: String]) -> Bool {
            question(row["question_id"])?.choice(code: row["option"] ?? "")?.isDontKnow == true
        }
        func usable(_ row: [String: String]) -> Bool {
            row["round"] == latest && row["flag"] == "normal" && !(row["percent"] ?? "").isEmpty
                && (Int(row["n_responding"] ?? "") ?? 0) >= 10 && question(row["question_id"]) != nil && !isDontKnow(row)
        }
        func order(_ id: String) -> Int { questionnaire.questions.firstIndex { $0.id == id } ?? .max }
        func core(_ id: String) -> Bool { question(id).map { $0.chapter != .technicalAssistance } ?? false }
        func row(_ round: String?, _ questionID: String?, _ option: String?, _ group: String?) -> [String: String]? {
            statistics.first {
                $0["round"] == round && $0["question_id"] == questionID && $0["option"] == option
                    && "\($0["group_type"]!):\($0["group_code"]!)" == group
            }
        }
        let byRule = Dictionary(grouping: findings, by: { $0["rule"] ?? "" })
        #expect(Set(byRule.keys) == ["largest_share", "regional_gap", "largest_change", "least_coverage"], "\(byRule.keys)")

        // Largest world shares: each a row; and the three largest per question among eligible rows.
        let shares = byRule["largest_share"] ?? []
        for finding in shares {
            let csv = try #require(row(finding["round"], finding["question"], finding["option"], finding["group"]), "\(finding)")
            #expect(finding["percent"] == csv["percent"] && finding["n"] == csv["n_responding"], "\(finding) against \(csv)")
        }
        var best: [String: Double] = [:]
        for csv in statistics where csv["group_type"] == "world" && usable(csv) && core(csv["question_id"]!)
            && [QuestionType.singleChoice, .legalForm].contains(question(csv["question_id"])!.type)
        {
            best[csv["question_id"]!] = max(best[csv["question_id"]!] ?? 0, Double(csv["percent"]!)!)
        }
        let expectedShares = best.sorted { ($0.value, order($1.key)) > ($1.value, order($0.key)) }.prefix(3).map(\.key)
        #expect(shares.map { $0["question"]! } == expectedShares)

        // Regional gaps: both rows, and the widest gap of all eligible question × option pairs.
        let gaps = byRule["regional_gap"] ?? []
        for finding in gaps {
            let high = try #require(row(finding["round"], finding["question"], finding["option"], finding["group"]))
            let low = try #require(row(finding["round"], finding["question"], finding["option"], finding["other-group"]))
            #expect(finding["percent"] == high["percent"] && finding["other-percent"] == low["percent"])
        }
        var widest: [String: Double] = [:]
        for csv in statistics where csv["group_type"] == "region" && usable(csv) {
            let key = "\(csv["question_id"]!)|\(csv["option"]!)"
            let rows = statistics.filter { "\($0["question_id"]!)|\($0["option"]!)" == key && $0["group_type"] == "region" && usable($0) }
            let values = rows.map { Double($0["percent"]!)! }
            if values.count >= 2 { widest[csv["question_id"]!] = max(widest[csv["question_id"]!] ?? 0, values.max()! - values.min()!) }
        }
        let firstGap = try #require(gaps.first)
        let stated = Double(firstGap["percent"]!)! - Double(firstGap["other-percent"]!)!
        #expect(abs(stated - widest.values.max()!) < 0.051, "the first gap is the widest: \(stated) against \(widest.values.max()!)")

        // Largest changes: each a comparable world row of progress.csv; the largest |change|.
        let changes = byRule["largest_change"] ?? []
        #expect(!changes.isEmpty)
        let eligible = progress.filter {
            $0["group_type"] == "world" && $0["comparable"] == "yes" && !($0["change"] ?? "").isEmpty
                && (Int($0["n_baseline"] ?? "") ?? 0) >= 10 && (Int($0["n_latest"] ?? "") ?? 0) >= 10
                && question($0["question_id"]) != nil && !isDontKnow($0)
        }
        for finding in changes {
            let csv = try #require(
                eligible.first {
                    $0["question_id"] == finding["question"] && $0["option"] == finding["option"]
                        && $0["baseline_round"] == finding["baseline"] && $0["latest_round"] == finding["latest"]
                }, "\(finding)")
            #expect(finding["change"] == csv["change"])
        }
        let largest = eligible.map { abs(Double($0["change"]!)!) }.max() ?? 0
        #expect(abs(abs(Double(changes[0]["change"]!)!) - largest) < 0.051)

        // Least coverage: n answered of N, the smallest coverage of chapters 3 to 8.
        let least = byRule["least_coverage"] ?? []
        var coverage: [String: Double] = [:]
        for csv in statistics where csv["round"] == latest && csv["group_type"] == "world" && core(csv["question_id"]!) {
            coverage[csv["question_id"]!] = Double(csv["n_answered"]!)! / Double(csv["n_in_group"]!)!
        }
        for finding in least {
            let csv = try #require(statistics.first { $0["round"] == latest && $0["question_id"] == finding["question"] && $0["group_type"] == "world" })
            #expect(finding["answered"] == csv["n_answered"] && finding["size"] == csv["n_in_group"])
        }
        let first = try #require(least.first)
        #expect(coverage[first["question"]!] == coverage.values.min())

        // Each sentence links to its question's chart.
        for finding in findings { #expect(html.contains("id=\"q-\(finding["question"]!)\"")) }
    }

    @Test func theReportOpensWithTheDateOfTheDataAndWhoAnswered() async throws {
        let output = try await ReportTests.shared.value
        let html = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
        let date = try #require(ReportTests.elements(html, containing: "class=\"data-date\"").first)
        // The latest submission time of the demo (the ODK Central export's SubmissionDate).
        #expect(date["date"]?.count == 10 && date["date"]?.hasPrefix("2026-") == true, "\(date)")
        let population = try #require(ReportTests.elements(html, containing: "class=\"population\"").first)
        let responses = try ReportTests.csv(output.appendingPathComponent("responses.csv"))
        let world = try #require(responses.first { $0["round"] == "2026" && $0["group_type"] == "world" })
        #expect(population["n"] == world["n_with_submission"] && population["size"] == world["n_in_group"])
        // The opening comes before the chapters; the store's contents and the run after them.
        let order = ["id=\"response\"", "id=\"findings\"", "id=\"headline\"", "id=\"chapter-3\"", "id=\"store\""]
        let positions = order.map { html.range(of: $0)?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil } && zip(positions, positions.dropFirst()).allSatisfy { $0! < $1! }, "\(order)")
        // Every report language has the sentences in its own words.
        let arabic = try String(contentsOf: output.appendingPathComponent("report.ar.html"), encoding: .utf8)
        #expect(arabic.contains("النتائج الرئيسية") && !arabic.contains("of the States that answered chose"))
    }
}
