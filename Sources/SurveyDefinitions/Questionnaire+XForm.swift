public import Foundation
public import SurveyModel
import SurveyExtract

extension Questionnaire {
    /// Builds a questionnaire from an XForm (what pyxform writes, ODK Central and KoboToolbox serve).
    ///
    /// A field is a question when it has a chapter, taken from the first of:
    /// 1. a bind attribute whose local name is `chapter` (`unodc:chapter="4"`, `"TA"`);
    /// 2. the name of its top-level group: `ch` and a chapter number (`ch4`, `ch4_criminalization`),
    ///    or `ta` / `ta_…` for technical assistance; only for fields a respondent answers (with a
    ///    body control, not `readonly`, no `calculate`), so notes and calculations inside a
    ///    chapter group are not questions;
    /// 3. `chapters`, the pipeline file's map from field name to chapter.
    ///
    /// Groups, the identity fields and fields without a chapter (metadata, notes, calculations)
    /// are not questions; their names go to `otherFields`. A question's id is its field name,
    /// whatever its group path, so two questions with one name are an error. The type is the bind
    /// attribute `qtype` when present, else from the control (`select1`, `select`) or the bind
    /// type (`int`, `decimal`; anything else is text). `min`/`max` come from bind attributes of
    /// those names or from a constraint `. >= a and . <= b`. Labels are kept in the languages the
    /// form has: English is the `source`, the others `unreviewed`.
    public static func from(
        xform: XFormDefinition, chapters: [String: Chapter] = [:], identityFields: Set<String> = ["country", "round"]
    ) throws -> Questionnaire {
        func fail(_ detail: String) -> DefinitionError { .invalidDefinition(path: xform.formID, detail: detail) }
        guard !xform.formID.isEmpty else { throw fail("the form has no id") }

        var questions: [Question] = []
        var others: [String] = []
        var firstPath: [String: [String]] = [:]
        var repeated: [String] = []
        for field in xform.fields where !field.isGroup {
            let name = field.name
            if identityFields.contains(name) { continue }
            // A question is answered once per submission; fields in repeats are not questions.
            if field.inRepeat {
                repeated.append(name)
                continue
            }
            guard let chapter = try chapter(of: field) else {
                others.append(name)
                continue
            }
            let context = "question \(name)"
            if let other = firstPath[name] {
                throw fail(
                    "\(context): the field name occurs twice (\(other.joined(separator: "/")) and "
                        + "\(field.path.joined(separator: "/"))); question ids must be unique")
            }
            firstPath[name] = field.path

            let type = try questionType(of: field, context)
            var choices: [Choice] = []
            if type.hasChoices {
                guard !field.choices.isEmpty else {
                    throw fail("\(context): a \(type.rawValue) question needs choices (a select with items or an itemset)")
                }
                var codes = Set<String>()
                for choice in field.choices {
                    guard codes.insert(choice.value).inserted else { throw fail("\(context): choice '\(choice.value)' twice") }
                    var choiceChapter: Chapter?
                    if let raw = choice.attributes["chapter"], !raw.trimmingCharacters(in: .whitespaces).isEmpty {
                        guard let parsed = parseChapter(raw) else {
                            throw fail("\(context): choice \(choice.value): unknown chapter '\(raw)' (expected 3–8 or TA)")
                        }
                        choiceChapter = parsed
                    }
                    // An itemset column `dont_know` (true / yes / 1) marks a "don't know"-type answer.
                    let dontKnow = ["true", "yes", "1"].contains(
                        (choice.attributes["dont_know"] ?? "").trimmingCharacters(in: .whitespaces).lowercased())
                    choices.append(
                        Choice(code: choice.value, label: LocalizedText(choice.labels), chapter: choiceChapter, isDontKnow: dontKnow))
                }
            }
            var minimum: Double?
            var maximum: Double?
            if type.isNumeric {
                let bounds = constraintBounds(field.bindAttributes["constraint"] ?? "", integral: type == .integer || type == .year)
                minimum = try number(field.bindAttributes["min"], "min", context) ?? bounds.minimum
                maximum = try number(field.bindAttributes["max"], "max", context) ?? bounds.maximum
            }
            questions.append(
                Question(
                    id: name, chapter: chapter, type: type, label: LocalizedText(field.labels),
                    choiceList: type.hasChoices ? field.itemset ?? "" : "", choices: choices, minimum: minimum,
                    maximum: maximum))
        }

        // Languages present: the mapped translations, or the languages labels were stored under.
        var present = Set(xform.translations.compactMap(\.language))
        if present.isEmpty {
            for field in xform.fields {
                present.formUnion(field.labels.keys)
                for choice in field.choices { present.formUnion(choice.labels.keys) }
            }
        }
        var translations: [Language: TranslationStatus] = [:]
        for language in present { translations[language] = TranslationStatus(status: language == .en ? "source" : "unreviewed") }
        let defaultLanguage = present.contains(.en) ? .en : Language.allCases.first { present.contains($0) } ?? .en

        var questionnaire = Questionnaire(
            id: xform.formID, version: xform.version ?? "", title: LocalizedText([.en: xform.title]),
            defaultLanguage: defaultLanguage, translations: translations, questions: questions)
        questionnaire.otherFields = Set(others).subtracting(questions.map(\.id))
        questionnaire.repeatFields = Set(repeated).subtracting(questions.map(\.id))
        return questionnaire

        /// The chapter from the `chapter` bind attribute, the top-level group's name, or the map.
        func chapter(of field: XFormField) throws -> Chapter? {
            if let raw = field.bindAttributes["chapter"], !raw.trimmingCharacters(in: .whitespaces).isEmpty {
                guard let chapter = parseChapter(raw) else {
                    throw fail("field \(field.name): unknown chapter '\(raw)' (expected 3–8 or TA)")
                }
                return chapter
            }
            let answerable = field.control != nil && field.bindAttributes["calculate"] == nil
                && !(field.bindAttributes["readonly"] ?? "").hasPrefix("true")
            if answerable, field.path.count > 1, let group = field.path.first, let chapter = Self.chapter(ofGroup: group) {
                return chapter
            }
            return chapters[field.name]
        }

        func questionType(of field: XFormField, _ context: String) throws -> QuestionType {
            if let raw = field.bindAttributes["qtype"] {
                guard let type = QuestionType(rawValue: raw.trimmingCharacters(in: .whitespaces)) else {
                    throw fail(
                        "\(context): unknown qtype '\(raw)' (expected \(QuestionType.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                return type
            }
            switch field.control {
            case "select1": return .singleChoice
            case "select": return .multipleChoice
            default: break
            }
            switch field.bindType {
            case "int", "integer": return .integer
            case "decimal": return .decimal
            case "select1": return .singleChoice
            case "select": return .multipleChoice
            default: return .text
            }
        }

        func number(_ raw: String?, _ key: String, _ context: String) throws -> Double? {
            guard let raw else { return nil }
            guard let value = Double(raw.trimmingCharacters(in: .whitespaces)) else {
                throw fail("\(context): \(key) '\(raw)' is not a number")
            }
            return value
        }
    }

    /// Reads the questionnaire a pipeline file names: an XForm (`.xml`) through
    /// `Extractor.readXForm` and `from(xform:chapters:identityFields:)`, any other file as the
    /// native questionnaire YAML. Every problem is one `DefinitionError` naming the file.
    public static func load(
        from url: URL, chapters: [String: Chapter], identityFields: Set<String> = ["country", "round"]
    ) throws -> Questionnaire {
        guard url.pathExtension.lowercased() == "xml" else { return try load(from: url) }
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw DefinitionError.fileMissing(what: "questionnaire", path: url.path)
        }
        let xform: XFormDefinition
        do {
            xform = try Extractor().readXForm(fileAt: url)
        } catch let error as XFormError {
            var place = url.path
            if let line = error.line { place += ":\(line)" + (error.column.map { ":\($0)" } ?? "") }
            throw DefinitionError.invalidDefinition(path: place, detail: error.message)
        }
        do {
            return try from(xform: xform, chapters: chapters, identityFields: identityFields)
        } catch DefinitionError.invalidDefinition(_, let detail) {
            throw DefinitionError.invalidDefinition(path: url.path, detail: "form \(xform.formID): \(detail)")
        }
    }

    /// `ch4`, `ch4_criminalization` → 4; `ta`, `ta_needs` → TA; nil for any other group name.
    public static func chapter(ofGroup name: String) -> Chapter? {
        let lower = name.lowercased()
        if lower == "ta" || lower.hasPrefix("ta_") { return .technicalAssistance }
        guard lower.hasPrefix("ch") else { return nil }
        let rest = lower.dropFirst(2)
        guard let digit = rest.first, digit.isASCII, digit.isNumber else { return nil }
        if let next = rest.dropFirst().first, next.isNumber { return nil }
        return Chapter(rawValue: String(digit))
    }

    /// A chapter as written in a form or pipeline file: `3`…`8` or `TA` (any case).
    static func parseChapter(_ raw: String) -> Chapter? {
        Chapter(rawValue: raw.trimmingCharacters(in: .whitespaces).uppercased())
    }

    /// Bounds from a constraint made only of comparisons of `.` with numbers joined by `and`
    /// (`. >= 0 and . <= 100`); anything else gives none. A strict bound of an integral type is
    /// moved by one (`. > 0` is a minimum of 1); of a decimal it is kept as is.
    public static func constraintBounds(_ constraint: String, integral: Bool = false) -> (minimum: Double?, maximum: Double?) {
        let text = constraint.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return (nil, nil) }
        var minimum: Double?
        var maximum: Double?
        let spaced = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for part in spaced.components(separatedBy: " and ") {
            var rest = Substring(part.trimmingCharacters(in: .whitespacesAndNewlines))
            guard rest.first == "." else { return (nil, nil) }
            rest = rest.dropFirst().drop { $0 == " " }
            var op = ""
            while let first = rest.first, "<>=".contains(first) {
                op.append(first)
                rest = rest.dropFirst()
            }
            guard let value = Double(rest.trimmingCharacters(in: .whitespaces)), value.isFinite else { return (nil, nil) }
            let step: Double = integral && value == value.rounded() ? 1 : 0
            switch op {
            case ">=": minimum = value
            case ">": minimum = value + step
            case "<=": maximum = value
            case "<": maximum = value - step
            default: return (nil, nil)
            }
        }
        return (minimum, maximum)
    }
}
