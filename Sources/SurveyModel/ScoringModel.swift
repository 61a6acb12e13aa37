/// The declared model behind the capacity-building priority tables (`Pipelines/scoring/*.yml`,
/// documented in docs/priorities.md).
///
/// For one country, round and area:
///
///     score = 100 × (Σ wᵢ·gapᵢ + w_r·requested) / (Σ wᵢ + w_r)
///
/// where the sums run over the area's gap indicators the country answered (and the request term
/// only when it answered the request question): an unanswered item is never a gap. `coverage` is
/// the answered share of the area's total weight.
public struct ScoringModel: Sendable, Equatable {
    public var id: String
    public var version: String
    /// Scores at or above this count as high priority in the group table.
    public var highPriorityThreshold: Double
    /// `top_n` of older scoring files: accepted and ignored (the Monte Carlo gives no ranks any more).
    public var topN: Int
    public var robustness: Robustness
    public var areas: [Area]
    /// Below this answered share of an area's gap weight, no need score: `insufficient_data`.
    public var coverageMinimum: Double
    /// Need tiers, highest band first; the last starts at 0.
    public var tiers: [Tier]

    public init(
        id: String, version: String, highPriorityThreshold: Double = 50, topN: Int = 10, robustness: Robustness = Robustness(),
        areas: [Area], coverageMinimum: Double = 0.6, tiers: [Tier] = Tier.defaults
    ) {
        self.id = id
        self.version = version
        self.highPriorityThreshold = highPriorityThreshold
        self.topN = topN
        self.robustness = robustness
        self.areas = areas
        self.coverageMinimum = coverageMinimum
        self.tiers = tiers
    }

    /// A band of need: scores at or above `from` (and below the next band up).
    public struct Tier: Sendable, Equatable {
        public var id: String
        public var from: Double
        /// Whether a need in this tier counts as high need (the quadrants' need side).
        public var highNeed: Bool
        public init(id: String, from: Double, highNeed: Bool) {
            self.id = id
            self.from = from
            self.highNeed = highNeed
        }
        /// high ≥ 60 (high need), medium ≥ 30, low ≥ 0.
        public static let defaults = [
            Tier(id: "high", from: 60, highNeed: true), Tier(id: "medium", from: 30, highNeed: false),
            Tier(id: "low", from: 0, highNeed: false),
        ]
    }

    /// The index in ``tiers`` of a need score (scores compared at 1e-9, as ranks are).
    @inlinable
    public func tierIndex(of need: Double) -> Int {
        let key = (need * 1e9).rounded() / 1e9
        for (index, tier) in tiers.enumerated() where key >= tier.from { return index }
        return tiers.count - 1
    }

    /// The tiers between two tier indices, lower tier first: `medium–high`, or `high` alone.
    public func tierRange(_ a: Int, _ b: Int) -> String {
        let (higher, lower) = (min(a, b), max(a, b))
        return higher == lower ? tiers[higher].id : "\(tiers[lower].id)–\(tiers[higher].id)"
    }

    /// Whether a need score counts as high need.
    @inlinable
    public func isHighNeed(_ need: Double) -> Bool { tiers[tierIndex(of: need)].highNeed }

    /// Whether an answered share of an area's gap weight is enough for a need score.
    @inlinable
    public func meetsCoverage(_ coverage: Double) -> Bool { coverage > 0 && coverage >= coverageMinimum - 1e-9 }

    /// The quadrant of a need (nil: insufficient data) and a request (nil: unknown).
    @inlinable
    public func quadrant(need: Double?, requested: Bool?) -> Quadrant {
        guard let need else { return .insufficientData }
        guard let requested else { return .requestUnknown }
        switch (requested, isHighNeed(need)) {
        case (true, true): return .plan
        case (true, false): return .scope
        case (false, true): return .outreach
        case (false, false): return .neither
        }
    }

    public func area(id: String) -> Area? { areas.first { $0.id == id } }

    /// Seeded Monte Carlo: each draw perturbs the weights and draws each declared partial gap value
    /// (``GapIndicator/gapRange``) in its range.
    public struct Robustness: Sendable, Equatable {
        /// Each weight is multiplied by a uniform draw in [1 − perturbation, 1 + perturbation].
        public var perturbation: Double
        public var draws: Int
        public var seed: UInt64

        public init(perturbation: Double = 0.25, draws: Int = 1000, seed: UInt64 = 2026) {
            self.perturbation = perturbation
            self.draws = draws
            self.seed = seed
        }
    }

    /// A capacity area: tied to chapters of the study and to a Global Programme pillar.
    public struct Area: Sendable, Equatable {
        public var id: String
        public var label: String
        public var chapters: [Chapter]
        public var pillar: String
        public var gaps: [GapIndicator]
        public var request: Request?

        public init(id: String, label: String, chapters: [Chapter], pillar: String, gaps: [GapIndicator], request: Request?) {
            self.id = id
            self.label = label
            self.chapters = chapters
            self.pillar = pillar
            self.gaps = gaps
            self.request = request
        }

        /// Every weight of the need score: the gap indicators' (the request is not a term of the
        /// need: demand is its own dimension).
        public var totalWeight: Double { gaps.reduce(0) { $0 + $1.weight } }

        /// The declared partial gap values the Monte Carlo draws, in the order it draws them:
        /// gap indicators in model order, each one's codes sorted.
        public var partialSlots: [(indicator: Int, code: String, range: ClosedRange<Double>)] {
            gaps.enumerated().flatMap { k, indicator in
                indicator.gapRange.keys.sorted().map { (k, $0, indicator.gapRange[$0]!) }
            }
        }
    }

    /// The country's own request for assistance in the area, from one or more sources: yes/no
    /// questions (`request: {questions: [...]}`, each answered `yes` when assistance is
    /// requested), or, in older scoring files, the options of one multiple-choice question
    /// (`request: {question: ta_areas, options: [...]}`: a selected option is a yes).
    ///
    /// Requested when any source says yes; not requested when every source is answered and none
    /// says yes; unknown (nil) otherwise: a blank is never a "no".
    public struct Request: Sendable, Equatable {
        /// One question read as a request: answered with any of `yes` = requested, answered
        /// otherwise = not requested, blank = unknown.
        public struct Source: Sendable, Equatable {
            public var questionID: String
            public var yes: Set<String>
            public init(questionID: String, yes: Set<String>) {
                self.questionID = questionID
                self.yes = yes
            }
        }

        public var sources: [Source]
        public var weight: Double

        /// The old form: one multiple-choice question, any of `options` selected = requested.
        public init(questionID: String, options: Set<String>, weight: Double) {
            self.init(sources: [Source(questionID: questionID, yes: options)], weight: weight)
        }

        /// Yes/no questions: `yes` on any = requested.
        public init(questions: [String], weight: Double) {
            self.init(sources: questions.map { Source(questionID: $0, yes: ["yes"]) }, weight: weight)
        }

        public init(sources: [Source], weight: Double) {
            self.sources = sources
            self.weight = weight
        }

        /// The questions read, in order.
        public var questionIDs: [String] { sources.map(\.questionID) }

        /// The one rule: any source true → true; every source false → false; else nil.
        @inlinable
        public static func combine<S: Sequence>(_ answers: S) -> Bool? where S.Element == Bool? {
            var allNo = true
            for answer in answers {
                if answer == true { return true }
                if answer == nil { allNo = false }
            }
            return allNo ? false : nil
        }
    }

    /// A gap indicator: the mean gap over its answered items, each item's gap in 0…1.
    public struct GapIndicator: Sendable, Equatable {
        public var id: String
        public var label: String
        public var weight: Double
        public var items: [String]
        /// Choice code → gap (0…1); codes not listed are no gap. A multiple-choice answer's gap is
        /// the largest of its selected codes'.
        public var gapByOption: [String: Double]
        /// Answers that count as not answered (`unknown`).
        public var notCounted: Set<String>
        /// For numeric items: the gap is 0 at `zeroGapAt`, 1 at `fullGapAt`, linear in between
        /// and clamped outside.
        public var linear: (zeroGapAt: Double, fullGapAt: Double)?
        /// Choice code → the range (within 0…1, containing its point value in ``gapByOption``)
        /// the Monte Carlo draws its gap from: the model's uncertainty about what a partial
        /// answer such as `draft` means. Codes without a range keep their point value in every draw.
        public var gapRange: [String: ClosedRange<Double>]

        public init(
            id: String, label: String, weight: Double, items: [String], gapByOption: [String: Double] = [:],
            notCounted: Set<String> = [], linear: (zeroGapAt: Double, fullGapAt: Double)? = nil,
            gapRange: [String: ClosedRange<Double>] = [:]
        ) {
            self.id = id
            self.label = label
            self.weight = weight
            self.items = items
            self.gapByOption = gapByOption
            self.notCounted = notCounted
            self.linear = linear
            self.gapRange = gapRange
        }

        public static func == (a: GapIndicator, b: GapIndicator) -> Bool {
            a.id == b.id && a.label == b.label && a.weight == b.weight && a.items == b.items
                && a.gapByOption == b.gapByOption && a.notCounted == b.notCounted
                && a.linear?.zeroGapAt == b.linear?.zeroGapAt && a.linear?.fullGapAt == b.linear?.fullGapAt
                && a.gapRange == b.gapRange
        }
    }
}

/// Need × demand for one country and area: where the country's own request (demand) meets the
/// need its answers show.
public enum Quadrant: String, Sendable, CaseIterable {
    /// Requested, high need.
    case plan
    /// Requested, lower need: to scope with the country.
    case scope
    /// Not requested, high need.
    case outreach
    /// Not requested, lower need.
    case neither
    /// Need scored, request blank (never read as "no").
    case requestUnknown = "request_unknown"
    /// Too little answered for a need score (below the coverage minimum).
    case insufficientData = "insufficient_data"
}
