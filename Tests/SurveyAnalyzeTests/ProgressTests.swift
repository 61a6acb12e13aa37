import Foundation
import SurveyAnalyze
import SurveyModel
import SurveyTestSupport
import Testing

// Acceptance test: a two-round fixture where 4 countries change answers and 3 answer only one
// round. Every expectation is counted by hand from the table below.
//
//                 ch3_instruments                    ch4_illegal_access            ch8_cert
//          2022          2026                        2022           2026           2022  2026
//   FRA    budapest      un_convention budapest *    cyber_specific cyber_specific yes   yes
//   DEU    budapest      budapest                    general        cyber_specific * yes yes
//   ITA    budapest      budapest                    general        general        no    yes *
//   ESP    budapest      budapest                    cyber_specific cyber_specific yes   yes
//   POL    none          budapest *                  not_crim.      not_crim.      no    yes *
//   SWE    —             budapest                    general        general        yes   yes
//   BRA    none          (no 2026 submission)        unknown                       no
//   KEN    (no 2022)     malabo un_convention                       general              yes
//   NLD    (no 2022)     budapest                                   cyber_specific       no
//
// * = changed. Changers: FRA, DEU, ITA, POL (4; POL twice). Unchanged panel countries: ESP, SWE
// (SWE did not answer ch3_instruments in 2022: no transition, and not in that item's panel).
// One round only: BRA (2022), KEN and NLD (2026) → 3. Submissions: 7 in 2022, 8 in 2026, 6 in both.
// Regions: all but BRA (Americas, 419) and KEN (Africa, 202) are in Europe (150).
//
// Default reliability rules (suppress < 5, low < 10) are kept: the world and Europe have at
// least 5 respondents (and a panel of at least 5) in every row checked with a percent.
enum TwoRoundFixture {
    static let rows: [(String, String, String, [String])] = [
        ("2022", "FRA", "ch3_instruments", ["budapest"]),
        ("2022", "DEU", "ch3_instruments", ["budapest"]),
        ("2022", "ITA", "ch3_instruments", ["budapest"]),
        ("2022", "ESP", "ch3_instruments", ["budapest"]),
        ("2022", "POL", "ch3_instruments", ["none"]),
        ("2022", "BRA", "ch3_instruments", ["none"]),
        ("2026", "FRA", "ch3_instruments", ["un_convention", "budapest"]),  // stored out of questionnaire order
        ("2026", "DEU", "ch3_instruments", ["budapest"]),
        ("2026", "ITA", "ch3_instruments", ["budapest"]),
        ("2026", "ESP", "ch3_instruments", ["budapest"]),
        ("2026", "POL", "ch3_instruments", ["budapest"]),
        ("2026", "SWE", "ch3_instruments", ["budapest"]),
        ("2026", "KEN", "ch3_instruments", ["malabo", "un_convention"]),
        ("2026", "NLD", "ch3_instruments", ["budapest"]),

        ("2022", "FRA", "ch4_illegal_access", ["cyber_specific"]),
        ("2022", "DEU", "ch4_illegal_access", ["general"]),
        ("2022", "ITA", "ch4_illegal_access", ["general"]),
        ("2022", "ESP", "ch4_illegal_access", ["cyber_specific"]),
        ("2022", "POL", "ch4_illegal_access", ["not_criminalized"]),
        ("2022", "SWE", "ch4_illegal_access", ["general"]),
        ("2022", "BRA", "ch4_illegal_access", ["unknown"]),
        ("2026", "FRA", "ch4_illegal_access", ["cyber_specific"]),
        ("2026", "DEU", "ch4_illegal_access", ["cyber_specific"]),
        ("2026", "ITA", "ch4_illegal_access", ["general"]),
        ("2026", "ESP", "ch4_illegal_access", ["cyber_specific"]),
        ("2026", "POL", "ch4_illegal_access", ["not_criminalized"]),
        ("2026", "SWE", "ch4_illegal_access", ["general"]),
        ("2026", "KEN", "ch4_illegal_access", ["general"]),
        ("2026", "NLD", "ch4_illegal_access", ["cyber_specific"]),

        ("2022", "FRA", "ch8_cert", ["yes"]),
        ("2022", "DEU", "ch8_cert", ["yes"]),
        ("2022", "ITA", "ch8_cert", ["no"]),
        ("2022", "ESP", "ch8_cert", ["yes"]),
        ("2022", "POL", "ch8_cert", ["no"]),
        ("2022", "SWE", "ch8_cert", ["yes"]),
        ("2022", "BRA", "ch8_cert", ["no"]),
        ("2026", "FRA", "ch8_cert", ["yes"]),
        ("2026", "DEU", "ch8_cert", ["yes"]),
        ("2026", "ITA", "ch8_cert", ["yes"]),
        ("2026", "ESP", "ch8_cert", ["yes"]),
        ("2026", "POL", "ch8_cert", ["yes"]),
        ("2026", "SWE", "ch8_cert", ["yes"]),
        ("2026", "KEN", "ch8_cert", ["yes"]),
        ("2026", "NLD", "ch8_cert", ["no"]),
    ]

    static var data: AnswerMatrix {
        let answers = rows.map { StoredAnswer(round: $0.0, country: $0.1, questionID: $0.2, options: $0.3, number: nil, text: nil) }
        let submissions = Set(rows.map { AcceptedSubmission(round: $0.0, country: $0.1) })
        return AnswerMatrix(answers: answers, submissions: Array(submissions))
    }

    static let analyzer = Analyzer(
        questionnaire: Fixtures.questionnaire, reference: Fixtures.reference,
        customGroups: [CustomGroup(id: "budapest_parties", label: "Budapest", rule: .answer(question: "ch3_instruments", options: ["budapest"]))])

    static let pair = RoundPair(baseline: "2022", latest: "2026")
}

@Suite struct RoundPairTests {
    @Test func defaultsToEarliestAndLatest() {
        let data = TwoRoundFixture.data
        #expect(data.roundIDs == ["2022", "2026"])
        #expect(data.countries(in: "2022") == ["BRA", "DEU", "ESP", "FRA", "ITA", "POL", "SWE"])
        #expect(data.countries(in: "2026") == ["DEU", "ESP", "FRA", "ITA", "KEN", "NLD", "POL", "SWE"])
        #expect(RoundPair.resolve(baseline: nil, latest: nil, in: data) == RoundPair(baseline: "2022", latest: "2026"))
        #expect(RoundPair.resolve(baseline: "2022", latest: "2026", in: data) == RoundPair(baseline: "2022", latest: "2026"))
        // Same round twice, or a round without submissions: no pair.
        #expect(RoundPair.resolve(baseline: "2026", latest: nil, in: data) == nil)
        #expect(RoundPair.resolve(baseline: "2013", latest: nil, in: data) == nil)
        #expect(RoundPair.resolve(baseline: nil, latest: "2030", in: data) == nil)
    }

    @Test func threeRoundsAndOneRound() {
        // Rounds 2013, 2022, 2026 → default 2013 → 2026; a named baseline keeps the latest default.
        let three = AnswerMatrix(answers: [], submissions: [
            AcceptedSubmission(round: "2026", country: "FRA"), AcceptedSubmission(round: "2013", country: "FRA"),
            AcceptedSubmission(round: "2022", country: "FRA"),
        ])
        #expect(RoundPair.resolve(baseline: nil, latest: nil, in: three) == RoundPair(baseline: "2013", latest: "2026"))
        #expect(RoundPair.resolve(baseline: "2022", latest: nil, in: three) == RoundPair(baseline: "2022", latest: "2026"))
        #expect(RoundPair.resolve(baseline: nil, latest: "2022", in: three) == RoundPair(baseline: "2013", latest: "2022"))
        // A single round: nothing to compare.
        let one = AnswerMatrix(answers: [], submissions: [AcceptedSubmission(round: "2026", country: "FRA")])
        #expect(RoundPair.resolve(baseline: nil, latest: nil, in: one) == nil)
        #expect(RoundPair.resolve(baseline: nil, latest: nil, in: AnswerMatrix(answers: [])) == nil)
    }
}

@Suite struct ProgressTests {
    let rows = TwoRoundFixture.analyzer.progress(from: TwoRoundFixture.data, rounds: TwoRoundFixture.pair)

    func row(_ question: String, _ option: String, _ group: CountryGroup) -> ProgressRow? {
        rows.first { $0.questionID == question && $0.option == option && $0.group == group }
    }

    static let europe = CountryGroup(type: .region, code: "150")

    /// Checks one side: n responding, n choosing, percent.
    func check(_ share: RoundShare, _ n: Int, _ count: Int, _ percent: Double?, _ label: String) {
        #expect(share.nResponding == n, "\(label): n")
        #expect(share.nOption == count, "\(label): count")
        if let percent {
            #expect(close(share.percent, percent), "\(label): \(String(describing: share.percent)) ≠ \(percent)")
        } else {
            #expect(share.percent == nil && share.flag == .suppressed, "\(label)")
        }
    }

    @Test func yesNoWorld() throws {
        // ch8_cert yes, world:
        //   2022: FRA DEU ESP SWE yes of 7 (BRA no, ITA no, POL no) → 4/7 = 57.142857%
        //   2026: all but NLD of 8 → 7/8 = 87.5%; change 87.5 − 57.142857 = +30.357143 pp
        //   panel (answered both): FRA DEU ITA ESP POL SWE = 6; 2022 yes 4/6 = 66.666667%,
        //   2026 yes 6/6 = 100%; panel change +33.333333 pp
        let yes = try #require(row("ch8_cert", "yes", .world))
        #expect(yes.baselineRound == "2022" && yes.latestRound == "2026" && yes.chapter == .prevention)
        check(yes.baseline, 7, 4, 57.142857143, "baseline")
        check(yes.latest, 8, 7, 87.5, "latest")
        check(yes.panelBaseline, 6, 4, 66.666666667, "panel baseline")
        check(yes.panelLatest, 6, 6, 100, "panel latest")
        #expect(close(yes.change, 30.357142857))
        #expect(close(yes.panelChange, 33.333333333))
        #expect(yes.baseline.flag == .lowReliability && yes.latest.flag == .lowReliability)
        // no: 3/7 = 42.857143% → 1/8 = 12.5% (−30.357143); panel 2/6 = 33.333333% → 0/6 (−33.333333)
        let no = try #require(row("ch8_cert", "no", .world))
        check(no.baseline, 7, 3, 42.857142857, "no baseline")
        check(no.latest, 8, 1, 12.5, "no latest")
        check(no.panelBaseline, 6, 2, 33.333333333, "no panel baseline")
        check(no.panelLatest, 6, 0, 0, "no panel latest")
        #expect(close(no.change, -30.357142857) && close(no.panelChange, -33.333333333))
    }

    @Test func yesNoRegion() throws {
        // ch8_cert yes, Europe (150):
        //   2022: FRA DEU ITA ESP POL SWE = 6 (BRA is not European), yes 4 → 66.666667%
        //   2026: those six + NLD = 7, yes 6 (NLD no) → 85.714286%; change +19.047619 pp
        //   panel: the six; 4/6 = 66.666667% → 6/6 = 100%; +33.333333 pp
        let yes = try #require(row("ch8_cert", "yes", Self.europe))
        check(yes.baseline, 6, 4, 66.666666667, "baseline")
        check(yes.latest, 7, 6, 85.714285714, "latest")
        check(yes.panelBaseline, 6, 4, 66.666666667, "panel baseline")
        check(yes.panelLatest, 6, 6, 100, "panel latest")
        #expect(close(yes.change, 19.047619048))
        #expect(close(yes.panelChange, 33.333333333))
    }

    @Test func smallGroupsAreSuppressedAndHaveNoChange() throws {
        // Americas (019): 2022 BRA only (n = 1), 2026 nobody (n = 0); panel 0 → no change.
        let americas = try #require(row("ch8_cert", "no", CountryGroup(type: .region, code: "019")))
        check(americas.baseline, 1, 1, nil, "Americas baseline")
        check(americas.latest, 0, 0, nil, "Americas latest")
        check(americas.panelBaseline, 0, 0, nil, "Americas panel")
        #expect(americas.change == nil && americas.panelChange == nil)
        // Africa (002): 2022 nobody, 2026 KEN yes (n = 1).
        let africa = try #require(row("ch8_cert", "yes", CountryGroup(type: .region, code: "002")))
        check(africa.baseline, 0, 0, nil, "Africa baseline")
        check(africa.latest, 1, 1, nil, "Africa latest")
        #expect(africa.change == nil)
    }

    @Test func multipleChoice() throws {
        // ch3_instruments, world. 2022 answered: FRA DEU ITA ESP POL BRA = 6 (SWE did not);
        // 2026: all 8. Panel (answered in both): FRA DEU ITA ESP POL = 5.
        //   budapest: 2022 FRA DEU ITA ESP = 4/6 = 66.666667%; 2026 all but KEN = 7/8 = 87.5%;
        //             change +20.833333 pp; panel 4/5 = 80% → 5/5 = 100%, +20 pp
        //   un_convention: 0/6 = 0% → FRA KEN = 2/8 = 25%, +25 pp; panel 0/5 → FRA 1/5 = 20%, +20 pp
        //   none: POL BRA = 2/6 = 33.333333% → 0/8 = 0%, −33.333333 pp; panel POL 1/5 = 20% → 0%, −20 pp
        let budapest = try #require(row("ch3_instruments", "budapest", .world))
        check(budapest.baseline, 6, 4, 66.666666667, "budapest baseline")
        check(budapest.latest, 8, 7, 87.5, "budapest latest")
        check(budapest.panelBaseline, 5, 4, 80, "budapest panel baseline")
        check(budapest.panelLatest, 5, 5, 100, "budapest panel latest")
        #expect(close(budapest.change, 20.833333333) && close(budapest.panelChange, 20))
        let un = try #require(row("ch3_instruments", "un_convention", .world))
        check(un.baseline, 6, 0, 0, "un baseline")
        check(un.latest, 8, 2, 25, "un latest")
        check(un.panelBaseline, 5, 0, 0, "un panel baseline")
        check(un.panelLatest, 5, 1, 20, "un panel latest")
        #expect(close(un.change, 25) && close(un.panelChange, 20))
        let none = try #require(row("ch3_instruments", "none", .world))
        check(none.baseline, 6, 2, 33.333333333, "none baseline")
        check(none.latest, 8, 0, 0, "none latest")
        check(none.panelBaseline, 5, 1, 20, "none panel baseline")
        check(none.panelLatest, 5, 0, 0, "none panel latest")
        #expect(close(none.change, -33.333333333) && close(none.panelChange, -20))
        // Europe: 2022 FRA DEU ITA ESP POL = 5, budapest 4 → 80%; 2026 FRA DEU ITA ESP POL SWE NLD
        // = 7, all budapest → 100%; +20 pp. Panel = the same five: 80% → 100%.
        let europe = try #require(row("ch3_instruments", "budapest", Self.europe))
        check(europe.baseline, 5, 4, 80, "Europe baseline")
        check(europe.latest, 7, 7, 100, "Europe latest")
        check(europe.panelBaseline, 5, 4, 80, "Europe panel baseline")
        check(europe.panelLatest, 5, 5, 100, "Europe panel latest")
        #expect(close(europe.change, 20) && close(europe.panelChange, 20))
    }

    @Test func legalFormWithAnyForm() throws {
        // ch4_illegal_access, world. BRA's 2022 answer is `unknown`: by the one rule for "don't
        // know" answers (issue 17 part 5) it is in the denominator of the `unknown` share only, so
        // the substantive shares of 2022 are over 7 − 1 = 6 (they were over 7 before the rule).
        //   2022 (7 answered, 6 substantive): cyber_specific FRA ESP = 2; general DEU ITA SWE = 3;
        //        not_crim POL; unknown BRA
        //   2026 (8, all substantive): cyber_specific FRA DEU ESP NLD = 4; general ITA SWE KEN = 3; not_crim POL
        //   any_form: 5/6 = 83.333333% → 7/8 = 87.5%, +4.166667 pp
        //             panel (FRA DEU ITA ESP POL SWE): 5/6 = 83.333333% → 5/6 = 83.333333%, 0 pp
        //   cyber_specific: 2/6 = 33.333333% → 4/8 = 50%, +16.666667 pp; panel 2/6 → 3/6: +16.666667 pp
        //   general: 3/6 = 50% → 3/8 = 37.5%, −12.5 pp; panel 3/6 → 2/6: −16.666667 pp
        //   unknown: 1/7 = 14.285714% → 0/8 = 0%; panel (answered both: the same six) 0/6 → 0/6
        let any = try #require(row("ch4_illegal_access", "any_form", .world))
        check(any.baseline, 6, 5, 83.333333333, "any baseline")
        check(any.latest, 8, 7, 87.5, "any latest")
        check(any.panelBaseline, 6, 5, 83.333333333, "any panel baseline")
        check(any.panelLatest, 6, 5, 83.333333333, "any panel latest")
        #expect(close(any.change, 4.166666667) && close(any.panelChange, 0))
        let cyber = try #require(row("ch4_illegal_access", "cyber_specific", .world))
        check(cyber.baseline, 6, 2, 33.333333333, "cs baseline")
        check(cyber.latest, 8, 4, 50, "cs latest")
        #expect(close(cyber.change, 16.666666667) && close(cyber.panelChange, 16.666666667))
        let general = try #require(row("ch4_illegal_access", "general", .world))
        #expect(close(general.change, -12.5) && close(general.panelChange, -16.666666667))
        let unknown = try #require(row("ch4_illegal_access", "unknown", .world))
        check(unknown.baseline, 7, 1, 14.285714286, "unknown baseline")
        check(unknown.latest, 8, 0, 0, "unknown latest")
        check(unknown.panelBaseline, 6, 0, 0, "unknown panel baseline")
        // Options: the legal-form choices, then any_form.
        #expect(rows.filter { $0.questionID == "ch4_illegal_access" && $0.group == .world }.map(\.option)
            == ["cyber_specific", "general", "not_criminalized", "unknown", "any_form"])
    }

    @Test func customGroupByAnswerUsesEachRoundsMembersAndTheLatestForThePanel() throws {
        // budapest_parties (ch3_instruments ∋ budapest):
        //   2022 members: FRA DEU ITA ESP = 4 → ch8_cert yes FRA DEU ESP = 3 of 4: suppressed
        //   2026 members: FRA DEU ITA ESP POL SWE NLD = 7 → yes 6 (NLD no) → 85.714286%
        //   change: nil (baseline suppressed)
        //   panel: 2026 members that answered ch8_cert in both rounds: FRA DEU ITA ESP POL SWE = 6
        //     2022 yes FRA DEU ESP SWE = 4/6 = 66.666667% → 6/6 = 100%: +33.333333 pp
        let yes = try #require(row("ch8_cert", "yes", CountryGroup(type: .custom, code: "budapest_parties")))
        check(yes.baseline, 4, 3, nil, "baseline")
        check(yes.latest, 7, 6, 85.714285714, "latest")
        check(yes.panelBaseline, 6, 4, 66.666666667, "panel baseline")
        check(yes.panelLatest, 6, 6, 100, "panel latest")
        #expect(yes.change == nil)
        #expect(close(yes.panelChange, 33.333333333))
    }

    @Test func aRowForEveryOptionOfEveryChoiceQuestionAndGroup() {
        // Options per choice question (+1 any_form for legal forms) × groups: world + 5 regions +
        // 17 sub-regions + 5 development groups + 1 custom + outside = 30.
        let options = Fixtures.questionnaire.questions.filter(\.type.hasChoices)
            .reduce(0) { $0 + $1.choices.count + ($1.type == .legalForm ? 1 : 0) }
        #expect(rows.count == options * 30)
        // Order: question × group × option: the first rows are ch3_specific_law, world, its 4 choices.
        #expect(rows.prefix(5).map { "\($0.questionID) \($0.group.code) \($0.option)" } == [
            "ch3_specific_law 001 yes", "ch3_specific_law 001 partly", "ch3_specific_law 001 draft",
            "ch3_specific_law 001 no", "ch3_specific_law 002 yes",
        ])
    }
}

@Suite struct TransitionTests {
    @Test func exactlyTheChangedAnswers() {
        // Questionnaire order (ch3_instruments, ch4_illegal_access, ch8_cert), then country:
        //   FRA ch3_instruments  budapest → budapest un_convention (codes in choice order)
        //   POL ch3_instruments  none → budapest
        //   DEU ch4_illegal_access general → cyber_specific
        //   ITA ch8_cert no → yes
        //   POL ch8_cert no → yes
        // Not listed: ESP, SWE (unchanged; SWE's 2022 ch3_instruments is missing), BRA, KEN, NLD
        // (one round only).
        let transitions = TwoRoundFixture.analyzer.transitions(from: TwoRoundFixture.data, rounds: TwoRoundFixture.pair)
        func t(_ country: String, _ chapter: Chapter, _ question: String, _ from: String, _ to: String) -> Transition {
            Transition(baselineRound: "2022", latestRound: "2026", country: country, chapter: chapter, questionID: question, from: from, to: to)
        }
        #expect(transitions == [
            t("FRA", .legislation, "ch3_instruments", "budapest", "budapest un_convention"),
            t("POL", .legislation, "ch3_instruments", "none", "budapest"),
            t("DEU", .criminalization, "ch4_illegal_access", "general", "cyber_specific"),
            t("ITA", .prevention, "ch8_cert", "no", "yes"),
            t("POL", .prevention, "ch8_cert", "no", "yes"),
        ])
        // 4 countries changed.
        #expect(Set(transitions.map(\.country)) == ["DEU", "FRA", "ITA", "POL"])
    }

    @Test func reorderedSelectionIsNoChange() {
        // FRA 2022 un_convention + budapest stored in another order than in 2026: same answer.
        let answers = [
            StoredAnswer(round: "2022", country: "FRA", questionID: "ch3_instruments", options: ["un_convention", "budapest"], number: nil, text: nil),
            StoredAnswer(round: "2026", country: "FRA", questionID: "ch3_instruments", options: ["budapest", "un_convention"], number: nil, text: nil),
        ]
        #expect(TwoRoundFixture.analyzer.transitions(from: AnswerMatrix(answers: answers), rounds: TwoRoundFixture.pair).isEmpty)
    }
}
