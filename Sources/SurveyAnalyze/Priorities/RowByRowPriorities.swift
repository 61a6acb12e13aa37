// Priorities row by row: every country × area score of every round as a full ``PriorityScore``,
// then ranked, with its uncertainty columns (Monte Carlo, leave-one-out tiers, missing items). Not the path of a run
// (``CompactPriorityScores`` is), but what ``CompactPriorityScores`` holds for a model whose
// area ids repeat (only a model built in code can), and the reference the tests hold the
// compact scores to.

public import SurveyModel

extension Analyzer {
    /// Every country × area score of every round, ranked, with its uncertainty columns.
    /// Order: round, country (ISO code), area (model order).
    func rowByRowPriorities(from data: AnswerMatrix, model: ScoringModel) -> [PriorityScore] {
        var rows: [PriorityScore] = []
        let slots = model.areas.map(Self.slotsOfCodes)
        for round in data.roundIDs {
            var roundRows: [PriorityScore] = []
            var matrices = model.areas.map { DrawMatrix(components: $0.gaps.count) }
            for country in data.countries(in: round) {
                let answers = data.answers(of: country, in: round)
                for (a, area) in model.areas.enumerated() {
                    let row = Self.score(area: area, answers: answers, round: round, country: country, model: model)
                    Self.appendDrawInput(row, area: area, slots: slots[a], answers: answers, to: &matrices[a])
                    roundRows.append(row)
                }
            }
            Self.rank(&roundRows, model: model, round: round)
            let drawn = Self.monteCarlo(matrices, model: model, round: round)
            let areaCount = model.areas.count
            for index in roundRows.indices {
                let (unit, area) = index.quotientAndRemainder(dividingBy: areaCount)
                Self.addUncertainty(&roundRows[index], drawn: drawn[area][unit], model: model)
            }
            rows += roundRows
        }
        return rows
    }

    /// Adds one unit's row of `area` to the area's Monte Carlo input, from its answers.
    static func appendDrawInput(
        _ row: PriorityScore, area: ScoringModel.Area, slots: [[String: Int]], answers: [String: StoredAnswer],
        to matrix: inout DrawMatrix
    ) {
        for (k, indicator) in area.gaps.enumerated() {
            var count = 0
            var fixed: Double = 0
            var partials: [Int32] = []
            for item in indicator.items {
                guard let term = itemGapTerm(indicator, slotOfCode: slots[k], answers[item]) else { continue }
                count += 1
                if term.drawn.isEmpty {
                    fixed += term.gap
                } else {
                    partials.append(matrix.forms.id(fixed: term.fixed, slots: term.drawn))
                }
            }
            matrix.appendComponent(answered: row.score == nil ? 0 : count, base: fixed, partials: partials)
        }
        matrix.appendUnit(need: row.score, demandKnown: row.requested != nil)
    }

    /// A row's uncertainty columns: the Monte Carlo's summary, the leave-one-out tiers and the
    /// missing-item scenarios (these two from the row's components).
    static func addUncertainty(_ row: inout PriorityScore, drawn: NeedDraws?, model: ScoringModel) {
        if let drawn, row.score != nil {
            func value(_ number: Double) -> Double? { number.isNaN ? nil : number }
            row.needP5 = value(drawn.needP5)
            row.needP95 = value(drawn.needP95)
            row.pTierChange = drawn.pTierChange
            row.pQuadrantChange = drawn.pQuadrantChange
        }
        let gaps = row.components.map(\.gap)
        let weights = row.components.map(\.weight)
        if row.score != nil, let loo = leaveOneOutTiers(gaps, weights: weights, model: model) {
            row.tierLeaveOneOut = model.tierRange(loo.highest, loo.lowest)
        }
        if let scenarios = missingScenarios(
            gaps, answered: row.components.map(\.itemsAnswered), total: row.components.map(\.itemsTotal), weights: weights)
        {
            row.needIfMissingGaps = scenarios.allGaps
            row.needIfMissingNone = scenarios.noGaps
            row.tierRangeMissing = model.tierRange(model.tierIndex(of: scenarios.allGaps), model.tierIndex(of: scenarios.noGaps))
        }
    }

    /// One country's need in area `areaID` from its answers, with its uncertainty columns: the
    /// same draws as the tables' (the round's stream, all areas drawn in order), evaluated for
    /// this country alone (its figures never depend on other countries).
    public static func scoreWithUncertainty(
        areaID: String, answers: [String: StoredAnswer], round: String, country: String, model: ScoringModel
    ) -> PriorityScore? {
        guard let a = model.areas.firstIndex(where: { $0.id == areaID }) else { return nil }
        let area = model.areas[a]
        var row = score(area: area, answers: answers, round: round, country: country, model: model)
        var matrix = DrawMatrix(components: area.gaps.count)
        appendDrawInput(row, area: area, slots: slotsOfCodes(area), answers: answers, to: &matrix)
        let parameters = drawParameters(model: model, round: round)
        let drawn = matrix.summarize(
            weights: parameters[a].weights, partials: parameters[a].partials, slots: area.partialSlots.count,
            draws: model.robustness.draws, model: model)
        addUncertainty(&row, drawn: drawn[0], model: model)
        return row
    }

    /// Fills the ranks of one round's rows: among the country's own areas and among the round's
    /// countries per area (ties share a rank).
    static func rank(_ rows: inout [PriorityScore], model: ScoringModel, round: String) {
        // Rank among the country's own areas.
        var byCountry: [String: [Int]] = [:]
        for (index, row) in rows.enumerated() { byCountry[row.country, default: []].append(index) }
        for indices in byCountry.values {
            let ranked = ranks(indices.map { rows[$0].score })
            for (index, (rank, tied)) in zip(indices, zip(ranked, tied(ranked))) {
                rows[index].rankInCountry = rank
                rows[index].rankInCountryTied = tied
            }
        }
        // Rank among countries per area.
        var byArea: [String: [Int]] = [:]
        for (index, row) in rows.enumerated() { byArea[row.area, default: []].append(index) }
        for area in model.areas {
            guard let indices = byArea[area.id] else { continue }
            let base = ranks(indices.map { rows[$0].score })
            let baseTied = tied(base)
            let ranked = base.compactMap { $0 }.count
            for (position, index) in indices.enumerated() {
                rows[index].rankInArea = base[position]
                rows[index].rankInAreaTied = baseTied[position]
                rows[index].nRanked = ranked
            }
        }
    }
}
