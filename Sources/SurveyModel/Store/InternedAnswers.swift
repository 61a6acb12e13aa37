// The accepted answers as a run's load already holds them in memory (issue 29, the store as a
// sink): question ids and answer values interned once, each answer row two integers. Analyze
// builds its answer matrix from these directly (`AnswerMatrix(interned:)`) instead of through
// `SurveyReadStore.forEachAccepted`, which hands over every row as strings to be matched and
// interned again: at 50,000 respondents that was 0.8 s on one core between the commit and the
// first statistic.

/// One stored answer row: the indexes of its question (``InternedAcceptedAnswers/questionIDs``)
/// and of its value (``InternedAcceptedAnswers/answerValues``).
public struct InternedAnswerRow: Sendable, Equatable {
    public var question: UInt32
    public var value: UInt32

    public init(question: UInt32, value: UInt32) {
        self.question = question
        self.value = value
    }
}

/// What one answer row holds: one selected option, or the number, or the text.
public enum InternedAnswerValue: Sendable, Equatable {
    case option(String)
    case number(Double)
    case text(String)
}

/// The accepted submissions and their answer rows, interned: exactly the rows
/// ``SurveyReadStore/forEachAccepted(submission:answer:)`` streams, in the same order, a row as
/// two indexes. A store that holds them so (a run's load recording) gives them through
/// ``SurveyReadStore/internedAccepted()``.
public protocol InternedAcceptedAnswers: Sendable {
    /// Question ids by index.
    var questionIDs: [String] { get }
    /// Answer values by index.
    var answerValues: [InternedAnswerValue] { get }
    /// Each accepted submission, in the order ``SurveyReadStore/forEachAccepted(submission:answer:)``
    /// streams them, with its rows in the order they were written.
    func forEachAcceptedUnit(
        _ body: (_ round: String, _ country: String, _ respondent: String?, _ rows: UnsafeBufferPointer<InternedAnswerRow>) throws -> Void
    ) rethrows
}
