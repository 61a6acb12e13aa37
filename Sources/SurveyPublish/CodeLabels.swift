public import SurveyModel

// The words the share tables put after their codes (issue 23): `question_text`, `option_label`,
// `group_name`, in the pipeline's language. The codes stay where they were; these columns come
// after every existing column, so a reader by position or by name keeps working.

/// What a share table writes beside its codes, in one language: each question's text and its
/// options' labels (from the round's questionnaire, else any version that has the question), the
/// labels of the codes that are no option of a list (`any_form`: the form labels file's
/// `table_options:`), and each group's name.
public struct CodeLabels: Sendable {
    public var language: Language
    /// The questions of each round's questionnaire, by round and id.
    var roundQuestions: [String: [String: Question]]
    /// Every question of every version (the latest version's first), by id: for a round without
    /// its own questionnaire and for derived items.
    var questions: [String: Question]
    /// `table_options:` of the form labels file, by code.
    var tableOptions: [String: LocalizedText]
    /// Each group's name in ``language``.
    var groups: [CountryGroup: String]

    /// - Parameters:
    ///   - questionnaires: every questionnaire whose questions a table may name, the latest first
    ///     (derived items, such as the inventory's, included).
    ///   - rounds: each round's own questionnaire.
    ///   - groups: each group's name, already in `language`.
    public init(
        language: Language, questionnaires: [Questionnaire], rounds: [String: Questionnaire] = [:],
        tableOptions: [String: LocalizedText] = [:], groups: [CountryGroup: String] = [:]
    ) {
        self.language = language
        var all: [String: Question] = [:]
        for questionnaire in questionnaires {
            for question in questionnaire.questions where all[question.id] == nil { all[question.id] = question }
        }
        questions = all
        roundQuestions = rounds.mapValues { questionnaire in
            Dictionary(questionnaire.questions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        }
        self.tableOptions = tableOptions
        self.groups = groups
    }

    /// No labels: every label cell blank (callers that only check a table's figures).
    public static let none = CodeLabels(language: .en, questionnaires: [])

    func question(_ id: String, round: String) -> Question? { roundQuestions[round]?[id] ?? questions[id] }

    /// The question's text in ``language`` (English where the questionnaire has no text in it); blank
    /// for an id no questionnaire has.
    public func questionText(_ id: String, round: String) -> String {
        question(id, round: round)?.label.text(in: language) ?? ""
    }

    /// The option's label in ``language``: the choice's, else the form labels' `table_options:`
    /// text (`any_form`), else the code itself (blank with ``none``).
    public func optionLabel(_ code: String, question id: String, round: String) -> String {
        if questions.isEmpty, roundQuestions.isEmpty { return "" }  // ``none``
        if let choice = question(id, round: round)?.choice(code: code) { return choice.label.text(in: language) }
        if let text = tableOptions[code] { return text.text(in: language) }
        return code
    }

    /// The group's name (blank for a group the run did not name).
    public func groupName(_ group: CountryGroup) -> String { groups[group] ?? "" }
}

extension Publisher {
    static let questionTextColumn = TableColumn(
        "question_text",
        "The question's text in the pipeline's language (`language:`), from the round's questionnaire (English where it has no text in that language).")
    static let optionLabelColumn = TableColumn(
        "option_label",
        "The option's label in the pipeline's language, from the question's choice list; for `any_form`, which is no option of a list, the text of `table_options:` in the form labels file (`form_labels:`; the code itself when the pipeline names none).")
    static let groupNameColumn = TableColumn(
        "group_name",
        "The group's name in the pipeline's language: `world` and the M49 regions and sub-regions in that language where the reference data has it (else English); the development groups, LDC, LLDC, SIDS and the custom groups in English (a custom group's `label:`), `outside` as \"Outside the population: …\".")
}
