// Analyst corrections (issue 26): a value an analyst confirmed with the sender, written in the
// corrections file (`Pipelines/corrections.yml`, pipeline key `corrections:`) instead of editing
// the sender's file. The store keeps the sender's answers untouched; the corrections are a layer
// read over them (SurveyAnalyze's `CorrectedStore`), so every figure, profile and answers.csv
// reads the corrected value and `explain stat` shows both. Vocabulary only: the loader is
// SurveyDefinitions' `CorrectionsFile`, the application SurveyAnalyze's.

/// A value as a correction writes it, and as the store holds an answer: the selected option
/// codes (sorted bytewise, as the store reads them), or a number, or a text; none of them for
/// `not_answered`.
public struct CorrectionValue: Sendable, Equatable, Hashable {
    public var options: [String]
    public var number: Double?
    public var text: String?

    public init(options: [String] = [], number: Double? = nil, text: String? = nil) {
        self.options = options.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        self.number = number
        self.text = text
    }

    /// `not_answered`: the answer blanked.
    public static let notAnswered = CorrectionValue()

    public var isAnswered: Bool { !options.isEmpty || number != nil || text != nil }

    /// The value in a correction's words: codes joined with `;`, the number as written plainly,
    /// the text, or `not_answered`.
    public var description: String {
        if !options.isEmpty { return options.joined(separator: ";") }
        if let number {
            return number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        }
        if let text { return text }
        return "not_answered"
    }
}

/// One correction as checked by the loader: which answer, the new value, why and on whose word.
public struct Correction: Sendable, Equatable {
    /// ISO alpha-3.
    public var country: String
    public var round: String
    /// The respondent key, for pipelines with several respondents per country; nil otherwise.
    public var respondent: String?
    /// The question id in the round's questionnaire.
    public var questionID: String
    public var value: CorrectionValue
    /// The sender's value the analyst saw (`was:`): when the current value differs, the
    /// correction is stale.
    public var was: CorrectionValue?
    /// The submission id the analyst corrected (`submission:`, as `explain stat` and the
    /// validation report print it): when another submission of the unit is current, the
    /// correction is stale.
    public var submission: String?
    public var reason: String
    public var source: String
    public var analyst: String
    public var date: String
    /// Where the correction is written: the corrections file (as the pipeline names it) and the
    /// line of its entry.
    public var file: String
    public var line: Int

    public init(
        country: String, round: String, respondent: String? = nil, questionID: String, value: CorrectionValue,
        was: CorrectionValue? = nil, submission: String? = nil, reason: String, source: String, analyst: String,
        date: String, file: String, line: Int
    ) {
        self.country = country
        self.round = round
        self.respondent = respondent
        self.questionID = questionID
        self.value = value
        self.was = was
        self.submission = submission
        self.reason = reason
        self.source = source
        self.analyst = analyst
        self.date = date
        self.file = file
        self.line = line
    }

    /// The statistics' unit the correction applies to (``SurveyUnit``).
    public var unit: String { SurveyUnit.key(country: country, respondent: respondent) }

    /// `file:line`.
    public var place: String { "\(file):\(line)" }
}

/// What became of one correction of the file in a run (`corrections.csv`).
public enum CorrectionStatus: String, Sendable, Equatable {
    /// Applied: the figures read the corrected value.
    case applied
    /// Written for a value or submission that is no longer current; not applied.
    case stale
    /// Refused by the loader (`correction-invalid`); never applied.
    case refused
}

/// One line of the corrections file with its outcome: what `corrections.csv` lists and what
/// `explain stat` and the profiles show beside a corrected answer.
public struct CorrectionOutcome: Sendable, Equatable {
    public var status: CorrectionStatus
    /// The correction (for a refused one: what could be read of it; see `refusedEntry`).
    public var correction: Correction
    /// The sender's value the correction replaced (applied), or found (stale); nil when refused
    /// or when the unit has no current submission.
    public var original: CorrectionValue?
    /// The current submission of the unit (applied or stale).
    public var submissionID: String?
    /// Why a correction is stale or refused, in words.
    public var detail: String

    public init(
        status: CorrectionStatus, correction: Correction, original: CorrectionValue? = nil, submissionID: String? = nil,
        detail: String = ""
    ) {
        self.status = status
        self.correction = correction
        self.original = original
        self.submissionID = submissionID
        self.detail = detail
    }
}
