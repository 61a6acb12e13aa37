// How the compact scores are computed: per round, scores from per-value tables, ranks in
// country and area, leave-one-out and the Monte Carlo, as the row-by-row path computes them.

public import SurveyModel

extension Analyzer {
    /// ``rowByRowPriorities(from:model:)`` as ``CompactPriorityScores``: the same rows, rebuilt
    /// on demand.
    public func compactPriorityScores(from data: AnswerMatrix, model: ScoringModel) -> CompactPriorityScores {
        let questions = model.areas.map { area in
            area.gaps.flatMap(\.items) + (area.request?.questionIDs ?? [])
        }
        let ids = model.areas.map(\.id)
        let hasRespondents = !model.areas.isEmpty
            && data.roundIDs.contains { data.countries(in: $0).contains { SurveyUnit.respondent(of: $0) != nil } }
        guard Set(ids).count == ids.count else {
            return CompactPriorityScores(
                model: model, data: data, rounds: [], legacy: rowByRowPriorities(from: data, model: model),
                hasRespondents: hasRespondents, questionsOfArea: questions)
        }
        let plans = model.areas.map { AreaPlan(area: $0, data: data) }
        let rounds = data.roundIDs.enumerated().map { r, id in
            Self.scoreRound(id, index: r, data: data, model: model, plans: plans)
        }
        return CompactPriorityScores(
            model: model, data: data, rounds: rounds, legacy: nil, hasRespondents: hasRespondents,
            questionsOfArea: questions)
    }

    /// One round of a ``CompactPriorityScores``: scores, ranks in country and area, leave-one-out and
    /// the Monte Carlo, as ``rowByRowPriorities(from:model:)`` and ``rank(_:model:round:)`` compute them.
    static func scoreRound(
        _ id: String, index r: Int, data: AnswerMatrix, model: ScoringModel, plans: [AreaPlan]
    ) -> CompactPriorityScores.Round {
        var round = CompactPriorityScores.Round(
            id: id, index: r, units: data.units(inRound: r), areaCount: plans.count)
        guard !round.score.isEmpty else { return round }
        let gapsOfArea = plans.enumerated().map { a, plan in scoreArea(a, plan: plan, data: data, model: model, round: &round) }
        rankInCountry(&round, areaCount: plans.count)
        rankInArea(&round, gapsOfArea: gapsOfArea, model: model, plans: plans)
        return round
    }

    /// One area's components, unit by unit (`components` per unit, back to back): the gap, NaN
    /// when not answered, and whether it was answered.
    struct AreaGaps {
        var gaps: [Double]
        var answered: [Bool]
    }

    /// Scores area `a` of every unit of `round` from the per-value tables of `plan`: its score,
    /// coverage and request; and the area's gaps, for the ranks.
    static func scoreArea(
        _ a: Int, plan: AreaPlan, data: AnswerMatrix, model: ScoringModel, round: inout CompactPriorityScores.Round
    ) -> AreaGaps {
        let unitCount = round.units.count
        let areaCount = round.nRanked.count  // one count per area
        let r = round.index
        let componentCount = plan.weights.count
        var gaps = [Double](repeating: .nan, count: unitCount * componentCount)
        var answered = [Bool](repeating: false, count: unitCount * componentCount)
        let columns = plan.indicators.map { items in
            items.map { item in item.question.map { data.column(question: $0, round: r) } }
        }
        let requestColumns = plan.request.map { source in source.question.map { data.column(question: $0, round: r) } }
        var components = [Double?](repeating: nil, count: componentCount)
        for u in 0..<unitCount {
            for (k, items) in plan.indicators.enumerated() {
                var sum: Double = 0
                var count = 0
                for (j, item) in items.enumerated() {
                    guard let column = columns[k][j], let gap = item.gapOfValue[Int(column[u])] else { continue }
                    sum += gap
                    count += 1
                }
                components[k] = count == 0 ? nil : sum / Double(count)
            }
            var requested: Bool?
            if plan.hasRequest {
                // The one rule (ScoringModel.Request.combine), without allocating.
                var allNo = true
                requested = nil
                for (s, source) in plan.request.enumerated() {
                    let reading = source.requestedOfValue[Int(requestColumns[s]?[u] ?? 0)]
                    if reading == true { requested = true; break }
                    if reading == nil { allNo = false }
                }
                if requested == nil, allNo { requested = false }
            }
            let row = u * areaCount + a
            var answeredWeight: Double = 0
            for k in 0..<componentCount { answeredWeight += components[k] == nil ? 0 : plan.weights[k] }
            let coverage = plan.totalWeight > 0 ? answeredWeight / plan.totalWeight : 0
            round.coverage[row] = coverage
            round.requested[row] = requested
            // Below the coverage minimum: no need score, and no gaps for the ranks, leave-one-out
            // or the Monte Carlo (the unit is listed for follow-up, never ranked).
            guard model.meetsCoverage(coverage) else {
                round.score[row] = nil
                continue
            }
            round.score[row] = weightedScore(components, weights: plan.weights, leftOut: nil)
            for k in 0..<componentCount {
                if let gap = components[k] {
                    gaps[u * componentCount + k] = gap
                    answered[u * componentCount + k] = true
                }
            }
        }
        return AreaGaps(gaps: gaps, answered: answered)
    }

    /// Ranks each unit's areas among themselves.
    static func rankInCountry(_ round: inout CompactPriorityScores.Round, areaCount: Int) {
        for u in 0..<round.units.count {
            let base = u * areaCount
            let ranked = ranks(Array(round.score[base..<(base + areaCount)]))
            for (a, (rank, tied)) in zip(ranked, tied(ranked)).enumerated() {
                round.rankInCountry[base + a] = Int32(rank ?? 0)
                round.tiedInCountry[base + a] = tied
            }
        }
    }

    /// Ranks the units per area, with the Monte Carlo and leave-one-out columns of each ranked row.
    static func rankInArea(
        _ round: inout CompactPriorityScores.Round, gapsOfArea: [AreaGaps], model: ScoringModel, plans: [AreaPlan]
    ) {
        let unitCount = round.units.count
        let areaCount = plans.count
        var matrices: [String: GapMatrix] = [:]
        for (a, area) in model.areas.enumerated() {
            matrices[area.id] = GapMatrix(
                gaps: gapsOfArea[a].gaps, weights: plans[a].weights, units: unitCount, components: plans[a].weights.count)
        }
        let (slotOfArea, drawn) = monteCarlo(matrices, model: model, round: round.id)
        matrices = [:]
        for (a, area) in model.areas.enumerated() {
            let base = ranks((0..<unitCount).map { round.score[$0 * areaCount + a] })
            let baseTied = tied(base)
            round.nRanked[a] = base.compactMap { $0 }.count
            let loo = leaveOneOutRanks(gapsOfArea[a], weights: plans[a].weights, units: unitCount)
            let summaries = slotOfArea[area.id].map { drawn[$0] }
            for u in 0..<unitCount {
                let row = u * areaCount + a
                round.rankInArea[row] = Int32(base[u] ?? 0)
                round.tiedInArea[row] = baseTied[u]
                guard base[u] != nil else { continue }
                if let summary = summaries?[u] { round.drawn[row] = summary }
                round.looMin[row] = loo.min[u]
                round.looMax[row] = loo.max[u]
            }
        }
    }

    /// Per unit, the lowest and highest rank in the area with one component left out at a time
    /// (0 = never ranked): `loo.min()` / `loo.max()` over the components in order.
    static func leaveOneOutRanks(_ area: AreaGaps, weights: [Double], units unitCount: Int) -> (min: [Int32], max: [Int32]) {
        let componentCount = weights.count
        var looMin = [Int32](repeating: 0, count: unitCount)
        var looMax = [Int32](repeating: 0, count: unitCount)
        var scores = [Double?](repeating: nil, count: unitCount)
        var components = [Double?](repeating: nil, count: componentCount)
        for left in 0..<componentCount {
            for u in 0..<unitCount {
                for k in 0..<componentCount {
                    components[k] = area.answered[u * componentCount + k] ? area.gaps[u * componentCount + k] : nil
                }
                scores[u] = weightedScore(components, weights: weights, leftOut: left)
            }
            // `loo.min()` / `loo.max()` over the components in order: the first minimum and maximum.
            for (u, rank) in ranks(scores).enumerated() {
                guard let rank else { continue }
                let value = Int32(rank)
                if looMin[u] == 0 || value < looMin[u] { looMin[u] = value }
                if looMax[u] == 0 || value > looMax[u] { looMax[u] = value }
            }
        }
        return (looMin, looMax)
    }
}

extension CompactPriorityScores.Round {
    /// A round of `units` and `areaCount` areas with no score, rank or draw yet.
    init(id: String, index: Int, units: [String], areaCount: Int) {
        let rows = units.count * areaCount
        self.init(
            id: id, index: index, units: units, score: Array(repeating: nil, count: rows),
            coverage: Array(repeating: 0, count: rows), requested: Array(repeating: nil, count: rows),
            rankInCountry: Array(repeating: 0, count: rows), rankInArea: Array(repeating: 0, count: rows),
            tiedInCountry: Array(repeating: false, count: rows), tiedInArea: Array(repeating: false, count: rows),
            looMin: Array(repeating: 0, count: rows), looMax: Array(repeating: 0, count: rows),
            nRanked: Array(repeating: 0, count: areaCount), drawn: Array(repeating: nil, count: rows))
    }
}
