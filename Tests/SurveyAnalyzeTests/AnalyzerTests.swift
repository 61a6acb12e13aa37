import Foundation
import SurveyAnalyze
import SurveyModel
import SurveyTestSupport
import Testing

@Suite struct WilsonTests {
    func percent(_ k: Int, _ n: Int) -> (String, String) {
        let bounds = Analyzer.wilson(successes: k, trials: n)
        return (String(format: "%.1f", 100 * bounds.low), String(format: "%.1f", 100 * bounds.high))
    }

    @Test func knownValues() {
        #expect(percent(3, 10) == ("10.8", "60.3"))
        #expect(percent(0, 69) == ("0.0", "5.3"))
        #expect(percent(10, 10) == ("72.2", "100.0"))
    }

    @Test func boundsStayInsideZeroToOneAndAroundTheShare() {
        for n in 1...40 {
            for k in 0...n {
                let (low, high) = Analyzer.wilson(successes: k, trials: n)
                let p = Double(k) / Double(n)
                #expect(0 <= low && low <= p + 1e-12 && p <= high + 1e-12 && high <= 1)
            }
        }
    }
}

@Suite struct ShareTests {
    let analyzer = Analyzer(questionnaire: Fixtures.questionnaire, reference: Fixtures.reference)

    func answer(_ country: String, _ question: String, _ options: [String], round: String = "2026") -> StoredAnswer {
        StoredAnswer(round: round, country: country, questionID: question, options: options, number: nil, text: nil)
    }

    func row(_ rows: [ShareStatistic], _ question: String, _ option: String, _ group: String, round: String = "2026") -> ShareStatistic? {
        rows.first { $0.round == round && $0.questionID == question && $0.option == option && $0.group.code == group }
    }

    @Test func denominatorIsTheCountriesThatAnswered() throws {
        // Europe: FRA, DEU, ITA, ESP, POL, SWE answer; NLD does not (not in the data at all).
        let europe = ["FRA", "DEU", "ITA", "ESP", "POL", "SWE"]
        var answers = europe.enumerated().map { index, country in answer(country, "ch8_cert", [index < 4 ? "yes" : "no"]) }
        answers.append(answer("BRA", "ch8_cert", ["no"]))
        answers.append(answer("NLD", "ch8_awareness", ["yes"]))  // answered something else only
        let rows = analyzer.shareStatistics(from: answers)
        let europeYes = try #require(row(rows, "ch8_cert", "yes", "150"))
        #expect(europeYes.nResponding == 6 && europeYes.nOption == 4)
        #expect(europeYes.flag == .lowReliability)
        #expect(abs(europeYes.percent! - 66.666) < 0.01)
        let worldNo = try #require(row(rows, "ch8_cert", "no", "001"))
        #expect(worldNo.nResponding == 7 && worldNo.nOption == 3)
        let americas = try #require(row(rows, "ch8_cert", "yes", "019"))
        #expect(americas.nResponding == 1 && americas.flag == .suppressed && americas.percent == nil)
        let africa = try #require(row(rows, "ch8_cert", "yes", "002"))
        #expect(africa.nResponding == 0 && africa.flag == .suppressed)
    }

    @Test func multipleChoiceSharesOfRespondingCountries() throws {
        let answers = [
            answer("FRA", "ch3_instruments", ["budapest", "un_convention"]),
            answer("DEU", "ch3_instruments", ["budapest"]),
            answer("BRA", "ch3_instruments", ["none"]),
        ]
        let rows = analyzer.shareStatistics(from: answers)
        #expect(row(rows, "ch3_instruments", "budapest", "001")?.nOption == 2)
        #expect(row(rows, "ch3_instruments", "budapest", "001")?.nResponding == 3)
        #expect(row(rows, "ch3_instruments", "none", "001")?.nOption == 1)
    }

    @Test func aRowForEveryOptionQuestionAndGroupPerRound() {
        let rows = analyzer.shareStatistics(from: [answer("FRA", "ch8_cert", ["yes"]), answer("FRA", "ch8_cert", ["no"], round: "2013")])
        let choiceQuestions = Fixtures.questionnaire.questions.filter(\.type.hasChoices)
        // Every choice, plus the derived any_form of each legal-form question.
        let options = choiceQuestions.reduce(0) { $0 + $1.choices.count + ($1.type == .legalForm ? 1 : 0) }
        // Every group in every round, also empty ones: world + regions + sub-regions of the
        // reference + developed, developing, LDC, LLDC, SIDS + outside (1 + 5 + 17 + 5 + 1 = 29).
        let groups = 1 + Fixtures.reference.regions.count + Fixtures.reference.subregions.count + 5 + 1
        #expect(groups == 29)
        #expect(rows.count == 2 * options * groups)
        #expect(Set(rows.map(\.round)) == ["2013", "2026"])
    }
}
