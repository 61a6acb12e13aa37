import Foundation
import SurveyDefinitions
import SurveyModel
import SurveyTestSupport
import Testing

/// Issue 17 part 6 with an XForm questionnaire: an XForm cannot declare consistency checks, so the
/// pipeline file may name a checks file (`checks:`) written as the questionnaire file's `checks:`.
@Suite struct ChecksFileTests {
    static let miniForm = Fixtures.packageRoot.appendingPathComponent("Tests/Fixtures/xform/cybercrime-mini.xml")
    static let yamlQuestionnaire = Fixtures.packageRoot.appendingPathComponent("Pipelines/questionnaires/cybercrime-survey.yml")

    static func checks(if question: String = "ch3_specific_law", option: String = "yes", then: String = "ch3_main_law") -> String {
        """
        checks:
          - id: specific-law-citation
            severity: warning
            if: {question: \(question), selected: ["\(option)"]}
            then: {question: \(then), answered: true}
            message: {ar: "a", en: "Specific law but no citation", es: "e", fr: "f", ru: "r", zh: "z"}
        """
    }

    /// A pipeline file naming `questionnaire` and, when `checks` is given, a checks file with it.
    func definitions(questionnaire: URL = miniForm, checks: String?) throws -> PipelineDefinitions {
        let folder = Fixtures.temporaryFolder("checks-file")
        if let checks { try Fixtures.write(["checks.yml": checks], in: folder) }
        let file = try Fixtures.pipelineFile(
            in: folder, input: folder, output: folder.appendingPathComponent("out"), questionnaire: questionnaire,
            extra: checks == nil ? "" : "checks: checks.yml\n")
        return try PipelineDefinitions(configuration: try PipelineConfiguration.load(path: file.path))
    }

    func failure(questionnaire: URL = miniForm, checks: String?) -> String {
        do {
            _ = try definitions(questionnaire: questionnaire, checks: checks)
            return ""
        } catch { return "\(error)" }
    }

    @Test func anXFormQuestionnaireGetsItsChecksFromTheChecksFile() throws {
        #expect(try definitions(checks: nil).questionnaire.checks.isEmpty, "an XForm declares no checks")
        let pipeline = try definitions(checks: Self.checks())
        let check = try #require(pipeline.questionnaire.checks.first)
        #expect(pipeline.questionnaire.checks.count == 1)
        #expect(check.id == "specific-law-citation" && check.ifCondition == .selected(["yes"]) && check.thenCondition == .answered)
        // It fires as a questionnaire's own check does, and "not answered" is never "no".
        let at = SourceLocation(file: "t.csv", line: 2)
        let fired = check.evaluate([Answer(questionID: "ch3_specific_law", value: .choice("yes"), location: at)], country: "FRA", submissionID: "t#1")
        #expect(fired?.code == .consistencyCheck)
        let cited = [
            Answer(questionID: "ch3_specific_law", value: .choice("yes"), location: at),
            Answer(questionID: "ch3_main_law", value: .text("Law 1"), location: at),
        ]
        #expect(check.evaluate(cited, country: "FRA", submissionID: "t#1") == nil)
        #expect(check.evaluate([], country: "FRA", submissionID: "t#1") == nil)
    }

    @Test func checksFileMistakesNameTheChecksFile() {
        let unknown = failure(checks: Self.checks(if: "ch3_instruments"))
        #expect(unknown.contains("checks.yml") && unknown.contains("names an unknown question 'ch3_instruments'"), "\(unknown)")
        let option = failure(checks: Self.checks(option: "maybe"))
        #expect(option.contains("checks.yml") && option.contains("option 'maybe' is not an option of ch3_specific_law"), "\(option)")
        let empty = failure(checks: "checks: []\n")
        #expect(empty.contains("checks.yml") && empty.contains("checks: is missing or empty"), "\(empty)")
        // One place for the checks: a YAML questionnaire that declares its own is refused a second list.
        let twice = failure(questionnaire: Self.yamlQuestionnaire, checks: Self.checks())
        #expect(twice.contains("declares its own checks: declare them in one place"), "\(twice)")
    }

    @Test func theChecksFileIsPartOfTheFileCacheKey() throws {
        // The same pipeline file and questionnaire; only the checks file changes.
        let folder = Fixtures.temporaryFolder("checks-file-cache")
        try Fixtures.write(["checks.yml": Self.checks()], in: folder)
        let file = try Fixtures.pipelineFile(
            in: folder, input: folder, output: folder.appendingPathComponent("out"), questionnaire: Self.miniForm,
            extra: "checks: checks.yml\n")
        func fingerprint() throws -> String {
            try PipelineDefinitions(configuration: try PipelineConfiguration.load(path: file.path)).fingerprint(salt: "s")
        }
        let before = try fingerprint()
        #expect(try fingerprint() == before)
        try Fixtures.write(["checks.yml": Self.checks().replacingOccurrences(of: "warning", with: "info")], in: folder)
        #expect(try fingerprint() != before, "editing the checks re-reads every file, so cached firings are never stale")
    }
}
