import Foundation
import SurveyAnalyze
import SurveyModel
import SurveyTestSupport
import Testing

/// Issue 25: the crosswalk kind `unpacked` turns one option of an older multiple choice into a
/// yes / no item (`ta_areas` → `ta_<area>_requested`). Where the list was answered, the option
/// selected reads as yes and not selected as no; where it was blank, not answered. Fixture
/// (CrosswalkFixture's FRA, DEU, ITA, ESP): version 1 asks `areas` (a, b); version 2 asks
/// `a_requested` and `b_requested` (yes / no). Round r1: FRA a, DEU b, ITA a b, ESP blank.
@Suite struct CrosswalkUnpackedTests {
    typealias F = CrosswalkFixture

    static let v1 = F.questionnaire("1", [F.question("areas", .multipleChoice, ["a", "b"])])
    static let v2 = F.questionnaire(
        "2", [F.question("a_requested", .singleChoice, ["yes", "no"]), F.question("b_requested", .singleChoice, ["yes", "no"])])
    static let crosswalk = Crosswalk(
        from: "1", to: "2",
        entries: [
            .init(.unpacked(from: "areas", option: "a", into: "a_requested")),
            .init(.unpacked(from: "areas", option: "b", into: "b_requested")),
        ])
    static let data = F.data([
        "r1": ["areas": ["a", "b", "a b", ""]],
        "r2": ["a_requested": ["yes", "no", "no", "no"], "b_requested": ["no", "yes", "", "no"]],
    ])
    static let analyzer = F.analyzer([v1, v2], [crosswalk], rounds: ["r1", "r2"])

    /// What scoring reads: the older round under the latest ids, yes / no per area, the blank
    /// list (ESP) not answered in either area.
    @Test func anOlderRoundReadsAsYesNoAndBlankAsNotAnswered() throws {
        let read = Self.analyzer.readInLatestVersion(Self.data)
        func answer(_ country: String, _ question: String) -> [String]? {
            read.answer(of: country, to: question, in: "r1")?.options
        }
        #expect(answer("FRA", "a_requested") == ["yes"] && answer("FRA", "b_requested") == ["no"])
        #expect(answer("DEU", "a_requested") == ["no"] && answer("DEU", "b_requested") == ["yes"])
        #expect(answer("ITA", "a_requested") == ["yes"] && answer("ITA", "b_requested") == ["yes"])
        #expect(answer("ESP", "a_requested") == nil && answer("ESP", "b_requested") == nil)
        #expect(F.countries.allSatisfy { read.answers(of: $0, in: "r1")["areas"] == nil })
        let sources = try #require(Self.analyzer.latestItemSources(forRound: "r1"))
        #expect(sources["a_requested"] == CrosswalkChain.ExactSource(question: "areas", codes: [:], unpacked: "a"))
        #expect(Self.analyzer.latestItemGap("a_requested", round: "r1") == nil)
    }

    @Test func readingOneAnswer() {
        let source = CrosswalkChain.ExactSource(question: "areas", codes: [:], unpacked: "a")
        let question = Self.v2.question(id: "a_requested")!
        func read(_ options: [String]) -> [String]? {
            Analyzer.read(
                StoredAnswer(round: "r1", country: "FRA", questionID: "areas", options: options, number: nil, text: nil), as: question,
                source: source)?.options
        }
        #expect(read(["a"]) == ["yes"])
        #expect(read(["b", "a"]) == ["yes"])
        #expect(read(["b"]) == ["no"])
        #expect(read([]) == nil)
    }

    /// progress.csv: baseline yes for a = FRA, ITA of 3 answered (ESP's blank list is not in the
    /// denominator) = 66.7%; latest yes = FRA of 4 = 25%; comparable partial with the note.
    @Test func progressComparesTheUnpackedItem() throws {
        let row = try F.row(Self.analyzer, Self.data, "a_requested", "yes")
        #expect(row.baseline.nResponding == 3 && row.baseline.nOption == 2)
        #expect(row.latest.nResponding == 4 && row.latest.nOption == 1 && row.latest.percent == 25)
        #expect(row.comparable == .partial)
        #expect(row.comparabilityNote.contains("unpacked from option `a` of `areas`"))
        let no = try F.row(Self.analyzer, Self.data, "b_requested", "no")
        // b: DEU, ITA yes; FRA no (answered without b): 1 of 3.
        #expect(no.baseline.nResponding == 3 && no.baseline.nOption == 1)
    }

    /// Through a chain whose first step recodes the option (`x` in version 0 is `a` in 1), the
    /// exact source names the first version's code.
    @Test func aRecodedOptionIsFollowedBackThroughTheChain() throws {
        let v0 = F.questionnaire("0", [F.question("areas", .multipleChoice, ["x", "b"])])
        let recode = Crosswalk(from: "0", to: "1", entries: [.init(.optionRecoded(question: "areas", from: "x", to: "a"))])
        let analyzer = F.analyzer([v0, Self.v1, Self.v2], [recode, Self.crosswalk], rounds: ["r0", "r1", "r2"])
        let chain = analyzer.crosswalkChain(from: v0, to: Self.v2)
        #expect(chain.exactSource(of: "a_requested") == CrosswalkChain.ExactSource(question: "areas", codes: [:], unpacked: "x"))
        #expect(chain.exactSource(of: "b_requested") == CrosswalkChain.ExactSource(question: "areas", codes: [:], unpacked: "b"))
        #expect(chain.translate(["areas": ["x"]]) == ["a_requested": ["yes"], "b_requested": ["no"]])
        #expect(chain.translate([:]).isEmpty)
    }
}
