public import Foundation
public import SurveyModel

/// The questionnaire YAML file (`Pipelines/questionnaires/*.yml`), as written.
struct QuestionnaireFile: Decodable {
    struct ChoiceEntry: Decodable {
        var code: String
        var label: [String: String]
        var chapter: String?
        /// A "don't know"-type answer (``Choice/isDontKnow``).
        var dont_know: Bool?
    }
    final class QuestionEntry: Decodable {
        var id: String
        /// Optional inside a repeat (the repeat's chapter).
        var chapter: String?
        var type: String
        var choices: String?
        var label: [String: String]
        var min: Double?
        var max: Double?
        var cluster: String?
        var power: String?
        var aspect: String?
        /// The unit of a number question, per language (`unit: {en: "days", …}`).
        var unit: [String: String]?
        /// Help shown to respondents, per language.
        var help: [String: String]?
        /// For `type: repeat`: the repeat's sub-questions (and nested repeats).
        var questions: [QuestionEntry]?
        /// `public: false`: no State's answer is published individually (issue 26).
        var `public`: Bool?
    }
    struct TranslationEntry: Decodable {
        var status: String
        var note: String?
    }

    struct ConditionEntry: Decodable {
        var question: String
        var selected: [String]?
        var not_selected: [String]?
        var answered: Bool?
    }
    struct CheckEntry: Decodable {
        var id: String
        var severity: String
        var `if`: ConditionEntry
        var then: ConditionEntry
        var message: [String: String]
    }

    var id: String
    var version: String
    var title: [String: String]
    var default_language: String?
    var translations: [String: TranslationEntry]?
    var choice_lists: [String: [ChoiceEntry]]
    var questions: [QuestionEntry]
    var checks: [CheckEntry]?
}

extension Questionnaire {
    /// Reads and checks a questionnaire file. Every problem is reported with the question id.
    public static func load(from url: URL) throws -> Questionnaire {
        let file = try YAMLFile.decode(QuestionnaireFile.self, at: url, what: "questionnaire")
        func fail(_ detail: String) -> DefinitionError { .invalidDefinition(path: url.path, detail: detail) }

        func text(_ map: [String: String], _ context: String) throws -> LocalizedText {
            try localized(map, context, fail: fail)
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
                return Choice(
                    code: entry.code, label: try text(entry.label, "choice \(name).\(entry.code)"), chapter: chapter,
                    isDontKnow: entry.dont_know ?? false)
            }
            if let list = lists[name], !list.isEmpty, list.allSatisfy(\.isDontKnow) {
                throw fail(
                    "choice list \(name): every option is dont_know; a list needs at least one substantive answer (mark only the \"don't know\" / \"not sure\" options)")
            }
        }

        /// One question entry (`repeat` entries go through `repeatGroup`), in `chapter` when the
        /// entry names none (inside a repeat).
        func question(_ entry: QuestionnaireFile.QuestionEntry, in inherited: Chapter?, context: String) throws -> Question {
            let chapter = try self.chapter(entry, inherited: inherited, context: context, fail: fail)
            guard let type = QuestionType(rawValue: entry.type) else {
                throw fail("\(context)\(entry.id): unknown type '\(entry.type)' (expected \(QuestionType.allCases.map(\.rawValue).joined(separator: ", ")), repeat)")
            }
            guard entry.questions == nil else {
                throw fail("\(context)\(entry.id): questions: belongs to a repeat (type: repeat), not to a \(type.rawValue) question")
            }
            var choices: [Choice] = []
            if type.hasChoices {
                guard let listName = entry.choices, let list = lists[listName] else {
                    throw fail("\(context)\(entry.id): choice list '\(entry.choices ?? "")' not found")
                }
                choices = list
            }
            var unit: LocalizedText?
            if let map = entry.unit {
                guard type.isNumeric else {
                    throw fail("\(context)\(entry.id): unit: belongs to a number question (integer, decimal, percent, year), not to a \(type.rawValue) question")
                }
                unit = try text(map, "\(context)\(entry.id) unit")
            }
            var attributes: [String: String] = [:]
            attributes["cluster"] = entry.cluster
            attributes["power"] = entry.power
            attributes["aspect"] = entry.aspect
            var question = Question(
                id: entry.id, chapter: chapter, type: type, label: try text(entry.label, "\(context)\(entry.id)"),
                choiceList: entry.choices ?? "", choices: choices, minimum: entry.min, maximum: entry.max,
                attributes: attributes, unit: unit, help: try entry.help.map { try text($0, "\(context)\(entry.id) help") })
            question.isPublic = entry.public ?? true
            return question
        }
        func repeatGroup(_ entry: QuestionnaireFile.QuestionEntry, in inherited: Chapter?, path: [String], position: Int) throws -> RepeatGroup {
            let context = "repeat \(path.joined(separator: "/"))"
            let chapter = try self.chapter(entry, inherited: inherited, context: "repeat ", fail: fail)
            guard let entries = entry.questions, !entries.isEmpty else {
                throw fail("\(context): a repeat needs questions: (its sub-questions)")
            }
            var group = RepeatGroup(id: entry.id, chapter: chapter, label: try text(entry.label, context), questions: [], position: position)
            group.isPublic = entry.public ?? true
            var ids = Set<String>()
            for inner in entries {
                guard isFieldName(inner.id) else {
                    throw fail("\(context): '\(inner.id)' is not a field name (lower-case letters, digits and '_', starting with a letter)")
                }
                guard ids.insert(inner.id).inserted else { throw fail("\(context): id '\(inner.id)' occurs twice") }
                if inner.type == "repeat" {
                    group.repeats.append(try repeatGroup(inner, in: chapter, path: path + [inner.id], position: group.questions.count))
                } else {
                    group.questions.append(try question(inner, in: chapter, context: "\(context)/"))
                }
            }
            return group
        }

        var questions: [Question] = []
        var repeats: [RepeatGroup] = []
        for entry in file.questions {
            if entry.type == "repeat" {
                guard isFieldName(entry.id) else {
                    throw fail("repeat '\(entry.id)': not a field name (lower-case letters, digits and '_', starting with a letter)")
                }
                repeats.append(try repeatGroup(entry, in: nil, path: [entry.id], position: questions.count))
            } else {
                questions.append(try question(entry, in: nil, context: "question "))
            }
        }

        var translations: [Language: TranslationStatus] = [:]
        for (key, entry) in file.translations ?? [:] {
            guard let language = Language(rawValue: key) else { throw fail("translations: unknown language '\(key)'") }
            translations[language] = TranslationStatus(status: entry.status, note: entry.note)
        }
        let defaultLanguage = Language(rawValue: file.default_language ?? "en") ?? .en
        var questionnaire = Questionnaire(
            id: file.id, version: file.version, title: try text(file.title, "title"), defaultLanguage: defaultLanguage,
            translations: translations, questions: questions)
        questionnaire.repeats = repeats
        if let duplicate = questionnaire.duplicateIDs.first { throw fail("question id '\(duplicate)' occurs twice") }
        var withChecks = questionnaire
        withChecks.checks = try checks(file.checks ?? [], of: questionnaire, fail: fail, text: text)
        return withChecks
    }

    /// The chapter an entry names, else the one it inherits (inside a repeat); a top-level entry
    /// must name one.
    private static func chapter(
        _ entry: QuestionnaireFile.QuestionEntry, inherited: Chapter?, context: String, fail: (String) -> DefinitionError
    ) throws -> Chapter {
        guard let raw = entry.chapter else {
            guard let inherited else { throw fail("\(context)\(entry.id): chapter is missing (expected 3–8 or TA)") }
            return inherited
        }
        guard let chapter = Chapter(rawValue: raw) else {
            throw fail("\(context)\(entry.id): unknown chapter '\(raw)' (expected 3–8 or TA)")
        }
        return chapter
    }

    /// A name an XForm, a CSV header and the repeat path syntax all take: `[a-z][a-z0-9_]*`.
    static func isFieldName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    /// A text in the six languages from a YAML map; an unknown or missing language fails.
    static func localized(
        _ map: [String: String], _ context: String, fail: (String) -> DefinitionError
    ) throws -> LocalizedText {
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

    /// A checks file (the pipeline file's `checks:`): `checks:` as a questionnaire file writes it,
    /// checked against `questionnaire`'s questions and options. For a questionnaire that cannot
    /// declare checks itself (an XForm); every mistake names the checks file.
    public static func loadChecks(from url: URL, for questionnaire: Questionnaire) throws -> [ConsistencyCheck] {
        struct ChecksFile: Decodable { var checks: [QuestionnaireFile.CheckEntry]? }
        let file = try YAMLFile.decode(ChecksFile.self, at: url, what: "checks file")
        func fail(_ detail: String) -> DefinitionError { .invalidDefinition(path: url.path, detail: detail) }
        guard let entries = file.checks, !entries.isEmpty else {
            throw fail("checks: is missing or empty (a list of checks, as in the questionnaire file; docs/questionnaire.md)")
        }
        return try checks(entries, of: questionnaire, fail: fail) { try localized($0, $1, fail: fail) }
    }

    /// The `checks:` entries, each checked against the questions: an unknown question or option
    /// code, a missing language or a bad severity fails the load, naming the check.
    private static func checks(
        _ entries: [QuestionnaireFile.CheckEntry], of questionnaire: Questionnaire, fail: (String) -> DefinitionError,
        text: ([String: String], String) throws -> LocalizedText
    ) throws -> [ConsistencyCheck] {
        var ids = Set<String>()
        return try entries.map { entry in
            let name = "check '\(entry.id)'"
            guard !entry.id.isEmpty, entry.id.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" })
            else { throw fail("\(name): the id must be lower-case letters, digits, '-' and '_'") }
            guard ids.insert(entry.id).inserted else { throw fail("\(name) occurs twice") }
            let severity: Severity
            switch entry.severity {
            case "warning": severity = .warning
            case "info": severity = .info
            default:
                throw fail("\(name): severity '\(entry.severity)' (expected warning or info; a check never rejects a submission)")
            }
            func condition(_ side: QuestionnaireFile.ConditionEntry, _ label: String) throws -> ConsistencyCheck.Condition {
                guard let question = questionnaire.question(id: side.question) else {
                    throw fail("\(name): \(label) names an unknown question '\(side.question)'")
                }
                let given = [side.selected != nil, side.not_selected != nil, side.answered != nil].filter { $0 }.count
                guard given == 1 else {
                    throw fail("\(name): \(label) needs exactly one of selected, not_selected or answered: true")
                }
                if let answered = side.answered {
                    guard answered else { throw fail("\(name): \(label) answered must be true (\"not answered\" is never \"no\")") }
                    return .answered
                }
                let codes = side.selected ?? side.not_selected ?? []
                guard question.type.hasChoices else {
                    throw fail("\(name): \(label) question '\(question.id)' has no options; use answered: true")
                }
                guard !codes.isEmpty else { throw fail("\(name): \(label) lists no option") }
                for code in codes where question.choice(code: code) == nil {
                    throw fail(
                        "\(name): \(label) option '\(code)' is not an option of \(question.id) (expected one of \(question.choices.map(\.code).joined(separator: ", ")))")
                }
                return side.selected != nil ? .selected(codes) : .notSelected(codes)
            }
            let premise = try condition(entry.if, "if")
            let conclusion = try condition(entry.then, "then")
            return ConsistencyCheck(
                id: entry.id, severity: severity, ifQuestion: entry.if.question, ifCondition: premise,
                thenQuestion: entry.then.question, thenCondition: conclusion, message: try text(entry.message, "\(name) message"))
        }
    }
}
