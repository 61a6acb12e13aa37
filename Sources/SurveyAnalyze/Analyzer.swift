public import SurveyLoad
public import SurveyModel

/// Computes statistics from what the store holds.
///
/// Shares are "per cent of responding countries": the denominator of a question is the number of
/// countries whose accepted submission answered it, never the whole membership.
public struct Analyzer: Sendable {
    public let questionnaire: Questionnaire
    public let reference: CountryReference
    public let rules: ReliabilityRules

    /// The M49 regions, in the order the outputs list them.
    public static let regions = ["002", "019", "142", "150", "009"]

    public init(questionnaire: Questionnaire, reference: CountryReference, rules: ReliabilityRules = ReliabilityRules()) {
        self.questionnaire = questionnaire
        self.reference = reference
        self.rules = rules
    }

    /// Shares for every option of every choice and legal-form question, per round and group.
    public func shareStatistics(store: SurveyStore) throws -> [ShareStatistic] {
        shareStatistics(from: try store.acceptedAnswers())
    }

    /// Grain: one row per round × question × option × group (world, then the five regions).
    public func shareStatistics(from answers: [StoredAnswer]) -> [ShareStatistic] {
        // round → question → country → options chosen
        var chosen: [String: [String: [String: [String]]]] = [:]
        for answer in answers where !answer.options.isEmpty {
            chosen[answer.round, default: [:]][answer.questionID, default: [:]][answer.country] = answer.options
        }
        let groups = [CountryGroup.world] + Self.regions.map { CountryGroup(type: .region, code: $0) }
        var rows: [ShareStatistic] = []
        for round in chosen.keys.sorted() {
            let byQuestion = chosen[round]!
            for question in questionnaire.questions where question.type.hasChoices {
                let byCountry = byQuestion[question.id] ?? [:]
                for group in groups {
                    let members = byCountry.filter { isMember($0.key, of: group) }
                    let responding = members.count
                    for choice in question.choices {
                        let count = members.values.reduce(0) { $0 + ($1.contains(choice.code) ? 1 : 0) }
                        rows.append(share(round: round, question: question, option: choice.code, group: group, responding: responding, count: count))
                    }
                }
            }
        }
        return rows
    }

    func isMember(_ iso3: String, of group: CountryGroup) -> Bool {
        switch group.type {
        case .world: return true
        case .region: return reference.country(iso3: iso3)?.region == group.code
        }
    }

    private func share(
        round: String, question: Question, option: String, group: CountryGroup, responding: Int, count: Int
    ) -> ShareStatistic {
        let flag = responding == 0 ? .suppressed : rules.flag(responding: responding)
        var percent: Double?
        var interval: (low: Double, high: Double)?
        if flag != .suppressed && responding > 0 {
            percent = 100 * Double(count) / Double(responding)
            let bounds = Self.wilson(successes: count, trials: responding)
            interval = (100 * bounds.low, 100 * bounds.high)
        }
        return ShareStatistic(
            round: round, chapter: question.chapter, questionID: question.id, option: option, group: group,
            nResponding: responding, nOption: count, percent: percent, ciLow: interval?.low, ciHigh: interval?.high,
            flag: flag)
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
}
