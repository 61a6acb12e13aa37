// The compact scores of a whole run: per round and row a few numbers (score, coverage, ranks,
// uncertainty), each row rebuilt in full only for a table that shows what was answered.

public import SurveyModel

/// Every round's priority scores and ranks, exactly as ``Analyzer/rowByRowPriorities(from:model:)``
/// computes them, held compactly so that a whole run needs little memory.
///
/// At 50,000 respondents and 8 areas a run has 400,000 rows; as ``PriorityScore``s, each with its
/// components and their answer texts, they took hundreds of megabytes, and the CSV texts built
/// from them as much again. Here a row is a few numbers (score, coverage, request, ranks, the
/// Monte Carlo summary, ~70 bytes), beside each area's per-value gap tables (``AreaPlan``, one
/// entry per distinct answer to each of its items, whatever the number of units). The full
/// ``PriorityScore`` of a row (components, answer texts) is rebuilt from the unit's stored answers
/// when a table that shows them is written, a chunk of rows at a time (``rows(inChunk:)``,
/// ``planningRows()``, ``latestRoundRows(inChunk:)``; chunks are independent, so a writer can make
/// them in parallel), by the same ``Analyzer/score(area:answers:round:country:)``; a table that
/// shows no answer text (`ta_matrix.csv`, `ta_planning.csv`) gets summary rows made from the
/// compact scores and the gap tables alone (``summaryRow(_:unit:area:components:texts:)``), and
/// `priorities_by_country.csv` the same with the components' texts (``tableRows(inChunk:)``).
///
/// Scores are computed from per-value tables (the gap of each distinct answer to an item, and
/// whether it asks for help), the same operations in the same order as
/// ``Analyzer/score(area:answers:round:country:)``, so the same bits; ranks, leave-one-out and
/// the Monte Carlo are those of ``Analyzer/rank(_:model:round:)`` (the Monte Carlo the very same
/// code, ``DrawMatrix/summarize(weights:partials:slots:draws:model:)`` with the draws of
/// ``Analyzer/drawParameters(model:round:)``, each area as soon as its matrix is made).
public struct CompactPriorityScores: Sendable {
    public let model: ScoringModel
    let data: AnswerMatrix
    let rounds: [Round]
    /// The rows of a model whose area ids repeat (only a model built in code can): then the
    /// scores are the plain rows of ``Analyzer/rowByRowPriorities(from:model:)``.
    let legacy: [PriorityScore]?
    /// Whether some row's unit has a respondent (the tables then get a `respondent` column).
    public let hasRespondents: Bool
    /// Per area (model order): the question ids its score reads.
    let questionsOfArea: [[String]]
    /// Per area (model order): its items' gap of each distinct answer, as the scores were
    /// computed from (empty with ``legacy``): which items a row misses, without its answers.
    let plans: [AreaPlan]

    /// One round's rows, by row = unit × areas + area (unit and area in row order).
    struct Round: Sendable {
        var id: String
        var index: Int
        var units: [String]
        var score: [Double?]
        var coverage: [Double]
        var requested: [Bool?]
        /// Ranks: 0 = none.
        var rankInCountry: [Int32]
        var rankInArea: [Int32]
        /// Whether another row shares the rank (written "1=").
        var tiedInCountry: [Bool]
        var tiedInArea: [Bool]
        /// By area.
        var nRanked: [Int]
        /// The Monte Carlo (NaN: not drawn, no need).
        var needP5: [Double]
        var needP95: [Double]
        var pTierChange: [Double]
        var pQuadrantChange: [Double]
        /// Leave-one-out: the highest and lowest tier seen (indices into the model's tiers; −1: no need).
        var looTierHighest: [Int8]
        var looTierLowest: [Int8]
        /// The need with every missing item a full gap / no gap (NaN: nothing missing).
        var missingAllGaps: [Double]
        var missingNoGaps: [Double]
    }

    /// Units per chunk of ``rows(inChunk:)`` (rows: that times the areas).
    static let unitsPerChunk = 256
    /// Rows per chunk of ``PlanningRows``, and of ``rows(inChunk:)`` for plain rows.
    static let rowsPerChunk = 2048

    /// The chunks of ``rows(inChunk:)``: runs of consecutive rows (a round's units), in order.
    var chunks: [(round: Int, units: Range<Int>)] {
        if let legacy {
            return stride(from: 0, to: legacy.count, by: Self.rowsPerChunk).map {
                (-1, $0..<min($0 + Self.rowsPerChunk, legacy.count))
            }
        }
        guard !model.areas.isEmpty else { return [] }
        var chunks: [(round: Int, units: Range<Int>)] = []
        for (r, round) in rounds.enumerated() {
            for first in stride(from: 0, to: round.units.count, by: Self.unitsPerChunk) {
                chunks.append((r, first..<min(first + Self.unitsPerChunk, round.units.count)))
            }
        }
        return chunks
    }

    /// How many chunks ``rows(inChunk:)`` splits the rows into.
    public var rowChunkCount: Int { chunks.count }

    /// The rows of one chunk, each rebuilt in full: chunk by chunk, every row in order (round,
    /// unit, area). Chunks are independent: they can be made in parallel.
    public func rows(inChunk chunk: Int) -> [PriorityScore] {
        let (r, units) = chunks[chunk]
        if let legacy { return Array(legacy[units]) }
        let round = rounds[r]
        var rows: [PriorityScore] = []
        rows.reserveCapacity(units.count * model.areas.count)
        for u in units {
            let answers = data.answers(of: round.units[u], in: round.id)
            for a in model.areas.indices { rows.append(row(round, unit: u, area: a, answers: answers)) }
        }
        return rows
    }

    /// ``rows(inChunk:)`` as `priorities_by_country.csv` shows them: every field but the request's
    /// text (`requestAnswers`, empty), made from the compact scores and the gap tables with the
    /// components' texts (``summaryRow(_:unit:area:components:texts:)``), not from a dictionary of
    /// each unit's every answer.
    public func tableRows(inChunk chunk: Int) -> [PriorityScore] {
        if legacy != nil { return rows(inChunk: chunk) }
        let (r, units) = chunks[chunk]
        let round = rounds[r]
        var rows: [PriorityScore] = []
        rows.reserveCapacity(units.count * model.areas.count)
        for u in units {
            for a in model.areas.indices { rows.append(summaryRow(round, unit: u, area: a, components: true, texts: true)) }
        }
        return rows
    }

    /// The chunks of ``rows(inChunk:)`` holding the latest scored round's rows (`ta_matrix.csv`).
    public var latestRoundChunks: [Int] {
        let all = chunks
        if let legacy {
            guard let latest = latestLegacyRound(legacy) else { return [] }
            return all.indices.filter { legacy[all[$0].units].contains { $0.round == latest } }
        }
        guard let r = rounds.indices.last(where: { !rounds[$0].units.isEmpty }), !model.areas.isEmpty else { return [] }
        return all.indices.filter { all[$0].round == r }
    }

    /// The latest round's rows of chunk `latestRoundChunks[chunk]`, in order (unit, area).
    public func latestRoundRows(inChunk chunk: Int) -> [PriorityScore] {
        let rows = rows(inChunk: latestRoundChunks[chunk])
        if let legacy, let latest = latestLegacyRound(legacy) { return rows.filter { $0.round == latest } }
        return rows
    }

    /// The latest round's rows of chunk `latestRoundChunks[chunk]` as ``latestRoundRows(inChunk:)``
    /// gives them, but without their components and request texts (``summaryRow(_:unit:area:components:texts:)``):
    /// every field `ta_matrix.csv` shows, at a fraction of the cost of rebuilding each row.
    public func latestRoundSummaryRows(inChunk chunk: Int) -> [PriorityScore] {
        if legacy != nil { return latestRoundRows(inChunk: chunk) }
        let (r, units) = chunks[latestRoundChunks[chunk]]
        let round = rounds[r]
        var rows: [PriorityScore] = []
        rows.reserveCapacity(units.count * model.areas.count)
        for u in units {
            for a in model.areas.indices { rows.append(summaryRow(round, unit: u, area: a)) }
        }
        return rows
    }

    func latestLegacyRound(_ legacy: [PriorityScore]) -> String? {
        let scored = Set(legacy.map(\.round))
        return data.roundIDs.last(where: scored.contains)
    }

    /// The rows in order (round, unit, area), each rebuilt in full.
    public func forEachRow(_ body: (PriorityScore) throws -> Void) rethrows {
        for chunk in 0..<rowChunkCount {
            for row in rows(inChunk: chunk) { try body(row) }
        }
    }

    /// One unit's answers to the questions of one area: all that area's score reads.
    func answers(_ round: Round, unit: Int, area: Int) -> [String: StoredAnswer] {
        var answers: [String: StoredAnswer] = [:]
        for question in questionsOfArea[area] {
            guard let q = data.questionIndex(of: question),
                let answer = data.storedAnswer(question: q, unit: unit, round: round.index)
            else { continue }
            answers[question] = answer
        }
        return answers
    }

    /// One row in full: its score and components rebuilt from the answers, its ranks from these scores.
    func row(_ round: Round, unit: Int, area: Int, answers: [String: StoredAnswer]) -> PriorityScore {
        var row = Analyzer.score(area: model.areas[area], answers: answers, round: round.id, country: round.units[unit], model: model)
        let i = unit * model.areas.count + area
        assert(row.score?.bitPattern == round.score[i]?.bitPattern && row.coverage.bitPattern == round.coverage[i].bitPattern)
        complete(&row, round, row: i, area: area)
        return row
    }

    /// One row from the compact scores alone: ``row(_:unit:area:answers:)`` without the texts of
    /// what was answered (each component's `answers` and the row's `requestAnswers` empty), and
    /// without its components unless `components`. Its missing items and components come from the
    /// per-value gaps the score was computed from (an item is missing when its answer has no gap,
    /// as ``Analyzer/itemGap(_:_:)`` says; a component's gap is the mean of its items' gaps, added
    /// in item order as ``Analyzer/score(area:answers:round:country:model:)`` adds them).
    func summaryRow(_ round: Round, unit: Int, area: Int, components: Bool = false, texts: Bool = false) -> PriorityScore {
        let i = unit * model.areas.count + area
        let scored = model.areas[area]
        var row = PriorityScore(
            round: round.id, country: round.units[unit], area: scored.id, pillar: scored.pillar, score: round.score[i],
            coverage: round.coverage[i], requested: round.requested[i], components: [])
        if components { row.components.reserveCapacity(scored.gaps.count) }
        // The indicators read in place by index (a copy of each retained its every field: a tenth
        // of this function's time).
        let gaps = scored.gaps
        let planned = plans[area].indicators
        for k in gaps.indices {
            let items = gaps[k].items
            var sum: Double = 0
            var count = 0
            var withGap = 0
            var shown = ""
            for j in items.indices {
                if let q = planned[k][j].question,
                    let gap = planned[k][j].gapOfValue[Int(data.cell(question: q, unit: unit, round: round.index))]
                {
                    sum += gap
                    count += 1
                    if gap > 0 { withGap += 1 }
                    // As Analyzer.score shows a one-item indicator's answer: `item=answer`.
                    if texts, items.count == 1, let answer = data.storedAnswer(question: q, unit: unit, round: round.index) {
                        shown = "\(items[j])=\(Analyzer.answerText(answer))"
                    }
                } else {
                    row.missingItems.append(items[j])
                }
            }
            if components {
                let text = !texts ? "" : items.count == 1 ? shown : "\(withGap) of \(count) answered items with a gap"
                row.components.append(
                    PriorityComponent(
                        kind: .gap, id: gaps[k].id, weight: gaps[k].weight, gap: count == 0 ? nil : sum / Double(count),
                        itemsAnswered: count, itemsTotal: items.count, answers: text))
            }
        }
        Analyzer.classify(&row, rules: model)
        complete(&row, round, row: i, area: area)
        return row
    }

    /// Gives a row its ranks and uncertainty from the compact scores (in place: a row is a dozen
    /// strings and arrays, each copy retains them all).
    private func complete(_ row: inout PriorityScore, _ round: Round, row i: Int, area: Int) {
        func rank(_ value: Int32) -> Int? { value == 0 ? nil : Int(value) }
        row.rankInCountry = rank(round.rankInCountry[i])
        row.rankInArea = rank(round.rankInArea[i])
        row.rankInCountryTied = round.tiedInCountry[i]
        row.rankInAreaTied = round.tiedInArea[i]
        row.nRanked = round.nRanked[area]
        func value(_ number: Double) -> Double? { number.isNaN ? nil : number }
        row.needP5 = value(round.needP5[i])
        row.needP95 = value(round.needP95[i])
        row.pTierChange = value(round.pTierChange[i])
        row.pQuadrantChange = value(round.pQuadrantChange[i])
        if round.looTierHighest[i] >= 0 {
            row.tierLeaveOneOut = model.tierRange(Int(round.looTierHighest[i]), Int(round.looTierLowest[i]))
        }
        if let gaps = value(round.missingAllGaps[i]), let none = value(round.missingNoGaps[i]) {
            row.needIfMissingGaps = gaps
            row.needIfMissingNone = none
            row.tierRangeMissing = model.tierRange(model.tierIndex(of: gaps), model.tierIndex(of: none))
        }
    }
}
