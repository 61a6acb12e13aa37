import SurveyModel
import Testing

@testable import SurveyAnalyze

// The Monte Carlo of `Analyzer.rank(_:model:round:)` keeps a few order statistics per distinct gap
// row instead of every draw's ranks. It must give bit-identical results to the algorithm it
// replaced, which `ReferenceRanking` below keeps verbatim (every draw's ranks by `ranks(_:)`,
// sorted per unit, `quantile(_:_:)`). These tests compare the two on seeded random rounds: ties,
// shared gap rows, unanswered components, unranked units, odd draw counts, and the inputs that
// send an area down the exact fallback (NaN keys, units ranked in some draws only).

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
        var generator = SplitMix64(seed: model.robustness.seed ^ Analyzer.fnv1a(round))
        var byArea: [String: [Int]] = [:]
        for (index, row) in rows.enumerated() { byArea[row.area, default: []].append(index) }
        struct Matrix {
            var gaps: [Double]
            var weights: [Double]
            var countries: Int
            var components: Int
        }
        var matrices: [String: Matrix] = [:]
        for area in model.areas {
            guard let indices = byArea[area.id], let first = indices.first else { continue }
            let components = rows[first].components
            var gaps: [Double] = []
            for index in indices { gaps += rows[index].components.map { $0.gap ?? .nan } }
            matrices[area.id] = Matrix(
                gaps: gaps, weights: components.map(\.weight), countries: indices.count, components: components.count)
        }
        var draws: [String: [[Int?]]] = [:]
        var weights: [Double] = []
        var scores: [Double?] = []
        for _ in 0..<model.robustness.draws {
            for area in model.areas {
                guard let matrix = matrices[area.id] else { continue }
                let r = model.robustness.perturbation
                weights = matrix.weights.map { $0 * (1 - r + 2 * r * generator.unit()) }
                scores.removeAll(keepingCapacity: true)
                for country in 0..<matrix.countries {
                    var numerator = 0.0
                    var denominator = 0.0
                    let row = country * matrix.components
                    for component in 0..<matrix.components {
                        let gap = matrix.gaps[row + component]
                        if gap.isNaN { continue }
                        numerator += weights[component] * gap
                        denominator += weights[component]
                    }
                    scores.append(denominator > 0 ? 100 * numerator / denominator : nil)
                }
                draws[area.id, default: []].append(Analyzer.ranks(scores))
            }
        }
        for area in model.areas {
            guard let indices = byArea[area.id], let first = indices.first else { continue }
            let base = Analyzer.ranks(indices.map { rows[$0].score })
            let ranked = base.compactMap { $0 }.count
            let components = rows[first].components.count
            var looRanks: [[Int?]] = []
            for left in 0..<components {
                let scores = indices.map { index in
                    Analyzer.weightedScore(
                        rows[index].components,
                        weights: rows[index].components.enumerated().map { $0.offset == left ? 0 : $0.element.weight })
                }
                looRanks.append(Analyzer.ranks(scores))
            }
            let areaDraws = draws[area.id] ?? []
            for (position, index) in indices.enumerated() {
                rows[index].rankInArea = base[position]
                rows[index].nRanked = ranked
                guard base[position] != nil else { continue }
                let drawn = areaDraws.compactMap { $0[position] }.map(Double.init).sorted()
                if !drawn.isEmpty {
                    rows[index].rankP5 = Analyzer.quantile(drawn, 0.05)
                    rows[index].rankP95 = Analyzer.quantile(drawn, 0.95)
                    rows[index].topNShare = Double(drawn.filter { $0 <= Double(model.topN) }.count) / Double(drawn.count)
                }
                let loo = looRanks.compactMap { $0[position] }
                rows[index].looRankMin = loo.min()
                rows[index].looRankMax = loo.max()
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
    func bits(_ value: Double?) -> UInt64? { value?.bitPattern }
    var mismatches = 0
    for (want, got) in zip(expected, actual) {
        let same = want.rankInCountry == got.rankInCountry && want.rankInArea == got.rankInArea
            && want.nRanked == got.nRanked && bits(want.rankP5) == bits(got.rankP5)
            && bits(want.rankP95) == bits(got.rankP95) && bits(want.topNShare) == bits(got.topNShare)
            && want.looRankMin == got.looRankMin && want.looRankMax == got.looRankMax
        if !same {
            mismatches += 1
            if mismatches <= 3 {
                Issue.record(
                    "\(got.country)/\(got.area): expected \(want.rankP5 as Any) \(want.rankP95 as Any) \(want.topNShare as Any), got \(got.rankP5 as Any) \(got.rankP95 as Any) \(got.topNShare as Any)",
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

    @Test(arguments: [1, 2, 3, 7, 20, 21, 101, 1000])
    func identicalToKeepingEveryDrawWithSharedRowsAndTies(draws: Int) throws {
        let model = RandomRound.model(areas: Self.threeAreas, draws: draws, topN: 5)
        let rows = RandomRound.rows(model: model, units: 150, seed: UInt64(draws), gap: RandomRound.discrete)
        expectSameRanking(rows, model: model)
        #expect(try Self.monteCarlo(rows, model: model).byPattern(topN: model.topN) != nil, "the fast path")
    }

    @Test(arguments: [1, 19, 200])
    func identicalToKeepingEveryDrawWithDistinctRows(draws: Int) {
        let model = RandomRound.model(areas: Self.threeAreas, draws: draws, topN: 25, seed: 7)
        let rows = RandomRound.rows(model: model, units: 300, seed: 99, gap: RandomRound.continuous)
        expectSameRanking(rows, model: model)
    }

    @Test func identicalForTinyRoundsAndExtremeTopN() {
        for units in 1...4 {
            for topN in [-1, 0, 1, 3, Int.max] {
                let model = RandomRound.model(areas: Self.threeAreas, draws: 40, perturbation: 0.9, topN: topN)
                let rows = RandomRound.rows(model: model, units: units, seed: UInt64(units), gap: RandomRound.discrete)
                expectSameRanking(rows, model: model)
            }
        }
    }

    @Test func identicalWithoutDrawsAndWithAnAreaWithoutComponents() {
        let areas: [(id: String, weights: [Double])] = [("empty", []), ("one", [1]), ("zero", [0, 0])]
        for draws in [0, 5] {
            let model = RandomRound.model(areas: areas, draws: draws)
            let rows = RandomRound.rows(model: model, units: 30, seed: 3, gap: RandomRound.discrete)
            expectSameRanking(rows, model: model)
        }
    }

    @Test func identicalWhenTwoAreasShareAnID() {
        // Not possible from a scoring file, but `rowByRowPriorities(from:model:)` takes any model:
        // the area's draws then come from both occurrences, as they always did.
        let areas: [(id: String, weights: [Double])] = [("twice", [1, 2]), ("other", [1]), ("twice", [1, 2])]
        let model = RandomRound.model(areas: areas, draws: 30, topN: 4)
        let rows = RandomRound.rows(model: model, units: 40, seed: 11, gap: RandomRound.discrete)
        expectSameRanking(rows, model: model)
    }

    @Test func identicalWhenKeysAreNaNThroughTheFallback() throws {
        // 1e308 × up to 1.25 overflows to ∞, and ∞ × gap 0 is NaN: such a score's key is NaN and
        // the fast path hands the area to the original algorithm.
        let model = RandomRound.model(areas: [("huge", [1e308, 1, 1e308])], draws: 50)
        let rows = RandomRound.rows(model: model, units: 60, seed: 5, gap: RandomRound.discrete)
        expectSameRanking(rows, model: model)
        #expect(try Self.monteCarlo(rows, model: model).byPattern(topN: model.topN) == nil)
    }

    @Test func identicalWhenAUnitIsRankedInSomeDrawsOnlyThroughTheFallback() throws {
        // The smallest subnormal weight times a factor below ½ rounds to 0: a unit whose only
        // answered component has that weight has a score in some draws and none in others.
        let model = RandomRound.model(areas: [("tiny", [.leastNonzeroMagnitude, 1])], draws: 60, perturbation: 0.9)
        let rows = RandomRound.rows(model: model, units: 40, seed: 8, gap: RandomRound.discrete)
        expectSameRanking(rows, model: model)
        #expect(try Self.monteCarlo(rows, model: model).byPattern(topN: model.topN) == nil)
    }

    @Test func smallestValuesHeapKeepsTheSmallestValues() {
        var generator = SplitMix64(seed: 1)
        for capacity in [1, 2, 5, 51] {
            for count in [capacity - 1, capacity, capacity + 1, 10 * capacity] where count > 0 {
                let values = (0..<count).map { _ in Int32(generator.next() % 40) }
                var heap = [Int32](repeating: 0, count: capacity)
                heap.withUnsafeMutableBufferPointer { heap in
                    for (index, value) in values.enumerated() {
                        SmallestValuesHeap.offer(value, to: heap.baseAddress!, capacity: capacity, filled: index + 1)
                    }
                }
                let kept = min(capacity, count)
                #expect(heap[..<kept].sorted() == Array(values.sorted().prefix(kept)), "capacity \(capacity), \(count) values")
            }
        }
    }

    /// The one area of `model`'s Monte Carlo, weights drawn as `rank(_:model:round:)` draws them.
    static func monteCarlo(_ rows: [PriorityScore], model: ScoringModel) throws -> MonteCarloArea {
        let area = try #require(model.areas.first)
        let mine = rows.filter { $0.area == area.id }
        let components = try #require(mine.first).components
        var monteCarlo = MonteCarloArea(
            matrix: GapMatrix(
                gaps: mine.flatMap { $0.components.map { $0.gap ?? .nan } }, weights: components.map(\.weight),
                units: mine.count, components: components.count))
        var generator = SplitMix64(seed: model.robustness.seed ^ Analyzer.fnv1a(RandomRound.round))
        let r = model.robustness.perturbation
        for _ in 0..<model.robustness.draws {
            monteCarlo.weights += components.map { $0.weight * (1 - r + 2 * r * generator.unit()) }
            monteCarlo.draws += 1
        }
        return monteCarlo
    }
}
