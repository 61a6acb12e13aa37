// Technical assistance a planner reads beside need and demand: programmes already running (from
// the optional programmes file), the details of a planning row (what was asked for, existing
// support, change since the previous round, the reasons in words) and the requests per group.

/// One programme of technical assistance (`Pipelines/ta/programmes.yml`): who supports a country
/// in one TA area (a code of the questionnaire's `ta_areas` list), from which year to which.
public struct Programme: Sendable, Equatable {
    public var provider: String
    /// ISO alpha-3.
    public var country: String
    /// A code of the `ta_areas` list (`digital_forensics`).
    public var area: String
    /// Codes of the `ta_activities` list; empty when not given.
    public var activities: [String]
    public var from: Int
    /// Nil: ongoing.
    public var to: Int?
    public var note: String
    /// The entry's line in its file (1-based; 0 when built in code).
    public var line: Int

    public init(
        provider: String, country: String, area: String, activities: [String] = [], from: Int, to: Int? = nil,
        note: String = "", line: Int = 0
    ) {
        self.provider = provider
        self.country = country
        self.area = area
        self.activities = activities
        self.from = from
        self.to = to
        self.note = note
        self.line = line
    }

    /// Whether it covers `year` (from ≤ year ≤ to, `to` blank: ongoing).
    public func covers(_ year: Int) -> Bool { from <= year && (to.map { year <= $0 } ?? true) }
}

/// What `ta_planning.csv` says of a row beside its need and demand, in words.
public struct PlanningDetail: Sendable, Equatable {
    /// The English labels of the activities asked for in the area's TA clusters, each once.
    public var activitiesRequested: [String] = []
    /// The English labels of the beneficiary institutions, each once.
    public var institutions: [String] = []
    /// The most urgent urgency answered (its English label); nil when none.
    public var urgency: String? = nil
    /// `UNODC (Training, 2024–); EU (Equipment, 2021–2023)`; empty when none is known.
    public var alreadySupportedBy: String = ""
    /// `country`, `programmes` or `country; programmes`: where ``alreadySupportedBy`` comes from.
    public var supportSource: String = ""
    /// `new request`, `tier up: medium → high`, `unchanged`, … (``PlanningChange``).
    public var changeSincePrevious: String = ""
    /// The top three gap indicators by contribution, in words.
    public var reasons: String = ""

    public init() {}
}

/// One row of `ta_requests_by_group.csv`: the requests for assistance in one TA area among one
/// group's respondents in one round.
public struct TARequestCount: Sendable, Equatable {
    public var round: String
    /// A code of the `ta_areas` list.
    public var area: String
    public var areaLabel: String
    public var group: CountryGroup
    /// The group's N in the frame (nil without one: `outside`, answer-defined groups, respondents).
    public var nStates: Int?
    /// Respondents of the group that answered the area's request question.
    public var nAnswered: Int
    public var nRequested: Int
    public var nNotRequested: Int
    /// Respondents of the group that left it blank.
    public var nNotAnswered: Int
    /// 100 × n_requested / n_answered; nil when suppressed or nothing answered.
    public var percentRequested: Double?
    public var flag: ReliabilityFlag
    /// The activities asked for by the countries requesting, with counts, most asked first:
    /// `Training 12; Equipment 7`.
    public var activities: String

    public init(
        round: String, area: String, areaLabel: String, group: CountryGroup, nStates: Int?, nAnswered: Int, nRequested: Int,
        nNotRequested: Int, nNotAnswered: Int, percentRequested: Double?, flag: ReliabilityFlag, activities: String
    ) {
        self.round = round
        self.area = area
        self.areaLabel = areaLabel
        self.group = group
        self.nStates = nStates
        self.nAnswered = nAnswered
        self.nRequested = nRequested
        self.nNotRequested = nNotRequested
        self.nNotAnswered = nNotAnswered
        self.percentRequested = percentRequested
        self.flag = flag
        self.activities = activities
    }
}

extension Questionnaire {
    /// The codes of a choice list (`ta_areas`), in list order, from the first question (or repeat
    /// sub-question) that uses it; empty when none does.
    public func choiceCodes(ofList list: String) -> [String] { choices(ofList: list).map(\.code) }

    /// The options of a choice list, in list order (as ``choiceCodes(ofList:)``).
    public func choices(ofList list: String) -> [Choice] {
        func search(_ questions: [Question], _ repeats: [RepeatGroup]) -> [Choice]? {
            if let question = questions.first(where: { $0.choiceList == list }) { return question.choices }
            for group in repeats {
                if let found = search(group.questions, group.repeats) { return found }
            }
            return nil
        }
        return search(questions, repeats) ?? []
    }

    /// Code → position in a choice list.
    public func choiceOrder(ofList list: String) -> [String: Int] {
        Dictionary(choices(ofList: list).enumerated().map { ($1.code, $0) }, uniquingKeysWith: { a, _ in a })
    }
}
