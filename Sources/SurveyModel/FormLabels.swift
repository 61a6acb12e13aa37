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
                text.replacingOccurrences(of: "{min}", with: minimum ?? "")
                    .replacingOccurrences(of: "{max}", with: maximum ?? "")
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
