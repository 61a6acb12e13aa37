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
    /// whatever its group path, so two questions with one name are an error.
    ///
    /// A repeat (a body `<repeat nodeset>`, or a `jr:template` node of the instance) becomes a
    /// ``RepeatGroup`` (``Questionnaire/repeats``) when it has a chapter: its `chapter` bind
    /// attribute, its top-level group's name (or its own: `ch3_laws`), the `chapters` map, or, for
    /// a nested repeat, the enclosing repeat's. Its id is its element name (unique among the
    /// top-level questions and repeats; a nested one among its parent's sub-questions); its label
    /// the group's; its `position` the number of questions (of the questionnaire, or of the
    /// enclosing repeat) before it. The fields a respondent answers inside it, through plain
    /// groups, are its sub-questions, read like questions (type, choices, bounds, labels), their
    /// ids its local field names (unique within the repeat), their chapter the bind's or the
    /// repeat's; notes and calculations inside it go to `otherFields`; a nested repeat is a repeat
    /// of the innermost enclosing one. A repeat without a chapter has no place in the
    /// questionnaire: the names of its fields go to `repeatFields` (their answers are dropped with
    /// `answer-in-repeat`), as do leaf fields the instance holds twice. A repeat with no
    /// sub-question at all is an error. The type is the bind
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

        // Repeats: each body `<repeat>` (or `jr:template` node) with a chapter becomes a
        // RepeatGroup; its fields are its sub-questions, whatever plain groups lie between.
        let repeatPaths = Set(xform.fields.filter { $0.isGroup && $0.isRepeat }.map(\.path))
        /// The innermost repeat holding `path` (itself excluded).
        func enclosingRepeat(_ path: [String]) -> [String]? {
            guard path.count > 1 else { return nil }
            for length in stride(from: path.count - 1, through: 1, by: -1) where repeatPaths.contains(Array(path.prefix(length))) {
                return Array(path.prefix(length))
            }
            return nil
        }
        var groups: [[String]: RepeatGroup] = [:]
        var childRepeats: [[String]: [[String]]] = [:]
        var topRepeats: [[String]] = []
        var repeatOrder: [[String]] = []
        /// Repeats without a chapter (nor an enclosing repeat with one): their fields have no place.
        var unplaced = Set<[String]>()
        var localNames: [[String]: [String: [String]]] = [:]

        for field in xform.fields {
            let name = field.name
            if field.isGroup {
                guard field.isRepeat else { continue }
                let parent = enclosingRepeat(field.path)
                let context = "repeat \(field.path.joined(separator: "/"))"
                var chapter = try chapter(ofRepeat: field)
                if let parent {
                    if unplaced.contains(parent) { chapter = nil } else if chapter == nil { chapter = groups[parent]?.chapter }
                }
                guard let chapter else {
                    unplaced.insert(field.path)
                    continue
                }
                if let parent {
                    if let other = localNames[parent, default: [:]][name] {
                        throw fail("\(context): the name occurs twice in repeat \(parent.joined(separator: "/")) (\(other.joined(separator: "/"))); ids inside a repeat must be unique")
                    }
                    localNames[parent, default: [:]][name] = field.path
                    childRepeats[parent, default: []].append(field.path)
                } else {
                    if let other = firstPath[name] {
                        throw fail("\(context): the name occurs twice (\(other.joined(separator: "/")) and \(field.path.joined(separator: "/"))); question and repeat ids must be unique")
                    }
                    firstPath[name] = field.path
                    topRepeats.append(field.path)
                }
                repeatOrder.append(field.path)
                groups[field.path] = RepeatGroup(
                    id: name, chapter: chapter, label: LocalizedText(field.labels), questions: [],
                    position: parent.map { groups[$0]?.questions.count ?? 0 } ?? questions.count)
                continue
            }
            if identityFields.contains(name) { continue }
            if let owner = enclosingRepeat(field.path) {
                // A field inside a repeat: a sub-question of the innermost one when that repeat has
                // a place and the field is answered (or names its chapter).
                guard let group = groups[owner], !unplaced.contains(owner) else {
                    repeated.append(name)
                    continue
                }
                let explicit = !(field.bindAttributes["chapter"] ?? "").trimmingCharacters(in: .whitespaces).isEmpty
                guard explicit || isAnswerable(field) else {
                    others.append(name)
                    continue
                }
                let context = "repeat \(owner.joined(separator: "/")): question \(name)"
                if let other = localNames[owner, default: [:]][name] {
                    throw fail("\(context): the name occurs twice in the repeat (\(other.joined(separator: "/")) and \(field.path.joined(separator: "/"))); ids inside a repeat must be unique")
                }
                localNames[owner, default: [:]][name] = field.path
                let chapter = try chapter(of: field, inRepeat: true) ?? group.chapter
                groups[owner]!.questions.append(try question(field, chapter: chapter, context))
                continue
            }
            // A question is answered once per submission; a repeat's fields are not questions.
            if field.inRepeat {
                repeated.append(name)
                continue
            }
            guard let chapter = try chapter(of: field, inRepeat: false) else {
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
            questions.append(try question(field, chapter: chapter, context))
        }
        /// A repeat with its nested repeats, built inside out.
        func assembled(_ path: [String]) -> RepeatGroup {
            var group = groups[path]!
            group.repeats = (childRepeats[path] ?? []).map(assembled)
            return group
        }
        for path in repeatOrder where groups[path]!.questions.isEmpty && (childRepeats[path] ?? []).isEmpty {
            throw fail("repeat \(path.joined(separator: "/")): it holds no question (a repeat needs at least one answered field)")
        }
        let repeats = topRepeats.map(assembled)

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
        questionnaire.repeats = repeats
        return questionnaire

        /// A question (top-level or inside a repeat) from its field: type, choices, bounds, labels.
        func question(_ field: XFormField, chapter: Chapter, _ context: String) throws -> Question {
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
            return Question(
                id: field.name, chapter: chapter, type: type, label: LocalizedText(field.labels),
                choiceList: type.hasChoices ? field.itemset ?? "" : "", choices: choices, minimum: minimum,
                maximum: maximum)
        }

        /// A field a respondent answers: a body control, not `readonly`, no `calculate`.
        func isAnswerable(_ field: XFormField) -> Bool {
            field.control != nil && field.bindAttributes["calculate"] == nil
                && !(field.bindAttributes["readonly"] ?? "").hasPrefix("true")
        }

        /// A repeat's chapter: its `chapter` bind attribute, its top-level group's name (or its own,
        /// `ch3_laws`), or the pipeline file's map; nil when none gives one.
        func chapter(ofRepeat field: XFormField) throws -> Chapter? {
            if let raw = field.bindAttributes["chapter"], !raw.trimmingCharacters(in: .whitespaces).isEmpty {
                guard let chapter = parseChapter(raw) else {
                    throw fail("repeat \(field.path.joined(separator: "/")): unknown chapter '\(raw)' (expected 3–8 or TA)")
                }
                return chapter
            }
            if let group = field.path.first, let chapter = Self.chapter(ofGroup: group) { return chapter }
            return chapters[field.name]
        }

        /// The chapter from the `chapter` bind attribute, the top-level group's name, or the map.
        /// Inside a repeat only the bind attribute counts (else the repeat's chapter).
        func chapter(of field: XFormField, inRepeat: Bool) throws -> Chapter? {
            if let raw = field.bindAttributes["chapter"], !raw.trimmingCharacters(in: .whitespaces).isEmpty {
                guard let chapter = parseChapter(raw) else {
                    throw fail("field \(field.name): unknown chapter '\(raw)' (expected 3–8 or TA)")
                }
                return chapter
            }
            if inRepeat { return nil }
            if isAnswerable(field), field.path.count > 1, let group = field.path.first, let chapter = Self.chapter(ofGroup: group) {
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
