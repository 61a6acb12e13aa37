/// How one gap indicator (or the request term) came out for one country, round and area.
public struct PriorityComponent: Sendable, Equatable {
    public enum Kind: String, Sendable { case gap, request }
    public var kind: Kind
    /// The gap indicator's id, or `request`.
    public var id: String
    public var weight: Double
    /// 0…1; nil when not answered (then it is left out of the score and its weight of the
    /// denominator).
    public var gap: Double?
    public var itemsAnswered: Int
    public var itemsTotal: Int
    /// The answers behind it, as `question=answer` pairs, for the drivers column.
    public var answers: String

    public init(kind: Kind, id: String, weight: Double, gap: Double?, itemsAnswered: Int, itemsTotal: Int, answers: String) {
        self.kind = kind
        self.id = id
        self.weight = weight
        self.gap = gap
        self.itemsAnswered = itemsAnswered
        self.itemsTotal = itemsTotal
        self.answers = answers
    }
}

/// One row of `priorities_by_country.csv`: a country's priority score in one area and round.
public struct PriorityScore: Sendable, Equatable {
    public var round: String
    public var country: String
    public var area: String
    public var pillar: String
    /// 0–100; nil when no component was answered.
    public var score: Double?
    /// Answered share of the area's total weight, 0…1.
    public var coverage: Double
    /// nil when the request question was not answered.
    public var requested: Bool?
    public var components: [PriorityComponent]
    /// 1 = the country's highest-scoring area (ties share a rank).
    public var rankInCountry: Int?
    /// 1 = the highest score among the round's countries in this area (ties share a rank).
    public var rankInArea: Int?
    /// Countries ranked in this area and round.
    public var nRanked: Int
    /// Monte Carlo rank interval (5th and 95th percentile rank in the area) and the share of
    /// draws in which the country is in the top N.
    public var rankP5: Double?
    public var rankP95: Double?
    public var topNShare: Double?
    /// Leave-one-out: the best and worst rank when each component is left out in turn.
    public var looRankMin: Int?
    public var looRankMax: Int?

    public init(
        round: String, country: String, area: String, pillar: String, score: Double?, coverage: Double,
        requested: Bool?, components: [PriorityComponent]
    ) {
        self.round = round
        self.country = country
        self.area = area
        self.pillar = pillar
        self.score = score
        self.coverage = coverage
        self.requested = requested
        self.components = components
        self.nRanked = 0
    }

    /// Σ weights of the answered components: the score's denominator.
    public var answeredWeight: Double { components.reduce(0) { $0 + ($1.gap == nil ? 0 : $1.weight) } }

    /// Each answered component's contribution in score points: 100 × w·gap / Σ answered w. They
    /// add up to the score.
    public func points(of component: PriorityComponent) -> Double? {
        guard let gap = component.gap, answeredWeight > 0 else { return nil }
        return 100 * component.weight * gap / answeredWeight
    }
}

/// One row of `priorities_by_group.csv`: an area's scores over a group's countries in one round.
public struct GroupPriority: Sendable, Equatable {
    public var round: String
    public var area: String
    public var group: CountryGroup
    /// Countries of the group with a score in the area.
    public var nCountries: Int
    public var meanScore: Double?
    public var medianScore: Double?
    /// Countries at or above the model's high-priority threshold.
    public var nHighPriority: Int
    /// Countries that answered the request question, and those that asked for help in the area.
    public var nRequestAnswered: Int
    public var nRequested: Int
    public var percentRequested: Double?
    public var flag: ReliabilityFlag

    public init(
        round: String, area: String, group: CountryGroup, nCountries: Int, meanScore: Double?, medianScore: Double?,
        nHighPriority: Int, nRequestAnswered: Int, nRequested: Int, percentRequested: Double?, flag: ReliabilityFlag
    ) {
        self.round = round
        self.area = area
        self.group = group
        self.nCountries = nCountries
        self.meanScore = meanScore
        self.medianScore = medianScore
        self.nHighPriority = nHighPriority
        self.nRequestAnswered = nRequestAnswered
        self.nRequested = nRequested
        self.percentRequested = percentRequested
        self.flag = flag
    }
}
