import Foundation
@testable import SurveyAnalyze
import SurveyDefinitions
import SurveyModel
import SurveyTestSupport
import Testing

// Issue 25, request sources: an area's request read from yes/no questions
// (`request: {questions: [...]}`). Requested when any is yes; not requested when every one is
// answered and none is yes; unknown (nil) otherwise: a blank is never a "no".
//
// Fixture (CrosswalkFixture's countries FRA DEU ITA ESP, one round "r"):
//
//          req_a  req_b  gap_q
//     FRA  yes    no     no     → requested
//     DEU  no     no     no     → not requested
//     ITA  no     -      no     → unknown
//     ESP  -      -      no     → unknown
enum RequestSourcesFixture {
    typealias F = CrosswalkFixture

    static let questionnaire = F.questionnaire(
        "1",
        [
            F.question("req_a", .singleChoice, ["yes", "no"]), F.question("req_b", .singleChoice, ["yes", "no"]),
            F.question("gap_q", .singleChoice, ["yes", "no"]),
            F.question("req_unknown", .singleChoice, ["yes", "no", "unknown"]),
            F.question("req_multi", .multipleChoice, ["yes", "no"]),
        ])

    static func file(request: String) -> String {
        """
        id: test
        version: "1"
        areas:
          - id: forensics
            chapters: ["3"]
            pillar: capacity_building
            request: \(request)
            gaps:
              - id: no_gap_q
                items: [gap_q]
                gap: {"no": 1}
                weight: 2

        """
    }

    static func load(_ text: String) throws -> ScoringModel {
        let folder = Fixtures.temporaryFolder("legisurvey-request-sources")
        try Fixtures.write(["priorities.yml": text], in: folder)
        return try ScoringModel.load(from: folder.appendingPathComponent("priorities.yml"), questionnaire: questionnaire)
    }

    static func refusal(_ text: String) -> String {
        do {
            _ = try load(text)
            return "loaded"
        } catch {
            let line = "\(error)"
            guard let range = line.range(of: "priorities.yml: ") else { return line }
            return String(line[range.upperBound...])
        }
    }

    static let data = F.data([
        "r": ["req_a": ["yes", "no", "no", ""], "req_b": ["no", "no", "", ""], "gap_q": ["no", "no", "no", "no"]]
    ])

    static let expected: [String: Bool?] = ["FRA": true, "DEU": false, "ITA": nil, "ESP": nil]
}

@Suite struct RequestSourcesTests {
    typealias R = RequestSourcesFixture

    @Test func theQuestionsFormLoads() throws {
        let model = try R.load(R.file(request: "{questions: [req_a, req_b], weight: 2}"))
        let request = try #require(model.areas.first?.request)
        #expect(request.questionIDs == ["req_a", "req_b"])
        #expect(request.sources.allSatisfy { $0.yes == ["yes"] } && request.weight == 2)
        // The weight may be left out (0).
        #expect(try R.load(R.file(request: "{questions: [req_a]}")).areas.first?.request?.weight == 0)
        // The old form still loads.
        let old = try R.load(R.file(request: "{question: req_multi, options: [yes], weight: 1}"))
        #expect(old.areas.first?.request == ScoringModel.Request(questionID: "req_multi", options: ["yes"], weight: 1))
    }

    @Test func anythingButYesNoSingleChoiceIsRefusedNamingTheArea() {
        #expect(
            R.refusal(R.file(request: "{questions: [req_multi]}"))
                == "areas: forensics: request question 'req_multi' is not a yes/no single-choice question (multiple_choice; options yes, no): request.questions takes questions answered yes or no")
        #expect(
            R.refusal(R.file(request: "{questions: [req_unknown]}"))
                == "areas: forensics: request question 'req_unknown' is not a yes/no single-choice question (single_choice; options yes, no, unknown): request.questions takes questions answered yes or no")
        #expect(
            R.refusal(R.file(request: "{questions: [req_none]}"))
                == "areas: forensics: request question 'req_none' is not in the questionnaire")
        #expect(
            R.refusal(R.file(request: "{questions: []}"))
                == "areas: forensics: request.questions lists each yes/no question once and at least one")
        #expect(
            R.refusal(R.file(request: "{questions: [req_a], question: req_multi, options: [yes]}"))
                == "areas: forensics: request has either questions (yes/no questions) or question and options, not both")
    }

    /// yes+no → requested, no+no → not requested, no+blank → unknown, blank+blank → unknown; on
    /// the row path and the compact path alike.
    @Test func requestedNotRequestedUnknown() throws {
        let model = try R.load(R.file(request: "{questions: [req_a, req_b], weight: 2}"))
        let area = try #require(model.areas.first)
        for country in CrosswalkFixture.countries {
            let answers = R.data.answers(of: country, in: "r")
            let row = Analyzer.score(area: area, answers: answers, round: "r", country: country)
            #expect(row.requested == R.expected[country]!, "row path, \(country)")
        }
        let analyzer = CrosswalkFixture.analyzer([R.questionnaire], [], rounds: ["r"])
        var compact: [String: Bool?] = [:]
        analyzer.compactPriorityScores(from: R.data, model: model).forEachRow { compact[$0.country] = $0.requested }
        #expect(compact == R.expected)
        // The request text names each answered source.
        let fra = Analyzer.score(area: area, answers: R.data.answers(of: "FRA", in: "r"), round: "r", country: "FRA")
        #expect(fra.requestAnswers == "req_a=yes; req_b=no")
    }
}
