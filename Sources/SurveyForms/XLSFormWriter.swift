public import Foundation
public import SurveyModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a questionnaire as an XLSForm workbook (`.xlsx`) that pyxform compiles to an XForm.
///
/// The workbook has the three XLSForm sheets: `survey` (a `country` and a `round` field, then one
/// group per chapter, `ch3` … `ch8` and `ta`, holding the chapter's questions under their
/// questionnaire ids), `choices` (every choice list once, under its questionnaire name) and
/// `settings`. Each question carries its chapter and its questionnaire type as the custom bind
/// attributes `unodc:chapter` and `unodc:qtype`, so an XForm reader can recover `legal_form`,
/// `percent` and `year`, which XForm types cannot express.
///
/// Each repeat group is a `begin_repeat` … `end_repeat` block (its chapter as `unodc:chapter`),
/// outside the chapter groups (its nodeset `/data/laws`): after the chapter group holding the
/// question just before its `position` (a chapter group is never split; position 0: before the
/// first group). Inside, its sub-questions under their local ids, written like questions, and
/// each nested repeat after the first `position` of them (`/data/laws/amendments`). Choice lists
/// of sub-questions join the `choices` sheet, each list once.
///
/// The form carries every rule of the pipeline's answer checks that an XForm can express, so a
/// form deployed from it makes only data the pipeline accepts (docs/formats.md, "What the form
/// enforces"): the country a required choice among the reference's countries (ISO alpha-3 codes),
/// the round required and one of the declared rounds, numeric bounds, whole numbers (`integer`),
/// and each exclusive option of a multiple-choice question (``Question/exclusiveCodes``, the rule
/// the Transformer applies) chosen alone.
///
/// The bytes are deterministic: fixed entry order, a fixed modification date (1980-01-01 00:00 UTC,
/// the DOS epoch) and stored (uncompressed) entries, so the same questionnaire gives the same file on
/// any platform, whatever its zlib.
public struct XLSFormWriter: Sendable {
    /// The questionnaire written.
    public var questionnaire: Questionnaire
    /// The round given to submissions that do not name one: the `round` field's default.
    public var defaultRound: String
    /// The texts that are not in the questionnaire: identity fields, chapter titles, messages.
    public var labels: FormLabels
    /// The countries the `country` field offers: the pipeline's reference (every code the pipeline
    /// resolves; a country outside the population is accepted there too, with a note).
    public var reference: CountryReference
    /// The rounds a submission may name (the pipeline file's `rounds:`); empty: no constraint.
    public var rounds: [String]

    /// Creates a writer for `questionnaire`; `defaultRound` is the pipeline's `default_round`,
    /// `labels` its form labels (`Pipelines/forms/xlsform-labels.yml`), `reference` its country
    /// reference data and `rounds` its declared rounds.
    public init(
        questionnaire: Questionnaire, defaultRound: String, labels: FormLabels, reference: CountryReference,
        rounds: [String]
    ) {
        self.questionnaire = questionnaire
        self.defaultRound = defaultRound
        self.labels = labels
        self.reference = reference
        self.rounds = rounds
    }

    /// The choice list of the `country` field.
    static let countryList = "countries"

    /// Languages in the order of the `label::` columns, with the XLSForm language names
    /// ("English (en)": a name plus the IANA subtag, which ODK uses to pick fonts and direction).
    static let languages: [(language: Language, name: String)] = [
        (.en, "English (en)"), (.fr, "French (fr)"), (.es, "Spanish (es)"),
        (.ru, "Russian (ru)"), (.zh, "Chinese (zh)"), (.ar, "Arabic (ar)"),
    ]

    /// The `default_language` setting.
    static let defaultLanguageName = "English (en)"
    /// The `namespaces` setting that declares the `unodc:` prefix of the custom bind attributes.
    static let namespaces = #"unodc="https://www.unodc.org/legisurvey/xform""#

    /// The group name of a chapter: `ch3` … `ch8`, `ta`.
    static func groupName(_ chapter: Chapter) -> String {
        chapter == .technicalAssistance ? "ta" : "ch\(chapter.rawValue)"
    }

    /// The XLSForm type of a question.
    static func xlsformType(_ type: QuestionType, list: String) -> String {
        switch type {
        case .singleChoice, .legalForm: return "select_one \(list)"
        case .multipleChoice: return "select_multiple \(list)"
        case .integer, .year: return "integer"
        case .decimal, .percent: return "decimal"
        case .text: return "text"
        }
    }

    // MARK: - Sheets

    /// One sheet: a name and its rows, the first row being the header.
    typealias Sheet = XLSXWorkbook.Sheet

    /// The name of a question's choice list: the questionnaire's, or the question id when the
    /// questionnaire gives none.
    static func listName(_ question: Question) -> String {
        question.choiceList.isEmpty ? question.id : question.choiceList
    }

    /// The `survey` sheet.
    func surveySheet() throws -> Sheet {
        let header =
            ["type", "name"] + Self.languages.map { "label::\($0.name)" } + ["required", "constraint"]
            + Self.languages.map { "constraint_message::\($0.name)" }
            + ["default", "bind::unodc:chapter", "bind::unodc:qtype"]
        func row(
            type: String, name: String, label: LocalizedText?, required: String = "", constraint: String = "",
            message: LocalizedText? = nil, defaultValue: String = "", chapter: String = "", qtype: String = ""
        ) -> [String] {
            [type, name] + Self.languages.map { label?.text(in: $0.language) ?? "" } + [required, constraint]
                + Self.languages.map { message?.text(in: $0.language) ?? "" } + [defaultValue, chapter, qtype]
        }

        var rows: [[String]] = [header]
        rows.append(row(type: "select_one \(Self.countryList)", name: "country", label: labels.country, required: "yes"))
        rows.append(
            row(
                type: "text", name: "round", label: labels.round, required: "yes", constraint: Self.roundConstraint(rounds),
                message: rounds.isEmpty ? nil : labels.roundMessage(rounds: rounds), defaultValue: Self.defaultCell(defaultRound)))
        var names: Set<String> = ["country", "round"]
        /// A question's row (top-level or inside a repeat).
        func questionRow(_ question: Question) throws -> [String] {
            let (constraint, message) = try constraint(of: question)
            return row(
                type: Self.xlsformType(question.type, list: Self.listName(question)), name: question.id,
                label: question.label, constraint: constraint, message: message,
                chapter: question.chapter.rawValue, qtype: question.type.rawValue)
        }
        /// A repeat's rows: `begin_repeat`, its sub-questions with each nested repeat at its
        /// position among them, `end_repeat`. Names are unique within the repeat.
        func repeatRows(_ group: RepeatGroup, path: [String]) throws -> [[String]] {
            let context = "repeat \(path.joined(separator: "/"))"
            guard !group.questions.isEmpty || !group.repeats.isEmpty else { throw invalid("\(context) has no questions") }
            var local: Set<String> = []
            var result = [row(type: "begin_repeat", name: group.id, label: group.label, chapter: group.chapter.rawValue)]
            func nested(at position: Int) throws {
                for inner in group.repeats where min(max(inner.position, 0), group.questions.count) == position {
                    try checkName(inner.id, what: "\(context): repeat id")
                    guard local.insert(inner.id).inserted else { throw invalid("\(context): name '\(inner.id)' is used twice") }
                    result += try repeatRows(inner, path: path + [inner.id])
                }
            }
            try nested(at: 0)
            for (index, question) in group.questions.enumerated() {
                try checkName(question.id, what: "\(context): question id")
                guard local.insert(question.id).inserted else { throw invalid("\(context): name '\(question.id)' is used twice") }
                result.append(try questionRow(question))
                try nested(at: index + 1)
            }
            result.append(row(type: "end_repeat", name: group.id, label: nil))
            return result
        }
        /// Top-level repeats go between the chapter groups (a group is not split): each after the
        /// group holding the question just before its `position`, in questionnaire order; one at
        /// position 0 before the first group.
        let order = questionnaire.questions
        var pending = Array(questionnaire.repeats.indices)
        func writeRepeats(upTo count: Int) throws {
            let due = pending.filter { min(max(questionnaire.repeats[$0].position, 0), order.count) <= count }
            pending.removeAll { due.contains($0) }
            for group in due.map({ questionnaire.repeats[$0] }) {
                try checkName(group.id, what: "repeat id")
                guard names.insert(group.id).inserted else { throw invalid("name '\(group.id)' is used twice") }
                rows += try repeatRows(group, path: [group.id])
            }
        }
        try writeRepeats(upTo: 0)
        for chapter in Chapter.allCases {
            let questions = questionnaire.questions.filter { $0.chapter == chapter }
            if questions.isEmpty { continue }
            let group = Self.groupName(chapter)
            guard names.insert(group).inserted else { throw invalid("name '\(group)' is used twice") }
            rows.append(row(type: "begin_group", name: group, label: labels.title(of: chapter)))
            for question in questions {
                try checkName(question.id, what: "question id")
                guard names.insert(question.id).inserted else { throw invalid("name '\(question.id)' is used twice") }
                rows.append(try questionRow(question))
            }
            rows.append(row(type: "end_group", name: group, label: nil))
            try writeRepeats(upTo: (order.lastIndex { $0.chapter == chapter } ?? 0) + 1)
        }
        try writeRepeats(upTo: order.count)
        return Sheet(name: "survey", rows: rows)
    }

    /// A question's `constraint` and its message: the numeric bounds (`. >= 0 and . <= 100`,
    /// exactly the pipeline's inclusive comparisons; the XForm reader reads them back as bounds),
    /// and for a multiple-choice question each exclusive option chosen alone
    /// (`not(selected(., 'none') and count-selected(.) > 1)`), joined with `and`; the messages
    /// joined with a space.
    func constraint(of question: Question) throws -> (constraint: String, message: LocalizedText?) {
        var parts: [String] = []
        var messages: [LocalizedText] = []
        if question.type.isNumeric {
            let low = question.minimum.map(Self.number)
            let high = question.maximum.map(Self.number)
            parts += [low.map { ". >= \($0)" }, high.map { ". <= \($0)" }].compactMap { $0 }
            if let message = labels.constraintMessage(minimum: low, maximum: high) { messages.append(message) }
        }
        for code in question.exclusiveCodes {
            parts.append(Self.exclusiveConstraint(code))
            messages.append(labels.exclusiveMessage(option: question.choice(code: code)!))
        }
        guard !messages.isEmpty else { return ("", nil) }
        let message = LocalizedText(
            Dictionary(
                uniqueKeysWithValues: Language.allCases.map { language in
                    (language, messages.map { $0.text(in: language) }.joined(separator: " "))
                }))
        return (parts.joined(separator: " and "), message)
    }

    /// The constraint that an exclusive option of a multiple-choice question is chosen alone.
    static func exclusiveConstraint(_ code: String) -> String {
        "not(selected(., \(xpathLiteral(code))) and count-selected(.) > 1)"
    }

    /// The `round` field's constraint: one of the declared rounds, written exactly; empty without
    /// declared rounds.
    static func roundConstraint(_ rounds: [String]) -> String {
        rounds.map { ". = \(xpathLiteral($0))" }.joined(separator: " or ")
    }

    /// The `country` field's choices: every country of the reference, its ISO alpha-3 code as the
    /// choice name, its short name as the label, in order of English name (accents and case
    /// ignored: Åland Islands after Afghanistan, Côte d'Ivoire after Costa Rica).
    func countryRows() -> [[String]] {
        func key(_ country: Country) -> String {
            country.name.text(in: .en).folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        }
        let countries = reference.countries.sorted { (key($0), $0.iso3) < (key($1), $1.iso3) }
        return countries.map { country in
            [Self.countryList, country.iso3] + Self.languages.map { country.name.text(in: $0.language) } + ["", ""]
        }
    }

    /// The `choices` sheet: each list once, in order of first use, choices in list order; the
    /// countries of the `country` field last.
    func choicesSheet() throws -> Sheet {
        // `dont_know`: the questionnaire's "don't know"-type options (`true`), which an XForm
        // questionnaire reads back from the itemset (the one rule for `unknown` survives the form).
        let header = ["list_name", "name"] + Self.languages.map { "label::\($0.name)" } + ["chapter", "dont_know"]
        var rows: [[String]] = [header]
        var written: [String: [Choice]] = [:]
        guard !reference.countries.isEmpty else { throw invalid("the country reference has no countries") }
        let inRepeats = questionnaire.allRepeatGroups.flatMap(\.group.questions)
        for question in questionnaire.questions + inRepeats where question.type.hasChoices {
            let list = Self.listName(question)
            if let choices = written[list] {
                guard choices == question.choices else {
                    throw invalid("choice list '\(list)' has different choices in different questions")
                }
                continue
            }
            try checkName(list, what: "choice list name")
            guard list != Self.countryList else {
                throw invalid("choice list name '\(list)' is the country field's list: rename the questionnaire's list")
            }
            guard !question.choices.isEmpty else { throw invalid("choice list '\(list)' has no choices") }
            written[list] = question.choices
            for choice in question.choices {
                guard !choice.code.isEmpty, !choice.code.contains(where: \.isWhitespace) else {
                    throw invalid("choice list '\(list)': code '\(choice.code)' is empty or has a space")
                }
                rows.append(
                    [list, choice.code] + Self.languages.map { choice.label.text(in: $0.language) }
                        + [choice.chapter?.rawValue ?? "", choice.isDontKnow ? "true" : ""])
            }
        }
        return Sheet(name: "choices", rows: rows + countryRows())
    }

    /// The `settings` sheet.
    func settingsSheet() -> Sheet {
        Sheet(
            name: "settings",
            rows: [
                ["form_title", "form_id", "version", "default_language", "namespaces"],
                [
                    questionnaire.title.text(in: .en), questionnaire.id, questionnaire.version,
                    Self.defaultLanguageName, Self.namespaces,
                ],
            ])
    }

    /// The three sheets, in workbook order.
    func sheets() throws -> [Sheet] {
        [try surveySheet(), try choicesSheet(), settingsSheet()]
    }

    /// A definition error, named after the questionnaire.
    func invalid(_ detail: String) -> FormExportError {
        .invalidQuestionnaire(questionnaire.id, detail: "XLSForm: \(detail)")
    }

    /// Checks that `name` can be an XForm element name (XLSForm requires letters, digits, `_`, `-`, `.`,
    /// not starting with a digit, `-` or `.`).
    func checkName(_ name: String, what: String) throws {
        guard let first = name.unicodeScalars.first,
            first == "_" || CharacterSet.letters.contains(first),
            name.unicodeScalars.allSatisfy({ $0 == "_" || $0 == "-" || $0 == "." || CharacterSet.alphanumerics.contains($0) })
        else { throw invalid("\(what) '\(name)' is not a valid XML name") }
    }

    /// The `default` cell that gives a text field the value `value`.
    ///
    /// pyxform reads a default holding `-` (or other operators) as an XPath expression evaluated at
    /// form load (`2026-b` would become 2026 minus the node `b`), so anything but letters, digits,
    /// `.` and `_` is written as the expression `string('…')`, which evaluates to the text itself.
    static func defaultCell(_ value: String) -> String {
        if value.unicodeScalars.allSatisfy({ ($0.isASCII && CharacterSet.alphanumerics.contains($0)) || $0 == "." || $0 == "_" }) {
            return value
        }
        return "string(\(xpathLiteral(value)))"
    }

    /// An XPath 1.0 string literal for `value` (XPath has no escapes: a text holding both quote
    /// kinds is built with `concat`).
    static func xpathLiteral(_ value: String) -> String {
        // Quotes looked for as scalars: one followed by a combining mark is another Character.
        if !value.unicodeScalars.contains("'") { return "'\(value)'" }
        if !value.unicodeScalars.contains("\"") { return "\"\(value)\"" }
        let pieces = value.unicodeScalars.split(separator: "'", omittingEmptySubsequences: false).map { "'\(String(String.UnicodeScalarView($0)))'" }
        return "concat(" + pieces.joined(separator: #", "'", "#) + ")"
    }

    /// A bound as XPath writes it: no exponent, no trailing `.0`.
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        let plain = String(value)
        if !plain.contains("e") { return plain }
        var fixed = String(format: "%.17f", value)
        while fixed.hasSuffix("0") { fixed.removeLast() }
        if fixed.hasSuffix(".") { fixed.removeLast() }
        return fixed
    }

    // MARK: - Workbook

    /// The workbook as `.xlsx` bytes (deterministic for a questionnaire and round).
    public func workbook() throws -> Data {
        try XLSXWorkbook(sheets: try sheets()).data(what: "XLSForm workbook")
    }

    /// Writes the workbook to `url`, creating its folder. `url` must be a new path or a regular
    /// file: anything else (a device such as `/dev/full`, a FIFO, a socket, a folder, a symlink) is
    /// refused with ``FormExportError/notARegularFile(path:kind:)`` and left as it is. The bytes go
    /// to a new temporary file beside it (`.NAME.<pid>.<random>.partial`, created with `O_EXCL`),
    /// which is renamed over `url`, so a reader never sees half a workbook; on failure it is removed.
    public func write(to url: URL) throws {
        try Self.write(try workbook(), to: url)
    }

    /// Writes `data` to `url` as ``write(to:)`` does (the questionnaire workbook too).
    static func write(_ data: Data, to url: URL) throws {
        try Self.refuseUnlessRegularOrNew(url)
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw FormExportError.writeFailed(path: url.path, detail: "cannot create the folder \(folder.path)")
        }
        var temporary: String?
        var descriptor: Int32 = -1
        for _ in 0..<16 where descriptor < 0 {
            let token = String(UInt64.random(in: 0...UInt64.max), radix: 36)
            let path = folder.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(token).partial").path
            descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if descriptor >= 0 { temporary = path } else if errno != EEXIST && errno != EINTR { break }
        }
        guard let temporary, descriptor >= 0 else {
            throw FormExportError.writeFailed(path: url.path, detail: "cannot create a temporary file: \(Self.errorText())")
        }
        var failure: String?
        do {
            try FileHandle(fileDescriptor: descriptor, closeOnDealloc: false).write(contentsOf: data)
        } catch {
            failure = error.localizedDescription
        }
        if close(descriptor) != 0, failure == nil { failure = Self.errorText() }
        // Checked again just before the rename: the path may have changed since the first check.
        if failure == nil {
            do { try Self.refuseUnlessRegularOrNew(url) } catch {
                unlink(temporary)
                throw error
            }
            if rename(temporary, url.path) != 0 { failure = Self.errorText() }
        }
        if let failure {
            unlink(temporary)
            throw FormExportError.writeFailed(path: url.path, detail: failure)
        }
    }

    /// Throws unless nothing is at `url` or a regular file is (`lstat`: a symlink is not followed).
    static func refuseUnlessRegularOrNew(_ url: URL) throws {
        var status = stat()
        guard lstat(url.path, &status) == 0 else {
            if errno == ENOENT { return }
            throw FormExportError.writeFailed(path: url.path, detail: errorText())
        }
        let kind: String
        switch status.st_mode & S_IFMT {
        case S_IFREG: return
        case S_IFDIR: kind = "folder"
        case S_IFLNK: kind = "symbolic link"
        case S_IFCHR: kind = "character device"
        case S_IFBLK: kind = "block device"
        case S_IFIFO: kind = "FIFO"
        case S_IFSOCK: kind = "socket"
        default: kind = "special file"
        }
        throw FormExportError.notARegularFile(path: url.path, kind: kind)
    }

    private static func errorText(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }
}
