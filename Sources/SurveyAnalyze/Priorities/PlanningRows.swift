// The rows of ta_planning.csv from the compact scores: the latest round's scored rows, highest
// priority first, in chunks.

public import SurveyModel

extension PriorityTable {
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
            guard let latest = legacy.map(\.round).max(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) else {
                return PlanningRows(table: self, round: 0, ordered: [], legacy: [])
            }
            let areaOrder = Dictionary(uniqueKeysWithValues: model.areas.enumerated().map { ($1.id, $0) })
            let ordered = legacy.filter { $0.round == latest && $0.score != nil }.sorted { a, b in
                if a.score! != b.score! { return a.score! > b.score! }
                if (a.rankP95 ?? 0) != (b.rankP95 ?? 0) { return (a.rankP95 ?? 0) < (b.rankP95 ?? 0) }
                if a.country != b.country { return a.country < b.country }
                return areaOrder[a.area, default: 0] < areaOrder[b.area, default: 0]
            }
            return PlanningRows(table: self, round: 0, ordered: [], legacy: ordered)
        }
        let areaCount = model.areas.count
        let scored = rounds.indices.filter { !rounds[$0].units.isEmpty && areaCount > 0 }
        guard let latest = scored.map({ rounds[$0].id }).max(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }),
            let r = scored.first(where: { rounds[$0].id == latest })
        else { return PlanningRows(table: self, round: 0, ordered: [], legacy: nil) }
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
        return PlanningRows(table: self, round: r, ordered: ordered, legacy: nil)
    }

    /// The rows of `ta_planning.csv`, in order, in chunks of ``PriorityTable/rowsPerChunk`` rows
    /// (made independently: in parallel if wanted).
    public struct PlanningRows: Sendable {
        let table: PriorityTable
        let round: Int
        /// Rows of the round, in order.
        let ordered: [Int]
        let legacy: [PriorityScore]?

        public var chunkCount: Int {
            ((legacy?.count ?? ordered.count) + PriorityTable.rowsPerChunk - 1) / PriorityTable.rowsPerChunk
        }

        /// One chunk's rows and the 1-based position of its first row in the table.
        public func rows(inChunk chunk: Int) -> (firstPosition: Int, rows: [PriorityScore]) {
            let first = chunk * PriorityTable.rowsPerChunk
            if let legacy { return (first + 1, Array(legacy[first..<min(first + PriorityTable.rowsPerChunk, legacy.count)])) }
            let round = table.rounds[round]
            let areaCount = table.model.areas.count
            let rows = ordered[first..<min(first + PriorityTable.rowsPerChunk, ordered.count)].map { row in
                let (unit, area) = row.quotientAndRemainder(dividingBy: areaCount)
                return table.row(round, unit: unit, area: area, answers: table.answers(round, unit: unit, area: area))
            }
            return (first + 1, rows)
        }
    }
}
