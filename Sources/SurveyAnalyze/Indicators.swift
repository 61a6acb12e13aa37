public import SurveyModel

extension Analyzer {
    /// Every declared indicator for every country and round. Grain: round × country × indicator,
    /// in round order, ISO code order and declared order.
    public func countryIndicators(from data: SurveyData, definitions: [IndicatorDefinition]) -> [IndicatorValue] {
        var rows: [IndicatorValue] = []
        for round in data.roundIDs {
            for country in data.countries(in: round) {
                let answers = data.answers(of: country, in: round)
                for definition in definitions {
                    rows.append(Self.indicator(definition, answers: answers, round: round, country: country))
                }
            }
        }
        return rows
    }

    /// One indicator for one country's answers: 100 × items met / items answered.
    public static func indicator(
        _ definition: IndicatorDefinition, answers: [String: StoredAnswer], round: String, country: String
    ) -> IndicatorValue {
        var met = 0
        var answered = 0
        for item in definition.items {
            switch evaluate(item, answers[item.questionID]) {
            case .notAnswered: continue
            case .met:
                met += 1
                answered += 1
            case .notMet: answered += 1
            }
        }
        return IndicatorValue(
            round: round, country: country, indicator: definition.id, chapter: definition.chapter, itemsMet: met,
            itemsAnswered: answered, itemsTotal: definition.items.count,
            value: answered == 0 ? nil : 100 * Double(met) / Double(answered))
    }

    public enum ItemOutcome: Sendable, Equatable { case notAnswered, met, notMet }

    /// How one item of an indicator comes out for one answer.
    public static func evaluate(_ item: IndicatorDefinition.Item, _ answer: StoredAnswer?) -> ItemOutcome {
        guard let answer, answer.isAnswered else { return .notAnswered }
        if let number = answer.number {
            guard let threshold = item.atLeast else { return .notAnswered }
            return number >= threshold ? .met : .notMet
        }
        let counted = answer.options.filter { !item.notCounted.contains($0) }
        guard !counted.isEmpty else { return .notAnswered }
        return counted.contains(where: item.met.contains) ? .met : .notMet
    }
}
