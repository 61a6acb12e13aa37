import Foundation
import SurveyAnalyze
import SurveyModel
import SurveyTestSupport
import Testing

// Issue 18, part 3: progress across questionnaire versions follows the crosswalk. One test per
// kind of change; each checks the world row of progress and its `comparable` flag against a hand
// computation from the four countries below (FRA, DEU, ITA, ESP), round r1 answering version 1
// and round r2 answering version 2. Reliability rules are relaxed (suppress below 1) so that the
// small fixture's percents are published.
enum CrosswalkFixture {
    static func question(_ id: String, _ type: QuestionType = .singleChoice, _ codes: [String]) -> Question {
        Question(
            id: id, chapter: .legislation, type: type, label: LocalizedText([.en: id]), choiceList: id,
            choices: codes.map { Choice(code: $0, label: LocalizedText([.en: $0])) })
    }

    static func questionnaire(_ version: String, _ questions: [Question]) -> Questionnaire {
        Questionnaire(id: "fixture", version: version, title: LocalizedText([.en: "Fixture"]), questions: questions)
    }

    static let countries = ["FRA", "DEU", "ITA", "ESP"]

    /// `answers[round][question]`: one answer per country, in `countries` order ("" = not answered;
    /// several codes separated by spaces).
    static func data(_ answers: [String: [String: [String]]]) -> AnswerMatrix {
        var stored: [StoredAnswer] = []
        var submissions: [AcceptedSubmission] = []
        for (round, questions) in answers {
            for country in countries { submissions.append(AcceptedSubmission(round: round, country: country)) }
            for (question, values) in questions {
                for (country, value) in zip(countries, values) where !value.isEmpty {
                    stored.append(
                        StoredAnswer(
                            round: round, country: country, questionID: question,
                            options: value.split(separator: " ").map(String.init), number: nil, text: nil))
                }
            }
        }
        return AnswerMatrix(answers: stored, submissions: submissions)
    }

    static func analyzer(_ versions: [Questionnaire], _ crosswalks: [Crosswalk?], rounds: [String]) -> Analyzer {
        Analyzer(
            questionnaire: versions.last!, reference: Fixtures.reference,
            rules: ReliabilityRules(suppressBelow: 1, lowReliabilityBelow: 1),
            roundQuestionnaires: Dictionary(uniqueKeysWithValues: zip(rounds, versions)),
            crosswalkSteps: zip(zip(versions, versions.dropFirst()), crosswalks).map {
                CrosswalkStep(from: $0.0, to: $0.1, crosswalk: $1)
            })
    }

    /// The world row of `question` × `option` for the pair.
    static func row(
        _ analyzer: Analyzer, _ data: AnswerMatrix, _ question: String, _ option: String, from: String = "r1", to: String = "r2"
    ) throws -> ProgressRow {
        let rows = analyzer.progress(from: data, rounds: RoundPair(baseline: from, latest: to))
        return try #require(rows.first { $0.questionID == question && $0.option == option && $0.group == .world })
    }
}

@Suite struct CrosswalkProgressTests {
    typealias F = CrosswalkFixture

    /// renamed: `a_old` (1) is `a_new` (2). Baseline yes: FRA, DEU of 4 = 50%; latest yes: FRA,
    /// DEU, ITA of 4 = 75%; change +25; panel 4. Comparable yes. Before: `a_new` had no baseline
    /// at all (n_baseline 0) and the old answers were lost.
    @Test func renamed() throws {
        let v1 = F.questionnaire("1", [F.question("a_old", .singleChoice, ["yes", "no"])])
        let v2 = F.questionnaire("2", [F.question("a_new", .singleChoice, ["yes", "no"])])
        let data = F.data([
            "r1": ["a_old": ["yes", "yes", "no", "no"]],
            "r2": ["a_new": ["yes", "yes", "yes", "no"]],
        ])
        let crosswalk = Crosswalk(from: "1", to: "2", entries: [.init(.renamed(from: "a_old", to: "a_new"))])
        let row = try F.row(F.analyzer([v1, v2], [crosswalk], rounds: ["r1", "r2"]), data, "a_new", "yes")
        #expect(row.baseline.nResponding == 4 && row.baseline.nOption == 2 && row.baseline.percent == 50)
        #expect(row.latest.nResponding == 4 && row.latest.nOption == 3 && row.latest.percent == 75)
        #expect(row.change == 25)
        #expect(row.panelBaseline.nResponding == 4 && row.panelChange == 25)
        #expect(row.comparable == .yes)
        #expect(row.comparabilityNote == "`a_new` was `a_old` in 1")

        // Without the crosswalk: nothing links the two ids; the new one is not comparable.
        let unlinked = try F.row(F.analyzer([v1, v2], [nil], rounds: ["r1", "r2"]), data, "a_new", "yes")
        #expect(unlinked.baseline.nResponding == 0 && unlinked.comparable == .no)
    }

    /// split: `fraud_identity` (1) into `fraud` and `identity` (2), identity mapping
    /// cyber_specific → general. Baseline fraud/cyber_specific: FRA of 4 = 25%; latest: FRA, DEU
    /// = 50%. Baseline identity/general: FRA (mapped), DEU, ITA = 75%; latest: DEU = 25%. Partial.
    @Test func split() throws {
        let codes = ["cyber_specific", "general", "not_criminalized"]
        let v1 = F.questionnaire("1", [F.question("fraud_identity", .legalForm, codes)])
        let v2 = F.questionnaire("2", [F.question("fraud", .legalForm, codes), F.question("identity", .legalForm, codes)])
        let data = F.data([
            "r1": ["fraud_identity": ["cyber_specific", "general", "general", "not_criminalized"]],
            "r2": [
                "fraud": ["cyber_specific", "cyber_specific", "general", "general"],
                "identity": ["cyber_specific", "general", "not_criminalized", "not_criminalized"],
            ],
        ])
        let crosswalk = Crosswalk(
            from: "1", to: "2",
            entries: [
                .init(
                    .split(from: "fraud_identity", into: ["fraud", "identity"], options: ["identity": ["cyber_specific": "general"]]),
                    note: "one item became two")
            ])
        let analyzer = F.analyzer([v1, v2], [crosswalk], rounds: ["r1", "r2"])
        let fraud = try F.row(analyzer, data, "fraud", "cyber_specific")
        #expect(fraud.baseline.percent == 25 && fraud.latest.percent == 50 && fraud.change == 25)
        #expect(fraud.comparable == .partial && fraud.comparabilityNote == "one item became two")
        let identity = try F.row(analyzer, data, "identity", "general")
        #expect(identity.baseline.nOption == 3 && identity.baseline.percent == 75)
        #expect(identity.latest.nOption == 1 && identity.latest.percent == 25)
        #expect(identity.comparable == .partial)
        let mapped = try F.row(analyzer, data, "identity", "cyber_specific")
        #expect(mapped.baseline.nOption == 0 && mapped.latest.nOption == 1)
    }

    /// merged: `cert` and `csirt` (1) into `cert_csirt` (2), yes wins. Baseline: FRA (cert yes),
    /// ITA (csirt yes) of 4 = 50%, ESP counted from csirt alone; latest FRA, DEU, ITA = 75%. Partial.
    @Test func merged() throws {
        let v1 = F.questionnaire("1", [F.question("cert", .singleChoice, ["yes", "no"]), F.question("csirt", .singleChoice, ["yes", "no"])])
        let v2 = F.questionnaire("2", [F.question("cert_csirt", .singleChoice, ["yes", "no"])])
        let data = F.data([
            "r1": ["cert": ["yes", "no", "no", ""], "csirt": ["no", "no", "yes", "no"]],
            "r2": ["cert_csirt": ["yes", "yes", "yes", "no"]],
        ])
        let crosswalk = Crosswalk(
            from: "1", to: "2", entries: [.init(.merged(from: ["cert", "csirt"], into: "cert_csirt", prefer: ["yes", "no"]))])
        let row = try F.row(F.analyzer([v1, v2], [crosswalk], rounds: ["r1", "r2"]), data, "cert_csirt", "yes")
        #expect(row.baseline.nResponding == 4 && row.baseline.nOption == 2 && row.baseline.percent == 50)
        #expect(row.latest.percent == 75 && row.change == 25)
        #expect(row.comparable == .partial)
        #expect(row.comparabilityNote.contains("merged from `cert`, `csirt` (1)"))
    }

    /// option added: `un` is new in 2. Baseline un: 0 of 4; latest FRA, ITA = 50%: not
    /// comparable. budapest 50% → 50%: partial, the other options' shares are not comparable.
    @Test func optionAdded() throws {
        let v1 = F.questionnaire("1", [F.question("instruments", .multipleChoice, ["budapest", "none"])])
        let v2 = F.questionnaire("2", [F.question("instruments", .multipleChoice, ["budapest", "un", "none"])])
        let data = F.data([
            "r1": ["instruments": ["budapest", "budapest", "none", "none"]],
            "r2": ["instruments": ["budapest un", "budapest", "un", "none"]],
        ])
        let crosswalk = Crosswalk(from: "1", to: "2", entries: [.init(.optionAdded(question: "instruments", option: "un"))])
        let analyzer = F.analyzer([v1, v2], [crosswalk], rounds: ["r1", "r2"])
        let un = try F.row(analyzer, data, "instruments", "un")
        #expect(un.baseline.nOption == 0 && un.latest.percent == 50)
        #expect(un.comparable == .no)
        #expect(un.comparabilityNote == "option `un` added in 2: not offered in 1")
        let budapest = try F.row(analyzer, data, "instruments", "budapest")
        #expect(budapest.baseline.percent == 50 && budapest.latest.percent == 50 && budapest.change == 0)
        #expect(budapest.comparable == .partial)
        #expect(budapest.comparabilityNote == "option `un` added in 2: shares of the other options are not comparable")
    }

    /// option removed: `draft` (1) is gone in 2; DEU's baseline answer draft is left out.
    /// Baseline yes: FRA of 3 = 33.3%, no: ITA, ESP of 3; latest yes: FRA, DEU of 4 = 50%. Partial.
    @Test func optionRemoved() throws {
        let v1 = F.questionnaire("1", [F.question("status", .singleChoice, ["yes", "draft", "no"])])
        let v2 = F.questionnaire("2", [F.question("status", .singleChoice, ["yes", "no"])])
        let data = F.data([
            "r1": ["status": ["yes", "draft", "no", "no"]],
            "r2": ["status": ["yes", "yes", "no", "no"]],
        ])
        let crosswalk = Crosswalk(from: "1", to: "2", entries: [.init(.optionRemoved(question: "status", option: "draft"))])
        let row = try F.row(F.analyzer([v1, v2], [crosswalk], rounds: ["r1", "r2"]), data, "status", "yes")
        #expect(row.baseline.nResponding == 3 && row.baseline.nOption == 1)
        #expect(abs((row.baseline.percent ?? 0) - 100.0 / 3) < 1e-9)
        #expect(row.latest.percent == 50)
        #expect(row.comparable == .partial)
        #expect(row.comparabilityNote == "option `draft` of 1 removed in 2: baseline answers that chose it are left out")
    }

    /// option recoded: `rarely` (1) is `seldom` (2). Baseline seldom: DEU, ITA of 4 = 50%;
    /// latest: DEU = 25%; change −25. Comparable yes.
    @Test func optionRecoded() throws {
        let v1 = F.questionnaire("1", [F.question("freq", .singleChoice, ["often", "rarely"])])
        let v2 = F.questionnaire("2", [F.question("freq", .singleChoice, ["often", "seldom"])])
        let data = F.data([
            "r1": ["freq": ["often", "rarely", "rarely", "often"]],
            "r2": ["freq": ["often", "seldom", "often", "often"]],
        ])
        let crosswalk = Crosswalk(from: "1", to: "2", entries: [.init(.optionRecoded(question: "freq", from: "rarely", to: "seldom"))])
        let row = try F.row(F.analyzer([v1, v2], [crosswalk], rounds: ["r1", "r2"]), data, "freq", "seldom")
        #expect(row.baseline.nOption == 2 && row.baseline.percent == 50)
        #expect(row.latest.nOption == 1 && row.latest.percent == 25 && row.change == -25)
        #expect(row.comparable == .yes)
        #expect(row.comparabilityNote == "option `rarely` (1) is `seldom` in 2")
    }

    /// retired: `x` (1) is not asked in 2. Its rows: baseline yes FRA, ITA of 4 = 50%, latest n 0,
    /// not comparable. The item kept by id (`keep`) is comparable.
    @Test func retired() throws {
        let v1 = F.questionnaire("1", [F.question("keep", .singleChoice, ["yes", "no"]), F.question("x", .singleChoice, ["yes", "no"])])
        let v2 = F.questionnaire("2", [F.question("keep", .singleChoice, ["yes", "no"])])
        let data = F.data([
            "r1": ["keep": ["yes", "no", "no", "no"], "x": ["yes", "no", "yes", "no"]],
            "r2": ["keep": ["yes", "yes", "no", "no"]],
        ])
        let crosswalk = Crosswalk(from: "1", to: "2", entries: [.init(.retired(question: "x"))])
        let analyzer = F.analyzer([v1, v2], [crosswalk], rounds: ["r1", "r2"])
        let row = try F.row(analyzer, data, "x", "yes")
        #expect(row.baseline.nResponding == 4 && row.baseline.percent == 50)
        #expect(row.latest.nResponding == 0 && row.change == nil)
        #expect(row.comparable == .no && row.comparabilityNote == "item `x` retired in 2")
        let keep = try F.row(analyzer, data, "keep", "yes")
        #expect(keep.baseline.percent == 25 && keep.latest.percent == 50 && keep.comparable == .yes && keep.comparabilityNote.isEmpty)
    }

    /// new: `y` is asked in 2 only. Baseline n 0; latest yes FRA, DEU, ITA = 75%; not comparable.
    @Test func new() throws {
        let v1 = F.questionnaire("1", [F.question("keep", .singleChoice, ["yes", "no"])])
        let v2 = F.questionnaire("2", [F.question("keep", .singleChoice, ["yes", "no"]), F.question("y", .singleChoice, ["yes", "no"])])
        let data = F.data([
            "r1": ["keep": ["yes", "no", "no", "no"]],
            "r2": ["keep": ["yes", "yes", "no", "no"], "y": ["yes", "yes", "yes", "no"]],
        ])
        let crosswalk = Crosswalk(from: "1", to: "2", entries: [.init(.new(question: "y"))])
        let row = try F.row(F.analyzer([v1, v2], [crosswalk], rounds: ["r1", "r2"]), data, "y", "yes")
        #expect(row.baseline.nResponding == 0 && row.latest.percent == 75 && row.change == nil)
        #expect(row.comparable == .no && row.comparabilityNote == "item `y` new in 2: not asked in 1")
    }

    /// Transitions read the baseline answer in the latest version: DEU's `a_old` no → `a_new`
    /// yes... is ITA (no → yes), through the rename, comparable yes.
    @Test func transitionsFollowTheCrosswalk() throws {
        let v1 = F.questionnaire("1", [F.question("a_old", .singleChoice, ["yes", "no"])])
        let v2 = F.questionnaire("2", [F.question("a_new", .singleChoice, ["yes", "no"])])
        let data = F.data([
            "r1": ["a_old": ["yes", "yes", "no", "no"]],
            "r2": ["a_new": ["yes", "yes", "yes", "no"]],
        ])
        let crosswalk = Crosswalk(from: "1", to: "2", entries: [.init(.renamed(from: "a_old", to: "a_new"))])
        let rows = F.analyzer([v1, v2], [crosswalk], rounds: ["r1", "r2"]).transitions(
            from: data, rounds: RoundPair(baseline: "r1", latest: "r2"))
        #expect(rows.map { "\($0.country) \($0.questionID) \($0.from)→\($0.to) \($0.comparable)" } == ["ITA a_new no→yes yes"])
    }

    /// Three rounds, three versions: 1→2 renames `a_old` to `a_new`; 2→3 adds option `un` to
    /// `instruments`. Progress covers r1→r2, r2→r3 and r1→r3 (RoundPair.all), each flagged:
    ///
    ///                     a_new yes          instruments un      instruments budapest
    ///   r1→r2             50 → 75, yes       (not in 2)          50 → 25, yes
    ///   r2→r3             75 → 100, yes      0 → 50, no          25 → 75, partial
    ///   r1→r3 (chained)   50 → 100, yes      0 → 50, no          50 → 75, partial
    @Test func threeRoundsGiveEveryConsecutivePairAndTheFirstToTheLast() throws {
        let v1 = F.questionnaire("1", [F.question("a_old", .singleChoice, ["yes", "no"]), F.question("instruments", .multipleChoice, ["budapest", "none"])])
        let v2 = F.questionnaire("2", [F.question("a_new", .singleChoice, ["yes", "no"]), F.question("instruments", .multipleChoice, ["budapest", "none"])])
        let v3 = F.questionnaire("3", [F.question("a_new", .singleChoice, ["yes", "no"]), F.question("instruments", .multipleChoice, ["budapest", "un", "none"])])
        let data = F.data([
            "r1": ["a_old": ["yes", "yes", "no", "no"], "instruments": ["budapest", "budapest", "none", "none"]],
            "r2": ["a_new": ["yes", "yes", "yes", "no"], "instruments": ["budapest", "none", "none", "none"]],
            "r3": ["a_new": ["yes", "yes", "yes", "yes"], "instruments": ["budapest un", "budapest", "un", "budapest"]],
        ])
        let analyzer = F.analyzer(
            [v1, v2, v3],
            [
                Crosswalk(from: "1", to: "2", entries: [.init(.renamed(from: "a_old", to: "a_new"))]),
                Crosswalk(from: "2", to: "3", entries: [.init(.optionAdded(question: "instruments", option: "un"))]),
            ], rounds: ["r1", "r2", "r3"])
        let pairs = RoundPair.all(baseline: nil, latest: nil, in: data)
        #expect(pairs == [RoundPair(baseline: "r1", latest: "r2"), RoundPair(baseline: "r2", latest: "r3"), RoundPair(baseline: "r1", latest: "r3")])

        let a12 = try F.row(analyzer, data, "a_new", "yes", from: "r1", to: "r2")
        #expect(a12.baseline.percent == 50 && a12.latest.percent == 75 && a12.comparable == .yes)
        let b12 = try F.row(analyzer, data, "instruments", "budapest", from: "r1", to: "r2")
        #expect(b12.baseline.percent == 50 && b12.latest.percent == 25 && b12.comparable == .yes && b12.comparabilityNote.isEmpty)

        let a23 = try F.row(analyzer, data, "a_new", "yes", from: "r2", to: "r3")
        #expect(a23.baseline.percent == 75 && a23.latest.percent == 100 && a23.comparable == .yes && a23.comparabilityNote.isEmpty)
        let un23 = try F.row(analyzer, data, "instruments", "un", from: "r2", to: "r3")
        #expect(un23.baseline.nOption == 0 && un23.latest.percent == 50 && un23.comparable == .no)
        let b23 = try F.row(analyzer, data, "instruments", "budapest", from: "r2", to: "r3")
        #expect(b23.baseline.percent == 25 && b23.latest.percent == 75 && b23.comparable == .partial)

        let a13 = try F.row(analyzer, data, "a_new", "yes", from: "r1", to: "r3")
        #expect(a13.baseline.percent == 50 && a13.latest.percent == 100 && a13.comparable == .yes)
        #expect(a13.comparabilityNote == "`a_new` was `a_old` in 1")
        let un13 = try F.row(analyzer, data, "instruments", "un", from: "r1", to: "r3")
        #expect(un13.baseline.nOption == 0 && un13.comparable == .no)
        let b13 = try F.row(analyzer, data, "instruments", "budapest", from: "r1", to: "r3")
        #expect(b13.baseline.percent == 50 && b13.latest.percent == 75 && b13.comparable == .partial)
        #expect(b13.comparabilityNote == "option `un` added in 3: shares of the other options are not comparable")
    }

    /// One version for both rounds: every row comparable, no note (as before the crosswalks).
    @Test func oneVersionIsComparableWithoutANote() {
        let rows = Analyzer(questionnaire: Fixtures.questionnaire, reference: Fixtures.reference).progress(
            from: TwoRoundFixture.data, rounds: RoundPair(baseline: "2022", latest: "2026"))
        #expect(!rows.isEmpty)
        #expect(rows.allSatisfy { $0.comparable == .yes && $0.comparabilityNote.isEmpty })
    }
}

/// Issue 20: repeat groups are declared in the crosswalk (new or retired) but progress and
/// transitions never list them nor their sub-questions: they compare questions only.
@Suite struct CrosswalkRepeatProgressTests {
    typealias F = CrosswalkFixture

    @Test func progressAndTransitionsListNoRepeat() throws {
        func group(_ id: String) -> RepeatGroup {
            RepeatGroup(
                id: id, chapter: .legislation, label: LocalizedText([.en: id]),
                questions: [F.question("status", .singleChoice, ["in_force", "draft"])], position: 1)
        }
        var v1 = F.questionnaire("1", [F.question("a", .singleChoice, ["yes", "no"])])
        v1.repeats = [group("old_list")]
        var v2 = F.questionnaire("2", [F.question("a", .singleChoice, ["yes", "no"])])
        v2.repeats = [group("laws")]
        var crosswalk = Crosswalk(from: "1", to: "2", entries: [])
        crosswalk.newRepeats = ["laws"]
        crosswalk.retiredRepeats = ["old_list"]
        let data = F.data(["r1": ["a": ["yes", "no", "no", "no"]], "r2": ["a": ["yes", "yes", "no", "no"]]])
        let analyzer = F.analyzer([v1, v2], [crosswalk], rounds: ["r1", "r2"])
        let pair = RoundPair(baseline: "r1", latest: "r2")
        let progress = analyzer.progress(from: data, rounds: pair)
        #expect(!progress.isEmpty)
        #expect(Set(progress.map(\.questionID)) == ["a"])
        let transitions = analyzer.transitions(from: data, rounds: pair)
        #expect(!transitions.isEmpty)
        #expect(Set(transitions.map(\.questionID)) == ["a"])
        let step = CrosswalkStep(from: v1, to: v2, crosswalk: crosswalk)
        #expect(step.rules.keys.sorted() == ["a"])
        #expect(step.retired.isEmpty)
    }
}
