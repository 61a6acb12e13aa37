import Foundation
import SurveyAnalyze
import SurveyDefinitions
import SurveyModel
import SurveyTestSupport
import Testing

/// Issue 17 part 7: custom groups defined by answers are labelled self-declared wherever a group's
/// name is shown, and a custom group can come from a dated list file (`list:`) whose source and
/// date are shown next to its name.
@Suite struct GroupListTests {
    /// The pipeline definitions of a pipeline file with `extra`, written beside `files`.
    func pipeline(_ extra: String, files: [String: String] = [:]) throws -> PipelineDefinitions {
        let folder = Fixtures.temporaryFolder("group-list")
        try Fixtures.write(files, in: folder)
        let file = try Fixtures.pipelineFile(
            in: folder, input: folder, output: folder.appendingPathComponent("out"), extra: extra)
        return try PipelineDefinitions(configuration: try PipelineConfiguration.load(path: file.path))
    }

    func failure(_ extra: String, files: [String: String] = [:]) -> String {
        do {
            _ = try pipeline(extra, files: files)
            return ""
        } catch { return "\(error)" }
    }

    static let fixtureList = """
        # A test fixture, not a real-world membership list.
        source: "Test fixture treaty office"
        as_of: 2026-06-01
        countries: [FRA, deu, GHA]
        """

    @Test func answerGroupsAreMarkedSelfDeclaredByTheirRule() {
        let plain = CustomGroup(id: "malabo", label: "Malabo parties", rule: .answer(question: "ch3_instruments", options: ["malabo"]))
        #expect(plain.displayLabel == "Malabo parties — self-declared (ch3_instruments)")
        // A label that already says "as answered" is not marked twice.
        let answered = CustomGroup(
            id: "b", label: "Parties to the Budapest Convention (as answered in ch3_instruments)",
            rule: .answer(question: "ch3_instruments", options: ["budapest"]))
        #expect(answered.displayLabel == "Parties to the Budapest Convention (self-declared: as answered in ch3_instruments)")
        let declared = CustomGroup(id: "c", label: "X (self-declared)", rule: .answer(question: "q", options: ["a"]))
        #expect(declared.displayLabel == "X (self-declared)")
        // Groups from the reference or a list are not self-declared.
        let list = CustomGroup(id: "p", label: "Pilot", rule: .countries(["FRA"]))
        #expect(list.displayLabel == "Pilot")
        let areas = CustomGroup(id: "a", label: "Asia and Oceania", rule: .areas(["142", "009"]))
        #expect(areas.displayLabel == "Asia and Oceania")
    }

    @Test func theCatalogLabelCarriesTheMarkerForEveryAnswerGroup() throws {
        let pipeline = try pipeline("""
            groups:
              - {id: malabo_parties, label: "Malabo parties", answer: {question: ch3_instruments, options: [malabo]}}
              - {id: unlabelled, answer: {question: ch3_instruments, options: [budapest]}}
              - {id: pilot, label: "Pilot", countries: [FRA]}
            """)
        let catalog = GroupCatalog(reference: pipeline.reference, custom: pipeline.customGroups)
        for language in Language.allCases {
            #expect(catalog.label(of: CountryGroup(type: .custom, code: "malabo_parties"), language: language)
                == "Malabo parties — self-declared (ch3_instruments)")
        }
        #expect(catalog.label(of: CountryGroup(type: .custom, code: "unlabelled")) == "unlabelled — self-declared (ch3_instruments)")
        #expect(catalog.label(of: CountryGroup(type: .custom, code: "pilot")) == "Pilot")
        // The project's pipeline file: its answer groups are marked.
        let project = try PipelineDefinitions(configuration: try PipelineConfiguration.load(path: Fixtures.pipelineFile.path))
        for group in project.customGroups {
            if case .answer = group.rule { #expect(group.displayLabel.contains("self-declared"), "\(group.id)") }
        }
    }

    @Test func aListFileGivesTheCountriesTheSourceAndTheDate() throws {
        let pipeline = try pipeline("""
            groups:
              - {id: listed, label: "Listed parties", list: lists/parties.yml}
              - {id: inline, label: "Inline", countries: [KEN], source: "A ministry circular", as_of: 2025-12-31}
            """, files: ["lists/parties.yml": Self.fixtureList])
        #expect(pipeline.customGroups == [
            CustomGroup(id: "listed", label: "Listed parties", rule: .countries(["FRA", "DEU", "GHA"]), source: "Test fixture treaty office", asOf: "2026-06-01"),
            CustomGroup(id: "inline", label: "Inline", rule: .countries(["KEN"]), source: "A ministry circular", asOf: "2025-12-31"),
        ])
        #expect(pipeline.customGroups[0].displayLabel == "Listed parties (Test fixture treaty office, as of 2026-06-01)")
        let catalog = GroupCatalog(reference: pipeline.reference, custom: pipeline.customGroups)
        #expect(catalog.frameSize(of: CountryGroup(type: .custom, code: "listed")) == 3)
    }

    @Test func listFileMistakesNameTheFileAndTheCode() {
        let group = "groups:\n  - {id: g, list: lists/g.yml}\n"
        let cases: [(String, String, String)] = [
            ("source: S\nas_of: 2026-06-01\ncountries: [FRA, XXZ]\n", "lists/g.yml", "'XXZ' is not an ISO alpha-3 code"),
            ("as_of: 2026-06-01\ncountries: [FRA]\n", "lists/g.yml", "has no source"),
            ("source: S\ncountries: [FRA]\n", "lists/g.yml", "needs as_of"),
            ("source: S\nas_of: 2026-02-30\ncountries: [FRA]\n", "lists/g.yml", "needs as_of"),
            ("source: S\nas_of: June 2026\ncountries: [FRA]\n", "lists/g.yml", "needs as_of"),
            ("source: S\nas_of: 2026-06-01\ncountries: []\n", "lists/g.yml", "countries: is missing or empty"),
            ("source: S\nas_of: 2026-06-01\ncountries: FRA: x\n", "lists/g.yml", "YAML"),
        ]
        for (list, path, expected) in cases {
            let message = failure(group, files: ["lists/g.yml": list])
            #expect(message.contains(path) && message.contains(expected), "\(list) → \(message)")
        }
        #expect(failure(group).contains("not found") && failure(group).contains("lists/g.yml"))
        #expect(failure("groups:\n  - {id: g, list: lists/g.yml, countries: [FRA]}\n", files: ["lists/g.yml": Self.fixtureList])
            .contains("give one of countries"))
        #expect(failure("groups:\n  - {id: g, countries: [FRA], as_of: 2026}\n").contains("is not an ISO date"))
        #expect(failure("groups:\n  - {id: g, answer: {question: ch3_instruments, options: [budapest]}, source: S}\n")
            .contains("source and as_of go with inline countries"))
    }

    @Test func aListGroupNamesTheAnswerGroupItIsComparedWith() throws {
        let pipeline = try pipeline("""
            groups:
              - {id: listed, label: "Listed parties", list: lists/parties.yml, compare_with: budapest_parties}
              - {id: budapest_parties, label: "Budapest parties", answer: {question: ch3_instruments, options: [budapest]}}
              - {id: inline, countries: [KEN], compare_with: budapest_parties}
            """, files: ["lists/parties.yml": Self.fixtureList])
        // The target may be declared after the list group.
        #expect(pipeline.customGroups.map(\.compareWith) == ["budapest_parties", nil, "budapest_parties"])
    }

    @Test func compareWithMistakesAreRefusedWithTheRemedy() {
        let answer = "  - {id: budapest_parties, answer: {question: ch3_instruments, options: [budapest]}}\n"
        let cases: [(String, String)] = [
            // The target must exist…
            ("groups:\n  - {id: l, countries: [FRA], compare_with: nowhere}\n" + answer,
             "groups: l: compare_with 'nowhere' is not a group of groups: (groups defined by an answer: budapest_parties)"),
            // …and be defined by an answer.
            ("groups:\n  - {id: l, countries: [FRA], compare_with: m}\n  - {id: m, countries: [DEU]}\n",
             "groups: l: compare_with 'm' is not defined by an answer"),
            // compare_with goes on a list, not on an answer group or on areas.
            ("groups:\n  - {id: a, answer: {question: ch3_instruments, options: [malabo]}, compare_with: budapest_parties}\n" + answer,
             "groups: a: compare_with goes on a group with a list of countries"),
            ("groups:\n  - {id: asia, areas: [\"142\"], compare_with: budapest_parties}\n" + answer,
             "groups: asia: compare_with goes on a group with a list of countries"),
        ]
        for (extra, expected) in cases {
            let message = failure(extra)
            #expect(message.contains(expected), "\(extra) → \(message)")
        }
    }
}
