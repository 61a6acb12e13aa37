// The Monte Carlo of the ranks: per round, every draw's perturbed weights in the seed's one
// order, then per area the 5th and 95th percentile of each unit's drawn ranks and its top-N share.

import SurveyModel

extension Analyzer {
    /// The Monte Carlo of one round's ranks, given each area's gap matrix (by area id): the slot
    /// of each area id in the result, and per slot and unit (matrix order) the unit's summary.
    static func monteCarlo(_ matrices: [String: GapMatrix], model: ScoringModel, round: String)
        -> (slotOfArea: [String: Int], drawn: [[DrawSummary?]])
    {
        var generator = SplitMix64(seed: model.robustness.seed ^ fnv1a(round))
        // Every draw's perturbed weights, drawn up front in the generator's one historical order
        // (draw by draw, area by area in model order, weight by weight): the seed's stream must
        // give the same weights to the same draw of the same area whatever the code does next.
        // Once drawn, the areas are independent. 1000 draws × ~25 weights is ~200 KB.
        var slotOfArea: [String: Int] = [:]
        var areas: [MonteCarloArea] = []
        let r = model.robustness.perturbation
        for _ in 0..<model.robustness.draws {
            for area in model.areas {
                guard let matrix = matrices[area.id] else { continue }
                let slot: Int
                if let known = slotOfArea[area.id] {
                    slot = known
                } else {
                    slot = areas.count
                    slotOfArea[area.id] = slot
                    areas.append(MonteCarloArea(matrix: matrix))
                    areas[slot].weights.reserveCapacity(model.robustness.draws * matrix.weights.count)
                }
                // The same expression, in the same order, as when each draw drew its own weights.
                for weight in matrix.weights { areas[slot].weights.append(weight * (1 - r + 2 * r * generator.unit())) }
                areas[slot].draws += 1
            }
        }
        return (slotOfArea, MonteCarloArea.summarize(areas, topN: model.topN))
    }

    /// FNV-1a of a string's UTF-8 bytes: a round's own Monte Carlo stream, whatever other rounds
    /// the store holds.
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }
}

/// One area's gaps, unit by unit (NaN = not answered), and the model's weights of its components.
struct GapMatrix: Sendable {
    var gaps: [Double]
    var weights: [Double]
    var units: Int
    var components: Int

    /// ``Analyzer/weightedScore(count:gap:weight:)`` of the row starting at `row` (NaN = not
    /// answered), with one draw's `weights`: every draw's score.
    @inline(__always)
    static func score(gaps: UnsafeBufferPointer<Double>, row: Int, weights: UnsafeBufferPointer<Double>) -> Double? {
        Analyzer.weightedScore(
            count: weights.count,
            gap: { component in
                let gap = gaps[row + component]
                return gap.isNaN ? nil : gap
            }, weight: { weights[$0] })
    }
}

/// What the Monte Carlo says of one unit in one area: the 5th and 95th percentile (type 7) of its
/// drawn ranks and the share of draws that put it in the top N.
struct DrawSummary: Sendable {
    var rankP5: Double
    var rankP95: Double
    var topNShare: Double
}

/// One area of the Monte Carlo: its gap matrix and every draw's perturbed weights (`draws`
/// vectors of `matrix.components` weights, back to back; `draws` is the model's draws, times the
/// number of areas of the model with this id, which is one unless a model built in code repeats
/// an id).
///
/// Why it is built this way:
/// - Memory. Keeping every draw's ranks costs units × draws values per area (4.8 GB at 50,000
///   units and 1000 draws). But a type-7 quantile at p reads only the two order statistics
///   x[⌊h⌋] and x[⌊h⌋ + 1], h = (draws − 1)·p, and the top-N share is a count. So per unit the
///   fast path keeps the k₅ smallest ranks (a bounded max-heap, k₅ = ⌊h₀.₀₅⌋ + 2) and the k₉₅
///   largest (k₉₅ = draws − ⌊h₀.₉₅⌋), both derived from the draws count: 51 + 51 Int32 for
///   1000 draws, ~0.1 × draws in general, plus a top-N counter.
/// - Speed. Units with bit-identical gap rows get bit-identical scores in every draw, hence the
///   same ranks: the fast path scores, sorts and tracks each distinct row ("pattern") once,
///   weighted by how many units share it (respondents often do). A draw is then one sort of an
///   index array, reused (and so nearly sorted) from the previous draw, and one walk that hands
///   out competition ranks; no allocation per draw.
/// - Exactness. The walk gives 1 + the number of units with a strictly higher key, the rule of
///   ``Analyzer/ranks(_:)``, provided no key is NaN (a sort has no answer for NaN). The quantiles
///   need every ranked unit to have all `draws` ranks, i.e. its score is nil in every draw or in
///   none. Scores from a loaded scoring model (finite weights ≥ 0, perturbation < 1, gaps in
///   0…1) satisfy both unless a weight is near the ends of Double's range; when either fails
///   the area is recomputed by ``everyDraw(topN:)``, the original algorithm, so the answer is
///   the same for every input.
struct MonteCarloArea: Sendable {
    var matrix: GapMatrix
    var weights: [Double] = []
    var draws = 0

    init(matrix: GapMatrix) { self.matrix = matrix }

    /// Per area (in `areas` order) and unit (in matrix order): the unit's summary, nil when it
    /// is unranked in every draw. The areas run in parallel, each on its own thread's buffers.
    static func summarize(_ areas: [MonteCarloArea], topN: Int) -> [[DrawSummary?]] {
        ConcurrentResults.compute(count: areas.count) { slot in
            let area = areas[slot]
            return area.byPattern(topN: topN) ?? area.everyDraw(topN: topN)
        }
    }

    /// The 0-based positions type 7 interpolates between at `p`, exactly as
    /// ``Analyzer/quantile(_:_:)`` computes them for `count` sorted values.
    static func type7(count: Int, _ p: Double) -> (h: Double, low: Int, high: Int) {
        let h = Double(count - 1) * p
        let low = Int(h.rounded(.down))
        return (h, low, min(low + 1, count - 1))
    }

    /// ``Analyzer/quantile(_:_:)``'s interpolation, given its two order statistics.
    @inline(__always)
    static func interpolate(_ position: (h: Double, low: Int, high: Int), _ atLow: Double, _ atHigh: Double) -> Double {
        atLow + (position.h - Double(position.low)) * (atHigh - atLow)
    }

    /// The fast path (see the type's documentation); nil when a unit's score is nil in some draws
    /// only, or a key is NaN.
    func byPattern(topN: Int) -> [DrawSummary?]? {
        let units = matrix.units
        let components = matrix.components
        guard draws > 0 else { return [DrawSummary?](repeating: nil, count: units) }

        // Distinct gap rows, compared bit for bit (so NaN and −0 are safe), and their counts.
        var patternOfUnit = [Int](repeating: 0, count: units)
        var patternGaps: [Double] = []
        var multiplicity: [Int] = []
        var patternOfRow: [[UInt64]: Int] = [:]
        for unit in 0..<units {
            let row = (0..<components).map { matrix.gaps[unit * components + $0].bitPattern }
            if let pattern = patternOfRow[row] {
                patternOfUnit[unit] = pattern
                multiplicity[pattern] += 1
            } else {
                patternOfUnit[unit] = multiplicity.count
                patternOfRow[row] = multiplicity.count
                patternGaps += row.map(Double.init(bitPattern:))
                multiplicity.append(1)
            }
        }
        patternOfRow = [:]
        let patterns = multiplicity.count

        // Which order statistics the two quantiles read, and so how many ranks each unit keeps.
        let p5 = Self.type7(count: draws, 0.05)
        let p95 = Self.type7(count: draws, 0.95)
        let smallestKept = p5.high + 1  // x[0] … x[p5.high]
        let largestKept = draws - p95.low  // x[p95.low] … x[draws − 1]

        // Per pattern, `smallestKept` slots: a max-heap of its smallest ranks so far; and
        // `largestKept` slots: a max-heap of its negated largest ranks (the largest ranks are the
        // smallest negated ones), so that one heap routine serves both.
        var smallest = [Int32](repeating: 0, count: patterns * smallestKept)
        var largest = [Int32](repeating: 0, count: patterns * largestKept)
        var inTopN = [Int](repeating: 0, count: patterns)
        var ranked = [Bool](repeating: false, count: patterns)
        let consistent = patternGaps.withUnsafeBufferPointer { gaps in
            weights.withUnsafeBufferPointer { weights in
                smallest.withUnsafeMutableBufferPointer { smallest in
                    largest.withUnsafeMutableBufferPointer { largest in
                        Self.rankDraws(
                            gaps: gaps, components: components, weights: weights, draws: draws,
                            multiplicity: multiplicity, topN: Double(topN),
                            smallest: (smallest, smallestKept), largest: (largest, largestKept),
                            inTopN: &inTopN, ranked: &ranked)
                    }
                }
            }
        }
        guard consistent else { return nil }

        // Per pattern: sort what it kept, read the order statistics, interpolate.
        var summaries = [DrawSummary?](repeating: nil, count: patterns)
        for pattern in 0..<patterns where ranked[pattern] {
            let low = smallest[(pattern * smallestKept)..<((pattern + 1) * smallestKept)].sorted()
            // The negated largest ranks, ascending: index i holds −x[draws − 1 − i].
            let high = largest[(pattern * largestKept)..<((pattern + 1) * largestKept)].sorted()
            func fromTop(_ position: Int) -> Double { -Double(high[draws - 1 - position]) }
            summaries[pattern] = DrawSummary(
                rankP5: Self.interpolate(p5, Double(low[p5.low]), Double(low[p5.high])),
                rankP95: Self.interpolate(p95, fromTop(p95.low), fromTop(p95.high)),
                topNShare: Double(inTopN[pattern]) / Double(draws))
        }
        return patternOfUnit.map { summaries[$0] }
    }

    /// The draws of the fast path, over distinct gap rows (`gaps`, patterns × components) shared
    /// by `multiplicity` units each: per draw, scores, keys, competition ranks, then each ranked
    /// pattern's rank offered to its two heaps and counted when in the top N. False as soon as
    /// a pattern is ranked in some draws only, or a key is NaN (the caller then falls back).
    private static func rankDraws(
        gaps: UnsafeBufferPointer<Double>, components: Int, weights: UnsafeBufferPointer<Double>, draws: Int,
        multiplicity: [Int], topN: Double,
        smallest: (heaps: UnsafeMutableBufferPointer<Int32>, kept: Int),
        largest: (heaps: UnsafeMutableBufferPointer<Int32>, kept: Int),
        inTopN: inout [Int], ranked: inout [Bool]
    ) -> Bool {
        let patterns = multiplicity.count
        // Reused by every draw: no allocation inside the loop.
        var keys = [Double](repeating: 0, count: patterns)
        var order: [Int] = []  // the ranked patterns; highest key first after each draw's sort
        order.reserveCapacity(patterns)
        for draw in 0..<draws {
            let drawWeights = UnsafeBufferPointer(rebasing: weights[(draw * components)..<((draw + 1) * components)])
            // Scores, and keys rounded as `ranks(_:)` rounds them.
            for pattern in 0..<patterns {
                let score = GapMatrix.score(gaps: gaps, row: pattern * components, weights: drawWeights)
                if draw == 0 {
                    ranked[pattern] = score != nil
                    if score != nil { order.append(pattern) }
                } else if ranked[pattern] != (score != nil) {
                    return false
                }
                guard let score else { continue }
                let key = (score * 1e9).rounded() / 1e9
                if key.isNaN { return false }
                keys[pattern] = key
            }
            // Competition ranks: sort highest first, starting from the last draw's order (Swift's
            // merge sort finds it mostly in runs), then rank = 1 + the units before the first
            // pattern with the same key, i.e. 1 + the units with a strictly higher key.
            keys.withUnsafeBufferPointer { keys in order.sort { keys[$0] > keys[$1] } }
            var before = 0
            var rank: Int32 = 0
            var previous = Double.nan
            for pattern in order {
                let key = keys[pattern]
                if key != previous {
                    rank = Int32(before + 1)
                    previous = key
                }
                before += multiplicity[pattern]
                // Keep the order statistics and count the top N.
                if Double(rank) <= topN { inTopN[pattern] += 1 }
                SmallestValuesHeap.offer(
                    rank, to: smallest.heaps.baseAddress! + pattern * smallest.kept, capacity: smallest.kept,
                    filled: draw + 1)
                SmallestValuesHeap.offer(
                    -rank, to: largest.heaps.baseAddress! + pattern * largest.kept, capacity: largest.kept,
                    filled: draw + 1)
            }
        }
        return true
    }

    /// The original algorithm, for the inputs the fast path declines: every draw's ranks by
    /// ``Analyzer/ranks(_:)``, kept (units × draws Int32), then sorted per unit. Exact by
    /// construction, and O(units × draws) in memory, as it always was.
    func everyDraw(topN: Int) -> [DrawSummary?] {
        let units = matrix.units
        let components = matrix.components
        var drawnRanks = [Int32](repeating: 0, count: units * draws)  // 0 = unranked
        var scores = [Double?](repeating: nil, count: units)
        matrix.gaps.withUnsafeBufferPointer { gaps in
            weights.withUnsafeBufferPointer { allWeights in
                for draw in 0..<draws {
                    let drawWeights = UnsafeBufferPointer(
                        rebasing: allWeights[(draw * components)..<((draw + 1) * components)])
                    for unit in 0..<units {
                        scores[unit] = GapMatrix.score(gaps: gaps, row: unit * components, weights: drawWeights)
                    }
                    for (unit, rank) in Analyzer.ranks(scores).enumerated() {
                        drawnRanks[unit * draws + draw] = Int32(rank ?? 0)
                    }
                }
            }
        }
        return (0..<units).map { unit in
            let drawn = drawnRanks[(unit * draws)..<((unit + 1) * draws)].filter { $0 != 0 }.map(Double.init).sorted()
            guard !drawn.isEmpty else { return nil }
            return DrawSummary(
                rankP5: Analyzer.quantile(drawn, 0.05), rankP95: Analyzer.quantile(drawn, 0.95),
                topNShare: Double(drawn.filter { $0 <= Double(topN) }.count) / Double(drawn.count))
        }
    }
}
