import Foundation
import SurveyDefinitions
import SurveyModel
import SurveyTestSupport
import Testing

/// The questionnaire file's `checks:` (issue 17, part 6): read as data, and refused with a line
/// naming the check when a check names an unknown question or option, lacks a language or declares
/// a severity other than warning or info.
@Suite struct ConsistencyCheckDefinitionTests {
    static let messages = #"{ar: "م", en: "Message", es: "Mensaje", fr: "Message", ru: "Сообщение", zh: "说明"}"#

    /// A two-question questionnaire with `checks` appended under `checks:`.
    func questionnaire(checks: String) throws -> Questionnaire {
        let label = #"{ar: "ا", en: "A", es: "A", fr: "A", ru: "А", zh: "甲"}"#
        let text = """
            id: tiny
            version: "1"
            title: \(label)
            choice_lists:
              yes_no:
                - {code: "yes", label: {ar: "نعم", en: "Yes", es: "Sí", fr: "Oui", ru: "Да", zh: "是"}}
                - {code: "no", label: {ar: "لا", en: "No", es: "No", fr: "Non", ru: "Нет", zh: "否"}}
            questions:
              - {id: q_first, chapter: "3", type: single_choice, choices: yes_no, label: \(label)}
              - {id: q_second, chapter: "3", type: single_choice, choices: yes_no, label: \(label)}
              - {id: q_text, chapter: "3", type: text, label: \(label)}
            checks:
            \(checks)
            """
        let folder = Fixtures.temporaryFolder("checks")
        let url = folder.appendingPathComponent("q.yml")
        try Data(text.utf8).write(to: url)
        return try Questionnaire.load(from: url)
    }

    func check(
        id: String = "first-second", severity: String = "warning", ifSide: String = #"{question: q_first, selected: ["yes"]}"#,
        thenSide: String = #"{question: q_second, selected: ["yes"]}"#, message: String = messages
    ) -> String {
        "  - {id: \(id), severity: \(severity), if: \(ifSide), then: \(thenSide), message: \(message)}"
    }

    func failure(_ checks: String) -> String {
        do {
            _ = try questionnaire(checks: checks)
            return ""
        } catch { return "\(error)" }
    }

    @Test func aCheckIsReadWithItsConditionsSeverityAndMessages() throws {
        let loaded = try questionnaire(
            checks: check() + "\n"
                + check(id: "first_text", severity: "info", thenSide: "{question: q_text, answered: true}") + "\n"
                + check(id: "not-no", thenSide: #"{question: q_second, not_selected: ["no"]}"#))
        #expect(loaded.checks.map(\.id) == ["first-second", "first_text", "not-no"])
        let first = loaded.checks[0]
        #expect(first.severity == .warning && first.code == .consistencyCheck)
        #expect(first.ifQuestion == "q_first" && first.ifCondition == .selected(["yes"]))
        #expect(first.thenQuestion == "q_second" && first.thenCondition == .selected(["yes"]))
        #expect(first.message.text(in: .ru) == "Сообщение")
        #expect(loaded.checks[1].severity == .info && loaded.checks[1].code == .consistencyNote)
        #expect(loaded.checks[1].thenCondition == .answered)
        #expect(loaded.checks[2].thenCondition == .notSelected(["no"]))
    }

    @Test func withoutChecksTheQuestionnaireHasNone() throws {
        let questionnaire = try questionnaire(checks: "  []")
        #expect(questionnaire.checks.isEmpty)
    }

    @Test func theShippedQuestionnaireDeclaresTheIssuesChecks() throws {
        let ids = Fixtures.questionnaire.checks.map(\.id)
        #expect(ids.contains("budapest-247-contact"))
        #expect(ids.contains("specific-law-citation"))
        #expect(ids.contains("forensic-lab-capacity"))
        // One check per investigative power of chapter 5.
        let powers = Set(Fixtures.questionnaire.questions.compactMap { $0.attributes["power"] })
        #expect(powers.count == 10)
        for power in powers {
            let check = try #require(Fixtures.questionnaire.checks.first { $0.ifQuestion == "ch5_\(power)_used" }, "\(power)")
            #expect(check.thenQuestion == "ch5_\(power)_basis" && check.thenCondition == .notSelected(["none"]))
        }
        #expect(Set(ids).count == ids.count)
    }

    @Test func anUnknownQuestionIsRefusedNamingTheCheck() {
        #expect(failure(check(thenSide: #"{question: q_missing, selected: ["yes"]}"#))
            .contains("check 'first-second': then names an unknown question 'q_missing'"))
        #expect(failure(check(ifSide: #"{question: q_gone, selected: ["yes"]}"#))
            .contains("check 'first-second': if names an unknown question 'q_gone'"))
    }

    @Test func anUnknownOptionIsRefusedNamingTheCheck() {
        let message = failure(check(thenSide: #"{question: q_second, selected: ["maybe"]}"#))
        #expect(message.contains("check 'first-second': then option 'maybe' is not an option of q_second (expected one of yes, no)"))
        #expect(failure(check(thenSide: #"{question: q_text, selected: ["yes"]}"#)).contains("has no options; use answered: true"))
    }

    @Test func aMissingLanguageIsRefusedNamingTheCheck() {
        let message = failure(check(message: #"{en: "Message", fr: "Message", es: "Mensaje", ru: "С", zh: "说明"}"#))
        #expect(message.contains("check 'first-second' message: label missing in ar"))
    }

    @Test func onlyWarningAndInfoSeveritiesAreAccepted() {
        #expect(failure(check(severity: "error")).contains("severity 'error' (expected warning or info; a check never rejects a submission)"))
    }

    @Test func aDuplicateIdOrAnAmbiguousConditionIsRefused() {
        #expect(failure(check() + "\n" + check()).contains("check 'first-second' occurs twice"))
        #expect(failure(check(id: "Bad Id")).contains("the id must be lower-case letters"))
        #expect(failure(check(thenSide: #"{question: q_second, selected: ["yes"], answered: true}"#))
            .contains("then needs exactly one of selected, not_selected or answered: true"))
        #expect(failure(check(thenSide: "{question: q_second, answered: false}")).contains("answered must be true"))
    }
}
