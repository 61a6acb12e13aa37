import SurveyModel
import Testing

@testable import SurveyAnalyze

// The ranks of `Analyzer.rank(_:model:round:)` (in country and in area, ties shared) against the
// straightforward algorithm `ReferenceRanking` keeps, on seeded random rounds: ties, shared gap
// rows, unanswered components, unranked units. (The Monte Carlo no longer ranks: its own oracle
// is in PriorityUncertaintyTests.)

/// The ranking as it was before the order-statistics rewrite, kept as the oracle.
enum ReferenceRanking {
    static func rank(_ rows: inout [PriorityScore], model: ScoringModel, round: String) {
        var byCountry: [String: [Int]] = [:]
        for (index, row) in rows.enumerated() { byCountry[row.country, default: []].append(index) }
        for indices in byCountry.values {
            for (index, rank) in zip(indices, Analyzer.ranks(indices.map { rows[$0].score })) {
                rows[index].rankInCountry = rank
            }
        }
        var byArea: [String: [Int]] = [:]
        for (index, row) in rows.enumerated() { byArea[row.area, default: []].append(index) }
        for area in model.areas {
            guard let indices = byArea[area.id] else { continue }
            let base = Analyzer.ranks(indices.map { rows[$0].score })
            let ranked = base.compactMap { $0 }.count
            for (position, index) in indices.enumerated() {
                rows[index].rankInArea = base[position]
                rows[index].nRanked = ranked
            }
        }
    }
}

/// A round of random rows: `units` units × the model's areas, gaps drawn by `gap`.
struct RandomRound {
    static let round = "2026"

    static func model(
        areas: [(id: String, weights: [Double])], draws: Int, perturbation: Double = 0.25, topN: Int = 10,
        seed: UInt64 = 2026
    ) -> ScoringModel {
        ScoringModel(
            id: "random", version: "1", topN: topN,
            robustness: ScoringModel.Robustness(perturbation: perturbation, draws: draws, seed: seed),
            areas: areas.map { area in
                ScoringModel.Area(
                    id: area.id, label: area.id, chapters: [], pillar: "p",
                    gaps: area.weights.enumerated().map { index, weight in
                        ScoringModel.GapIndicator(id: "g\(index)", label: "g\(index)", weight: weight, items: ["q\(index)"])
                    },
                    request: nil)
            })
    }

    static func rows(
        model: ScoringModel, units: Int, seed: UInt64, gap: (inout SplitMix64) -> Double?
    ) -> [PriorityScore] {
        var generator = SplitMix64(seed: seed)
        var rows: [PriorityScore] = []
        for unit in 0..<units {
            for area in model.areas {
                let components = area.gaps.map { indicator in
                    PriorityComponent(
                        kind: .gap, id: indicator.id, weight: indicator.weight, gap: gap(&generator), itemsAnswered: 1,
                        itemsTotal: 1, answers: "")
                }
                rows.append(
                    PriorityScore(
                        round: round, country: "U\(100_000 + unit)", area: area.id, pillar: area.pillar,
                        score: Analyzer.weightedScore(components, weights: components.map(\.weight)), coverage: 1,
                        requested: nil, components: components))
            }
        }
        return rows
    }

    /// Few distinct values (shared rows and exact ties), about one in six unanswered.
    static func discrete(_ generator: inout SplitMix64) -> Double? {
        let values: [Double?] = [nil, 0, 0.25, 0.5, 1, 1.0 / 3]
        return values[Int(generator.next() % UInt64(values.count))]
    }

    /// Mostly distinct rows.
    static func continuous(_ generator: inout SplitMix64) -> Double? {
        generator.next() % 10 == 0 ? nil : generator.unit()
    }
}

/// The new ranking and the reference, field by field, doubles bit for bit.
func expectSameRanking(_ rows: [PriorityScore], model: ScoringModel, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    var expected = rows
    ReferenceRanking.rank(&expected, model: model, round: RandomRound.round)
    var actual = rows
    Analyzer.rank(&actual, model: model, round: RandomRound.round)
    var mismatches = 0
    for (want, got) in zip(expected, actual) {
        let same = want.rankInCountry == got.rankInCountry && want.rankInArea == got.rankInArea
            && want.nRanked == got.nRanked
        if !same {
            mismatches += 1
            if mismatches <= 3 {
                Issue.record(
                    "\(got.country)/\(got.area): expected \(want.rankInArea as Any) \(want.rankInCountry as Any), got \(got.rankInArea as Any) \(got.rankInCountry as Any)",
                    sourceLocation: sourceLocation)
            }
        }
    }
    #expect(expected.count == actual.count, sourceLocation: sourceLocation)
    #expect(mismatches == 0, sourceLocation: sourceLocation)
}

@Suite struct PriorityRankingTests {
    static let threeAreas: [(id: String, weights: [Double])] = [
        ("legislation", [3, 2, 1]), ("investigations", [2, 1, 2, 2]), ("cooperation", [1, 1]),
    ]

    @Test(arguments: [1, 2, 3, 7])
    func ranksWithSharedRowsAndTies(seed: Int) {
        let model = RandomRound.model(areas: Self.threeAreas, draws: 1)
        let rows = RandomRound.rows(model: model, units: 150, seed: UInt64(seed), gap: RandomRound.discrete)
        expectSameRanking(rows, model: model)
    }

    @Test func ranksWithDistinctRows() {
        let model = RandomRound.model(areas: Self.threeAreas, draws: 1, seed: 7)
        let rows = RandomRound.rows(model: model, units: 300, seed: 99, gap: RandomRound.continuous)
        expectSameRanking(rows, model: model)
    }

    @Test func ranksOfTinyRoundsAndAnAreaWithoutComponents() {
        let areas: [(id: String, weights: [Double])] = [("empty", []), ("one", [1]), ("zero", [0, 0])]
        for units in 1...4 {
            let model = RandomRound.model(areas: Self.threeAreas + areas, draws: 1)
            let rows = RandomRound.rows(model: model, units: units, seed: UInt64(units), gap: RandomRound.discrete)
            expectSameRanking(rows, model: model)
        }
    }
}
