// How the compact scores are computed: per round, scores from per-value tables, ranks in
// country and area, and the uncertainty (Monte Carlo, leave-one-out tiers, missing-item
// scenarios), as the row-by-row path computes them.

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
                hasRespondents: hasRespondents, questionsOfArea: questions, plans: [])
        }
        let plans = model.areas.map { AreaPlan(area: $0, data: data) }
        let rounds = data.roundIDs.enumerated().map { r, id in
            Self.scoreRound(id, index: r, data: data, model: model, plans: plans)
        }
        return CompactPriorityScores(
            model: model, data: data, rounds: rounds, legacy: nil, hasRespondents: hasRespondents,
            questionsOfArea: questions, plans: plans)
    }

    /// One round of a ``CompactPriorityScores``: scores, ranks in country and area, and the
    /// uncertainty (Monte Carlo, leave-one-out, missing-item scenarios), as
    /// ``rowByRowPriorities(from:model:)`` and ``rank(_:model:round:)`` compute them.
    static func scoreRound(
        _ id: String, index r: Int, data: AnswerMatrix, model: ScoringModel, plans: [AreaPlan]
    ) -> CompactPriorityScores.Round {
        var round = CompactPriorityScores.Round(
            id: id, index: r, units: data.units(inRound: r), areaCount: plans.count)
        guard !round.score.isEmpty else { return round }
        // Each area's Monte Carlo as soon as its matrix is made, the matrix let go of before the
        // next: every area's matrix and draws held at once were a quarter of a gigabyte at
        // 500,000 respondents, the run's peak.
        let parameters = drawParameters(model: model, round: id)
        for (a, plan) in plans.enumerated() {
            let drawn = scoreArea(a, plan: plan, data: data, model: model, round: &round).summarize(
                weights: parameters[a].weights, partials: parameters[a].partials,
                slots: model.areas[a].partialSlots.count, draws: model.robustness.draws, model: model)
            for (u, summary) in drawn.enumerated() {
                guard let summary else { continue }
                let row = u * plans.count + a
                round.needP5[row] = summary.needP5
                round.needP95[row] = summary.needP95
                round.pTierChange[row] = summary.pTierChange
                round.pQuadrantChange[row] = summary.pQuadrantChange
            }
        }
        rankInCountry(&round, areaCount: plans.count)
        rankInArea(&round, areaCount: plans.count)
        return round
    }

    /// Scores area `a` of every unit of `round` from the per-value tables of `plan`: its score,
    /// coverage, request, leave-one-out tiers and missing-item scenarios; and the area's Monte
    /// Carlo input.
    static func scoreArea(
        _ a: Int, plan: AreaPlan, data: AnswerMatrix, model: ScoringModel, round: inout CompactPriorityScores.Round
    ) -> DrawMatrix {
        let unitCount = round.units.count
        let areaCount = round.nRanked.count  // one count per area
        let r = round.index
        let componentCount = plan.weights.count
        var matrix = DrawMatrix(components: componentCount, forms: plan.forms)
        matrix.reserve(units: unitCount)
        let columns = plan.indicators.map { items in
            items.map { item in item.question.map { data.column(question: $0, round: r) } }
        }
        let requestColumns = plan.request.map { source in source.question.map { data.column(question: $0, round: r) } }
        let totals = plan.indicators.map(\.count)
        var components = [Double?](repeating: nil, count: componentCount)
        var answeredItems = [Int](repeating: 0, count: componentCount)
        var fixedSums = [Double](repeating: 0, count: componentCount)
        var partials = [[Int32]](repeating: [], count: componentCount)
        for u in 0..<unitCount {
            for (k, items) in plan.indicators.enumerated() {
                var sum: Double = 0
                var fixed: Double = 0
                var count = 0
                partials[k].removeAll(keepingCapacity: true)
                for (j, item) in items.enumerated() {
                    guard let column = columns[k][j], let gap = item.gapOfValue[Int(column[u])] else { continue }
                    sum += gap
                    count += 1
                    let form = item.formOfValue[Int(column[u])]
                    if form < 0 { fixed += gap } else { partials[k].append(form) }
                }
                components[k] = count == 0 ? nil : sum / Double(count)
                answeredItems[k] = count
                fixedSums[k] = fixed
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
            if let scenarios = missingScenarios(components, answered: answeredItems, total: totals, weights: plan.weights) {
                round.missingAllGaps[row] = scenarios.allGaps
                round.missingNoGaps[row] = scenarios.noGaps
            }
            // Below the coverage minimum: no need score, no leave-one-out, no draws (the unit is
            // listed for follow-up, never ranked); the missing-item scenarios still bound it.
            let need = model.meetsCoverage(coverage) ? weightedScore(components, weights: plan.weights, leftOut: nil) : nil
            round.score[row] = need
            for k in 0..<componentCount {
                matrix.appendComponent(answered: need == nil ? 0 : answeredItems[k], base: fixedSums[k], partials: partials[k])
            }
            matrix.appendUnit(need: need, demandKnown: requested != nil)
            if need != nil, let loo = leaveOneOutTiers(components, weights: plan.weights, model: model) {
                round.looTierHighest[row] = Int8(loo.highest)
                round.looTierLowest[row] = Int8(loo.lowest)
            }
        }
        return matrix
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

    /// Ranks the units per area.
    static func rankInArea(_ round: inout CompactPriorityScores.Round, areaCount: Int) {
        let unitCount = round.units.count
        for a in 0..<areaCount {
            let base = ranks((0..<unitCount).map { round.score[$0 * areaCount + a] })
            let baseTied = tied(base)
            round.nRanked[a] = base.compactMap { $0 }.count
            for u in 0..<unitCount {
                let row = u * areaCount + a
                round.rankInArea[row] = Int32(base[u] ?? 0)
                round.tiedInArea[row] = baseTied[u]
            }
        }
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
            nRanked: Array(repeating: 0, count: areaCount),
            needP5: Array(repeating: .nan, count: rows), needP95: Array(repeating: .nan, count: rows),
            pTierChange: Array(repeating: .nan, count: rows), pQuadrantChange: Array(repeating: .nan, count: rows),
            looTierHighest: Array(repeating: -1, count: rows), looTierLowest: Array(repeating: -1, count: rows),
            missingAllGaps: Array(repeating: .nan, count: rows), missingNoGaps: Array(repeating: .nan, count: rows))
    }
}
