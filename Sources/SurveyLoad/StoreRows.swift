// The row types the store's reads return: where a submission or an answer row came from, and one
// recorded run.
public import SurveyModel

/// Where an accepted submission came from.
public struct SubmissionSource: Sendable, Equatable {
    public var country: String
    public var submissionID: String
    public var file: String
    public var line: Int?
    /// With a respondent key; nil otherwise.
    public var respondent: String? = nil

    /// The statistics' unit: the country, or the country's respondent (``SurveyUnit``).
    public var unit: String { SurveyUnit.key(country: country, respondent: respondent) }
}

/// One stored answer row with its origin.
public struct AnswerTrace: Sendable, Equatable {
    public var country: String
    public var submissionID: String
    public var file: String
    public var line: Int?
    public var column: Int?
    public var option: String?
    public var number: Double?
    public var text: String?
    public var questionID: String
    /// With a respondent key; nil otherwise.
    public var respondent: String? = nil

    /// The statistics' unit: the country, or the country's respondent (``SurveyUnit``).
    public var unit: String { SurveyUnit.key(country: country, respondent: respondent) }
}

/// One run as the store recorded it.
public struct RunRecord: Sendable, Equatable {
    public var id: Int64
    public var startedAt: String?
    public var pipeline: String
    public var questionnaireID: String
    public var questionnaireVersion: String
    public var filesRead: Int
    public var accounting: Accounting
    /// Submissions of files that had left the inbox since the run before.
    public var withdrawn: Int
    /// Files taken from the cache.
    public var filesReused: Int
}
