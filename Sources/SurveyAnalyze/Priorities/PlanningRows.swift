// The rows of ta_planning.csv from the compact scores: the latest round's rows in quadrant plan,
// scope or outreach, in chunks.

public import SurveyModel

extension CompactPriorityScores {
    /// The quadrants `ta_planning.csv` lists, in its order: requested with high need, requested
    /// with lower need, high need not requested.
    public static let planningQuadrants: [Quadrant] = [.plan, .scope, .outreach]

    /// The latest round's rows in a planning quadrant, in the order of `ta_planning.csv`
    /// (``planningRows(reference:)``).
    public func forEachPlanningRow(reference: CountryReference? = nil, _ body: (PriorityScore) throws -> Void) rethrows {
        let planning = planningRows(reference: reference)
        for chunk in 0..<planning.chunkCount {
            for row in planning.rows(inChunk: chunk).rows { try body(row) }
        }
    }

    /// The rows of `ta_planning.csv` in order, in chunks: the latest round's rows in quadrant
    /// plan, scope or outreach, by quadrant (in that order), tier (highest first), need (highest
    /// first), coverage (the better known first), then the country's English short name (from
    /// `reference`; the unit key without one), the model's area order and the unit key (a
    /// respondent's). Never by ISO code: equal needs share a rank (`rank_in_quadrant` "1=").
    public func planningRows(reference: CountryReference? = nil) -> PlanningRows {
        let quadrantOrder = Dictionary(uniqueKeysWithValues: Self.planningQuadrants.enumerated().map { ($1, $0) })
        func key(_ score: Double) -> Double { (score * 1e9).rounded() / 1e9 }
        func name(_ unit: String) -> String { reference?.country(iso3: SurveyUnit.country(of: unit))?.name[.en] ?? unit }
        struct Entry {
            var quadrant: Int
            var tier: Int
            var need: Double
            var coverage: Double
            var name: String
            var area: Int
            var unit: String
            var row: Int
        }
        func before(_ a: Entry, _ b: Entry) -> Bool {
            if a.quadrant != b.quadrant { return a.quadrant < b.quadrant }
            if a.tier != b.tier { return a.tier < b.tier }
            if a.need != b.need { return a.need > b.need }
            if a.coverage != b.coverage { return a.coverage > b.coverage }
            if a.name != b.name { return a.name < b.name }
            if a.area != b.area { return a.area < b.area }
            return a.unit < b.unit
        }
        func ranked(_ entries: [Entry]) -> [(rank: Int, tied: Bool)] {
            var result = [(rank: Int, tied: Bool)](repeating: (0, false), count: entries.count)
            var start = 0
            var inQuadrant = 0
            for i in entries.indices {
                if i > 0, entries[i].quadrant != entries[i - 1].quadrant { inQuadrant = 0 }
                if i == 0 || entries[i].quadrant != entries[i - 1].quadrant || entries[i].need != entries[i - 1].need {
                    start = inQuadrant
                }
                result[i].rank = start + 1
                inQuadrant += 1
            }
            for i in entries.indices {
                let same = (i > 0 && result[i - 1].rank == result[i].rank && entries[i - 1].quadrant == entries[i].quadrant)
                    || (i + 1 < entries.count && result[i + 1].rank == result[i].rank && entries[i + 1].quadrant == entries[i].quadrant)
                result[i].tied = same
            }
            return result
        }
        if let legacy {
            let scoredRounds = Set(legacy.map(\.round))
            guard let latest = data.roundIDs.last(where: { scoredRounds.contains($0) }) else {
                return PlanningRows(scores: self, round: 0, ordered: [], ranks: [], legacy: [])
            }
            let areaOrder = Dictionary(uniqueKeysWithValues: model.areas.enumerated().map { ($1.id, $0) })
            var entries: [Entry] = []
            for (i, row) in legacy.enumerated() where row.round == latest {
                guard let score = row.score, let q = quadrantOrder[row.quadrant] else { continue }
                entries.append(
                    Entry(
                        quadrant: q, tier: model.tierIndex(of: score), need: key(score), coverage: row.coverage,
                        name: name(row.country), area: areaOrder[row.area, default: 0], unit: row.country, row: i))
            }
            entries.sort(by: before)
            var rows = entries.map { legacy[$0.row] }
            for (i, rank) in ranked(entries).enumerated() {
                rows[i].planningRank = rank.rank
                rows[i].planningRankTied = rank.tied
            }
            return PlanningRows(scores: self, round: 0, ordered: [], ranks: [], legacy: rows)
        }
        let areaCount = model.areas.count
        let scored = rounds.indices.filter { !rounds[$0].units.isEmpty && areaCount > 0 }
        // The last scored round in the answers' round order (the pipeline's declared order, see
        // AnswerMatrix.orderingRounds), never the greatest as text.
        guard let r = scored.last
        else { return PlanningRows(scores: self, round: 0, ordered: [], ranks: [], legacy: nil) }
        let round = rounds[r]
        let names = round.units.map(name)
        var entries: [Entry] = []
        for row in round.score.indices {
            guard let score = round.score[row],
                let q = quadrantOrder[model.quadrant(need: score, requested: round.requested[row])]
            else { continue }
            let (unit, area) = row.quotientAndRemainder(dividingBy: areaCount)
            entries.append(
                Entry(
                    quadrant: q, tier: model.tierIndex(of: score), need: key(score), coverage: round.coverage[row],
                    name: names[unit], area: area, unit: round.units[unit], row: row))
        }
        entries.sort(by: before)
        return PlanningRows(
            scores: self, round: r, ordered: entries.map(\.row), ranks: ranked(entries), legacy: nil)
    }

    /// The rows of `ta_planning.csv`, in order, in chunks of
    /// ``CompactPriorityScores/rowsPerChunk`` rows (made independently: in parallel if wanted).
    public struct PlanningRows: Sendable {
        let scores: CompactPriorityScores
        let round: Int
        /// Rows of the round, in order.
        let ordered: [Int]
        /// Per ordered row: its rank in its quadrant and whether it is shared.
        let ranks: [(rank: Int, tied: Bool)]
        let legacy: [PriorityScore]?

        public var chunkCount: Int {
            let size = CompactPriorityScores.rowsPerChunk
            return ((legacy?.count ?? ordered.count) + size - 1) / size
        }

        /// ``rows(inChunk:)`` from the compact scores alone (``CompactPriorityScores/summaryRow(_:unit:area:components:texts:)``):
        /// every field `ta_planning.csv` shows and its planning details read (the components'
        /// gaps, not the texts of what was answered), without rebuilding each row from its answers.
        public func summaryRows(inChunk chunk: Int) -> (firstPosition: Int, rows: [PriorityScore]) {
            guard legacy == nil else { return rows(inChunk: chunk) }
            let size = CompactPriorityScores.rowsPerChunk
            let first = chunk * size
            let round = scores.rounds[round]
            let areaCount = scores.model.areas.count
            let rows = (first..<min(first + size, ordered.count)).map { position in
                let (unit, area) = ordered[position].quotientAndRemainder(dividingBy: areaCount)
                var row = scores.summaryRow(round, unit: unit, area: area, components: true)
                row.planningRank = ranks[position].rank
                row.planningRankTied = ranks[position].tied
                return row
            }
            return (first + 1, rows)
        }

        /// One chunk's rows and the 1-based position of its first row in the table.
        public func rows(inChunk chunk: Int) -> (firstPosition: Int, rows: [PriorityScore]) {
            let size = CompactPriorityScores.rowsPerChunk
            let first = chunk * size
            if let legacy { return (first + 1, Array(legacy[first..<min(first + size, legacy.count)])) }
            let round = scores.rounds[round]
            let areaCount = scores.model.areas.count
            let rows = (first..<min(first + size, ordered.count)).map { position in
                let (unit, area) = ordered[position].quotientAndRemainder(dividingBy: areaCount)
                var row = scores.row(round, unit: unit, area: area, answers: scores.answers(round, unit: unit, area: area))
                row.planningRank = ranks[position].rank
                row.planningRankTied = ranks[position].tied
                return row
            }
            return (first + 1, rows)
        }
    }
}
