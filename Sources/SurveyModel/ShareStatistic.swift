/// How reliable a share is, by its denominator.
public enum ReliabilityFlag: String, Sendable, Codable, CaseIterable {
    /// At least `lowReliabilityBelow` responding countries.
    case normal
    /// Fewer than `lowReliabilityBelow`: publish with care.
    case lowReliability = "low_reliability"
    /// Fewer than `suppressBelow`: counts kept, percent and interval blanked.
    case suppressed
}

/// Thresholds on the number of responding countries (pipeline file: `reliability`).
public struct ReliabilityRules: Sendable, Equatable {
    public var suppressBelow: Int
    public var lowReliabilityBelow: Int

    public init(suppressBelow: Int = 5, lowReliabilityBelow: Int = 10) {
        self.suppressBelow = suppressBelow
        self.lowReliabilityBelow = lowReliabilityBelow
    }

    public func flag(responding: Int) -> ReliabilityFlag {
        if responding < suppressBelow { return .suppressed }
        if responding < lowReliabilityBelow { return .lowReliability }
        return .normal
    }
}

/// Which States a share is over (the one rule for "don't know"-type answers, ``Choice/isDontKnow``).
public enum ShareDenominator: String, Sendable, Codable, CaseIterable {
    /// Every State that answered, a "don't know" answer included: the share of a don't-know option itself.
    case answered
    /// The States that gave a substantive answer (a "don't know"-only answer left out): every other
    /// option and `any_form`.
    case substantive
}

/// One row of `statistics.csv`: the share of responding countries choosing one option.
///
/// Grain: one row per round × question × option × group. Invariant: `nOption ≤ nResponding`.
public struct ShareStatistic: Sendable, Equatable {
    public var round: String
    public var chapter: Chapter
    public var questionID: String
    public var option: String
    public var group: CountryGroup
    /// Countries that answered the question (the denominator).
    public var nResponding: Int
    /// Countries that chose the option.
    public var nOption: Int
    /// Share in 0–100, nil when suppressed.
    public var percent: Double?
    /// Wilson 95% interval in 0–100, nil when suppressed.
    public var ciLow: Double?
    public var ciHigh: Double?
    public var flag: ReliabilityFlag
    /// The group's frame size N: States of the population in the group (``Population``); nil
    /// where the group has no frame (custom groups defined by an answer, `outside`).
    public var nInGroup: Int?
    /// N minus the States of the group that answered the question (with a respondent key: States
    /// with at least one respondent who answered); nil without a frame.
    public var nNotResponding: Int?
    /// The share among all N States if no non-responding State had chosen the option:
    /// 100·k/N, in 0–100. Nil without a frame, and with a respondent key (shares are per respondent).
    public var boundLow: Double?
    /// The share among all N if every non-responding State had chosen it: 100·(k + N − n)/N.
    public var boundHigh: Double?
    /// Countries that answered the question at all, a "don't know"-type answer included
    /// (``Choice/isDontKnow``): the response count.
    public var nAnswered: Int
    /// Of those, the countries whose answer was only "don't know" (0 for a question without such
    /// an option).
    public var nUnknown: Int
    /// Which of the two the row's share is over: `nResponding` is `nAnswered` for a don't-know
    /// option's own row, `nAnswered − nUnknown` for every substantive row.
    public var denominator: ShareDenominator

    public init(
        round: String, chapter: Chapter, questionID: String, option: String, group: CountryGroup,
        nResponding: Int, nOption: Int, percent: Double?, ciLow: Double?, ciHigh: Double?,
        flag: ReliabilityFlag, nInGroup: Int? = nil, nNotResponding: Int? = nil, boundLow: Double? = nil,
        boundHigh: Double? = nil, nAnswered: Int? = nil, nUnknown: Int = 0, denominator: ShareDenominator = .substantive
    ) {
        self.nAnswered = nAnswered ?? nResponding
        self.nUnknown = nUnknown
        self.denominator = denominator
        self.nInGroup = nInGroup
        self.nNotResponding = nNotResponding
        self.boundLow = boundLow
        self.boundHigh = boundHigh
        self.round = round
        self.chapter = chapter
        self.questionID = questionID
        self.option = option
        self.group = group
        self.nResponding = nResponding
        self.nOption = nOption
        self.percent = percent
        self.ciLow = ciLow
        self.ciHigh = ciHigh
        self.flag = flag
    }
}
