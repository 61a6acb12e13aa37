import Foundation

/// The texts a form for survey tools shows besides the questionnaire's own labels: the identity
/// fields' labels, the chapters' group titles and the messages shown when an answer breaks a
/// constraint (a number out of its bounds, an exclusive option chosen with others, an undeclared
/// round), in the six languages. Read from `Pipelines/forms/xlsform-labels.yml` (the pipeline
/// file's `form_labels:`); the XLSForm export writes them.
public struct FormLabels: Sendable, Equatable {
    /// Label of the `country` field.
    public var country: LocalizedText
    /// Label of the `round` field.
    public var round: LocalizedText
    /// Title of each chapter's group.
    public var chapters: [Chapter: LocalizedText]
    /// Out-of-bounds messages; `{min}` and `{max}` stand for the bounds.
    public var between: LocalizedText
    public var atLeast: LocalizedText
    public var atMost: LocalizedText
    /// Shown when an exclusive option ("none") is chosen with others; `{option}` stands for the
    /// option's label.
    public var exclusive: LocalizedText
    /// Shown when the round is not a declared one; `{rounds}` stands for the declared rounds.
    public var roundNotDeclared: LocalizedText
    /// The texts of the questionnaire workbook for focal points; nil when the file has no
    /// `template:` section (the workbook cannot be written then).
    public var template: TemplateTexts?
    /// The labels of the codes the output tables put in an `option` column that are not options
    /// of a choice list (`any_form`: criminalized in any form), by code: the `option_label` of
    /// their rows (`table_options:` in the file).
    public var tableOptions: [String: LocalizedText] = [:]

    public init(
        country: LocalizedText, round: LocalizedText, chapters: [Chapter: LocalizedText], between: LocalizedText,
        atLeast: LocalizedText, atMost: LocalizedText, exclusive: LocalizedText, roundNotDeclared: LocalizedText
    ) {
        self.country = country
        self.round = round
        self.chapters = chapters
        self.between = between
        self.atLeast = atLeast
        self.atMost = atMost
        self.exclusive = exclusive
        self.roundNotDeclared = roundNotDeclared
    }

    /// The texts of the questionnaire workbook (`template:` in the form labels file), each in
    /// the six languages.
    public struct TemplateTexts: Sendable, Equatable {
        public var identificationSheet: LocalizedText
        public var instructions: LocalizedText
        /// Shown in a language whose questionnaire labels are not reviewed.
        public var unreviewed: LocalizedText
        public var questionnaireVersion: LocalizedText
        public var submitted: LocalizedText
        public var question: LocalizedText
        public var answer: LocalizedText
        public var help: LocalizedText
        public var number: LocalizedText
        /// `{repeat}` stands for the parent repeat's label.
        public var parentNumber: LocalizedText
        /// The word that marks an option of a multiple-choice question as chosen.
        public var selected: LocalizedText
        public var chooseFromList: LocalizedText
        public var wholeNumber: LocalizedText
        public var numberOnly: LocalizedText
        public var date: LocalizedText
        /// `{n}` stands for the chapter's number.
        public var chapterSheet: LocalizedText
        public var technicalAssistanceSheet: LocalizedText

        public init(
            identificationSheet: LocalizedText, instructions: LocalizedText, unreviewed: LocalizedText,
            questionnaireVersion: LocalizedText, submitted: LocalizedText, question: LocalizedText, answer: LocalizedText,
            help: LocalizedText, number: LocalizedText, parentNumber: LocalizedText, selected: LocalizedText,
            chooseFromList: LocalizedText, wholeNumber: LocalizedText, numberOnly: LocalizedText, date: LocalizedText,
            chapterSheet: LocalizedText, technicalAssistanceSheet: LocalizedText
        ) {
            self.identificationSheet = identificationSheet
            self.instructions = instructions
            self.unreviewed = unreviewed
            self.questionnaireVersion = questionnaireVersion
            self.submitted = submitted
            self.question = question
            self.answer = answer
            self.help = help
            self.number = number
            self.parentNumber = parentNumber
            self.selected = selected
            self.chooseFromList = chooseFromList
            self.wholeNumber = wholeNumber
            self.numberOnly = numberOnly
            self.date = date
            self.chapterSheet = chapterSheet
            self.technicalAssistanceSheet = technicalAssistanceSheet
        }

        /// The name of a chapter's sheet in `language`.
        public func sheetName(of chapter: Chapter, in language: Language) -> String {
            chapter == .technicalAssistance
                ? technicalAssistanceSheet.text(in: language)
                : chapterSheet.text(in: language).replacingOccurrences(of: "{n}", with: chapter.rawValue)
        }
    }

    /// The title of a chapter's group (empty texts when the file has none for it).
    public func title(of chapter: Chapter) -> LocalizedText { chapters[chapter] ?? LocalizedText([:]) }

    /// The message shown when a number is out of bounds, or nil without bounds.
    public func constraintMessage(minimum: String?, maximum: String?) -> LocalizedText? {
        let template: LocalizedText
        switch (minimum, maximum) {
        case (_?, _?): template = between
        case (_?, nil): template = atLeast
        case (nil, _?): template = atMost
        case (nil, nil): return nil
        }
        return LocalizedText(
            template.values.mapValues { text in
                text.filling(["min": minimum ?? "", "max": maximum ?? ""])
            })
    }

    /// The message shown when `option` is chosen with other options: its label in each language.
    public func exclusiveMessage(option: Choice) -> LocalizedText {
        LocalizedText(
            Dictionary(
                uniqueKeysWithValues: Language.allCases.compactMap { language in
                    exclusive.values[language].map {
                        (language, $0.replacingOccurrences(of: "{option}", with: option.label.text(in: language)))
                    }
                }))
    }

    /// The message shown when the round is not one of `rounds`.
    public func roundMessage(rounds: [String]) -> LocalizedText {
        LocalizedText(roundNotDeclared.values.mapValues { $0.replacingOccurrences(of: "{rounds}", with: rounds.joined(separator: ", ")) })
    }
}
