/// How a State of the population stands in the comparison of a list group (a dated list, e.g. a
/// treaty office's chart) with an answer-defined group (what States answered, e.g. `budapest` in
/// `ch3_instruments`), in one round. "Not answered" is never "no": a listed State that left the
/// question blank, or sent nothing, is not a disagreement.
public enum GroupComparisonStatus: String, Sendable, CaseIterable, Comparable {
    /// On the list, and its answer puts it in the answer group.
    case agreeMember = "agree_member"
    /// Not on the list, and it answered the question without choosing the group's options.
    case agreeNotMember = "agree_not_member"
    /// On the list, but it answered the question without choosing the group's options.
    case listedAnsweredNotMember = "listed_answered_not_member"
    /// Its answer puts it in the answer group, but it is not on the list.
    case answeredMemberNotListed = "answered_member_not_listed"
    /// On the list; its accepted submission did not answer the question (cannot be compared).
    case listedNotAnswered = "listed_not_answered"
    /// On the list; no accepted submission for the round (cannot be compared).
    case listedNoSubmission = "listed_no_submission"
    /// Not on the list; its accepted submission did not answer the question (cannot be compared).
    case notListedNotAnswered = "not_listed_not_answered"

    /// The list and the answer say the same.
    public var isAgreement: Bool { self == .agreeMember || self == .agreeNotMember }
    /// The list and the answer say opposite things.
    public var isDisagreement: Bool { self == .listedAnsweredNotMember || self == .answeredMemberNotListed }

    public static func < (lhs: Self, rhs: Self) -> Bool { allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)! }
}

/// One State of the population in the comparison of a list group with an answer-defined group in
/// one round. `group_comparison.csv` holds the rows that are not agreements.
public struct GroupComparison: Sendable, Equatable {
    public var round: String
    /// The list group's id (`groups:` entry with `compare_with:`).
    public var listGroup: String
    /// The answer-defined group's id it names.
    public var answerGroup: String
    /// ISO alpha-3.
    public var country: String
    public var status: GroupComparisonStatus

    public init(round: String, listGroup: String, answerGroup: String, country: String, status: GroupComparisonStatus) {
        self.round = round
        self.listGroup = listGroup
        self.answerGroup = answerGroup
        self.country = country
        self.status = status
    }
}

/// The counts of one compared pair in one round, by status, with the list's provenance: what the
/// report's data-quality appendix shows.
public struct GroupComparisonSummary: Sendable, Equatable {
    public var round: String
    public var listGroup: String
    public var answerGroup: String
    /// The list's source and the date it describes (`source:`, `as_of:`), when given.
    public var source: String?
    public var asOf: String?
    /// States of the population per status (a status no State has is absent).
    public var counts: [GroupComparisonStatus: Int]

    public init(
        round: String, listGroup: String, answerGroup: String, source: String?, asOf: String?,
        counts: [GroupComparisonStatus: Int]
    ) {
        self.round = round
        self.listGroup = listGroup
        self.answerGroup = answerGroup
        self.source = source
        self.asOf = asOf
        self.counts = counts
    }

    public func count(_ status: GroupComparisonStatus) -> Int { counts[status] ?? 0 }
}
