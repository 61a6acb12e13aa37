public import SurveyModel

/// What the analysis reads from the store: each round's accepted submissions and their answers.
public struct SurveyData: Sendable {
    /// round → unit (a country, or `ISO3/respondent` with a respondent key: ``SurveyUnit``) →
    /// question id → answer. A unit with an accepted submission is present even when it answered
    /// nothing.
    public private(set) var rounds: [String: [String: [String: StoredAnswer]]] = [:]

    /// `submissions` lists every accepted submission; answers of countries not listed there are
    /// still counted (their submission is implied).
    public init(answers: [StoredAnswer], submissions: [AcceptedSubmission] = []) {
        for submission in submissions { rounds[submission.round, default: [:]][submission.unit, default: [:]] = [:] }
        for answer in answers {
            rounds[answer.round, default: [:]][answer.unit, default: [:]][answer.questionID] = answer
        }
    }

    /// Rounds in order (compared as text: `2013` < `2026`, `2026a` < `2026b`).
    public var roundIDs: [String] { rounds.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) } }

    /// Units (countries, or respondents with a respondent key) with an accepted submission for
    /// `round`, sorted by key (ISO code, then respondent).
    public func countries(in round: String) -> [String] { (rounds[round] ?? [:]).keys.sorted() }

    /// The answers of one country in one round (empty when it did not submit).
    public func answers(of country: String, in round: String) -> [String: StoredAnswer] {
        rounds[round]?[country] ?? [:]
    }

    public func answer(of country: String, to question: String, in round: String) -> StoredAnswer? {
        rounds[round]?[country]?[question]
    }
}

extension StoredAnswer {
    /// Whether this is an answer at all for its question: a choice, a number or a text.
    var isAnswered: Bool { !options.isEmpty || number != nil || text != nil }
}
