// The rows of ta_planning.csv from the compact scores: the latest round's scored rows, highest
// priority first, in chunks.

public import SurveyModel

extension CompactPriorityScores {
    /// The latest round's rows with a score, in the order of `ta_planning.csv`: by score (highest
    /// first), then the upper end of the Monte Carlo rank interval (the more certain first), then
    /// country and area order.
    public func forEachPlanningRow(_ body: (PriorityScore) throws -> Void) rethrows {
        let planning = planningRows()
        for chunk in 0..<planning.chunkCount {
            for row in planning.rows(inChunk: chunk).rows { try body(row) }
        }
    }

    /// The rows of `ta_planning.csv` in order (``forEachPlanningRow(_:)``), in chunks.
    public func planningRows() -> PlanningRows {
        if let legacy {
            let scoredRounds = Set(legacy.map(\.round))
            guard let latest = data.roundIDs.last(where: { scoredRounds.contains($0) }) else {
                return PlanningRows(scores: self, round: 0, ordered: [], legacy: [])
            }
            let areaOrder = Dictionary(uniqueKeysWithValues: model.areas.enumerated().map { ($1.id, $0) })
            let ordered = legacy.filter { $0.round == latest && $0.score != nil }.sorted { a, b in
                if a.score! != b.score! { return a.score! > b.score! }
                if (a.rankP95 ?? 0) != (b.rankP95 ?? 0) { return (a.rankP95 ?? 0) < (b.rankP95 ?? 0) }
                if a.country != b.country { return a.country < b.country }
                return areaOrder[a.area, default: 0] < areaOrder[b.area, default: 0]
            }
            return PlanningRows(scores: self, round: 0, ordered: [], legacy: ordered)
        }
        let areaCount = model.areas.count
        let scored = rounds.indices.filter { !rounds[$0].units.isEmpty && areaCount > 0 }
        // The last scored round in the answers' round order (the pipeline's declared order, see
        // AnswerMatrix.orderingRounds), never the greatest as text.
        guard let r = scored.last
        else { return PlanningRows(scores: self, round: 0, ordered: [], legacy: nil) }
        let round = rounds[r]
        // Units by key (String order), so that equal scores compare integers, not strings.
        var byKey = Array(round.units.indices)
        byKey.sort { round.units[$0] < round.units[$1] }
        var keyRank = [Int](repeating: 0, count: round.units.count)
        for (position, unit) in byKey.enumerated() { keyRank[unit] = position }
        var ordered: [Int] = []
        for row in round.score.indices where round.score[row] != nil { ordered.append(row) }
        ordered.sort { a, b in
            let scoreA = round.score[a]!
            let scoreB = round.score[b]!
            if scoreA != scoreB { return scoreA > scoreB }
            let upperA = round.drawn[a]?.rankP95 ?? 0
            let upperB = round.drawn[b]?.rankP95 ?? 0
            if upperA != upperB { return upperA < upperB }
            let unitA = a / areaCount
            let unitB = b / areaCount
            if unitA != unitB { return keyRank[unitA] < keyRank[unitB] }
            return a % areaCount < b % areaCount
        }
        return PlanningRows(scores: self, round: r, ordered: ordered, legacy: nil)
    }

    /// The rows of `ta_planning.csv`, in order, in chunks of
    /// ``CompactPriorityScores/rowsPerChunk`` rows (made independently: in parallel if wanted).
    public struct PlanningRows: Sendable {
        let scores: CompactPriorityScores
        let round: Int
        /// Rows of the round, in order.
        let ordered: [Int]
        let legacy: [PriorityScore]?

        public var chunkCount: Int {
            let size = CompactPriorityScores.rowsPerChunk
            return ((legacy?.count ?? ordered.count) + size - 1) / size
        }

        /// One chunk's rows and the 1-based position of its first row in the table.
        public func rows(inChunk chunk: Int) -> (firstPosition: Int, rows: [PriorityScore]) {
            let size = CompactPriorityScores.rowsPerChunk
            let first = chunk * size
            if let legacy { return (first + 1, Array(legacy[first..<min(first + size, legacy.count)])) }
            let round = scores.rounds[round]
            let areaCount = scores.model.areas.count
            let rows = ordered[first..<min(first + size, ordered.count)].map { row in
                let (unit, area) = row.quotientAndRemainder(dividingBy: areaCount)
                return scores.row(round, unit: unit, area: area, answers: scores.answers(round, unit: unit, area: area))
            }
            return (first + 1, rows)
        }
    }
}
