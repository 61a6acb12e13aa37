/// Where a submission ended up. Every submission ends in exactly one of these.
public enum SubmissionStatus: String, Sendable, Codable, CaseIterable {
    /// Counted in the statistics.
    case accepted
    /// Replaced by a later submission for the same country and round (and respondent, when the
    /// pipeline file declares a respondent key).
    case superseded
    /// The sender's own review said no (e.g. an ODK review state of `rejected`).
    case excluded
    /// Could not be used: the diagnostics give the reason.
    case rejected
}

/// A checked answer value. "Not answered" is the absence of an `Answer`, never a value.
public enum AnswerValue: Sendable, Equatable, Codable {
    /// A single-choice or legal-form answer: one choice code.
    case choice(String)
    /// A multiple-choice answer: the choice codes selected, in questionnaire order.
    case choices([String])
    case number(Double)
    case text(String)

    /// The choice codes this answer selects (empty for numbers and text).
    public var selectedCodes: [String] {
        switch self {
        case .choice(let code): return [code]
        case .choices(let codes): return codes
        case .number, .text: return []
        }
    }
}

/// One kept answer.
public struct Answer: Sendable, Equatable, Codable {
    /// The question's id; inside a repeat, the id local to the repeat (`year_adopted`).
    public var questionID: String
    public var value: AnswerValue
    public var location: SourceLocation
    /// Where the answer sits inside repeats (`laws[2]`); nil for an ordinary question.
    public var path: RepeatPath? = nil

    /// Inlinable, so that an answer is made in place where it is stored (one per answer read).
    @inlinable
    public init(questionID: String, value: AnswerValue, location: SourceLocation, path: RepeatPath? = nil) {
        self.questionID = questionID
        self.value = value
        self.location = location
        self.path = path
    }

    /// The field as diagnostics and outputs name it: the question id, or its repeat path
    /// (`laws[2]/year_adopted`).
    public var field: String { path.map { $0.field(questionID) } ?? questionID }
}

/// A checked submission: one country's answers for one round, with its fate.
public struct Submission: Sendable, Equatable, Codable {
    /// `path#ordinal`, stable across runs on the same files.
    public var id: String
    public var location: SourceLocation
    public var format: SourceFormat
    /// ISO 3166 alpha-3, nil when the country could not be resolved.
    public var country: String?
    /// The country as written.
    public var countryGiven: String
    public var round: String
    /// The respondent, when the pipeline file declares a respondent key (`identity.respondent`):
    /// then a country may have several submissions per round, one per respondent. Nil otherwise.
    public var respondent: String? = nil
    public var status: SubmissionStatus
    /// Why the submission was rejected, excluded or superseded.
    public var reason: DiagnosticCode?
    /// For a superseded submission, the id of the one that replaced it.
    public var supersededBy: String?
    public var answers: [Answer]
    /// Answers inside repeat groups (each with its ``Answer/path``), in path order; counted with
    /// ``answers`` in the accounting, never in the share statistics.
    public var repeatAnswers: [Answer] = []
    /// Non-empty answers read from the file (kept + dropped), repeat answers included.
    public var answersSeen: Int
    public var diagnostics: [Diagnostic]
    /// What the format said about the submission (ids, time, review).
    public var metadata: SubmissionMetadata = SubmissionMetadata()
    /// The questionnaire version the submission was checked against: the version it names when
    /// a round declares that version, else its round's (nil: checked by no questionnaire).
    public var questionnaireVersion: String? = nil
    /// The language the sender wrote in (its labels or headers), else its country's configured
    /// language; nil when neither is known. Its diagnostics carry it too (``Diagnostic/senderLanguage``).
    public var senderLanguage: Language? = nil
    /// What the submission's own `restricted` field asks to keep out of public outputs (issue 26,
    /// docs/restricted.md); nil when it has none.
    public var restricted: SenderRestriction? = nil

    public init(
        id: String, location: SourceLocation, format: SourceFormat, country: String?,
        countryGiven: String, round: String, status: SubmissionStatus, reason: DiagnosticCode? = nil,
        supersededBy: String? = nil, answers: [Answer], answersSeen: Int, diagnostics: [Diagnostic]
    ) {
        self.id = id
        self.location = location
        self.format = format
        self.country = country
        self.countryGiven = countryGiven
        self.round = round
        self.status = status
        self.reason = reason
        self.supersededBy = supersededBy
        self.answers = answers
        self.answersSeen = answersSeen
        self.diagnostics = diagnostics
    }

    /// Answers kept: those stored (none for a rejected submission).
    public var answersKept: Int { status == .rejected || status == .excluded ? 0 : answers.count + repeatAnswers.count }
    public var answersDropped: Int { answersSeen - answersKept }
}
