// Capacity-building priorities, one row at a time: the score of one country (or respondent)
// in one area of a declared ``ScoringModel``, with its components and the texts that explain them.

public import SurveyModel

extension Analyzer {
    /// One country's score in one area, from its answers.
    public static func score(area: ScoringModel.Area, answers: [String: StoredAnswer], round: String, country: String)
        -> PriorityScore
    {
        var components: [PriorityComponent] = []
        for indicator in area.gaps {
            var gaps: [Double] = []
            var shown: [String] = []
            for item in indicator.items {
                guard let gap = itemGap(indicator, answers[item]) else { continue }
                gaps.append(gap)
                if let answer = answers[item] { shown.append("\(item)=\(answerText(answer))") }
            }
            let mean = gaps.isEmpty ? nil : gaps.reduce(0, +) / Double(gaps.count)
            let text = indicator.items.count == 1
                ? shown.joined() : "\(gaps.filter { $0 > 0 }.count) of \(gaps.count) answered items with a gap"
            components.append(
                PriorityComponent(
                    kind: .gap, id: indicator.id, weight: indicator.weight, gap: mean, itemsAnswered: gaps.count,
                    itemsTotal: indicator.items.count, answers: text))
        }
        var requested: Bool?
        if let request = area.request {
            let selected = answers[request.questionID]?.options ?? []
            if !selected.isEmpty { requested = selected.contains(where: request.options.contains) }
            components.append(
                PriorityComponent(
                    kind: .request, id: "request", weight: request.weight, gap: requested.map { $0 ? 1 : 0 },
                    itemsAnswered: requested == nil ? 0 : 1, itemsTotal: 1,
                    answers: requestText(request, selected: selected)))
        }
        let total = area.totalWeight
        let answered = components.reduce(0) { $0 + ($1.gap == nil ? 0 : $1.weight) }
        return PriorityScore(
            round: round, country: country, area: area.id, pillar: area.pillar,
            score: weightedScore(components, weights: components.map(\.weight)),
            coverage: total > 0 ? answered / total : 0, requested: requested, components: components)
    }

    /// One item's gap in 0…1, nil when not answered.
    public static func itemGap(_ indicator: ScoringModel.GapIndicator, _ answer: StoredAnswer?) -> Double? {
        guard let answer, answer.isAnswered else { return nil }
        if let number = answer.number {
            guard let linear = indicator.linear, linear.fullGapAt != linear.zeroGapAt else { return nil }
            return min(1, max(0, (number - linear.zeroGapAt) / (linear.fullGapAt - linear.zeroGapAt)))
        }
        let counted = answer.options.filter { !indicator.notCounted.contains($0) }
        guard !counted.isEmpty else { return nil }
        return counted.map { indicator.gapByOption[$0] ?? 0 }.max()!
    }

    /// `ta_areas includes investigations`, `ta_areas without investigations`, or empty.
    static func requestText(_ request: ScoringModel.Request, selected: [String]) -> String {
        guard !selected.isEmpty else { return "" }
        let asked = selected.filter(request.options.contains)
        return asked.isEmpty
            ? "\(request.questionID) without \(request.options.sorted().joined(separator: " or "))"
            : "\(request.questionID) includes \(asked.joined(separator: " and "))"
    }

    static func answerText(_ answer: StoredAnswer) -> String {
        if !answer.options.isEmpty { return answer.options.joined(separator: " ") }
        if let number = answer.number { return StatisticLineage.plain(number) }
        return answer.text ?? ""
    }
}
