import Foundation
import SurveyDefinitions
import SurveyModel
import SurveyTestSupport
import Testing

/// The reference's languages and the feedback texts (issue 24).
@Suite struct FeedbackTextsTests {
    static let textsFile = Fixtures.packageRoot.appendingPathComponent("Pipelines/forms/feedback.yml")

    @Test func everyMemberStateHasALanguage() throws {
        let members = Fixtures.reference.countries.filter { $0.unStatus == .member }
        #expect(members.count == 193)
        let without = members.filter { $0.language == nil }.map(\.iso3)
        #expect(without.isEmpty, "Member States without a language: \(without)")
        func language(_ iso3: String) -> Language? { Fixtures.reference.country(iso3: iso3)?.language }
        // The rule of build_countries.py (LANGUAGE): one State of each kind.
        #expect(language("MAR") == .ar)
        #expect(language("COM") == .ar)
        #expect(language("PSE") == .ar)
        #expect(language("SEN") == .fr)
        #expect(language("HTI") == .fr)
        #expect(language("MEX") == .es)
        #expect(language("GNQ") == .es)
        #expect(language("KAZ") == .ru)
        #expect(language("CHN") == .zh)
        #expect(language("BRA") == .en)
        #expect(language("UKR") == .en)
        #expect(language("CAN") == .en)
        // Every one of the six is someone's language.
        #expect(Set(members.compactMap(\.language)) == Set(Language.allCases))
    }

    @Test func aLanguageOutsideTheSixIsRefused() throws {
        let folder = Fixtures.temporaryFolder("reference-language")
        let text = try String(contentsOf: Fixtures.packageRoot.appendingPathComponent("Pipelines/reference/countries.yml"), encoding: .utf8)
        let broken = text.replacingOccurrences(of: "    language: \"fr\"", with: "    language: \"pt\"")
        #expect(broken != text)
        let url = folder.appendingPathComponent("countries.yml")
        try Data(broken.utf8).write(to: url)
        #expect(throws: DefinitionError.self) { try CountryReference.load(from: url) }
    }

    @Test func theShippedTextsAreComplete() throws {
        let texts = try FeedbackTexts.load(from: Self.textsFile)
        #expect(texts.problems.isEmpty)
        #expect(texts.reviewed == [.en], "only English is the source; the translations are not reviewed")
        // Every code that asks something of the sender has its text in the six languages.
        for code in DiagnosticCode.allCases where code.asksSender {
            let text = try #require(texts.codes[code], "\(code.rawValue)")
            #expect(text.missingLanguages.isEmpty, "\(code.rawValue)")
        }
    }

    /// Over every code: a note never asks the sender anything; an encoding fallback that decoded
    /// cleanly is a note (issue 24); the analyst's own matters (limits, revisions, exports) stay
    /// out of letters.
    @Test func whichCodesAskTheSender() {
        for code in DiagnosticCode.allCases where code.severity == .info {
            #expect(!code.asksSender, "\(code.rawValue) is a note")
        }
        #expect(DiagnosticCode.encodingFallback.severity == .info)
        #expect(!DiagnosticCode.encodingFallback.asksSender)
        for code in [DiagnosticCode.fileTooLarge, .revisionOrderAmbiguous, .repeatRowOrphan, .zipCorrupt, .formVersionUndeclared] {
            #expect(!code.asksSender, "\(code.rawValue) is for the analyst")
        }
        for code in [DiagnosticCode.choiceUnknown, .questionUnknown, .numberOutOfRange, .countryUnknown, .csvRaggedRow] {
            #expect(code.asksSender, "\(code.rawValue) asks the sender")
        }
    }

    @Test func incompleteTextsAreRefused() throws {
        let text = try String(contentsOf: Self.textsFile, encoding: .utf8)
        let folder = Fixtures.temporaryFolder("feedback-texts")
        func load(_ changed: String) throws {
            let url = folder.appendingPathComponent("feedback.yml")
            try Data(changed.utf8).write(to: url)
            _ = try FeedbackTexts.load(from: url)
        }
        // A sender-facing code without its Arabic text.
        let withoutArabic = text.replacingOccurrences(
            of: "    ar: \"الإجابة ليست من خيارات السؤال؛ ولم يُحتفظ بها\"\n", with: "")
        #expect(withoutArabic != text)
        #expect(throws: DefinitionError.self) { try load(withoutArabic) }
        // A phrase that lost its placeholder.
        let withoutPlaceholder = text.replacingOccurrences(of: "    fr: \"attendu : {value}\"", with: "    fr: \"attendu\"")
        #expect(withoutPlaceholder != text)
        #expect(throws: DefinitionError.self) { try load(withoutPlaceholder) }
        // A text for a code that asks nothing of the sender (never used).
        let extra = text.replacingOccurrences(of: "codes:\n", with: "codes:\n  encoding-fallback: {en: x, fr: x, es: x, ru: x, zh: x, ar: x}\n")
        #expect(throws: DefinitionError.self) { try load(extra) }
        #expect(throws: Never.self) { try load(text) }
    }
}
