public import Foundation
public import SurveyModel

/// The form labels file (`Pipelines/forms/xlsform-labels.yml`), as written.
struct FormLabelsFile: Decodable {
    struct Fields: Decodable {
        var country: [String: String]
        var round: [String: String]
    }
    struct Messages: Decodable {
        var between: [String: String]
        var at_least: [String: String]
        var at_most: [String: String]
        var exclusive: [String: String]
        var round: [String: String]
    }
    struct Template: Decodable {
        var identification_sheet: [String: String]
        var instructions: [String: String]
        var unreviewed: [String: String]
        var questionnaire_version: [String: String]
        var submitted: [String: String]
        var question: [String: String]
        var answer: [String: String]
        var help: [String: String]
        var number: [String: String]
        var parent_number: [String: String]
        var selected: [String: String]
        var choose_from_list: [String: String]
        var whole_number: [String: String]
        var number_only: [String: String]
        var date: [String: String]
        var chapter_sheet: [String: String]
        var technical_assistance_sheet: [String: String]
    }
    var fields: Fields
    var template: Template?
    var chapters: [String: [String: String]]
    var constraint_messages: Messages
    var table_options: [String: [String: String]]?
}

extension FormLabels {
    /// Reads and checks a form labels file: every text in all six languages, a title for every
    /// chapter, and each message with the placeholders it needs.
    public static func load(from url: URL) throws -> FormLabels {
        let file = try YAMLFile.decode(FormLabelsFile.self, at: url, what: "form labels")
        func fail(_ detail: String) -> DefinitionError { .invalidDefinition(path: url.path, detail: detail) }
        func text(_ map: [String: String], _ context: String, placeholders: [String] = []) throws -> LocalizedText {
            var values: [Language: String] = [:]
            for (key, value) in map {
                guard let language = Language(rawValue: key) else {
                    throw fail("\(context): unknown language '\(key)' (expected ar, en, es, fr, ru or zh)")
                }
                for placeholder in placeholders where !value.contains(placeholder) {
                    throw fail("\(context).\(key): the text has no \(placeholder)")
                }
                values[language] = value
            }
            let text = LocalizedText(values)
            if let missing = text.missingLanguages.first { throw fail("\(context): no text in '\(missing.rawValue)'") }
            return text
        }
        var chapters: [Chapter: LocalizedText] = [:]
        for (key, map) in file.chapters {
            guard let chapter = Questionnaire.parseChapter(key) else {
                throw fail("chapters: unknown chapter '\(key)' (expected 3–8 or TA)")
            }
            chapters[chapter] = try text(map, "chapters.\(key)")
        }
        if let missing = Chapter.allCases.first(where: { chapters[$0] == nil }) {
            throw fail("chapters: no title for chapter \(missing.rawValue)")
        }
        let messages = file.constraint_messages
        var template: TemplateTexts?
        if let entry = file.template {
            func sheet(_ map: [String: String], _ context: String, placeholders: [String] = []) throws -> LocalizedText {
                let names = try text(map, context, placeholders: placeholders)
                for (language, name) in names.values {
                    let longest = name.replacingOccurrences(of: "{n}", with: "TA")
                    guard longest.count <= 31, !longest.contains(where: { ":\\/?*[]".contains($0) }) else {
                        throw fail("\(context).\(language.rawValue): a sheet name has at most 31 characters and none of : \\ / ? * [ ]")
                    }
                }
                return names
            }
            template = TemplateTexts(
                identificationSheet: try sheet(entry.identification_sheet, "template.identification_sheet"),
                instructions: try text(entry.instructions, "template.instructions"),
                unreviewed: try text(entry.unreviewed, "template.unreviewed"),
                questionnaireVersion: try text(entry.questionnaire_version, "template.questionnaire_version"),
                submitted: try text(entry.submitted, "template.submitted"),
                question: try text(entry.question, "template.question"), answer: try text(entry.answer, "template.answer"),
                help: try text(entry.help, "template.help"), number: try text(entry.number, "template.number"),
                parentNumber: try text(entry.parent_number, "template.parent_number", placeholders: ["{repeat}"]),
                selected: try text(entry.selected, "template.selected"),
                chooseFromList: try text(entry.choose_from_list, "template.choose_from_list"),
                wholeNumber: try text(entry.whole_number, "template.whole_number"),
                numberOnly: try text(entry.number_only, "template.number_only"), date: try text(entry.date, "template.date"),
                chapterSheet: try sheet(entry.chapter_sheet, "template.chapter_sheet", placeholders: ["{n}"]),
                technicalAssistanceSheet: try sheet(entry.technical_assistance_sheet, "template.technical_assistance_sheet"))
        }
        var labels = FormLabels(
            country: try text(file.fields.country, "fields.country"), round: try text(file.fields.round, "fields.round"),
            chapters: chapters,
            between: try text(messages.between, "constraint_messages.between", placeholders: ["{min}", "{max}"]),
            atLeast: try text(messages.at_least, "constraint_messages.at_least", placeholders: ["{min}"]),
            atMost: try text(messages.at_most, "constraint_messages.at_most", placeholders: ["{max}"]),
            exclusive: try text(messages.exclusive, "constraint_messages.exclusive", placeholders: ["{option}"]),
            roundNotDeclared: try text(messages.round, "constraint_messages.round", placeholders: ["{rounds}"]))
        labels.template = template
        for (code, map) in file.table_options ?? [:] {
            labels.tableOptions[code] = try text(map, "table_options.\(code)")
        }
        return labels
    }
}
