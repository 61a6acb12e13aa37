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

    public init(
        round: String, chapter: Chapter, questionID: String, option: String, group: CountryGroup,
        nResponding: Int, nOption: Int, percent: Double?, ciLow: Double?, ciHigh: Double?,
        flag: ReliabilityFlag
    ) {
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
