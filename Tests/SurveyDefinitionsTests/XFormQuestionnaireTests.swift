import Foundation
import SurveyExtract
import SurveyModel
import SurveyDefinitions
import SurveyTestSupport
import Testing

/// From an XForm to a questionnaire: chapters, types, bounds, labels and the pipeline file.
@Suite struct XFormQuestionnaireTests {
    static let miniForm = Fixtures.packageRoot.appendingPathComponent("Tests/Fixtures/xform/cybercrime-mini.xml")

    func mini(chapters: [String: Chapter] = [:]) throws -> Questionnaire {
        try Questionnaire.from(xform: Extractor().readXForm(fileAt: Self.miniForm), chapters: chapters)
    }

    @Test func chaptersComeFromAttributeGroupNameOrPipelineMap() throws {
        let questionnaire = try mini(chapters: ["staff_count": .investigations, "ch3_main_law": .prevention])
        #expect(questionnaire.id == "unodc-cyber-mini")
        #expect(questionnaire.version == "2026.1")
        #expect(questionnaire.title == LocalizedText([.en: "Cybercrime legislation (mini)"]))
        #expect(questionnaire.questions.map(\.id) == [
            "ch3_specific_law", "ch3_reform_year", "ch3_main_law", "ch4_illegal_access", "ch4_share_prosecuted",
            "ta_needs", "specialized_officers", "staff_count",
        ])
        let chapters = Dictionary(uniqueKeysWithValues: questionnaire.questions.map { ($0.id, $0.chapter) })
        #expect(chapters["ch3_specific_law"] == .legislation)  // group ch3
        #expect(chapters["ch3_main_law"] == .legislation)  // the group name comes before the map
        #expect(chapters["ch4_illegal_access"] == .criminalization)  // group ch4_criminalization
        #expect(chapters["ta_needs"] == .technicalAssistance)  // unodc:chapter="TA" in group "assistance"
        #expect(chapters["specialized_officers"] == .investigations)  // unodc:chapter="5"
        #expect(chapters["staff_count"] == .investigations)  // the pipeline map
        // Not questions: identity fields, notes (also inside a chapter group), preloads, meta, groups.
        #expect(questionnaire.question(id: "country") == nil)
        #expect(questionnaire.question(id: "round") == nil)
        #expect(questionnaire.question(id: "ch4_note") == nil)
        #expect(questionnaire.question(id: "ch3") == nil)
        #expect(questionnaire.otherFields == ["intro", "ch4_note", "completed_at", "instanceID"])
    }

    @Test func aFieldWithoutAChapterIsNotAQuestion() throws {
        let questionnaire = try mini()
        #expect(questionnaire.question(id: "staff_count") == nil)
        #expect(questionnaire.otherFields.contains("staff_count"))
        #expect(questionnaire.questions.count == 7)
    }

    @Test func typesBoundsAndQtypeOverride() throws {
        let questionnaire = try mini(chapters: ["staff_count": .investigations])
        let types = Dictionary(uniqueKeysWithValues: questionnaire.questions.map { ($0.id, $0.type) })
        #expect(types == [
            "ch3_specific_law": .singleChoice, "ch3_reform_year": .year, "ch3_main_law": .text,
            "ch4_illegal_access": .legalForm, "ch4_share_prosecuted": .percent, "ta_needs": .multipleChoice,
            "specialized_officers": .integer, "staff_count": .integer,
        ])
        let year = try #require(questionnaire.question(id: "ch3_reform_year"))
        #expect(year.minimum == 1970)
        #expect(year.maximum == 2030)
        let share = try #require(questionnaire.question(id: "ch4_share_prosecuted"))
        #expect(share.minimum == 0)  // ".>=0 and .<=100": no spaces
        #expect(share.maximum == 100)
        let officers = try #require(questionnaire.question(id: "specialized_officers"))
        #expect(officers.minimum == 1)  // ". > 0" on an integer
        #expect(officers.maximum == nil)
        #expect(questionnaire.question(id: "staff_count")?.minimum == nil)
        #expect(questionnaire.question(id: "ch3_specific_law")?.choiceList == "yes_no")
        #expect(questionnaire.question(id: "ch4_illegal_access")?.choices.map(\.code) == ["cyber_specific", "general", "none"])
    }

    @Test func labelsPerLanguageAndTranslationStatus() throws {
        let questionnaire = try mini()
        let law = try #require(questionnaire.question(id: "ch3_specific_law"))
        #expect(law.label[.en] == "Does your country have cybercrime-specific legislation?")
        #expect(law.label[.fr] == "Votre pays dispose-t-il d’une législation spécifique à la cybercriminalité ?")
        #expect(law.label[.ar] == "هل لدى بلدكم تشريع خاص بالجريمة السيبرانية؟")
        #expect(law.label[.zh] == nil)  // missing languages stay missing
        #expect(law.choice(code: "yes")?.label == LocalizedText([.en: "Yes", .fr: "Oui", .ar: "نعم"]))
        #expect(questionnaire.question(id: "ch3_reform_year")?.label.values.keys.sorted() == [.en, .fr])
        #expect(questionnaire.defaultLanguage == .en)
        #expect(questionnaire.translations == [
            .en: TranslationStatus(status: "source"), .fr: TranslationStatus(status: "unreviewed"),
            .ar: TranslationStatus(status: "unreviewed"),
        ])
    }

    @Test func choiceChaptersComeFromTheSecondaryInstance() throws {
        let needs = try #require(try mini().question(id: "ta_needs"))
        #expect(needs.choiceList == "ta_areas")
        #expect(needs.choices.map(\.code) == ["ta_criminalization", "ta_investigations", "ta_cooperation"])
        #expect(needs.choices.map(\.chapter) == [.criminalization, .investigations, .cooperation])
        #expect(needs.choices.first?.label == LocalizedText([.en: "Criminalization", .fr: "Incrimination"]))
    }

    @Test func groupNamesThatGiveAChapter() {
        #expect(Questionnaire.chapter(ofGroup: "ch4") == .criminalization)
        #expect(Questionnaire.chapter(ofGroup: "ch4_criminalization") == .criminalization)
        #expect(Questionnaire.chapter(ofGroup: "CH8") == .prevention)
        #expect(Questionnaire.chapter(ofGroup: "ta") == .technicalAssistance)
        #expect(Questionnaire.chapter(ofGroup: "ta_needs") == .technicalAssistance)
        #expect(Questionnaire.chapter(ofGroup: "ch45") == nil)
        #expect(Questionnaire.chapter(ofGroup: "ch9") == nil)
        #expect(Questionnaire.chapter(ofGroup: "chapter4") == nil)
        #expect(Questionnaire.chapter(ofGroup: "tasks") == nil)
        #expect(Questionnaire.chapter(ofGroup: "meta") == nil)
    }

    // MARK: Errors

    func form(_ fields: [XFormField]) -> XFormDefinition {
        XFormDefinition(formID: "f", version: nil, title: "F", rootName: "data", translations: [], fields: fields)
    }

    @Test func twoQuestionsWithOneNameAreAnError() throws {
        let xform = form([
            XFormField(path: ["ch3"], isGroup: true), XFormField(path: ["ch3", "law"], bindType: "string", control: "input"),
            XFormField(path: ["ch4"], isGroup: true), XFormField(path: ["ch4", "law"], bindType: "string", control: "input"),
        ])
        let error = try #require(throws: DefinitionError.self) { try Questionnaire.from(xform: xform) }
        guard case .invalidDefinition(let path, let detail) = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(path == "f")
        #expect(detail.contains("law"))
        #expect(detail.contains("ch3/law") && detail.contains("ch4/law"))
    }

    @Test func badDefinitionsAreOneLine() throws {
        let badQtype = form([XFormField(path: ["ch3", "q"], bindAttributes: ["qtype": "slider"], control: "input")])
        #expect(throws: DefinitionError.self) { try Questionnaire.from(xform: badQtype) }
        let badChapter = form([XFormField(path: ["q"], bindAttributes: ["chapter": "9"], control: "input")])
        #expect(throws: DefinitionError.invalidDefinition(path: "f", detail: "field q: unknown chapter '9' (expected 3–8 or TA)")) {
            try Questionnaire.from(xform: badChapter)
        }
        let noChoices = form([XFormField(path: ["ch3", "q"], bindAttributes: ["qtype": "single_choice"], control: "input")])
        #expect(throws: DefinitionError.self) { try Questionnaire.from(xform: noChoices) }
        let badChoiceChapter = form([
            XFormField(
                path: ["ta", "q"], bindType: "string", control: "select",
                choices: [XFormChoice(value: "a", labels: [.en: "A"], attributes: ["chapter": "11"])]),
        ])
        #expect(throws: DefinitionError.self) { try Questionnaire.from(xform: badChoiceChapter) }
    }

    @Test func identityFieldsAreNeverQuestions() throws {
        let xform = form([
            XFormField(path: ["ch3", "land"], bindType: "string", control: "input"),
            XFormField(path: ["ch3", "law"], bindType: "string", control: "input"),
        ])
        let questionnaire = try Questionnaire.from(xform: xform, identityFields: ["land", "cycle"])
        #expect(questionnaire.questions.map(\.id) == ["law"])
        #expect(questionnaire.otherFields.isEmpty)
    }

    @Test func constraintsThatGiveBounds() {
        #expect(Questionnaire.constraintBounds(". >= 0 and . <= 100") == (0, 100))
        #expect(Questionnaire.constraintBounds(".>=1970 and .<=2030") == (1970, 2030))
        #expect(Questionnaire.constraintBounds(". >= -5") == (-5, nil))
        #expect(Questionnaire.constraintBounds(". > 0 and . < 10", integral: true) == (1, 9))
        #expect(Questionnaire.constraintBounds(". > 0.5", integral: false) == (0.5, nil))
        #expect(Questionnaire.constraintBounds(". >= 0 or . = -1") == (nil, nil))
        #expect(Questionnaire.constraintBounds("regex(., '^[0-9]+$')") == (nil, nil))
        #expect(Questionnaire.constraintBounds(". >= 0 and . <= /data/max") == (nil, nil))
        #expect(Questionnaire.constraintBounds("") == (nil, nil))
    }

    // MARK: The pipeline file

    func pipeline(_ extra: String, questionnaire: String = miniForm.path) throws -> URL {
        let folder = Fixtures.temporaryFolder("legisurvey-xform")
        let text = """
            name: xform
            questionnaire: \(questionnaire)
            reference: \(Fixtures.packageRoot.appendingPathComponent("Pipelines/reference/countries.yml").path)
            input: inbox
            output: out
            store: out/store.sqlite
            default_round: "2026"
            rounds: ["2022", "2026"]
            \(extra)
            """
        let url = folder.appendingPathComponent("pipeline.yml")
        try Data(text.utf8).write(to: url)
        return url
    }

    @Test func aPipelineFileNamingAnXFormLoads() throws {
        let url = try pipeline("""
            chapters:
              staff_count: 5
              ch3_main_law: "8"
            identity:
              country: land
              round: cycle
            """)
        let configuration = try PipelineConfiguration.load(path: url.path)
        #expect(configuration.chapters == ["staff_count": .investigations, "ch3_main_law": .prevention])
        #expect(configuration.countryField == "land")
        #expect(configuration.roundField == "cycle")
        let pipeline = try PipelineDefinitions(configuration: configuration)
        #expect(pipeline.questionnaire.id == "unodc-cyber-mini")
        #expect(pipeline.questionnaire.question(id: "staff_count")?.chapter == .investigations)
        // `country` and `round` are ordinary fields here; they have no chapter, so no question.
        #expect(pipeline.questionnaire.otherFields.isSuperset(of: ["country", "round"]))
    }

    @Test func identityAndChaptersDefault() throws {
        let configuration = try PipelineConfiguration.load(path: try pipeline("").path)
        #expect(configuration.chapters.isEmpty)
        #expect(configuration.countryField == "country")
        #expect(configuration.roundField == "round")
        #expect(try PipelineDefinitions(configuration: configuration).questionnaire.question(id: "staff_count") == nil)
    }

    @Test func aBadChapterInThePipelineFileIsRefused() throws {
        let url = try pipeline("chapters:\n  staff_count: \"2\"")
        let error = try #require(throws: DefinitionError.self) { try PipelineConfiguration.load(path: url.path) }
        #expect(error.description.hasSuffix("chapters.staff_count: unknown chapter '2' (expected 3–8 or TA)"))
    }

    @Test func anUnreadableXFormIsOneClearLine() throws {
        let folder = Fixtures.temporaryFolder("legisurvey-xform-bad")
        let bad = folder.appendingPathComponent("form.xml")
        try Data("<h:html xmlns:h=\"x\">\n<h:head>\n</h:html>".utf8).write(to: bad)
        let configuration = try PipelineConfiguration.load(path: try pipeline("", questionnaire: bad.path).path)
        let error = try #require(throws: DefinitionError.self) { try PipelineDefinitions(configuration: configuration) }
        #expect(error.description.hasPrefix("\(bad.path):3:"))
        #expect(error.description.contains("malformed XML"))
        #expect(!error.description.contains("\n"))

        let missing = try PipelineConfiguration.load(
            path: try pipeline("", questionnaire: folder.appendingPathComponent("none.xml").path).path)
        #expect(throws: DefinitionError.fileMissing(what: "questionnaire", path: folder.appendingPathComponent("none.xml").path)) {
            try PipelineDefinitions(configuration: missing)
        }

        let noQuestions = folder.appendingPathComponent("dup.xml")
        try Data("""
            <h:html xmlns:h="x"><h:head><model><instance><data id="dup"><ch3><q/></ch3><ch4><q/></ch4></data></instance>
            </model></h:head><h:body><input ref="/data/ch3/q"/><input ref="/data/ch4/q"/></h:body></h:html>
            """.utf8).write(to: noQuestions)
        let duplicate = try PipelineConfiguration.load(path: try pipeline("", questionnaire: noQuestions.path).path)
        let duplicateError = try #require(throws: DefinitionError.self) { try PipelineDefinitions(configuration: duplicate) }
        #expect(duplicateError.description.hasPrefix("\(noQuestions.path): form dup: question q: the field name occurs twice"))
    }
}
