import Dispatch
import Foundation
public import SurveyModel

/// Capacity-building priorities: scores from a declared ``ScoringModel``, ranks, a seeded Monte
/// Carlo and leave-one-out analysis of the ranks, and group summaries.
extension Analyzer {
    /// Every country × area score of every round, ranked, with its robustness columns.
    /// Order: round, country (ISO code), area (model order).
    public func priorities(from data: SurveyData, model: ScoringModel) -> [PriorityScore] {
        var rows: [PriorityScore] = []
        for round in data.roundIDs {
            var roundRows: [PriorityScore] = []
            for country in data.countries(in: round) {
                let answers = data.answers(of: country, in: round)
                for area in model.areas {
                    roundRows.append(Self.score(area: area, answers: answers, round: round, country: country))
                }
            }
            Self.rank(&roundRows, model: model, round: round)
            rows += roundRows
        }
        return rows
    }

    /// One country's score in one area, from its answers.
    public static func score(area: ScoringModel.Area, answers: [String: StoredAnswer], round: String, country: String)
        -> PriorityScore
    {
        var components: [PriorityComponent] = []
        for indicator in area.gaps {
            var gaps: [Double] = []
            var shown: [String] = []
            for item in indicator.items {
                guard let gap = itemGap(indicator, answers[item]) else { continue }
                gaps.append(gap)
                if let answer = answers[item] { shown.append("\(item)=\(answerText(answer))") }
            }
            let mean = gaps.isEmpty ? nil : gaps.reduce(0, +) / Double(gaps.count)
            let text = indicator.items.count == 1
                ? shown.joined() : "\(gaps.filter { $0 > 0 }.count) of \(gaps.count) answered items with a gap"
            components.append(
                PriorityComponent(
                    kind: .gap, id: indicator.id, weight: indicator.weight, gap: mean, itemsAnswered: gaps.count,
                    itemsTotal: indicator.items.count, answers: text))
        }
        var requested: Bool?
        if let request = area.request {
            let selected = answers[request.questionID]?.options ?? []
            if !selected.isEmpty { requested = selected.contains(where: request.options.contains) }
            components.append(
                PriorityComponent(
                    kind: .request, id: "request", weight: request.weight, gap: requested.map { $0 ? 1 : 0 },
                    itemsAnswered: requested == nil ? 0 : 1, itemsTotal: 1,
                    answers: requestText(request, selected: selected)))
        }
        let total = area.totalWeight
        let answered = components.reduce(0) { $0 + ($1.gap == nil ? 0 : $1.weight) }
        return PriorityScore(
            round: round, country: country, area: area.id, pillar: area.pillar,
            score: weightedScore(components, weights: components.map(\.weight)),
            coverage: total > 0 ? answered / total : 0, requested: requested, components: components)
    }

    /// One item's gap in 0…1, nil when not answered.
    public static func itemGap(_ indicator: ScoringModel.GapIndicator, _ answer: StoredAnswer?) -> Double? {
        guard let answer, answer.isAnswered else { return nil }
        if let number = answer.number {
            guard let linear = indicator.linear, linear.fullGapAt != linear.zeroGapAt else { return nil }
            return min(1, max(0, (number - linear.zeroGapAt) / (linear.fullGapAt - linear.zeroGapAt)))
        }
        let counted = answer.options.filter { !indicator.notCounted.contains($0) }
        guard !counted.isEmpty else { return nil }
        return counted.map { indicator.gapByOption[$0] ?? 0 }.max()!
    }

    /// `ta_areas includes investigations`, `ta_areas without investigations`, or empty.
    static func requestText(_ request: ScoringModel.Request, selected: [String]) -> String {
        guard !selected.isEmpty else { return "" }
        let asked = selected.filter(request.options.contains)
        return asked.isEmpty
            ? "\(request.questionID) without \(request.options.sorted().joined(separator: " or "))"
            : "\(request.questionID) includes \(asked.joined(separator: " and "))"
    }

    static func answerText(_ answer: StoredAnswer) -> String {
        if !answer.options.isEmpty { return answer.options.joined(separator: " ") }
        if let number = answer.number { return StatisticLineage.plain(number) }
        return answer.text ?? ""
    }

    /// 100 × Σ w·gap / Σ w over the answered components, with the given weights.
    static func weightedScore(_ components: [PriorityComponent], weights: [Double]) -> Double? {
        var numerator = 0.0
        var denominator = 0.0
        for (component, weight) in zip(components, weights) {
            guard let gap = component.gap else { continue }
            numerator += weight * gap
            denominator += weight
        }
        return denominator > 0 ? 100 * numerator / denominator : nil
    }

    /// Competition ranks ("1224") of `scores`, highest first; nil scores are unranked.
    /// Scores are compared at 1e-9: two routes to the same score (2/6 and ⅔/2) can differ in the
    /// last bit, and equal scores must share a rank.
    static func ranks(_ scores: [Double?]) -> [Int?] {
        func key(_ score: Double) -> Double { (score * 1e9).rounded() / 1e9 }
        let present = scores.compactMap { $0 }.map(key).sorted(by: >)
        return scores.map { score in
            guard let score = score.map(key) else { return nil }
            // 1 + the number of strictly higher scores.
            var low = 0
            var high = present.count
            while low < high {
                let middle = (low + high) / 2
                if present[middle] > score { low = middle + 1 } else { high = middle }
            }
            return low + 1
        }
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
            for (index, rank) in zip(indices, ranks(indices.map { rows[$0].score })) { rows[index].rankInCountry = rank }
        }
        // Rank among countries per area, Monte Carlo and leave-one-out.
        var generator = SplitMix64(seed: model.robustness.seed ^ fnv1a(round))
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
            for index in indices { gaps += rows[index].components.map { $0.gap ?? .nan } }
            matrices[area.id] = GapMatrix(
                gaps: gaps, weights: components.map(\.weight), units: indices.count, components: components.count)
        }
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
        let drawn = MonteCarloArea.summarize(areas, topN: model.topN)
        for area in model.areas {
            guard let indices = byArea[area.id], let first = indices.first else { continue }
            let base = ranks(indices.map { rows[$0].score })
            let ranked = base.compactMap { $0 }.count
            let components = rows[first].components.count
            var looRanks: [[Int?]] = []
            for left in 0..<components {
                let scores = indices.map { index in
                    weightedScore(
                        rows[index].components,
                        weights: rows[index].components.enumerated().map { $0.offset == left ? 0 : $0.element.weight })
                }
                looRanks.append(ranks(scores))
            }
            // Matrix units are `indices` in order, so a unit's position is its row's position.
            let summaries = slotOfArea[area.id].map { drawn[$0] }
            for (position, index) in indices.enumerated() {
                rows[index].rankInArea = base[position]
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

    /// Per round, area and group: mean and median score, countries at or above the threshold,
    /// and the share of countries asking for help in the area. Order: round, area, group.
    public func groupPriorities(_ scores: [PriorityScore], data: SurveyData, model: ScoringModel) -> [GroupPriority] {
        var rows: [GroupPriority] = []
        var index: [String: PriorityScore] = [:]
        for score in scores { index["\(score.round)\u{1F}\(score.country)\u{1F}\(score.area)"] = score }
        for round in data.roundIDs {
            let members = membersByGroup(data: data, round: round)
            for area in model.areas {
                for group in catalog.groups {
                    let rowsOfGroup = (members[group] ?? []).compactMap { index["\(round)\u{1F}\($0)\u{1F}\(area.id)"] }
                    let values = rowsOfGroup.compactMap(\.score).sorted()
                    let answered = rowsOfGroup.filter { $0.requested != nil }
                    let requested = answered.filter { $0.requested == true }.count
                    let flag = rules.flag(responding: values.count)
                    let shown = flag != .suppressed && !values.isEmpty
                    let requestFlag = rules.flag(responding: answered.count)
                    rows.append(
                        GroupPriority(
                            round: round, area: area.id, group: group, nCountries: values.count,
                            meanScore: shown ? values.reduce(0, +) / Double(values.count) : nil,
                            medianScore: shown ? Self.quantile(values, 0.5) : nil,
                            nHighPriority: values.filter { $0 >= model.highPriorityThreshold }.count,
                            nRequestAnswered: answered.count, nRequested: requested,
                            percentRequested: requestFlag != .suppressed && !answered.isEmpty
                                ? 100 * Double(requested) / Double(answered.count) : nil,
                            flag: flag))
                }
            }
        }
        return rows
    }
}

// MARK: - Monte Carlo of the ranks in an area

/// One area's gaps, unit by unit (NaN = not answered), and the model's weights of its components.
struct GapMatrix: Sendable {
    var gaps: [Double]
    var weights: [Double]
    var units: Int
    var components: Int

    /// 100 × Σ w·gap / Σ w over the answered (non-NaN) gaps of the row starting at `row`, nil
    /// when Σ w ≤ 0: every draw's formula, the same operations in the same order as before the
    /// rewrite, so the same bits.
    @inline(__always)
    static func score(gaps: UnsafeBufferPointer<Double>, row: Int, weights: UnsafeBufferPointer<Double>) -> Double? {
        var numerator = 0.0
        var denominator = 0.0
        for component in 0..<weights.count {
            let gap = gaps[row + component]
            if gap.isNaN { continue }
            numerator += weights[component] * gap
            denominator += weights[component]
        }
        return denominator > 0 ? 100 * numerator / denominator : nil
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
        let results = ResultSlots<[DrawSummary?]>(count: areas.count, empty: [])
        DispatchQueue.concurrentPerform(iterations: areas.count) { slot in
            let area = areas[slot]
            results.set(slot, area.byPattern(topN: topN) ?? area.everyDraw(topN: topN))
        }
        return results.values
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
                KeptSmallest.offer(
                    rank, to: smallest.heaps.baseAddress! + pattern * smallest.kept, capacity: smallest.kept,
                    filled: draw + 1)
                KeptSmallest.offer(
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

/// A bounded max-heap in `capacity` slots that keeps the `capacity` smallest values offered.
enum KeptSmallest {
    /// Offers the `filled`-th value (1-based): the first `capacity` are pushed, later ones
    /// replace the largest kept when smaller.
    @inline(__always)
    static func offer(_ value: Int32, to heap: UnsafeMutablePointer<Int32>, capacity: Int, filled: Int) {
        if filled <= capacity {
            var child = filled - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard heap[parent] < value else { break }
                heap[child] = heap[parent]
                child = parent
            }
            heap[child] = value
        } else if value < heap[0] {
            var parent = 0
            while true {
                var child = 2 * parent + 1
                guard child < capacity else { break }
                if child + 1 < capacity, heap[child + 1] > heap[child] { child += 1 }
                guard heap[child] > value else { break }
                heap[parent] = heap[child]
                parent = child
            }
            heap[parent] = value
        }
    }
}

/// Per-slot results written from concurrent threads: each slot is written once, by one thread,
/// under the lock; `values` is read after all writers are done.
final class ResultSlots<Value>: @unchecked Sendable {
    private var slots: [Value]
    private let lock = NSLock()

    init(count: Int, empty: Value) { slots = Array(repeating: empty, count: count) }

    func set(_ slot: Int, _ value: Value) {
        lock.lock()
        defer { lock.unlock() }
        slots[slot] = value
    }

    var values: [Value] {
        lock.lock()
        defer { lock.unlock() }
        return slots
    }
}
