import Foundation
import SurveyModel
import SurveyTestSupport
import Testing

/// Charts that show the whole answer (issue 27): every single-choice and legal-form question has a
/// 100% bar per group with one segment per option and one for the States that did not answer, its
/// counts those of statistics.csv; every numeric question has its quartiles by group, those of
/// numeric_statistics.csv; no label is cut.
@Suite struct ReportChartTests {
    /// Each element with `marker`, with its own `data-` attributes and the attributes of the
    /// elements inside it up to the closing `</g>` (segments of a stacked bar).
    static func groups(_ html: String, marker: String) -> [(attributes: [String: String], parts: [[String: String]])] {
        html.components(separatedBy: "<g ").dropFirst().filter { $0.hasPrefix(marker) }.map { piece in
            let body = String(piece[..<(piece.range(of: "</g>")?.lowerBound ?? piece.endIndex)])
            let own = ReportTests.elements("<" + body, containing: marker).first ?? [:]
            return (own, ReportTests.elements(body, containing: "class=\"segment "))
        }
    }

    @Test func everySingleChoiceQuestionShowsEveryOptionAndTheStatesThatDidNotAnswer() async throws {
        let output = try await ReportTests.shared.value
        let html = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
        var statistics: [String: [String: String]] = [:]
        for row in try ReportTests.csv(output.appendingPathComponent("statistics.csv")) {
            statistics["\(row["round"]!)|\(row["question_id"]!)|\(row["option"]!)|\(row["group_type"]!):\(row["group_code"]!)"] = row
        }
        let bars = Self.groups(html, marker: "class=\"stacked-bar\"")
        let questions = Fixtures.questionnaire.questions.filter { $0.type == .singleChoice || $0.type == .legalForm }
        #expect(Set(bars.map { $0.attributes["question"] ?? "" }) == Set(questions.map(\.id)), "a chart per question")
        for bar in bars {
            let question = try #require(Fixtures.questionnaire.question(id: bar.attributes["question"] ?? ""))
            #expect(bar.parts.map { $0["option"] ?? "" } == question.choices.map(\.code) + ["not_answered"], "\(question.id)")
            let size = try #require(Int(bar.attributes["n-in-group"] ?? ""))
            #expect(bar.parts.compactMap { Int($0["count"] ?? "") }.reduce(0, +) == size, "\(question.id) \(bar.attributes["group"]!): the segments add up to N")
            for part in bar.parts where part["option"] != "not_answered" {
                let row = try #require(statistics["\(bar.attributes["round"]!)|\(question.id)|\(part["option"]!)|\(bar.attributes["group"]!)"])
                #expect(part["count"] == row["n_option"] && bar.attributes["answered"] == row["n_answered"] && bar.attributes["n-in-group"] == row["n_in_group"])
            }
        }
        #expect(bars.count >= questions.count * 6, "world and five regions each")
        // Labels wrap; none is cut with an ellipsis.
        for text in html.components(separatedBy: "<text").dropFirst() {
            let content = text.prefix(400)
            #expect(!content.contains("…</"), "a chart label is cut: \(content.prefix(120))")
        }
    }

    @Test func everyNumericQuestionHasItsDistribution() async throws {
        let output = try await ReportTests.shared.value
        let html = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
        let numeric = try ReportTests.csv(output.appendingPathComponent("numeric_statistics.csv"))
        let boxes = ReportTests.elements(html, containing: "class=\"distribution\"")
        let questions = Fixtures.questionnaire.questions.filter(\.type.isNumeric)
        #expect(!questions.isEmpty)
        for question in questions {
            let world = try #require(boxes.first { $0["question"] == question.id && $0["group"] == "world:001" }, "\(question.id)")
            let row = try #require(numeric.first { $0["round"] == world["round"] && $0["question_id"] == question.id && $0["group_type"] == "world" })
            #expect(world["n"] == row["n"] && world["median"] == row["median"] && world["p25"] == row["p25"] && world["p75"] == row["p75"], "\(question.id): \(world) against \(row)")
        }
    }
}
