import Foundation

/// The texts feedback to senders is written with, in the six UN languages
/// (`Pipelines/forms/feedback.yml`, named by the pipeline file's `feedback:`): what each problem
/// that asks something of the sender means (``DiagnosticCode/asksSender``), the words of
/// `expected` and of the suggestions, and the fixed texts of the letters.
///
/// `validation_report.csv`'s `message_local` and the letters in `Output/feedback/` use them; the
/// analyst's `message` stays the English catalogue text (``DiagnosticCode/summary``).
public struct FeedbackTexts: Sendable, Equatable {
    /// The phrases every file must give in all six languages. `{value}`, `{country}`, `{id}`,
    /// `{label}`, `{list}`, `{file}`, `{n}` are placeholders.
    public enum Phrase: String, Sendable, CaseIterable {
        // `expected`, `found` and the suggestion in a message.
        case expected, found, foundEmpty = "found_empty"
        case oneOf = "one_of", optionsAmong = "options_among", wholeNumber = "whole_number", number, oneNumber = "one_number"
        case oneAnswer = "one_answer"
        case didYouMeanCountry = "did_you_mean_country", didYouMeanQuestion = "did_you_mean_question"
        case didYouMeanOption = "did_you_mean_option", separator, separatorNot = "separator_not"
        // The letter.
        case letterTitle = "letter_title", letterIntro = "letter_intro", letterClosing = "letter_closing"
        case unreviewed, whereLabel = "where", questionLabel = "question", foundLabel = "found_label"
        case expectedLabel = "expected_label", suggestionLabel = "suggestion_label", askLabel = "ask_label"
        case fileOnly = "file_only", line, lines, cell, cells
        case askAnswer = "ask_answer", askSubmission = "ask_submission", askFile = "ask_file"

        /// The placeholders the phrase must hold.
        public var placeholders: [String] {
            switch self {
            case .expected, .found, .oneOf, .optionsAmong, .separatorNot: return ["{value}"]
            case .didYouMeanCountry: return ["{country}"]
            case .didYouMeanQuestion: return ["{id}"]
            case .didYouMeanOption: return ["{label}"]
            case .letterTitle: return ["{country}"]
            case .fileOnly: return ["{file}"]
            case .line, .cell: return ["{file}", "{n}"]
            case .lines, .cells: return ["{file}", "{list}"]
            default: return []
            }
        }
    }

    /// What each sender-facing code means, for the sender.
    public var codes: [DiagnosticCode: LocalizedText]
    public var phrases: [Phrase: LocalizedText]
    /// The languages whose texts a language service has reviewed (`source` or `reviewed` in the
    /// file's `translations:`); a letter in another language says its translation is not reviewed.
    public var reviewed: Set<Language>

    public init(codes: [DiagnosticCode: LocalizedText], phrases: [Phrase: LocalizedText], reviewed: Set<Language>) {
        self.codes = codes
        self.phrases = phrases
        self.reviewed = reviewed
    }

    /// The code's text for the sender in `language`; the English catalogue summary for a code
    /// that asks nothing of the sender (it has none).
    public func summary(_ code: DiagnosticCode, _ language: Language) -> String {
        codes[code]?[language] ?? codes[code]?[.en] ?? code.summary
    }

    /// The phrase in `language` with its placeholders filled in.
    public func phrase(_ phrase: Phrase, _ language: Language, _ values: [String: String] = [:]) -> String {
        (phrases[phrase]?.text(in: language) ?? phrase.rawValue).filling(values)
    }

    /// What a file of texts lacks: a sender-facing code or a phrase without a text in one of the
    /// six languages, or a phrase without one of its placeholders. Empty when complete.
    public var problems: [String] {
        var problems: [String] = []
        for code in DiagnosticCode.allCases where code.asksSender {
            guard let text = codes[code] else {
                problems.append("codes: no text for '\(code.rawValue)', which asks something of the sender")
                continue
            }
            for language in text.missingLanguages { problems.append("codes.\(code.rawValue): no text in '\(language.rawValue)'") }
        }
        for phrase in Phrase.allCases {
            guard let text = phrases[phrase] else {
                problems.append("phrases: no '\(phrase.rawValue)'")
                continue
            }
            for language in text.missingLanguages { problems.append("phrases.\(phrase.rawValue): no text in '\(language.rawValue)'") }
            for language in Language.allCases {
                for placeholder in phrase.placeholders where !(text[language] ?? "").contains(placeholder) {
                    problems.append("phrases.\(phrase.rawValue).\(language.rawValue): the text has no \(placeholder)")
                }
            }
        }
        return problems
    }
}
