import Foundation
import SurveyDefinitions
import SurveyModel
import SurveyTestSupport
import Testing

/// `type: repeat` in the questionnaire file (issue 20): what it reads into (nested repeats,
/// inherited chapters, positions) and the one-line errors it refuses with.
@Suite struct QuestionnaireRepeatFileTests {
    static let label = #"{ar: "ا", en: "A", es: "A", fr: "A", ru: "А", zh: "甲"}"#

    /// A questionnaire with one ordinary question then `questions` (YAML list items, indented
    /// by two spaces).
    func load(_ questions: String) throws -> Questionnaire {
        let text = """
            id: tiny
            version: "1"
            title: \(Self.label)
            choice_lists:
              status:
                - {code: in_force, label: {ar: "ن", en: "In force", es: "En vigor", fr: "En vigueur", ru: "Д", zh: "是"}}
                - {code: draft, label: {ar: "م", en: "Draft", es: "Proyecto", fr: "Projet", ru: "П", zh: "否"}}
            questions:
              - {id: q_first, chapter: "3", type: text, label: \(Self.label)}
            \(questions)
            """
        let url = Fixtures.temporaryFolder("repeat-file").appendingPathComponent("q.yml")
        try Data(text.utf8).write(to: url)
        return try Questionnaire.load(from: url)
    }

    func failure(_ questions: String) -> String { Fixtures.errorText { try load(questions) } }

    func repeatEntry(id: String = "laws", chapter: String? = "\"5\"", _ inner: [String]) -> String {
        var lines = ["  - id: \(id)"]
        if let chapter { lines.append("    chapter: \(chapter)") }
        lines += ["    type: repeat", "    label: \(Self.label)", "    questions:"]
        lines += inner.map { "      " + $0 }
        return lines.joined(separator: "\n")
    }

    @Test func aRepeatWithANestedRepeatAndInheritedChapters() throws {
        let loaded = try load(
            repeatEntry([
                "- {id: title, type: text, label: \(Self.label)}",
                "- {id: status, type: single_choice, choices: status, label: \(Self.label)}",
                "- {id: acts, chapter: \"4\", type: text, label: \(Self.label)}",
                "- id: amendments",
                "  type: repeat",
                "  label: \(Self.label)",
                "  questions:",
                "    - {id: year, type: year, min: 1950, max: 2030, label: \(Self.label)}",
            ]) + "\n  - {id: q_last, chapter: \"8\", type: text, label: \(Self.label)}")
        #expect(loaded.questions.map(\.id) == ["q_first", "q_last"])  // repeats are not questions
        let laws = try #require(loaded.repeatGroup(path: ["laws"]))
        #expect(laws.position == 1)  // after q_first, before q_last
        #expect(laws.chapter == .investigations)
        #expect(laws.questions.map(\.id) == ["title", "status", "acts"])
        // Sub-questions without a chapter inherit the repeat's; one may name its own.
        #expect(laws.questions.map(\.chapter) == [.investigations, .investigations, .criminalization])
        #expect(laws.question(id: "status")?.choices.map(\.code) == ["in_force", "draft"])
        let amendments = try #require(loaded.repeatGroup(path: ["laws", "amendments"]))
        #expect(amendments.position == 3)  // after the three sub-questions
        #expect(amendments.chapter == .investigations)  // inherited through laws
        #expect(amendments.question(id: "year")?.chapter == .investigations)
        #expect(amendments.question(id: "year")?.minimum == 1950)
        #expect(loaded.allRepeatGroups.map(\.path) == [["laws"], ["laws", "amendments"]])
    }

    @Test func theProjectQuestionnaireHasTheLawsAndPracticesRepeats() throws {
        let project = Fixtures.questionnaire
        // 2026.3 adds the assistance already received (issue 25).
        #expect(project.repeats.map(\.id) == ["laws", "practices", "ta_support"])
        #expect(project.repeats.allSatisfy { $0.position == project.questions.count })
        #expect(project.question(id: "laws") == nil)
    }

    /// Each way a repeat can be wrong is refused with one line naming it.
    @Test func badRepeatsAreRefusedWithOneLine() throws {
        let cases: [(String, String)] = [
            // A repeat without questions.
            (repeatEntry([]).replacingOccurrences(of: "\n    questions:", with: ""), "repeat laws: a repeat needs questions:"),
            (repeatEntry(["[]"]).replacingOccurrences(of: "questions:\n      []", with: "questions: []"),
             "repeat laws: a repeat needs questions:"),
            // A local id twice.
            (repeatEntry(["- {id: title, type: text, label: \(Self.label)}", "- {id: title, type: year, label: \(Self.label)}"]),
             "repeat laws: id 'title' occurs twice"),
            // A bad id, of the repeat and of a sub-question.
            (repeatEntry(id: "Laws-List", ["- {id: title, type: text, label: \(Self.label)}"]), "repeat 'Laws-List': not a field name"),
            (repeatEntry(["- {id: Title, type: text, label: \(Self.label)}"]), "repeat laws: 'Title' is not a field name"),
            // A repeat id that is also a question id.
            (repeatEntry(id: "q_first", ["- {id: title, type: text, label: \(Self.label)}"]), "question id 'q_first' occurs twice"),
            // A nested repeat with a bad sub-question, named by its path.
            (repeatEntry([
                "- {id: title, type: text, label: \(Self.label)}", "- id: amendments", "  type: repeat", "  label: \(Self.label)",
                "  questions:", "    - {id: year, type: yearly, label: \(Self.label)}",
            ]), "repeat laws/amendments/year: unknown type 'yearly'"),
            // A nested repeat without questions.
            (repeatEntry([
                "- {id: title, type: text, label: \(Self.label)}", "- id: amendments", "  type: repeat", "  label: \(Self.label)",
            ]), "repeat laws/amendments: a repeat needs questions:"),
            // A top-level repeat must name its chapter; a bad one is refused.
            (repeatEntry(chapter: nil, ["- {id: title, type: text, label: \(Self.label)}"]), "laws: chapter is missing"),
            (repeatEntry(chapter: "\"9\"", ["- {id: title, type: text, label: \(Self.label)}"]), "laws: unknown chapter '9'"),
            // questions: on a question that is not a repeat.
            ("  - {id: q_two, chapter: \"3\", type: text, label: \(Self.label), questions: []}",
             "question q_two: questions: belongs to a repeat"),
        ]
        for (entry, expected) in cases {
            let message = failure(entry)
            #expect(message.contains(expected), "expected “\(expected)”, got: \(message)\n\(entry)")
            #expect(!message.contains("\n"), "\(message)")
        }
    }
}
