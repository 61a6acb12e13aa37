import Foundation
import SurveyAnalyze
import SurveyModel
import SurveyTestSupport
import Testing

// Issue 18 leftovers: priority scores name the latest version's items; a round that answered an
// older version is read through the crosswalk chain where it maps an item exactly (renamed,
// option recoded, same id), and a split or merged item is left out of that round's coverage.
// Fixture (CrosswalkFixture's four countries; FRA and DEU answer here): version 1 asks `unit_old`,
// `acts_old` and `contact` (codes y/n); version 2 renames `unit_old` → `unit_new`, splits
// `acts_old` into `fraud` and `identity`, and recodes `contact`'s y → yes, n → no.
enum CrosswalkPriorityFixture {
    typealias F = CrosswalkFixture

    static let v1 = F.questionnaire(
        "1", [F.question("unit_old", .singleChoice, ["yes", "no"]), F.question("acts_old", .singleChoice, ["yes", "no"]),
              F.question("contact", .singleChoice, ["y", "n"])])
    static let v2 = F.questionnaire(
        "2", [F.question("unit_new", .singleChoice, ["yes", "no"]), F.question("fraud", .singleChoice, ["yes", "no"]),
              F.question("identity", .singleChoice, ["yes", "no"]), F.question("contact", .singleChoice, ["yes", "no"])])
    static let crosswalk = Crosswalk(
        from: "1", to: "2",
        entries: [
            .init(.renamed(from: "unit_old", to: "unit_new")),
            .init(.split(from: "acts_old", into: ["fraud", "identity"], options: [:])),
            .init(.optionRecoded(question: "contact", from: "y", to: "yes")),
            .init(.optionRecoded(question: "contact", from: "n", to: "no")),
        ])

    /// One area: `unit` (weight 2, [unit_new]), `acts` (weight 1, [fraud, identity]), `contact`
    /// (weight 1, [contact]); "no" is a full gap.
    static let model = ScoringModel(
        id: "crosswalk", version: "1", robustness: ScoringModel.Robustness(draws: 10),
        areas: [
            ScoringModel.Area(
                id: "area", label: "Area", chapters: [.legislation], pillar: "capacity_building",
                gaps: [
                    ScoringModel.GapIndicator(id: "unit", label: "Unit", weight: 2, items: ["unit_new"], gapByOption: ["no": 1]),
                    ScoringModel.GapIndicator(
                        id: "acts", label: "Acts", weight: 1, items: ["fraud", "identity"], gapByOption: ["no": 1]),
                    ScoringModel.GapIndicator(id: "contact", label: "Contact", weight: 1, items: ["contact"], gapByOption: ["no": 1]),
                ],
                request: nil)
        ])

    static let data = F.data([
        "r1": ["unit_old": ["no", "yes", "", ""], "acts_old": ["no", "no", "", ""], "contact": ["n", "y", "", ""]],
        "r2": ["unit_new": ["yes", "", "", ""], "fraud": ["no", "", "", ""], "identity": ["yes", "", "", ""], "contact": ["no", "", "", ""]],
    ])

    static let analyzer = F.analyzer([v1, v2], [crosswalk], rounds: ["r1", "r2"])

    static func scores(_ analyzer: Analyzer = analyzer, read: Bool = true) -> [String: PriorityScore] {
        let scores = analyzer.compactPriorityScores(from: read ? analyzer.readInLatestVersion(data) : data, model: model)
        var rows: [String: PriorityScore] = [:]
        scores.forEachRow { rows["\($0.round)/\($0.country)"] = $0 }
        return rows
    }
}

@Suite struct CrosswalkPriorityTests {
    typealias P = CrosswalkPriorityFixture

    /// r1 FRA: unit_old = no → unit gap 1 (weight 2); acts left out (split); contact n → no → gap
    /// 1 (weight 1). Score 100 × (2·1 + 1·1) / 3 = 100, coverage 3 / 4 = 0.75. r1 DEU: unit 0,
    /// contact 0 → score 0, coverage 0.75. Before: r1's renamed item was not read and its recoded
    /// `n` was no gap (FRA: score 0, coverage 0.25; now below the coverage minimum 0.6: no need).
    @Test func anOlderRoundIsReadThroughExactMappingsOnly() throws {
        let rows = P.scores()
        let fra = try #require(rows["r1/FRA"])
        #expect(fra.score == 100 && fra.coverage == 0.75)
        #expect(fra.components.first { $0.id == "acts" }?.gap == nil, "split: left out of the round's coverage")
        #expect(fra.components.first { $0.id == "unit" }?.gap == 1)
        #expect(fra.components.first { $0.id == "contact" }?.gap == 1)
        let deu = try #require(rows["r1/DEU"])
        #expect(deu.score == 0 && deu.coverage == 0.75)
        // The latest round as it is: unit 0 (w2), acts mean(1, 0) = 0.5 (w1), contact 1 (w1):
        // 100 × (0 + 0.5 + 1) / 4 = 37.5, coverage 1.
        let latest = try #require(rows["r2/FRA"])
        #expect(latest.score == 37.5 && latest.coverage == 1)
        // Without reading through the crosswalks: only `contact` has a latest id, and its old code
        // `n` is no gap code, so FRA has a quarter of the weight answered: below the coverage
        // minimum (0.6), no need score.
        let unread = try #require(P.scores(read: false)["r1/FRA"])
        #expect(unread.score == nil && unread.coverage == 0.25 && unread.status == .insufficientData)
    }

    /// The latest round's answers are untouched: the same scores with or without the reading.
    @Test func theLatestRoundIsUnchanged() throws {
        let read = P.scores()
        let plain = P.scores(read: false)
        for key in ["r2/FRA", "r2/DEU"] {
            #expect(read[key]?.score == plain[key]?.score && read[key]?.coverage == plain[key]?.coverage, "\(key)")
        }
        // One version only: the data itself.
        let single = CrosswalkFixture.analyzer([P.v2, P.v2], [nil], rounds: ["r1", "r2"])
        #expect(single.latestItemSources(forRound: "r1") == nil)
    }

    /// The sources per latest item and why the others have none.
    @Test func sourcesAndGapsOfTheOlderRound() throws {
        let sources = try #require(P.analyzer.latestItemSources(forRound: "r1"))
        #expect(sources["unit_new"]?.question == "unit_old")
        #expect(sources["contact"]?.codes == ["y": "yes", "n": "no"])
        #expect(sources["fraud"] == nil && sources["identity"] == nil)
        #expect(P.analyzer.latestItemGap("fraud", round: "r1") == "split")
        #expect(P.analyzer.latestItemGap("unit_new", round: "r1") == nil)
        #expect(P.analyzer.latestItemSources(forRound: "r2") == nil)
    }

    /// A chain of two steps composes: `x` (1) renamed `y` (2) with a → b, then b → c (3).
    @Test func aChainComposesRenamesAndRecodes() throws {
        let v1 = CrosswalkFixture.questionnaire("1", [CrosswalkFixture.question("x", .singleChoice, ["a", "z"])])
        let v2 = CrosswalkFixture.questionnaire("2", [CrosswalkFixture.question("y", .singleChoice, ["b", "z"])])
        let v3 = CrosswalkFixture.questionnaire("3", [CrosswalkFixture.question("y", .singleChoice, ["c", "z"])])
        let chain = CrosswalkChain(steps: [
            CrosswalkStep(
                from: v1, to: v2,
                crosswalk: Crosswalk(
                    from: "1", to: "2", entries: [.init(.renamed(from: "x", to: "y")), .init(.optionRecoded(question: "y", from: "a", to: "b"))])),
            CrosswalkStep(
                from: v2, to: v3, crosswalk: Crosswalk(from: "2", to: "3", entries: [.init(.optionRecoded(question: "y", from: "b", to: "c"))])),
        ])
        let source = try #require(chain.exactSource(of: "y"))
        #expect(source.question == "x" && source.codes["a"] == "c" && source.codes["z"] == nil)
        #expect(chain.gap(of: "y") == nil)
    }
}
