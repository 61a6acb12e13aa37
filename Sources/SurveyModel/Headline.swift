/// The headline items (the pipeline file's `headline:` list): per chapter, one or more questions
/// and the option whose share the report's headline table and each country profile show. Without
/// a list, the default is one item per chapter: its first choice question
/// (``Questionnaire/defaultHeadline``).
public struct HeadlineItem: Sendable, Equatable {
    public var question: Question
    /// The option counted: `any_form` for a legal-form question by default
    /// (``HeadlineItem/defaultOption(of:)``).
    public var option: String

    public init(question: Question, option: String) {
        self.question = question
        self.option = option
    }

    public var chapter: Chapter { question.chapter }

    /// The option a headline item counts when the list names none: the first option of a
    /// multiple-choice question; `any_form` for a legal-form question; `yes` when the list has
    /// it; else the first option.
    public static func defaultOption(of question: Question) -> String {
        if question.type == .multipleChoice { return question.choices.first?.code ?? "" }
        return chartOption(of: question)
    }

    /// The option a question's regional chart shows: `any_form` for a legal-form item, `yes`
    /// when the list has it, else the first option.
    public static func chartOption(of question: Question) -> String {
        if question.type == .legalForm { return StatisticOption.anyForm }
        if question.choice(code: "yes") != nil { return "yes" }
        return question.choices.first?.code ?? ""
    }
}

extension Questionnaire {
    /// The headline items when the pipeline file declares none: per chapter, in chapter order, the
    /// first choice question with its default option (``HeadlineItem/defaultOption(of:)``).
    public var defaultHeadline: [HeadlineItem] {
        Chapter.allCases.compactMap { chapter in
            questions.first { $0.chapter == chapter && $0.type.hasChoices }.map {
                HeadlineItem(question: $0, option: HeadlineItem.defaultOption(of: $0))
            }
        }
    }
}

extension Chapter {
    /// The chapter's title in the six languages (the Comprehensive Study's chapter names; TA: the
    /// technical-assistance needs).
    public var title: LocalizedText {
        switch self {
        case .legislation:
            return LocalizedText([.en: "Legislation and frameworks", .fr: "Législation et cadres", .es: "Legislación y marcos", .ru: "Законодательство и нормативная база", .zh: "立法和框架", .ar: "التشريعات والأطر"])
        case .criminalization:
            return LocalizedText([.en: "Criminalization", .fr: "Incrimination", .es: "Penalización", .ru: "Криминализация", .zh: "刑事定罪", .ar: "التجريم"])
        case .investigations:
            return LocalizedText([.en: "Law enforcement and investigations", .fr: "Détection et répression, enquêtes", .es: "Aplicación de la ley e investigaciones", .ru: "Правоохранительная деятельность и расследования", .zh: "执法和调查", .ar: "إنفاذ القانون والتحقيقات"])
        case .evidence:
            return LocalizedText([.en: "Electronic evidence and criminal justice", .fr: "Preuve électronique et justice pénale", .es: "Pruebas electrónicas y justicia penal", .ru: "Электронные доказательства и уголовное правосудие", .zh: "电子证据和刑事司法", .ar: "الأدلة الإلكترونية والعدالة الجنائية"])
        case .cooperation:
            return LocalizedText([.en: "International cooperation", .fr: "Coopération internationale", .es: "Cooperación internacional", .ru: "Международное сотрудничество", .zh: "国际合作", .ar: "التعاون الدولي"])
        case .prevention:
            return LocalizedText([.en: "Prevention", .fr: "Prévention", .es: "Prevención", .ru: "Предупреждение", .zh: "预防", .ar: "المنع"])
        case .technicalAssistance:
            return LocalizedText([.en: "Technical assistance", .fr: "Assistance technique", .es: "Asistencia técnica", .ru: "Техническая помощь", .zh: "技术援助", .ar: "المساعدة التقنية"])
        }
    }
}
