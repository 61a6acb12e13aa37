public import SurveyModel

/// Computes statistics from what the store holds.
///
/// Shares are "per cent of responding countries": the denominator of a question is the number of
/// countries whose accepted submission answered it, never the whole membership; a "don't know"-type
/// answer is in the denominator of its own option's share only (``ChoiceTally``). The same
/// reliability rules (``ReliabilityRules``) flag and suppress every output.
public struct Analyzer: Sendable {
    public let questionnaire: Questionnaire
    public let reference: CountryReference
    public let rules: ReliabilityRules
    public let catalog: GroupCatalog
    /// Each round's own questionnaire, when rounds answer different versions: its statistics
    /// follow that round's items and options. A round not listed uses ``questionnaire``.
    public let roundQuestionnaires: [String: Questionnaire]
    /// One step per pair of consecutive questionnaire versions, oldest first (progress chains them).
    public let crosswalkSteps: [CrosswalkStep]

    public init(
        questionnaire: Questionnaire, reference: CountryReference, rules: ReliabilityRules = ReliabilityRules(),
        customGroups: [CustomGroup] = [], population: Population? = nil, roundQuestionnaires: [String: Questionnaire] = [:],
        crosswalkSteps: [CrosswalkStep] = []
    ) {
        self.questionnaire = questionnaire
        self.roundQuestionnaires = roundQuestionnaires
        self.crosswalkSteps = crosswalkSteps
        self.reference = reference
        self.rules = rules
        self.catalog = GroupCatalog(reference: reference, custom: customGroups, population: population)
    }

    /// The questionnaire of a round (its own when declared, else ``questionnaire``).
    public func questionnaire(forRound round: String) -> Questionnaire { roundQuestionnaires[round] ?? questionnaire }

    /// The population statistics describe (default: the UN Member States of the reference).
    public var population: Population { catalog.population }

    /// Reads the accepted submissions and their answers from the store, streamed into
    /// ``AnswerMatrix``'s compact form (no `[StoredAnswer]` of every row in between).
    /// A store that holds them interned in memory (a run's load recording) gives them without
    /// a row as strings (``AnswerMatrix/init(interned:)``).
    public static func data(from store: any SurveyReadStore) async throws -> AnswerMatrix {
        if let interned = try await store.internedAccepted() { return AnswerMatrix(interned: interned) }
        return try await AnswerMatrix(store: store)
    }

    /// The matrix of interned answers (what ``data(from:)`` makes of a store that gives them).
    public static func data(interned: some InternedAcceptedAnswers) -> AnswerMatrix { AnswerMatrix(interned: interned) }

    // MARK: Shares

    /// Shares for every option of every choice and legal-form question, per round and group.
    public func shareStatistics(store: any SurveyReadStore) async throws -> [ShareStatistic] {
        shareStatistics(from: try await Self.data(from: store))
    }

    public func shareStatistics(from answers: [StoredAnswer]) -> [ShareStatistic] {
        shareStatistics(from: AnswerMatrix(answers: answers))
    }

    /// The options a choice question's rows are published for: its choices, then `any_form`
    /// for a legal-form item.
    public static func options(of question: Question) -> [String] {
        var options = question.choices.map(\.code)
        if question.type == .legalForm { options.append(StatisticOption.anyForm) }
        return options
    }

    /// Whether an answer's selected codes count for `option` (the codes of `any_form` for it).
    public static func counts(_ selected: [String], for option: String) -> Bool {
        option == StatisticOption.anyForm
            ? selected.contains(where: StatisticOption.anyFormChoices.contains) : selected.contains(option)
    }

    /// Grain: one row per round × question × option × group, in that nesting order: rounds in
    /// order, questions in questionnaire order, groups in catalogue order, options in choice order.
    ///
    /// Works on indices: members of each group once per round, then per question one pass over
    /// each group's members adding up value ids (``ChoiceTally``), never a lookup by name.
    public func shareStatistics(from data: AnswerMatrix) -> [ShareStatistic] {
        var rows: [ShareStatistic] = []
        let respondents = data.hasRespondents
        for (r, round) in data.roundIDs.enumerated() {
            let frames = catalog.frameSizes(inRound: round)
            let members = groupMembers(data: data, round: r)
            var counter = CountryCounter(data: data, round: r)
            for question in questionnaire(forRound: round).questions where question.type.hasChoices {
                let tally = ChoiceTally(question: question, data: data)
                let column = tally.column(round: r, data: data)
                for (g, group) in catalog.groups.enumerated() {
                    let counts = tally.counts(of: members[g], column: column)
                    // States that answered: the responding units, or with a respondent key the
                    // countries with at least one responding respondent.
                    // A "don't know" answer is an answer: it counts here, not in n_not_responding.
                    let frame = frames[g].map { size in
                        Coverage(
                            size: size,
                            answering: respondents
                                ? counter.count(members[g]) { tally.hits[Int(column[$0])] != nil }
                                : counts.answered,
                            perState: !respondents)
                    }
                    for (i, option) in tally.options.enumerated() {
                        rows.append(
                            share(
                                round: round, question: question, option: option, group: group, counts: counts,
                                position: i, isDontKnow: tally.isDontKnow[i], frame: frame))
                    }
                }
            }
        }
        return rows
    }

    /// A group's frame in one round and question: N, the States that answered, and whether the
    /// shares count States (no respondent key), so that non-response bounds apply.
    struct Coverage {
        var size: Int
        var answering: Int
        var perState: Bool

        var notResponding: Int { max(0, size - answering) }

        /// The share among all N if no non-respondent / every non-respondent had chosen the
        /// option: 100·k/N and 100·(k + N − n)/N. Nil with a respondent key or an empty frame.
        func bounds(count k: Int, responding n: Int) -> (low: Double, high: Double)? {
            guard perState, size > 0, n <= size else { return nil }
            return (100 * Double(k) / Double(size), 100 * Double(k + size - n) / Double(size))
        }
    }

    /// Countries of each group with an accepted submission for `round`, sorted; groups without
    /// one are left out.
    func membersByGroup(data: AnswerMatrix, round: String) -> [CountryGroup: [String]] {
        guard let r = data.roundIndex(of: round) else { return [:] }
        let units = data.units(inRound: r)
        var members: [CountryGroup: [String]] = [:]
        for (g, list) in groupMembers(data: data, round: r).enumerated() where !list.isEmpty {
            members[catalog.groups[g]] = list.map { units[$0] }
        }
        return members
    }

    /// The members of every group of the catalogue in the round at `round` (a position in
    /// ``AnswerMatrix/roundIDs``), as ascending unit indices, by group position in
    /// ``GroupCatalog/groups``: the same units ``GroupCatalog/isMember(_:of:answers:)`` accepts.
    ///
    /// Membership by country is decided once per country (not once per respondent), and an
    /// answer rule once per distinct answer to its question.
    func groupMembers(data: AnswerMatrix, round r: Int) -> [[Int]] {
        let groups = catalog.groups
        let units = data.units(inRound: r)
        let roundID = data.roundIDs[r]
        /// How a group decides: by the unit's country, or by its answer (a column of value ids
        /// and, per value id, whether it makes a member).
        enum Rule { case country, answer(column: CellColumn, isMember: [Bool]) }
        let rules: [Rule] = groups.map { group in
            guard group.type == .custom, let definition = catalog.custom.first(where: { $0.id == group.code }),
                case .answer(let question, let options) = definition.rule
            else { return .country }
            guard let q = data.questionIndex(of: question) else {
                return .answer(column: CellColumn(zeros: units.count, largest: 0), isMember: [false])
            }
            return .answer(
                column: data.column(question: q, round: r),
                isMember: data.values(of: q).map { $0.options.contains(where: options.contains) })
        }
        // A group listed twice (a custom id declared twice) has one member list that gets each
        // member once per listing, as the dictionary keyed by group always did.
        var listOf: [CountryGroup: Int] = [:]
        for (g, group) in groups.enumerated() where listOf[group] == nil { listOf[group] = g }
        var lists = Array(repeating: [Int](), count: groups.count)
        var byCountry: [String: [Bool]] = [:]
        for (u, unit) in units.enumerated() {
            let country = SurveyUnit.country(of: unit)
            // Outside the population: the `outside` group only, whatever its answers. So is a State
            // in a round before it joined the population (its `member_since`).
            let inPopulation = catalog.population.contains(country, inRound: roundID)
            let countryMember: [Bool]
            if let known = byCountry[country] {
                countryMember = known
            } else {
                countryMember = groups.indices.map {
                    if case .country = rules[$0] {
                        return catalog.isMember(country, of: groups[$0], answers: [:], round: roundID)
                    }
                    return false
                }
                byCountry[country] = countryMember
            }
            for g in groups.indices {
                let isMember: Bool
                switch rules[g] {
                case .country: isMember = countryMember[g]
                case .answer(let column, let accepts): isMember = inPopulation && accepts[Int(column[u])]
                }
                if isMember { lists[listOf[groups[g]]!].append(u) }
            }
        }
        return groups.map { lists[listOf[$0]!] }
    }

    /// Counts for one choice question: which published options each of its distinct answers
    /// counts for, worked out once per answer, so a group's counts are a histogram of its
    /// members' value ids folded over those answers.
    ///
    /// The one rule for "don't know"-type answers (``Choice/isDontKnow``) lives here for every
    /// share (statistics, progress): ``Counts/responding(_:)`` is every answering unit for a
    /// don't-know option's own share and the units with a substantive answer for every other.
    struct ChoiceTally {
        /// The published options (``Analyzer/options(of:)``).
        let options: [String]
        /// Per published option: whether it is a don't-know option (its share is over every answer).
        let isDontKnow: [Bool]
        let question: Int?
        /// Per value id: the option positions the answer counts for; nil when it selected
        /// nothing (the unit is then not responding).
        let hits: [[Int]?]
        /// Per value id: whether the answer is "don't know" only (``Question/isDontKnowOnly(_:)``).
        let dontKnowOnly: [Bool]

        init(question: Question, data: AnswerMatrix) {
            let options = Analyzer.options(of: question)
            self.options = options
            let codes = question.dontKnowCodes
            isDontKnow = options.map(codes.contains)
            self.question = data.questionIndex(of: question.id)
            let values = self.question.map { data.values(of: $0) } ?? [AnswerMatrix.Value()]
            hits = values.map { value in
                value.options.isEmpty ? nil : options.indices.filter { Analyzer.counts(value.options, for: options[$0]) }
            }
            dontKnowOnly = values.map { question.isDontKnowOnly($0.options) }
        }

        /// One group's counts: the answering units, the don't-know-only ones among them, and per
        /// option those that chose it.
        struct Counts {
            var answered: Int
            var unknown: Int
            var options: [Int]
            /// The denominator of option `i`'s share under the one rule.
            func responding(_ i: Int, isDontKnow: [Bool]) -> Int { isDontKnow[i] ? answered : answered - unknown }
        }

        /// Whether the answer with value id `value` is substantive (answered, not don't-know only).
        func isSubstantive(_ value: Int) -> Bool { hits[value] != nil && !dontKnowOnly[value] }

        /// The question's value ids in a round, by unit index (all 0 when nobody answered it).
        func column(round r: Int, data: AnswerMatrix) -> CellColumn {
            question.map { data.column(question: $0, round: r) }
                ?? CellColumn(zeros: data.units(inRound: r).count, largest: 0)
        }

        /// How many of `units` had each value id.
        func histogram(of units: [Int], column: CellColumn) -> [Int] {
            var histogram = Array(repeating: 0, count: hits.count)
            for u in units { histogram[Int(column[u])] += 1 }
            return histogram
        }

        /// Answering units, the don't-know-only ones and, per option, those that chose it, from a
        /// histogram of value ids.
        func counts(histogram: [Int]) -> Counts {
            var answered = 0
            var unknown = 0
            var counts = Array(repeating: 0, count: options.count)
            for (value, n) in histogram.enumerated() where n > 0 {
                guard let positions = hits[value] else { continue }
                answered += n
                if dontKnowOnly[value] { unknown += n }
                for i in positions { counts[i] += n }
            }
            return Counts(answered: answered, unknown: unknown, options: counts)
        }

        func counts(of units: [Int], column: CellColumn) -> Counts {
            counts(histogram: histogram(of: units, column: column))
        }

    }

    /// A share's percent, flag and 95% interval. `frame` is the group's frame size N when the
    /// share counts States (nil without a frame, and with a respondent key): the interval is then
    /// finite-population (``finitePopulationWilson(successes:trials:population:z:)``), and a share
    /// of every State of the group (n = N) is exact: never suppressed, flagged `normal`, its
    /// interval the point.
    func roundShare(responding: Int, count: Int, frame: Int? = nil) -> (share: RoundShare, interval: (low: Double, high: Double)?) {
        let census = Self.isCensus(responding: responding, frame: frame)
        let flag = self.flag(responding: responding, frame: frame)
        guard flag != .suppressed, responding > 0 else {
            return (RoundShare(nResponding: responding, nOption: count, percent: nil, flag: .suppressed), nil)
        }
        let percent = 100 * Double(count) / Double(responding)
        let bounds = Self.finitePopulationWilson(successes: count, trials: responding, population: frame)
        return (
            RoundShare(nResponding: responding, nOption: count, percent: percent, flag: flag),
            // A census: the point itself (the same double as the percent, not 100 × k/n rounded apart).
            census ? (percent, percent) : (100 * bounds.low, 100 * bounds.high)
        )
    }

    /// Whether `responding` States are every State of a group whose frame is `frame` (n = N): a
    /// census of the group, with no sampling uncertainty. `frame` nil (no frame, or units that are
    /// respondents rather than States): never.
    static func isCensus(responding: Int, frame: Int?) -> Bool {
        guard let frame else { return false }
        return frame > 0 && responding == frame
    }

    /// The reliability flag of any figure of a group on `responding` units: a census of the group
    /// (``isCensus(responding:frame:)``) is exact, `normal`, never suppressed however small the
    /// group; otherwise the pipeline's thresholds (``ReliabilityRules``). Shares, numeric
    /// distributions and group priority summaries all decide their flag here. `frame`: the group's
    /// N when the units are States (nil without a frame and with a respondent key).
    func flag(responding: Int, frame: Int?) -> ReliabilityFlag {
        Self.isCensus(responding: responding, frame: frame) ? .normal : rules.flag(responding: responding)
    }

    private func share(
        round: String, question: Question, option: String, group: CountryGroup, counts: ChoiceTally.Counts,
        position i: Int, isDontKnow: Bool, frame: Coverage?
    ) -> ShareStatistic {
        let responding = isDontKnow ? counts.answered : counts.answered - counts.unknown
        let count = counts.options[i]
        let (share, interval) = roundShare(
            responding: responding, count: count, frame: frame.flatMap { $0.perState ? $0.size : nil })
        let bounds = frame?.bounds(count: count, responding: responding)
        return ShareStatistic(
            round: round, chapter: question.chapter, questionID: question.id, option: option, group: group,
            nResponding: responding, nOption: count, percent: share.percent, ciLow: interval?.low, ciHigh: interval?.high,
            flag: share.flag, nInGroup: frame?.size, nNotResponding: frame?.notResponding, boundLow: bounds?.low,
            boundHigh: bounds?.high, nAnswered: counts.answered, nUnknown: counts.unknown,
            denominator: isDontKnow ? .answered : .substantive)
    }

    /// The Wilson score interval for a proportion, as fractions in 0…1.
    ///
    /// `z` defaults to the 97.5th percentile of the standard normal (a 95% interval).
    public static func wilson(successes: Int, trials: Int, z: Double = 1.959963984540054) -> (low: Double, high: Double) {
        guard trials > 0 else { return (0, 1) }
        return wilson(proportion: Double(successes) / Double(trials), size: Double(trials), z: z, none: successes == 0, all: successes == trials)
    }

    /// The Wilson score interval with the finite population correction, for k of n units drawn
    /// from a population of N, as fractions in 0…1.
    ///
    /// The variance of the proportion without replacement is p(1 − p)/n · (N − n)/(N − 1); Wilson's
    /// score interval is taken on the effective sample size that gives that variance,
    /// n_eff = n · (N − 1)/(N − n), with the observed p = k/n. n = N: the point p (no sampling
    /// uncertainty). `population` nil (no frame), N < 2 or n > N: the plain Wilson interval on n.
    /// (Cochran, *Sampling Techniques*, 3rd ed., 1977, §3.4 for the correction; Wilson, JASA 22,
    /// 1927, for the interval; the effective-sample-size form as in Korn and Graubard, *Survey
    /// Methodology* 24, 1998.)
    public static func finitePopulationWilson(
        successes: Int, trials: Int, population: Int?, z: Double = 1.959963984540054
    ) -> (low: Double, high: Double) {
        guard trials > 0, let population, population >= 2, trials <= population else {
            return wilson(successes: successes, trials: trials, z: z)
        }
        let p = Double(successes) / Double(trials)
        guard trials < population else { return (p, p) }
        let effective = Double(trials) * Double(population - 1) / Double(population - trials)
        return wilson(proportion: p, size: effective, z: z, none: successes == 0, all: successes == trials)
    }

    /// Wilson's score interval for an observed proportion `p` on a (possibly effective) sample size;
    /// `none` / `all`: no unit / every unit had the trait (the bound is then exactly 0 / 1).
    static func wilson(proportion p: Double, size n: Double, z: Double, none: Bool, all: Bool) -> (low: Double, high: Double) {
        let z2 = z * z
        let denominator = 1 + z2 / n
        let center = (p + z2 / (2 * n)) / denominator
        let half = z * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot() / denominator
        return (none ? 0 : max(0, center - half), all ? 1 : min(1, center + half))
    }

    // MARK: Numeric and free-text items

    /// Distributions of numeric items and answered counts of free-text items, per round and
    /// group. Grain: round × question × group; order as for shares.
    public func numericStatistics(from data: AnswerMatrix) -> [NumericStatistic] {
        var rows: [NumericStatistic] = []
        for (r, round) in data.roundIDs.enumerated() {
            let frames = catalog.frameSizes(inRound: round)
            // The census rule counts States: with a respondent key `answered` counts respondents.
            let censusFrames = data.hasRespondents ? frames.map { _ in nil } : frames
            let members = groupMembers(data: data, round: r)
            let unitCount = data.units(inRound: r).count
            var counter = CountryCounter(data: data, round: r)
            for question in questionnaire(forRound: round).questions where question.type.isNumeric || question.type == .text {
                let q = data.questionIndex(of: question.id)
                let column = q.map { data.column(question: $0, round: r) } ?? CellColumn(zeros: unitCount, largest: 0)
                let answers = q.map { data.values(of: $0) } ?? [AnswerMatrix.Value()]
                let isAnswered = answers.map(\.isAnswered)
                for (g, group) in catalog.groups.enumerated() {
                    let countries = members[g]
                    var values: [Double] = []
                    var answered = 0
                    for u in countries {
                        let value = Int(column[u])
                        guard value != 0, isAnswered[value] else { continue }
                        answered += 1
                        if let number = answers[value].number { values.append(number) }
                    }
                    // States that answered (with a respondent key several units share one).
                    let answeringStates = frames[g] == nil ? 0 : counter.count(countries) {
                        let value = Int(column[$0])
                        return value != 0 && isAnswered[value]
                    }
                    var row = NumericStatistic(
                        round: round, chapter: question.chapter, questionID: question.id, type: question.type, group: group,
                        nSubmissions: countries.count, n: answered, flag: flag(responding: answered, frame: censusFrames[g]),
                        nInGroup: frames[g], nNotResponding: frames[g].map { max(0, $0 - answeringStates) })
                    if question.type.isNumeric, row.flag != .suppressed, !values.isEmpty {
                        values.sort()
                        row.minimum = values.first
                        row.maximum = values.last
                        row.p25 = Self.quantile(values, 0.25)
                        row.median = Self.quantile(values, 0.5)
                        row.p75 = Self.quantile(values, 0.75)
                        row.mean = values.reduce(0, +) / Double(values.count)
                    }
                    rows.append(row)
                }
            }
        }
        return rows
    }

    /// The `p` quantile of sorted values, Hyndman and Fan type 7: h = (n − 1)p, then linear
    /// interpolation between the order statistics x[⌊h⌋] and x[⌊h⌋ + 1] (0-based).
    public static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        precondition(!sorted.isEmpty && (0...1).contains(p))
        let h = Double(sorted.count - 1) * p
        let low = Int(h.rounded(.down))
        let high = min(low + 1, sorted.count - 1)
        return sorted[low] + (h - Double(low)) * (sorted[high] - sorted[low])
    }
}
