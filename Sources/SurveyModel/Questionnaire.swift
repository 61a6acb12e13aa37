/// A chapter of the Comprehensive Study on Cybercrime (3–8) or the technical-assistance section.
public enum Chapter: String, CaseIterable, Codable, Sendable, Comparable {
    case legislation = "3"
    case criminalization = "4"
    case investigations = "5"
    case evidence = "6"
    case cooperation = "7"
    case prevention = "8"
    case technicalAssistance = "TA"

    public static func < (lhs: Chapter, rhs: Chapter) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// What kind of answer a question takes.
public enum QuestionType: String, CaseIterable, Codable, Sendable {
    case singleChoice = "single_choice"
    case multipleChoice = "multiple_choice"
    /// The legal form of a criminalized act or of an investigative power: one of a fixed list.
    case legalForm = "legal_form"
    case integer
    case decimal
    case percent
    case year
    case text

    /// Single, multiple choice and legal-form items have choices; the others do not.
    public var hasChoices: Bool { self == .singleChoice || self == .multipleChoice || self == .legalForm }
    public var isNumeric: Bool { self == .integer || self == .decimal || self == .percent || self == .year }
}

/// One option of a choice question.
public struct Choice: Sendable, Equatable {
    /// Stable code stored and published (`cyber_specific`, `yes`).
    public var code: String
    public var label: LocalizedText
    /// The chapter an option concerns (technical-assistance areas name one).
    public var chapter: Chapter?
    /// A "don't know"-type answer (`dont_know: true` in the questionnaire file; `unknown` of the
    /// legal-form and legal-basis lists): the State answered, but said nothing about the substance.
    /// The one rule (docs/statistics.md, "Unknown and not sure"): such an answer counts as a
    /// response and in the denominator of its own share, and is left out of the denominator of
    /// every substantive share (every other option, `any_form`), of indicators and of priority gaps.
    public var isDontKnow: Bool

    public init(code: String, label: LocalizedText, chapter: Chapter? = nil, isDontKnow: Bool = false) {
        self.code = code
        self.label = label
        self.chapter = chapter
        self.isDontKnow = isDontKnow
    }
}

/// One question of the questionnaire.
public struct Question: Sendable, Equatable {
    /// Stable id: a plain field name, the same whatever the input format.
    public var id: String
    public var chapter: Chapter
    public var type: QuestionType
    public var label: LocalizedText
    /// The name of the choice list (`yes_no`), empty for questions without choices.
    public var choiceList: String
    public var choices: [Choice]
    public var minimum: Double?
    public var maximum: Double?
    /// Optional grouping keys from the questionnaire file (`cluster`, `power`, `aspect`).
    public var attributes: [String: String]
    /// The unit of a number question (`unit:` in the questionnaire file: `officers`, `%`,
    /// `days`), in the languages the file gives; nil when it has none (years, plain counts).
    public var unit: LocalizedText?
    /// The help shown to respondents (`help:` in the questionnaire file), in the languages the
    /// file gives; nil when it has none. Forms and the questionnaire workbook show it.
    public var help: LocalizedText?
    /// False when the questionnaire declares the item not public (`public: false`, issue 26):
    /// no State's answer to it appears individually in a public output (docs/restricted.md).
    public var isPublic: Bool = true

    public init(
        id: String, chapter: Chapter, type: QuestionType, label: LocalizedText, choiceList: String = "",
        choices: [Choice] = [], minimum: Double? = nil, maximum: Double? = nil,
        attributes: [String: String] = [:], unit: LocalizedText? = nil, help: LocalizedText? = nil
    ) {
        self.unit = unit
        self.help = help
        self.id = id
        self.chapter = chapter
        self.type = type
        self.label = label
        self.choiceList = choiceList
        self.choices = choices
        self.minimum = minimum
        self.maximum = maximum
        self.attributes = attributes
    }

    public func choice(code: String) -> Choice? { choices.first { $0.code == code } }

    /// The codes of its "don't know"-type options (``Choice/isDontKnow``); empty for most questions.
    public var dontKnowCodes: Set<String> { Set(choices.lazy.filter(\.isDontKnow).map(\.code)) }

    /// Whether an answer's selected codes say only "don't know": at least one code, every one a
    /// don't-know option. Such an answer is a response, but not a substantive one.
    public func isDontKnowOnly(_ selected: [String]) -> Bool {
        guard !selected.isEmpty else { return false }
        let codes = dontKnowCodes
        return !codes.isEmpty && selected.allSatisfy(codes.contains)
    }

    /// The codes of its exclusive options (``Choice/isExclusive``), in list order: each must be
    /// chosen alone in a `multiple_choice` answer. Empty for other types.
    public var exclusiveCodes: [String] {
        type == .multipleChoice ? choices.filter(\.isExclusive).map(\.code) : []
    }

    /// The exclusive option a multiple-choice selection breaks (chosen together with another
    /// option), nil when it breaks none. The one rule: the pipeline drops such an answer
    /// (`choice-conflict`) and the XLSForm export writes it as a constraint.
    public func exclusiveConflict(_ selected: Set<String>) -> String? {
        guard selected.count > 1 else { return nil }
        return exclusiveCodes.first(where: selected.contains)
    }
}

extension Choice {
    /// The codes of the options that exclude every other option of a multiple-choice answer:
    /// `none` ("none of these"). A convention of the questionnaire's codes, declared here only.
    public static let exclusiveCodes: Set<String> = ["none"]

    /// Whether this option must be chosen alone in a multiple-choice answer (its code is one of
    /// ``exclusiveCodes``).
    public var isExclusive: Bool { Self.exclusiveCodes.contains(code) }
}

/// Review state of one language's labels.
public struct TranslationStatus: Sendable, Equatable {
    public var status: String
    public var note: String?
    public init(status: String, note: String? = nil) {
        self.status = status
        self.note = note
    }
    public var isReviewed: Bool { status == "source" || status == "reviewed" }
}

/// A questionnaire: the questions every submission is checked against.
public struct Questionnaire: Sendable {
    public var id: String
    public var version: String
    public var title: LocalizedText
    public var defaultLanguage: Language
    public var translations: [Language: TranslationStatus]
    /// Questions in questionnaire order.
    public var questions: [Question]
    /// Fields a form has that are not questions (notes, calculations, metadata): submissions may
    /// carry them, and they are ignored without a warning.
    public var otherFields: Set<String> = []
    /// Fields inside a form's repeats: their answers are reported and dropped, never merged into
    /// one answer per question.
    public var repeatFields: Set<String> = []
    /// Cross-item consistency checks (`checks:` in the questionnaire file), in file order.
    public var checks: [ConsistencyCheck] = []
    /// Repeat groups (`type: repeat` in the questionnaire file; a form's `<repeat>`), in
    /// questionnaire order: answered zero or more times each, their answers kept apart from the
    /// questions' (``Submission/repeatAnswers``).
    public var repeats: [RepeatGroup] = []
    private var index: [String: Int]

    /// The ids a `restricted` field or the restrictions file may name (issue 26): the questions
    /// and the repeat groups, nested ones included.
    public var itemIDs: Set<String> {
        var ids = Set(questions.map(\.id))
        func add(_ group: RepeatGroup) {
            ids.insert(group.id)
            group.repeats.forEach(add)
        }
        repeats.forEach(add)
        return ids
    }

    /// The items declared not public (`public: false`): question ids, repeat ids, and a repeat's
    /// sub-question as `<repeat id>/<question id>` (its innermost repeat).
    public var nonPublicItems: Set<String> {
        var ids = Set(questions.filter { !$0.isPublic }.map(\.id))
        func add(_ group: RepeatGroup) {
            if !group.isPublic { ids.insert(group.id) }
            for question in group.questions where !question.isPublic { ids.insert("\(group.id)/\(question.id)") }
            group.repeats.forEach(add)
        }
        repeats.forEach(add)
        return ids
    }

    public init(
        id: String, version: String, title: LocalizedText, defaultLanguage: Language = .en,
        translations: [Language: TranslationStatus] = [:], questions: [Question]
    ) {
        self.id = id
        self.version = version
        self.title = title
        self.defaultLanguage = defaultLanguage
        self.translations = translations
        self.questions = questions
        var index: [String: Int] = [:]
        for (position, question) in questions.enumerated() where index[question.id] == nil {
            index[question.id] = position
        }
        self.index = index
    }

    public func question(id: String) -> Question? { index[id].map { questions[$0] } }

    /// Ids that occur more than once (a broken questionnaire).
    public var duplicateIDs: [String] {
        var seen = Set<String>()
        var duplicates: [String] = []
        for id in questions.map(\.id) + repeats.map(\.id) where !seen.insert(id).inserted { duplicates.append(id) }
        return duplicates
    }
}
