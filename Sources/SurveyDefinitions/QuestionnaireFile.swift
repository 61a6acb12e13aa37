public import Foundation
public import SurveyModel

/// The questionnaire YAML file (`Pipelines/questionnaires/*.yml`), as written.
struct QuestionnaireFile: Decodable {
    struct ChoiceEntry: Decodable {
        var code: String
        var label: [String: String]
        var chapter: String?
    }
    struct QuestionEntry: Decodable {
        var id: String
        var chapter: String
        var type: String
        var choices: String?
        var label: [String: String]
        var min: Double?
        var max: Double?
        var cluster: String?
        var power: String?
        var aspect: String?
    }
    struct TranslationEntry: Decodable {
        var status: String
        var note: String?
    }

    var id: String
    var version: String
    var title: [String: String]
    var default_language: String?
    var translations: [String: TranslationEntry]?
    var choice_lists: [String: [ChoiceEntry]]
    var questions: [QuestionEntry]
}

extension Questionnaire {
    /// Reads and checks a questionnaire file. Every problem is reported with the question id.
    public static func load(from url: URL) throws -> Questionnaire {
        let file = try YAMLFile.decode(QuestionnaireFile.self, at: url, what: "questionnaire")
        func fail(_ detail: String) -> DefinitionError { .invalidDefinition(path: url.path, detail: detail) }

        func text(_ map: [String: String], _ context: String) throws -> LocalizedText {
            var values: [Language: String] = [:]
            for (key, value) in map {
                guard let language = Language(rawValue: key) else {
                    throw fail("\(context): unknown language '\(key)' (expected ar, en, es, fr, ru, zh)")
                }
                values[language] = value
            }
            let localized = LocalizedText(values)
            let missing = localized.missingLanguages
            guard missing.isEmpty else {
                throw fail("\(context): label missing in \(missing.map(\.rawValue).joined(separator: ", "))")
            }
            return localized
        }

        var lists: [String: [Choice]] = [:]
        for (name, entries) in file.choice_lists {
            var codes = Set<String>()
            lists[name] = try entries.map { entry in
                guard codes.insert(entry.code).inserted else { throw fail("choice list \(name): code '\(entry.code)' twice") }
                var chapter: Chapter?
                if let raw = entry.chapter {
                    guard let parsed = Chapter(rawValue: raw) else { throw fail("choice \(name).\(entry.code): unknown chapter '\(raw)'") }
                    chapter = parsed
                }
                return Choice(code: entry.code, label: try text(entry.label, "choice \(name).\(entry.code)"), chapter: chapter)
            }
        }

        var questions: [Question] = []
        for entry in file.questions {
            guard let chapter = Chapter(rawValue: entry.chapter) else {
                throw fail("question \(entry.id): unknown chapter '\(entry.chapter)' (expected 3–8 or TA)")
            }
            guard let type = QuestionType(rawValue: entry.type) else {
                throw fail("question \(entry.id): unknown type '\(entry.type)' (expected \(QuestionType.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            var choices: [Choice] = []
            if type.hasChoices {
                guard let listName = entry.choices, let list = lists[listName] else {
                    throw fail("question \(entry.id): choice list '\(entry.choices ?? "")' not found")
                }
                choices = list
            }
            var attributes: [String: String] = [:]
            attributes["cluster"] = entry.cluster
            attributes["power"] = entry.power
            attributes["aspect"] = entry.aspect
            questions.append(
                Question(
                    id: entry.id, chapter: chapter, type: type, label: try text(entry.label, "question \(entry.id)"),
                    choiceList: entry.choices ?? "", choices: choices, minimum: entry.min, maximum: entry.max,
                    attributes: attributes))
        }

        var translations: [Language: TranslationStatus] = [:]
        for (key, entry) in file.translations ?? [:] {
            guard let language = Language(rawValue: key) else { throw fail("translations: unknown language '\(key)'") }
            translations[language] = TranslationStatus(status: entry.status, note: entry.note)
        }
        let defaultLanguage = Language(rawValue: file.default_language ?? "en") ?? .en
        let questionnaire = Questionnaire(
            id: file.id, version: file.version, title: try text(file.title, "title"), defaultLanguage: defaultLanguage,
            translations: translations, questions: questions)
        if let duplicate = questionnaire.duplicateIDs.first { throw fail("question id '\(duplicate)' occurs twice") }
        return questionnaire
    }
}
