// Priorities row by row: every country × area score of every round as a full ``PriorityScore``,
// then ranked with its robustness columns (leave-one-out, Monte Carlo). Not the path of a run
// (``CompactPriorityScores`` is), but what ``CompactPriorityScores`` holds for a model whose
// area ids repeat (only a model built in code can), and the reference the tests hold the
// compact scores to.

import SurveyModel

extension Analyzer {
    /// Every country × area score of every round, ranked, with its robustness columns.
    /// Order: round, country (ISO code), area (model order).
    func rowByRowPriorities(from data: AnswerMatrix, model: ScoringModel) -> [PriorityScore] {
        var rows: [PriorityScore] = []
        for round in data.roundIDs {
            var roundRows: [PriorityScore] = []
            for country in data.countries(in: round) {
                let answers = data.answers(of: country, in: round)
                for area in model.areas {
                    roundRows.append(Self.score(area: area, answers: answers, round: round, country: country, model: model))
                }
            }
            Self.rank(&roundRows, model: model, round: round)
            rows += roundRows
        }
        return rows
    }

    /// Fills the ranks and the robustness columns of one round's rows.
    ///
    /// The Monte Carlo keeps, per area, a few order statistics per unit instead of every draw's
    /// ranks (see ``MonteCarloArea``): memory grows with units × (0.1 × draws + 4), not with
    /// units × draws, and the areas are ranked in parallel. The results are bit-identical to
    /// keeping every draw: the same weights in the same generator order, the same ranks, the
    /// same type-7 quantiles of the same values.
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
        // Rank among countries per area, Monte Carlo and leave-one-out.
        var byArea: [String: [Int]] = [:]
        for (index, row) in rows.enumerated() { byArea[row.area, default: []].append(index) }
        // Per area: the countries' gaps as one matrix (NaN = not answered) and the model's weights,
        // so that a draw is a few loops over plain arrays.
        var matrices: [String: GapMatrix] = [:]
        for area in model.areas {
            guard let indices = byArea[area.id], let first = indices.first else { continue }
            let components = rows[first].components
            var gaps: [Double] = []
            gaps.reserveCapacity(indices.count * components.count)
            // A row without a need score (below the coverage minimum) is never ranked: no gaps.
            for index in indices { gaps += rows[index].components.map { rows[index].score == nil ? .nan : ($0.gap ?? .nan) } }
            matrices[area.id] = GapMatrix(
                gaps: gaps, weights: components.map(\.weight), units: indices.count, components: components.count)
        }
        let (slotOfArea, drawn) = monteCarlo(matrices, model: model, round: round)
        for area in model.areas {
            guard let indices = byArea[area.id], let first = indices.first else { continue }
            let base = ranks(indices.map { rows[$0].score })
            let baseTied = tied(base)
            let ranked = base.compactMap { $0 }.count
            let components = rows[first].components.count
            var looRanks: [[Int?]] = []
            for left in 0..<components {
                let scores = indices.map { index in
                    rows[index].score == nil ? nil : weightedScore(
                        rows[index].components,
                        weights: rows[index].components.enumerated().map { $0.offset == left ? 0 : $0.element.weight })
                }
                looRanks.append(ranks(scores))
            }
            // Matrix units are `indices` in order, so a unit's position is its row's position.
            let summaries = slotOfArea[area.id].map { drawn[$0] }
            for (position, index) in indices.enumerated() {
                rows[index].rankInArea = base[position]
                rows[index].rankInAreaTied = baseTied[position]
                rows[index].nRanked = ranked
                guard base[position] != nil else { continue }
                if let summary = summaries?[position] {
                    rows[index].rankP5 = summary.rankP5
                    rows[index].rankP95 = summary.rankP95
                    rows[index].topNShare = summary.topNShare
                }
                let loo = looRanks.compactMap { $0[position] }
                rows[index].looRankMin = loo.min()
                rows[index].looRankMax = loo.max()
            }
        }
    }
}
