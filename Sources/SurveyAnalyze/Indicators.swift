public import SurveyModel

extension Analyzer {
    /// Every declared indicator for every country and round. Grain: round × country × indicator,
    /// in round order, ISO code order and declared order.
    ///
    /// Each item's outcome is evaluated once per distinct answer to its question, then looked up
    /// by each unit's value id (no per-unit dictionary of answers).
    public func countryIndicators(
        from data: AnswerMatrix, definitions: [IndicatorDefinition], byRound: [String: [IndicatorDefinition]] = [:]
    ) -> [IndicatorValue] {
        // outcomes[definition][item][value id], and the item's question index, per distinct
        // list of definitions (a round answering an older version has its own items).
        func plan(_ definitions: [IndicatorDefinition]) -> [[(question: Int?, outcomes: [ItemOutcome])]] {
            definitions.map { definition in
                definition.items.map { declared -> (question: Int?, outcomes: [ItemOutcome]) in
                    // The one rule for "don't know" answers: never counted, whatever the definition
                    // says (the pipeline loader adds them already; a definition made in code too).
                    var item = declared
                    item.notCounted.formUnion(questionnaire.question(id: item.questionID)?.dontKnowCodes ?? [])
                    guard let q = data.questionIndex(of: item.questionID) else { return (nil, [.notAnswered]) }
                    return (q, data.values(of: q).enumerated().map { id, value in
                        id == 0 ? .notAnswered : Self.evaluate(item, StoredAnswer(
                            round: "", country: "", questionID: item.questionID, options: value.options, number: value.number,
                            text: value.text))
                    })
                }
            }
        }
        let latestItems = plan(definitions)
        var rows: [IndicatorValue] = []
        for (r, round) in data.roundIDs.enumerated() {
            let roundDefinitions = byRound[round] ?? definitions
            let items = byRound[round] == nil ? latestItems : plan(roundDefinitions)
            let units = data.units(inRound: r)
            let columns = items.map { $0.map { item in item.question.map { data.column(question: $0, round: r) } } }
            for (u, unit) in units.enumerated() {
                for (d, definition) in roundDefinitions.enumerated() {
                    var met = 0
                    var answered = 0
                    for (i, item) in items[d].enumerated() {
                        switch item.outcomes[columns[d][i].map { Int($0[u]) } ?? 0] {
                        case .notAnswered: continue
                        case .met:
                            met += 1
                            answered += 1
                        case .notMet: answered += 1
                        }
                    }
                    rows.append(Self.value(definition, met: met, answered: answered, round: round, country: unit))
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
        return value(definition, met: met, answered: answered, round: round, country: country)
    }

    static func value(_ definition: IndicatorDefinition, met: Int, answered: Int, round: String, country: String)
        -> IndicatorValue
    {
        IndicatorValue(
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
