public import Foundation
public import SurveyModel

/// The feedback texts file (`Pipelines/forms/feedback.yml`), as written.
struct FeedbackFile: Decodable {
    var translations: [String: String]
    var codes: [String: [String: String]]
    var phrases: [String: [String: String]]
}

extension FeedbackTexts {
    /// Reads and checks a feedback texts file: every code that asks something of the sender
    /// (``DiagnosticCode/asksSender``) and every phrase in all six languages, with its
    /// placeholders; no code or phrase the program does not know (a misspelt key would otherwise
    /// leave its text unused).
    public static func load(from url: URL) throws -> FeedbackTexts {
        let file = try YAMLFile.decode(FeedbackFile.self, at: url, what: "feedback texts")
        func fail(_ detail: String) -> DefinitionError { .invalidDefinition(path: url.path, detail: detail) }
        func text(_ map: [String: String], _ context: String) throws -> LocalizedText {
            var values: [Language: String] = [:]
            for (key, value) in map {
                guard let language = Language(rawValue: key) else {
                    throw fail("\(context): unknown language '\(key)' (expected ar, en, es, fr, ru or zh)")
                }
                values[language] = value
            }
            return LocalizedText(values)
        }
        var reviewed = Set<Language>()
        for (key, status) in file.translations {
            guard let language = Language(rawValue: key) else {
                throw fail("translations: unknown language '\(key)' (expected ar, en, es, fr, ru or zh)")
            }
            switch status {
            case "source", "reviewed": reviewed.insert(language)
            case "unreviewed": break
            default: throw fail("translations.\(key): '\(status)' (expected source, reviewed or unreviewed)")
            }
        }
        var codes: [DiagnosticCode: LocalizedText] = [:]
        for (key, map) in file.codes {
            guard let code = DiagnosticCode(rawValue: key) else {
                throw fail("codes: '\(key)' is not a diagnostic code (docs/diagnostics.md)")
            }
            guard code.asksSender else {
                throw fail("codes: '\(key)' asks nothing of the sender, so no letter uses its text; remove it")
            }
            codes[code] = try text(map, "codes.\(key)")
        }
        var phrases: [Phrase: LocalizedText] = [:]
        for (key, map) in file.phrases {
            guard let phrase = Phrase(rawValue: key) else {
                throw fail("phrases: unknown phrase '\(key)' (expected one of \(Phrase.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            phrases[phrase] = try text(map, "phrases.\(key)")
        }
        let texts = FeedbackTexts(codes: codes, phrases: phrases, reviewed: reviewed)
        if let problem = texts.problems.sorted().first { throw fail(problem) }
        return texts
    }
}
