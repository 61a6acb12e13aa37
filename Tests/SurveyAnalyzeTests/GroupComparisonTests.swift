import Foundation
import SurveyAnalyze
import SurveyModel
import SurveyTestSupport
import Testing

/// Issue 17 part 7: a list group compared with an answer-defined group, State by State. Every
/// expected status below is worked out by hand from the fixture answers.
@Suite struct GroupComparisonTests {
    static let answerGroup = CustomGroup(
        id: "budapest_parties", label: "Parties to the Budapest Convention",
        rule: .answer(question: "ch3_instruments", options: ["budapest"]))
    /// A fixture list, not a real-world one: FRA, DEU, GHA, ITA (Member States) and COK (outside
    /// the default population).
    static let listGroup = CustomGroup(
        id: "treaty_list", label: "Fixture treaty list", rule: .countries(["FRA", "DEU", "GHA", "ITA", "COK"]),
        source: "Test fixture treaty office", asOf: "2026-06-01", compareWith: "budapest_parties")

    func answer(_ country: String, _ question: String, _ options: [String], round: String = "2026", respondent: String? = nil)
        -> StoredAnswer
    {
        StoredAnswer(round: round, country: country, questionID: question, options: options, number: nil, text: nil, respondent: respondent)
    }

    var analyzer: Analyzer {
        Analyzer(questionnaire: Fixtures.questionnaire, reference: Fixtures.reference, customGroups: [Self.answerGroup, Self.listGroup])
    }

    static let fixtureAnswers: [StoredAnswer] = {
        func a(_ country: String, _ question: String, _ options: [String], _ round: String = "2026") -> StoredAnswer {
            StoredAnswer(round: round, country: country, questionID: question, options: options, number: nil, text: nil)
        }
        return [
            a("FRA", "ch3_instruments", ["budapest"]),  // listed, member: agrees
            a("DEU", "ch3_instruments", ["none"]),  // listed, answered not a party: disagrees
            a("GHA", "ch3_specific_law", ["yes"]),  // listed, did not answer ch3_instruments: not a "no"
            // ITA: listed, no submission in 2026
            a("COK", "ch3_instruments", ["un_convention"]),  // listed but outside the population: not compared
            a("JPN", "ch3_instruments", ["budapest", "un_convention"]),  // member by its answer, not listed
            a("KEN", "ch3_instruments", ["un_convention"]),  // not listed, answered not a party: agrees
            a("NIU", "ch3_instruments", ["budapest"]),  // outside the population: not compared
            a("BRA", "ch3_specific_law", ["no"]),  // not listed, did not answer the question
            a("FRA", "ch3_instruments", ["none"], "2022"),  // 2022: listed, answered not a party
        ]
    }()

    @Test func statusesAreHandComputedAndNotAnsweringIsNeverADisagreement() {
        let data = AnswerMatrix(answers: Self.fixtureAnswers).orderingRounds(declared: ["2022", "2026"])
        let rows = analyzer.groupComparisons(from: data)
        let got = rows.map { "\($0.round) \($0.listGroup) \($0.answerGroup) \($0.country) \($0.status.rawValue)" }
        #expect(
            got == [
                "2022 treaty_list budapest_parties DEU listed_no_submission",
                "2022 treaty_list budapest_parties FRA listed_answered_not_member",
                "2022 treaty_list budapest_parties GHA listed_no_submission",
                "2022 treaty_list budapest_parties ITA listed_no_submission",
                "2026 treaty_list budapest_parties BRA not_listed_not_answered",
                "2026 treaty_list budapest_parties DEU listed_answered_not_member",
                "2026 treaty_list budapest_parties FRA agree_member",
                "2026 treaty_list budapest_parties GHA listed_not_answered",
                "2026 treaty_list budapest_parties ITA listed_no_submission",
                "2026 treaty_list budapest_parties JPN answered_member_not_listed",
                "2026 treaty_list budapest_parties KEN agree_not_member",
            ])
        // Outside the population (COK on the list, NIU answering budapest): never compared.
        #expect(!rows.contains { ["COK", "NIU"].contains($0.country) })
        // Unanswered is never counted as a disagreement.
        let gha = rows.first { $0.round == "2026" && $0.country == "GHA" }
        #expect(gha?.status.isDisagreement == false && gha?.status.isAgreement == false)

        let summaries = analyzer.groupComparisonSummaries(rows, data: data)
        #expect(summaries.map(\.round) == ["2022", "2026"])
        let latest = try! #require(summaries.last)
        #expect(latest.source == "Test fixture treaty office" && latest.asOf == "2026-06-01")
        #expect(latest.count(.agreeMember) == 1 && latest.count(.agreeNotMember) == 1)
        #expect(latest.count(.listedAnsweredNotMember) == 1 && latest.count(.answeredMemberNotListed) == 1)
        #expect(latest.count(.listedNotAnswered) == 1 && latest.count(.listedNoSubmission) == 1)
        #expect(latest.count(.notListedNotAnswered) == 1)
        #expect(summaries.first?.count(.listedNoSubmission) == 3 && summaries.first?.count(.listedAnsweredNotMember) == 1)
    }

    @Test func withARespondentKeyAStateIsAMemberWhenAnyRespondentSaysSo() {
        let answers = [
            answer("FRA", "ch3_instruments", ["none"], respondent: "ministry"),
            answer("FRA", "ch3_instruments", ["budapest"], respondent: "police"),
            answer("DEU", "ch3_specific_law", ["yes"], respondent: "ministry"),
            answer("DEU", "ch3_instruments", ["none"], respondent: "police"),
        ]
        let rows = analyzer.groupComparisons(from: AnswerMatrix(answers: answers))
        #expect(rows.first { $0.country == "FRA" }?.status == .agreeMember)
        #expect(rows.first { $0.country == "DEU" }?.status == .listedAnsweredNotMember)
    }

    @Test func withoutCompareWithThereIsNothingToCompare() {
        let plain = Analyzer(
            questionnaire: Fixtures.questionnaire, reference: Fixtures.reference,
            customGroups: [Self.answerGroup, CustomGroup(id: "l", label: "L", rule: .countries(["FRA"]))])
        let data = AnswerMatrix(answers: Self.fixtureAnswers)
        #expect(plain.groupComparisons(from: data).isEmpty)
        #expect(plain.groupComparisonSummaries([], data: data).isEmpty)
    }
}
