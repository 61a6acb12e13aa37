import Foundation
import SurveyAnalyze
import SurveyModel
import SurveyTestSupport
import Testing

/// The country profile builder (issue 21) on small hand-made data: what a profile says must be
/// what the answers say, "not answered" must stay not answered, respondents' answers become
/// shares, changes are listed for comparable items only, and the headline shares are the rows of
/// statistics.csv.
@Suite struct CountryProfileTests {
    static func question(_ id: String, _ chapter: Chapter = .legislation, _ type: QuestionType = .singleChoice, _ codes: [String] = ["yes", "no"])
        -> Question
    {
        Question(
            id: id, chapter: chapter, type: type, label: LocalizedText([.en: "Q \(id)", .fr: "Q \(id) fr"]), choiceList: id,
            choices: codes.map { Choice(code: $0, label: LocalizedText([.en: $0.capitalized, .fr: "\($0) fr"]), isDontKnow: $0 == "unknown") })
    }

    static func questionnaire(_ version: String, _ questions: [Question]) -> Questionnaire {
        Questionnaire(id: "fixture", version: version, title: LocalizedText([.en: "Fixture"]), questions: questions)
    }

    static func answer(_ round: String, _ country: String, _ question: String, _ options: [String] = [], number: Double? = nil, respondent: String? = nil)
        -> StoredAnswer
    {
        StoredAnswer(round: round, country: country, questionID: question, options: options, number: number, text: nil, respondent: respondent)
    }

    static func builder(
        _ questionnaires: [String: Questionnaire], rounds: [String], answers: [StoredAnswer], submissions: [AcceptedSubmission],
        headline: [HeadlineItem]? = nil
    ) -> (CountryProfileBuilder, [ShareStatistic]) {
        let latest = questionnaires[rounds.last!]!
        let versions = rounds.map { questionnaires[$0]! }.reduce(into: [Questionnaire]()) { list, q in
            if !list.contains(where: { $0.version == q.version }) { list.append(q) }
        }
        let analyzer = Analyzer(
            questionnaire: latest, reference: Fixtures.reference, rules: ReliabilityRules(suppressBelow: 1, lowReliabilityBelow: 1),
            roundQuestionnaires: questionnaires,
            crosswalkSteps: zip(versions, versions.dropFirst()).map { CrosswalkStep(from: $0, to: $1, crosswalk: nil) })
        let data = AnswerMatrix(answers: answers, submissions: submissions).orderingRounds(declared: rounds)
        let shares = analyzer.shareStatistics(from: data)
        return (
            CountryProfileBuilder(
                data: data, analyzer: analyzer, reference: Fixtures.reference, questionnaireOfRound: analyzer.questionnaire(forRound:),
                rounds: rounds, shares: shares, laws: [], practices: [], diagnostics: [], headline: headline),
            shares
        )
    }

    static func item(_ profile: CountryProfile, _ question: String, round: String? = nil) throws -> ProfileItem {
        let chosen = try #require(profile.rounds.first { $0.round == (round ?? profile.latestRound) })
        return try #require(chosen.chapters.flatMap(\.items).first { $0.question == question })
    }

    @Test func notAnsweredStaysNotAnsweredNeverNo() throws {
        let q = Self.questionnaire("1", [Self.question("q1"), Self.question("q2"), Self.question("n1", .cooperation, .integer, [])])
        let (builder, _) = Self.builder(
            ["r1": q], rounds: ["r1"],
            answers: [Self.answer("r1", "FRA", "q1", ["no"]), Self.answer("r1", "DEU", "q2", ["yes"])],
            submissions: [AcceptedSubmission(round: "r1", country: "FRA"), AcceptedSubmission(round: "r1", country: "DEU")],
            headline: q.questions.prefix(2).map { HeadlineItem(question: $0, option: "yes") })
        let france = try #require(builder.profiles().first { $0.country.iso3 == "FRA" })
        // Every question listed; q2 and n1 not answered: no answer at all, not a "no".
        let q1 = try Self.item(france, "q1"), q2 = try Self.item(france, "q2"), n1 = try Self.item(france, "n1")
        #expect(q1.answers == [ProfileAnswer(options: ["no"])])
        #expect(q2.answers.isEmpty && !q2.isAnswered)
        #expect(n1.answers.isEmpty)
        #expect(q2.options.map(\.code) == ["yes", "no"])
        #expect(q2.options[1].label.values == ["en": "No", "fr": "no fr"])
        // A headline item it did not answer: choseOption is nil (unknown), never false.
        let headline = try #require(france.headline.first { $0.question == "q2" })
        #expect(headline.choseOption == nil)
        let answered = try #require(france.headline.first { $0.question == "q1" })
        #expect(answered.choseOption == false)
        // Nothing to compare with: no previous round, no changes.
        #expect(france.previousRound == nil && france.changes == nil)
    }

    @Test func respondentsAnswersBecomeSharesOfTheStatesRespondents() throws {
        let q = Self.questionnaire("1", [Self.question("q1", .legislation, .multipleChoice, ["a", "b", "c"])])
        let answers = [
            Self.answer("r1", "FRA", "q1", ["a", "b"], respondent: "police"),
            Self.answer("r1", "FRA", "q1", ["b"], respondent: "justice"),
        ]
        let submissions = ["police", "justice", "customs"].map { AcceptedSubmission(round: "r1", country: "FRA", respondent: $0) }
        let (builder, _) = Self.builder(["r1": q], rounds: ["r1"], answers: answers, submissions: submissions)
        let france = try #require(builder.profiles().first)
        #expect(france.hasRespondents)
        #expect(france.rounds[0].respondents == ["customs", "justice", "police"])
        let item = try Self.item(france, "q1")
        #expect(item.answers.map(\.respondent) == ["justice", "police"])
        // Of the two respondents who answered (customs did not): a 1, b 2, c 0.
        #expect(item.shares == [ProfileOptionShare(option: "a", n: 1, of: 2), ProfileOptionShare(option: "b", n: 2, of: 2), ProfileOptionShare(option: "c", n: 0, of: 2)])
        #expect(builder.index().regions.flatMap(\.countries).first { $0.iso3 == "FRA" }?.status.first?.submissions == 3)
    }

    @Test func changesAreListedForComparableItemsOnly() throws {
        // Version 2 keeps q1 and q2, drops old and asks new: new is not comparable (not asked in 1).
        let v1 = Self.questionnaire("1", [Self.question("q1"), Self.question("q2"), Self.question("old")])
        let v2 = Self.questionnaire("2", [Self.question("q1"), Self.question("q2"), Self.question("new"), Self.question("q3")])
        let answers = [
            Self.answer("r1", "FRA", "q1", ["no"]), Self.answer("r1", "FRA", "q2", ["yes"]), Self.answer("r1", "FRA", "old", ["yes"]),
            Self.answer("r2", "FRA", "q1", ["yes"]), Self.answer("r2", "FRA", "q2", ["yes"]), Self.answer("r2", "FRA", "new", ["no"]),
            Self.answer("r2", "FRA", "q3", ["no"]),
        ]
        let (builder, _) = Self.builder(
            ["r1": v1, "r2": v2], rounds: ["r1", "r2"], answers: answers,
            submissions: [AcceptedSubmission(round: "r1", country: "FRA"), AcceptedSubmission(round: "r2", country: "FRA")])
        let france = try #require(builder.profiles().first)
        #expect(france.latestRound == "r2" && france.previousRound == "r1")
        let changes = try #require(france.changes)
        #expect(changes.from == "r1" && changes.to == "r2")
        // q1 changed; q2 did not; new and q3 were not asked in version 1: not comparable, not a change.
        #expect(changes.items.map(\.question) == ["q1"])
        #expect(changes.items[0].before.answers == [ProfileAnswer(options: ["no"])])
        #expect(changes.items[0].after.answers == [ProfileAnswer(options: ["yes"])])
        #expect(changes.items[0].kind == "changed")
        #expect(changes.notComparable == ["new", "q3"])
        // The earlier round is in the profile with its own questionnaire's items.
        #expect(try Self.item(france, "old", round: "r1").answers == [ProfileAnswer(options: ["yes"])])
    }

    @Test func headlineSharesAreTheStatisticsRows() throws {
        let q = Self.questionnaire("1", [Self.question("q1"), Self.question("l1", .criminalization, .legalForm, ["cyber_specific", "general", "none", "unknown"])])
        let countries = ["FRA", "DEU", "ITA", "KEN", "NGA"]
        var answers: [StoredAnswer] = []
        for (index, country) in countries.enumerated() {
            answers.append(Self.answer("r1", country, "q1", [index % 2 == 0 ? "yes" : "no"]))
            answers.append(Self.answer("r1", country, "l1", [["cyber_specific", "general", "none", "unknown", "general"][index]]))
        }
        let (builder, shares) = Self.builder(
            ["r1": q], rounds: ["r1"], answers: answers, submissions: countries.map { AcceptedSubmission(round: "r1", country: $0) })
        let profiles = builder.profiles()
        #expect(profiles.map(\.country.iso3) == countries.sorted())
        for profile in profiles {
            #expect(profile.headline.map(\.question) == ["q1", "l1"])
            for item in profile.headline {
                for share in [item.world, item.region].compactMap({ $0 }) {
                    let row = try #require(shares.first { "\($0.group)" == share.group.code && $0.questionID == item.question && $0.option == item.option.code })
                    #expect(share.percent == row.percent && share.ciLow == row.ciLow && share.ciHigh == row.ciHigh)
                    #expect(share.n == row.nOption && share.nResponding == row.nResponding && share.nAnswered == row.nAnswered)
                    #expect(share.nInGroup == row.nInGroup && share.flag == row.flag.rawValue)
                }
                #expect(item.world != nil)
                #expect(item.region != nil)
            }
            // any_form counts cyber_specific and general.
            let legal = try #require(profile.headline.first { $0.question == "l1" })
            #expect(legal.option.code == StatisticOption.anyForm)
            let answer = try #require(legal.answer.answers.first?.options.first)
            #expect(legal.choseOption == ["cyber_specific", "general"].contains(answer))
        }
        // The world's any_form share: 3 of the 4 substantive answers (unknown left out).
        let world = try #require(profiles[0].headline.first { $0.question == "l1" }?.world)
        #expect(world.n == 3 && world.nResponding == 4 && world.nAnswered == 5 && world.nUnknown == 1)
    }
}
