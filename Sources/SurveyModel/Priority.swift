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
    /// The need score, 0–100: the weighted gap over the answered gap indicators; nil when the
    /// coverage is below the model's minimum (or nothing was answered).
    public var score: Double?
    /// Answered share of the area's gap weight, 0…1.
    public var coverage: Double
    /// The country's request (demand): true requested, false not requested (every request
    /// question answered, none yes), nil unknown (a blank is never a "no").
    public var requested: Bool?
    /// The gap indicators (the request is not a term of the need score).
    public var components: [PriorityComponent]
    /// `scored`, or `insufficient_data` when the coverage is below the model's minimum (then
    /// `score` is nil).
    public var status: NeedStatus = .scored
    /// The area's items not answered (blank or "don't know"), in model order: what to follow up.
    public var missingItems: [String] = []
    /// The need tier's id; nil without a need score.
    public var tier: String? = nil
    /// Whether the tier counts as high need; nil without a need score.
    public var highNeed: Bool? = nil
    /// Need × demand.
    public var quadrant: Quadrant = .insufficientData
    /// The request's answers as given (`ta_x_requested=yes; …`), empty when none.
    public var requestAnswers: String = ""
    /// 1 = the country's highest-scoring area (ties share a rank).
    public var rankInCountry: Int?
    /// 1 = the highest score among the round's countries in this area (ties share a rank).
    public var rankInArea: Int?
    /// Whether another row shares the rank (written "1=").
    public var rankInCountryTied = false
    public var rankInAreaTied = false
    /// In `ta_planning.csv`: the rank by need within the row's quadrant, and whether shared.
    public var planningRank: Int? = nil
    public var planningRankTied = false
    /// Countries ranked in this area and round.
    public var nRanked: Int
    /// The Monte Carlo (weights perturbed, partial gap values drawn in their declared ranges;
    /// nil without a need): the 5th and 95th percentile of the drawn needs, the share of draws
    /// whose tier differs from `tier`, and the share whose quadrant differs (0 when the demand is
    /// unknown).
    public var needP5: Double?
    public var needP95: Double?
    public var pTierChange: Double?
    public var pQuadrantChange: Double?
    /// The tiers seen with each gap indicator left out in turn (and none): `medium–high`, or
    /// `high` when it never moves; nil without a need.
    public var tierLeaveOneOut: String?
    /// The need with every missing item read as a full gap, and as no gap, and the tiers at
    /// these two bounds; nil when nothing is missing (also set for `insufficient_data`).
    public var needIfMissingGaps: Double?
    public var needIfMissingNone: Double?
    public var tierRangeMissing: String?

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
        Self.points(gap: component.gap, weight: component.weight, answeredWeight: answeredWeight)
    }

    /// ``points(of:)`` of the component at `index` of ``components``, given the row's
    /// ``answeredWeight``: a loop over a row's components computes that sum once, not twice per
    /// component, and reads each component where it is.
    public func points(ofComponentAt index: Int, answeredWeight: Double) -> Double? {
        Self.points(gap: components[index].gap, weight: components[index].weight, answeredWeight: answeredWeight)
    }

    /// The components adding to the score (points above 0), most points first, then by id: each
    /// one's index in ``components`` and its points. The order of `drivers` and of the planning
    /// list's reasons (their first three).
    public func rankedByPoints() -> [(index: Int, points: Double)] {
        var ranked: [(index: Int, points: Double)] = []
        ranked.reserveCapacity(components.count)
        let answeredWeight = answeredWeight
        for index in components.indices {
            guard let points = points(ofComponentAt: index, answeredWeight: answeredWeight), points > 0 else { continue }
            ranked.append((index, points))
        }
        ranked.sort { $0.points > $1.points || ($0.points == $1.points && components[$0.index].id < components[$1.index].id) }
        return ranked
    }

    static func points(gap: Double?, weight: Double, answeredWeight: Double) -> Double? {
        guard let gap, answeredWeight > 0 else { return nil }
        return 100 * weight * gap / answeredWeight
    }
}

/// Whether a need score was computed.
public enum NeedStatus: String, Sendable {
    case scored
    /// The answered share of the area's gap weight is below the coverage minimum.
    case insufficientData = "insufficient_data"
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
    /// Countries whose need is in a high-need tier.
    public var nHighPriority: Int
    /// Countries that answered the request question, and those that asked for help in the area.
    public var nRequestAnswered: Int
    public var nRequested: Int
    public var percentRequested: Double?
    public var flag: ReliabilityFlag
    /// Countries of the group with a submission that left the request blank (request unknown).
    public var nRequestUnknown: Int

    public init(
        round: String, area: String, group: CountryGroup, nCountries: Int, meanScore: Double?, medianScore: Double?,
        nHighPriority: Int, nRequestAnswered: Int, nRequested: Int, percentRequested: Double?, flag: ReliabilityFlag,
        nRequestUnknown: Int = 0
    ) {
        self.nRequestUnknown = nRequestUnknown
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
