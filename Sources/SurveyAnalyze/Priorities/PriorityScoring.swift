// Capacity-building priorities, one row at a time: the score of one country (or respondent)
// in one area of a declared ``ScoringModel``, with its components and the texts that explain them.

public import SurveyModel

extension Analyzer {
    /// One country's need and demand in one area, from its answers. `model` gives the coverage
    /// minimum and the tiers (nil: the defaults, 0.6 and high ≥ 60 / medium ≥ 30 / low).
    public static func score(
        area: ScoringModel.Area, answers: [String: StoredAnswer], round: String, country: String, model: ScoringModel? = nil
    ) -> PriorityScore {
        let rules = model ?? ScoringModel(id: "", version: "", areas: [])
        var components: [PriorityComponent] = []
        var missing: [String] = []
        for indicator in area.gaps {
            var gaps: [Double] = []
            var shown: [String] = []
            for item in indicator.items {
                guard let gap = itemGap(indicator, answers[item]) else {
                    missing.append(item)
                    continue
                }
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
        let requested = area.request.flatMap { Self.requested($0, answers: answers) }
        let total = area.totalWeight
        let answered = components.reduce(0) { $0 + ($1.gap == nil ? 0 : $1.weight) }
        let coverage = total > 0 ? answered / total : 0
        let score = rules.meetsCoverage(coverage) ? weightedScore(components, weights: components.map(\.weight)) : nil
        var row = PriorityScore(
            round: round, country: country, area: area.id, pillar: area.pillar, score: score, coverage: coverage,
            requested: requested, components: components)
        row.missingItems = missing
        classify(&row, rules: rules)
        row.requestAnswers = area.request.map { requestText($0, answers: answers) } ?? ""
        return row
    }

    /// What a row's need and request make of it: its status, tier and quadrant.
    static func classify(_ row: inout PriorityScore, rules: ScoringModel) {
        row.status = row.score == nil ? .insufficientData : .scored
        if let score = row.score {
            let tier = rules.tiers[rules.tierIndex(of: score)]
            row.tier = tier.id
            row.highNeed = tier.highNeed
        }
        row.quadrant = rules.quadrant(need: row.score, requested: row.requested)
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

    /// One source's reading: yes (any of its yes codes selected), no (answered otherwise), nil (blank).
    @inline(__always)
    static func requested(_ source: ScoringModel.Request.Source, options: [String]) -> Bool? {
        options.isEmpty ? nil : options.contains(where: source.yes.contains)
    }

    /// The request from a country's answers: any source yes → requested; every source answered
    /// and none yes → not requested; otherwise unknown (nil).
    public static func requested(_ request: ScoringModel.Request, answers: [String: StoredAnswer]) -> Bool? {
        ScoringModel.Request.combine(request.sources.lazy.map { requested($0, options: answers[$0.questionID]?.options ?? []) })
    }

    /// Per source, as answered: `ta_areas includes investigations`, `ta_areas without
    /// investigations`, `ta_investigations_requested=yes`; blank sources left out; empty when
    /// none was answered.
    static func requestText(_ request: ScoringModel.Request, answers: [String: StoredAnswer]) -> String {
        var parts: [String] = []
        for source in request.sources {
            let selected = answers[source.questionID]?.options ?? []
            guard !selected.isEmpty else { continue }
            if source.yes == ["yes"] {
                parts.append("\(source.questionID)=\(selected.joined(separator: " "))")
                continue
            }
            let asked = selected.filter(source.yes.contains)
            parts.append(
                asked.isEmpty
                    ? "\(source.questionID) without \(source.yes.sorted().joined(separator: " or "))"
                    : "\(source.questionID) includes \(asked.joined(separator: " and "))")
        }
        return parts.joined(separator: "; ")
    }

    static func answerText(_ answer: StoredAnswer) -> String {
        if !answer.options.isEmpty { return answer.options.joined(separator: " ") }
        if let number = answer.number { return StatisticLineage.plain(number) }
        return answer.text ?? ""
    }
}
