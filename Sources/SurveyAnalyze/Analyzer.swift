public import SurveyLoad
public import SurveyModel

/// Computes statistics from what the store holds.
///
/// Shares are "per cent of responding countries": the denominator of a question is the number of
/// countries whose accepted submission answered it, never the whole membership. The same
/// reliability rules (``ReliabilityRules``) flag and suppress every output.
public struct Analyzer: Sendable {
    public let questionnaire: Questionnaire
    public let reference: CountryReference
    public let rules: ReliabilityRules
    public let catalog: GroupCatalog

    public init(
        questionnaire: Questionnaire, reference: CountryReference, rules: ReliabilityRules = ReliabilityRules(),
        customGroups: [CustomGroup] = []
    ) {
        self.questionnaire = questionnaire
        self.reference = reference
        self.rules = rules
        self.catalog = GroupCatalog(reference: reference, custom: customGroups)
    }

    /// Reads the accepted submissions and their answers from the store.
    public static func data(from store: SurveyStore) throws -> SurveyData {
        SurveyData(answers: try store.acceptedAnswers(), submissions: try store.acceptedSubmissions())
    }

    // MARK: Shares

    /// Shares for every option of every choice and legal-form question, per round and group.
    public func shareStatistics(store: SurveyStore) throws -> [ShareStatistic] {
        shareStatistics(from: try Self.data(from: store))
    }

    public func shareStatistics(from answers: [StoredAnswer]) -> [ShareStatistic] {
        shareStatistics(from: SurveyData(answers: answers))
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
    public func shareStatistics(from data: SurveyData) -> [ShareStatistic] {
        var rows: [ShareStatistic] = []
        for round in data.roundIDs {
            let members = membersByGroup(data: data, round: round)
            for question in questionnaire.questions where question.type.hasChoices {
                let options = Self.options(of: question)
                for group in catalog.groups {
                    let chosen = (members[group] ?? []).compactMap { country -> [String]? in
                        let selected = data.answer(of: country, to: question.id, in: round)?.options ?? []
                        return selected.isEmpty ? nil : selected
                    }
                    for option in options {
                        let count = chosen.reduce(0) { $0 + (Self.counts($1, for: option) ? 1 : 0) }
                        rows.append(share(round: round, question: question, option: option, group: group, responding: chosen.count, count: count))
                    }
                }
            }
        }
        return rows
    }

    /// Countries of each group with an accepted submission for `round`, sorted.
    func membersByGroup(data: SurveyData, round: String) -> [CountryGroup: [String]] {
        var members: [CountryGroup: [String]] = [:]
        for country in data.countries(in: round) {
            let answers = data.answers(of: country, in: round)
            for group in catalog.groups where catalog.isMember(country, of: group, answers: answers) {
                members[group, default: []].append(country)
            }
        }
        return members
    }

    func roundShare(responding: Int, count: Int) -> (share: RoundShare, interval: (low: Double, high: Double)?) {
        let flag = rules.flag(responding: responding)
        guard flag != .suppressed, responding > 0 else {
            return (RoundShare(nResponding: responding, nOption: count, percent: nil, flag: .suppressed), nil)
        }
        let bounds = Self.wilson(successes: count, trials: responding)
        return (
            RoundShare(nResponding: responding, nOption: count, percent: 100 * Double(count) / Double(responding), flag: flag),
            (100 * bounds.low, 100 * bounds.high)
        )
    }

    private func share(
        round: String, question: Question, option: String, group: CountryGroup, responding: Int, count: Int
    ) -> ShareStatistic {
        let (share, interval) = roundShare(responding: responding, count: count)
        return ShareStatistic(
            round: round, chapter: question.chapter, questionID: question.id, option: option, group: group,
            nResponding: responding, nOption: count, percent: share.percent, ciLow: interval?.low, ciHigh: interval?.high,
            flag: share.flag)
    }

    /// The Wilson score interval for a proportion, as fractions in 0…1.
    ///
    /// `z` defaults to the 97.5th percentile of the standard normal (a 95% interval).
    public static func wilson(successes: Int, trials: Int, z: Double = 1.959963984540054) -> (low: Double, high: Double) {
        guard trials > 0 else { return (0, 1) }
        let n = Double(trials)
        let p = Double(successes) / n
        let z2 = z * z
        let denominator = 1 + z2 / n
        let center = (p + z2 / (2 * n)) / denominator
        let half = z * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot() / denominator
        let low = successes == 0 ? 0 : max(0, center - half)
        let high = successes == trials ? 1 : min(1, center + half)
        return (low, high)
    }

    // MARK: Numeric and free-text items

    /// Distributions of numeric items and answered counts of free-text items, per round and
    /// group. Grain: round × question × group; order as for shares.
    public func numericStatistics(from data: SurveyData) -> [NumericStatistic] {
        var rows: [NumericStatistic] = []
        for round in data.roundIDs {
            let members = membersByGroup(data: data, round: round)
            for question in questionnaire.questions where question.type.isNumeric || question.type == .text {
                for group in catalog.groups {
                    let countries = members[group] ?? []
                    var values: [Double] = []
                    var answered = 0
                    for country in countries {
                        guard let answer = data.answer(of: country, to: question.id, in: round), answer.isAnswered else { continue }
                        answered += 1
                        if let number = answer.number { values.append(number) }
                    }
                    var row = NumericStatistic(
                        round: round, chapter: question.chapter, questionID: question.id, type: question.type, group: group,
                        nSubmissions: countries.count, n: answered, flag: rules.flag(responding: answered))
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
