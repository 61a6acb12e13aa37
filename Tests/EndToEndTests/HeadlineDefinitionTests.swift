import Foundation
import SurveyDefinitions
import SurveyModel
import SurveyPublish
import SurveyTestSupport
import Testing

/// The pipeline file's `headline:` list (issue 21): read, checked against the latest questionnaire,
/// refused with a line that names the entry; the default when absent; the report's headline table
/// shows the same items. And the questionnaire's `unit:` for number questions.
@Suite struct HeadlineDefinitionTests {
    func pipeline(_ extra: String) throws -> PipelineDefinitions {
        let folder = Fixtures.temporaryFolder("headline")
        let file = try Fixtures.pipelineFile(in: folder, input: folder, output: folder.appendingPathComponent("out"), extra: extra)
        return try PipelineDefinitions(configuration: try PipelineConfiguration.load(path: file.path))
    }

    func failure(_ extra: String) -> String {
        do {
            _ = try pipeline(extra)
            return ""
        } catch { return "\(error)" }
    }

    @Test func withoutTheKeyTheHeadlineIsTheFirstChoiceQuestionOfEachChapter() throws {
        let items = try pipeline("").headline
        #expect(items.map(\.question.id) == [
            "ch3_specific_law", "ch4_illegal_access", "ch5_search_basis", "ch6_evidence_admissibility", "ch7_mla_bases", "ch8_strategy",
            "ta_legislative_drafting_requested",
        ])
        #expect(items.map(\.option) == ["yes", "any_form", "any_form", "specific", "bilateral_treaty", "yes", "yes"])
        // The project's pipeline file lists exactly that default, explicitly.
        let project = try PipelineDefinitions(configuration: try PipelineConfiguration.load(path: Fixtures.pipelineFile.path))
        #expect(project.headline == items)
    }

    @Test func aListIsReadInChapterOrderWithDefaultOptions() throws {
        let items = try pipeline("""
            headline:
              - {question: ch7_contact_247}
              - {question: ch4_csam, option: cyber_specific}
              - {question: ch4_illegal_access}
            """).headline
        #expect(items.map(\.question.id) == ["ch4_csam", "ch4_illegal_access", "ch7_contact_247"])
        #expect(items.map(\.option) == ["cyber_specific", "any_form", "yes"])
    }

    @Test func aWrongEntryIsRefusedNamingIt() {
        #expect(failure("headline:\n  - {question: ch4_nothing}\n").contains("headline[0]: question 'ch4_nothing' is not a question"))
        #expect(failure("headline:\n  - {question: ch4_csam}\n  - {question: ch4_csam, option: maybe}\n")
            .contains("headline[1]: option 'maybe' is not an option of ch4_csam (expected one of any_form, cyber_specific"))
        #expect(failure("headline:\n  - {question: ch7_mla_sent}\n").contains("headline[0]: question 'ch7_mla_sent' is a integer question"))
        #expect(failure("headline:\n  - {question: ch4_csam}\n  - {question: ch4_csam, option: any_form}\n").contains("headline[1]: ch4_csam option any_form is listed twice"))
        #expect(failure("headline: []\n").contains("headline: lists no item"))
    }

    @Test func theReportsHeadlineTableShowsTheList() throws {
        let definitions = try pipeline("headline:\n  - {question: ch4_csam, option: general}\n")
        let statistics = [
            ShareStatistic(
                round: "2026", chapter: .criminalization, questionID: "ch4_csam", option: "general", group: .world, nResponding: 40,
                nOption: 10, percent: 25, ciLow: 14, ciHigh: 40, flag: .normal),
            ShareStatistic(
                round: "2026", chapter: .legislation, questionID: "ch3_specific_law", option: "yes", group: .world, nResponding: 40,
                nOption: 30, percent: 75, ciLow: 60, ciHigh: 86, flag: .normal),
        ]
        var input = ReportInput(
            questionnaire: definitions.questionnaire, reference: definitions.reference, language: .en, statistics: statistics, progress: [],
            priorities: [], groupPriorities: [], model: nil, countriesByRound: [("2026", 40)], run: nil, diagnostics: [])
        input.headline = definitions.headline
        let html = ReportBuilder(input: input).html
        let section = try #require(html.components(separatedBy: "<section id=\"headline\"").dropFirst().first?.components(separatedBy: "</section>").first)
        #expect(section.contains("data-question=\"ch4_csam\""))
        #expect(!section.contains("data-question=\"ch3_specific_law\""))
        // Without the list: the default, whose first item is ch3_specific_law.
        input.headline = nil
        let byDefault = ReportBuilder(input: input).html
        #expect(byDefault.contains("data-question=\"ch3_specific_law\""))
    }

    @Test func numberQuestionsCarryTheirUnitsInSixLanguages() throws {
        let questionnaire = try pipeline("").questionnaire
        let units = Dictionary(uniqueKeysWithValues: questionnaire.questions.compactMap { q in q.unit.map { (q.id, $0) } })
        #expect(units.mapValues { $0.text(in: .en) } == [
            "ch5_specialized_officers": "officers", "ch6_trained_share": "%", "ch7_mla_sent": "requests", "ch7_mla_received": "requests",
            "ch7_response_days": "days",
        ])
        #expect(units.values.allSatisfy { $0.missingLanguages.isEmpty })
        #expect(questionnaire.questions.filter { $0.type == .year }.allSatisfy { $0.unit == nil })
    }

    @Test func aUnitOnAQuestionThatIsNotANumberIsRefused() throws {
        let folder = Fixtures.temporaryFolder("unit")
        let shipped = try String(
            contentsOf: Fixtures.packageRoot.appendingPathComponent("Pipelines/questionnaires/cybercrime-survey.yml"), encoding: .utf8)
        let edited = shipped.replacingOccurrences(
            of: "  - id: ch3_specific_law\n", with: "  - id: ch3_specific_law\n    unit: {ar: \"x\", en: \"x\", es: \"x\", fr: \"x\", ru: \"x\", zh: \"x\"}\n")
        #expect(edited != shipped)
        let questionnaire = folder.appendingPathComponent("q.yml")
        try Data(edited.utf8).write(to: questionnaire)
        let file = try Fixtures.pipelineFile(
            in: folder, input: folder, output: folder.appendingPathComponent("out"), questionnaire: questionnaire)
        do {
            _ = try PipelineDefinitions(configuration: try PipelineConfiguration.load(path: file.path))
            Issue.record("a unit on a choice question was accepted")
        } catch {
            #expect("\(error)".contains("ch3_specific_law: unit: belongs to a number question"))
        }
    }
}
