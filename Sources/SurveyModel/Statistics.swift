/// Derived options and fixed codes the statistics use.
public enum StatisticOption {
    /// For a legal-form item: the share answering `cyber_specific` or `general`
    /// ("criminalized in any form"; for a power, "a legal basis of any kind").
    public static let anyForm = "any_form"
    /// The choices `any_form` adds up.
    public static let anyFormChoices: Set<String> = ["cyber_specific", "general"]
}

/// One row of `numeric_statistics.csv`: the distribution of a numeric item, or the count of
/// answers to a free-text item, in one group and round.
///
/// Grain: round × question × group. Quantiles use Hyndman and Fan's type 7 (linear interpolation
/// between order statistics: R's default, numpy's `linear`, Excel's `PERCENTILE.INC`).
public struct NumericStatistic: Sendable, Equatable {
    public var round: String
    public var chapter: Chapter
    public var questionID: String
    public var type: QuestionType
    public var group: CountryGroup
    /// Countries of the group with an accepted submission for the round.
    public var nSubmissions: Int
    /// Of those, the countries that answered the item (the n of every figure in the row).
    public var n: Int
    /// nil for free text and when suppressed.
    public var minimum: Double?
    public var p25: Double?
    public var median: Double?
    public var p75: Double?
    public var maximum: Double?
    public var mean: Double?
    public var flag: ReliabilityFlag
    /// The group's frame size N (as in ``ShareStatistic/nInGroup``); nil without a frame.
    public var nInGroup: Int?
    /// N minus the States of the group that answered the item (with a respondent key: States with
    /// at least one respondent who answered); nil without a frame.
    public var nNotResponding: Int?

    public init(
        round: String, chapter: Chapter, questionID: String, type: QuestionType, group: CountryGroup,
        nSubmissions: Int, n: Int, minimum: Double? = nil, p25: Double? = nil, median: Double? = nil,
        p75: Double? = nil, maximum: Double? = nil, mean: Double? = nil, flag: ReliabilityFlag,
        nInGroup: Int? = nil, nNotResponding: Int? = nil
    ) {
        self.nInGroup = nInGroup
        self.nNotResponding = nNotResponding
        self.round = round
        self.chapter = chapter
        self.questionID = questionID
        self.type = type
        self.group = group
        self.nSubmissions = nSubmissions
        self.n = n
        self.minimum = minimum
        self.p25 = p25
        self.median = median
        self.p75 = p75
        self.maximum = maximum
        self.mean = mean
        self.flag = flag
    }
}

/// A country indicator declared in the pipeline file (`indicators:`): the share of its items
/// whose answer meets the item's condition, among the items answered.
///
/// value = 100 × items met / items answered. An item is answered when the country gave an answer
/// not listed in its `not_counted` options; it is met when that answer is one of its `met`
/// options (for multiple choice: any selected option is), or for a numeric item when the number
/// is at least `at_least`.
public struct IndicatorDefinition: Sendable, Equatable {
    public struct Item: Sendable, Equatable {
        public var questionID: String
        public var met: Set<String>
        public var notCounted: Set<String>
        /// For numeric items: met when the answer is at least this.
        public var atLeast: Double?

        public init(questionID: String, met: Set<String> = [], notCounted: Set<String> = [], atLeast: Double? = nil) {
            self.questionID = questionID
            self.met = met
            self.notCounted = notCounted
            self.atLeast = atLeast
        }
    }

    public var id: String
    public var chapter: Chapter
    public var label: String
    /// The formula in words, as documented.
    public var formula: String
    public var items: [Item]

    public init(id: String, chapter: Chapter, label: String, formula: String, items: [Item]) {
        self.id = id
        self.chapter = chapter
        self.label = label
        self.formula = formula
        self.items = items
    }
}

/// One row of `country_indicators.csv`. Grain: round × country × indicator.
public struct IndicatorValue: Sendable, Equatable {
    public var round: String
    public var country: String
    public var indicator: String
    public var chapter: Chapter
    public var itemsMet: Int
    public var itemsAnswered: Int
    public var itemsTotal: Int
    /// 0–100; nil when no item was answered.
    public var value: Double?

    public init(
        round: String, country: String, indicator: String, chapter: Chapter, itemsMet: Int, itemsAnswered: Int,
        itemsTotal: Int, value: Double?
    ) {
        self.round = round
        self.country = country
        self.indicator = indicator
        self.chapter = chapter
        self.itemsMet = itemsMet
        self.itemsAnswered = itemsAnswered
        self.itemsTotal = itemsTotal
        self.value = value
    }
}

/// A share in one round, for progress: n responding, n choosing, percent (nil when suppressed).
public struct RoundShare: Sendable, Equatable {
    public var nResponding: Int
    public var nOption: Int
    public var percent: Double?
    public var flag: ReliabilityFlag

    public init(nResponding: Int, nOption: Int, percent: Double?, flag: ReliabilityFlag) {
        self.nResponding = nResponding
        self.nOption = nOption
        self.percent = percent
        self.flag = flag
    }
}

/// One row of `progress.csv`: the change of one option's share between the baseline and the
/// latest round, over all respondents of each round and over the panel that answered in both.
///
/// Grain: question × option × group (for one pair of rounds). Changes are in percentage points,
/// nil when either share is suppressed.
public struct ProgressRow: Sendable, Equatable {
    public var chapter: Chapter
    public var questionID: String
    public var option: String
    public var group: CountryGroup
    public var baselineRound: String
    public var latestRound: String
    public var baseline: RoundShare
    public var latest: RoundShare
    public var panelBaseline: RoundShare
    public var panelLatest: RoundShare
    /// Whether the two rounds asked the same thing (`yes`), with a caveat (`partial`) or not
    /// (`no`), through the crosswalk between their questionnaire versions; and why.
    public var comparable: Comparability = .yes
    public var comparabilityNote = ""

    public init(
        chapter: Chapter, questionID: String, option: String, group: CountryGroup, baselineRound: String,
        latestRound: String, baseline: RoundShare, latest: RoundShare, panelBaseline: RoundShare,
        panelLatest: RoundShare
    ) {
        self.chapter = chapter
        self.questionID = questionID
        self.option = option
        self.group = group
        self.baselineRound = baselineRound
        self.latestRound = latestRound
        self.baseline = baseline
        self.latest = latest
        self.panelBaseline = panelBaseline
        self.panelLatest = panelLatest
    }

    public var change: Double? { difference(latest.percent, baseline.percent) }
    public var panelChange: Double? { difference(panelLatest.percent, panelBaseline.percent) }

    private func difference(_ a: Double?, _ b: Double?) -> Double? {
        guard let a, let b else { return nil }
        return a - b
    }
}

/// One row of `transitions.csv`: a country of the panel whose answer to a choice item changed
/// between the baseline and the latest round. Multiple-choice answers are the selected codes in
/// questionnaire order, space-separated (as XForms write them).
public struct Transition: Sendable, Equatable {
    public var baselineRound: String
    public var latestRound: String
    public var country: String
    public var chapter: Chapter
    public var questionID: String
    public var from: String
    public var to: String
    /// As in ``ProgressRow``: the question's least comparable option, and why.
    public var comparable: Comparability = .yes
    public var comparabilityNote = ""

    public init(
        baselineRound: String, latestRound: String, country: String, chapter: Chapter, questionID: String,
        from: String, to: String
    ) {
        self.baselineRound = baselineRound
        self.latestRound = latestRound
        self.country = country
        self.chapter = chapter
        self.questionID = questionID
        self.from = from
        self.to = to
    }
}

/// One row of `responses.csv`: how many States of a group responded in a round, overall and to
/// one chapter. Grain: round × group × chapter. Counts are States (with a respondent key: States
/// with at least one respondent).
public struct ResponseRate: Sendable, Equatable {
    public var round: String
    public var group: CountryGroup
    public var chapter: Chapter
    /// The group's frame size N; nil without a frame (answer-defined custom groups, `outside`).
    public var nInGroup: Int?
    /// States of the group with an accepted submission for the round.
    public var nWithSubmission: Int
    /// Of those, the States that answered at least one item of the chapter.
    public var nAnswering: Int
    /// The year the round's frame is counted at (the round id's year: the States of the
    /// population that were Member States by then, by the reference's `member_since`); nil without
    /// a frame or for a round not named by a year (the reference's list as it is).
    public var frameAsOf: Int?

    public init(
        round: String, group: CountryGroup, chapter: Chapter, nInGroup: Int?, nWithSubmission: Int, nAnswering: Int,
        frameAsOf: Int? = nil
    ) {
        self.round = round
        self.group = group
        self.chapter = chapter
        self.nInGroup = nInGroup
        self.nWithSubmission = nWithSubmission
        self.nAnswering = nAnswering
        self.frameAsOf = frameAsOf
    }

    /// 100 × `nAnswering` / N; nil without a frame (or an empty one).
    public var rate: Double? {
        guard let size = nInGroup, size > 0 else { return nil }
        return 100 * Double(nAnswering) / Double(size)
    }
}

/// One row of `nonrespondents.csv`: a State of the population with no accepted submission in a
/// round. Grain: round × State.
public struct Nonrespondent: Sendable, Equatable {
    public var round: String
    /// ISO alpha-3.
    public var country: String

    public init(round: String, country: String) {
        self.round = round
        self.country = country
    }
}
