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

    /// The weighted score: 100 × Σ w·gap / Σ w over the answered components (those whose
    /// `gap(k)` is not nil), nil when Σ w ≤ 0, for components `0..<count` with weights
    /// `weight(k)`. The one formula of every path (a row's score, leave-one-out, each Monte Carlo
    /// draw, the compact scores): the same operations in the same order, so the same bits
    /// wherever a score is computed. Inlined, so that the draws' loop over buffers allocates
    /// nothing and calls nothing.
    @inline(__always)
    static func weightedScore(count: Int, gap: (Int) -> Double?, weight: (Int) -> Double) -> Double? {
        var numerator = 0.0
        var denominator = 0.0
        for k in 0..<count {
            guard let gap = gap(k) else { continue }
            let weight = weight(k)
            numerator += weight * gap
            denominator += weight
        }
        return denominator > 0 ? 100 * numerator / denominator : nil
    }

    /// ``weightedScore(count:gap:weight:)`` of a row's components, with the given weights (as
    /// many as the components).
    static func weightedScore(_ components: [PriorityComponent], weights: [Double]) -> Double? {
        weightedScore(count: min(components.count, weights.count), gap: { components[$0].gap }, weight: { weights[$0] })
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
        let (slotOfArea, drawn) = monteCarlo(matrices, model: model, round: round)
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

    /// One group's summary of an area's scores: `scores` of its members that have one, `requests`
    /// of those that answered the request question (true: asked for help).
    func groupRow(
        round: String, area: String, group: CountryGroup, scores: [Double], requests: [Bool], model: ScoringModel
    ) -> GroupPriority {
        let values = scores.sorted()
        let requested = requests.filter { $0 }.count
        let flag = rules.flag(responding: values.count)
        let shown = flag != .suppressed && !values.isEmpty
        let requestFlag = rules.flag(responding: requests.count)
        return GroupPriority(
            round: round, area: area, group: group, nCountries: values.count,
            meanScore: shown ? values.reduce(0, +) / Double(values.count) : nil,
            medianScore: shown ? Self.quantile(values, 0.5) : nil,
            nHighPriority: values.filter { $0 >= model.highPriorityThreshold }.count,
            nRequestAnswered: requests.count, nRequested: requested,
            percentRequested: requestFlag != .suppressed && !requests.isEmpty ? 100 * Double(requested) / Double(requests.count) : nil,
            flag: flag)
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
                    rows.append(
                        groupRow(
                            round: round, area: area.id, group: group, scores: rowsOfGroup.compactMap(\.score),
                            requests: rowsOfGroup.compactMap(\.requested), model: model))
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

// MARK: - Whole runs: compact scores and ranks, rows made on demand

/// Every round's priority scores and ranks, exactly as ``Analyzer/priorities(from:model:)``
/// computes them, held compactly so that a whole run needs little memory.
///
/// At 50,000 respondents and 8 areas a run has 400,000 rows; as ``PriorityScore``s, each with its
/// components and their answer texts, they took hundreds of megabytes, and the CSV texts built
/// from them as much again. Here a row is a few numbers (score, coverage, request, ranks, the
/// Monte Carlo summary, ~70 bytes); the full ``PriorityScore`` of a row (components, answer
/// texts) is rebuilt from the unit's stored answers when a table is written, a chunk of rows at a
/// time (``rows(inChunk:)``, ``planningRows()``, ``reportRows(reference:)``; chunks are
/// independent, so a writer can make them in parallel), by the same
/// ``Analyzer/score(area:answers:round:country:)``.
///
/// Scores are computed from per-value tables (the gap of each distinct answer to an item, and
/// whether it asks for help), the same operations in the same order as
/// ``Analyzer/score(area:answers:round:country:)``, so the same bits; ranks, leave-one-out and
/// the Monte Carlo are those of ``Analyzer/rank(_:model:round:)`` (the Monte Carlo the very same
/// code, ``Analyzer/monteCarlo(_:model:round:)``).
public struct PriorityTable: Sendable {
    public let model: ScoringModel
    let data: SurveyData
    let rounds: [Round]
    /// The rows of a model whose area ids repeat (only a model built in code can): then the
    /// table is the plain rows of ``Analyzer/priorities(from:model:)``.
    let legacy: [PriorityScore]?
    /// Whether some row's unit has a respondent (the tables then get a `respondent` column).
    public let hasRespondents: Bool
    /// Per area (model order): the question ids its score reads.
    let questionsOfArea: [[String]]

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
        var looMin: [Int32]
        var looMax: [Int32]
        /// By area.
        var nRanked: [Int]
        var drawn: [DrawSummary?]
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

    /// The rows in order (round, unit, area), each rebuilt in full.
    public func forEachRow(_ body: (PriorityScore) throws -> Void) rethrows {
        for chunk in 0..<rowChunkCount {
            for row in rows(inChunk: chunk) { try body(row) }
        }
    }

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

    /// The rows the report shows: per round, area and M49 region, the three highest scores of the
    /// region's countries (the report's own filter and order pick the same rows from these as
    /// from all rows).
    public func reportRows(reference: CountryReference) -> [PriorityScore] {
        if let legacy { return legacy }
        var rows: [PriorityScore] = []
        for round in rounds where !round.units.isEmpty {
            let regions = round.units.map { reference.country(iso3: $0)?.region }
            for a in model.areas.indices {
                var candidates: [String: [(score: Double, country: String, unit: Int)]] = [:]
                for (u, region) in regions.enumerated() {
                    guard let region, let score = round.score[u * model.areas.count + a] else { continue }
                    candidates[region, default: []].append((score, round.units[u], u))
                }
                for region in candidates.keys.sorted() {
                    let top = candidates[region]!.sorted { ($0.score, $1.country) > ($1.score, $0.country) }.prefix(3)
                    for candidate in top {
                        rows.append(row(round, unit: candidate.unit, area: a, answers: answers(round, unit: candidate.unit, area: a)))
                    }
                }
            }
        }
        return rows
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

    /// One row in full: its score and components rebuilt from the answers, its ranks from the table.
    func row(_ round: Round, unit: Int, area: Int, answers: [String: StoredAnswer]) -> PriorityScore {
        var row = Analyzer.score(area: model.areas[area], answers: answers, round: round.id, country: round.units[unit])
        let i = unit * model.areas.count + area
        assert(row.score?.bitPattern == round.score[i]?.bitPattern && row.coverage.bitPattern == round.coverage[i].bitPattern)
        func rank(_ value: Int32) -> Int? { value == 0 ? nil : Int(value) }
        row.rankInCountry = rank(round.rankInCountry[i])
        row.rankInArea = rank(round.rankInArea[i])
        row.nRanked = round.nRanked[area]
        if let summary = round.drawn[i] {
            row.rankP5 = summary.rankP5
            row.rankP95 = summary.rankP95
            row.topNShare = summary.topNShare
        }
        row.looRankMin = rank(round.looMin[i])
        row.looRankMax = rank(round.looMax[i])
        return row
    }
}

extension Analyzer {
    /// ``priorities(from:model:)`` as a compact ``PriorityTable``: the same rows, rebuilt on
    /// demand.
    public func priorityTable(from data: SurveyData, model: ScoringModel) -> PriorityTable {
        let questions = model.areas.map { area in
            area.gaps.flatMap(\.items) + (area.request.map { [$0.questionID] } ?? [])
        }
        let ids = model.areas.map(\.id)
        let hasRespondents = !model.areas.isEmpty
            && data.roundIDs.contains { data.countries(in: $0).contains { SurveyUnit.respondent(of: $0) != nil } }
        guard Set(ids).count == ids.count else {
            return PriorityTable(
                model: model, data: data, rounds: [], legacy: priorities(from: data, model: model),
                hasRespondents: hasRespondents, questionsOfArea: questions)
        }
        let plans = model.areas.map { AreaPlan(area: $0, data: data) }
        let rounds = data.roundIDs.enumerated().map { r, id in
            Self.scoreRound(id, index: r, data: data, model: model, plans: plans)
        }
        return PriorityTable(
            model: model, data: data, rounds: rounds, legacy: nil, hasRespondents: hasRespondents,
            questionsOfArea: questions)
    }

    /// ``groupPriorities(_:data:model:)`` from a ``PriorityTable``: the same rows.
    public func groupPriorities(_ table: PriorityTable, data: SurveyData) -> [GroupPriority] {
        let model = table.model
        if let legacy = table.legacy { return groupPriorities(legacy, data: data, model: model) }
        var rows: [GroupPriority] = []
        let areaCount = model.areas.count
        for (r, roundID) in data.roundIDs.enumerated() {
            let round = table.rounds[r]
            // As `membersByGroup(data:round:)`, by unit index: a group listed twice keeps its last list.
            var members: [CountryGroup: [Int]] = [:]
            for (g, list) in groupMembers(data: data, round: r).enumerated() where !list.isEmpty {
                members[catalog.groups[g]] = list
            }
            for (a, area) in model.areas.enumerated() {
                for group in catalog.groups {
                    let rowsOfGroup = (members[group] ?? []).map { $0 * areaCount + a }
                    rows.append(
                        groupRow(
                            round: roundID, area: area.id, group: group, scores: rowsOfGroup.compactMap { round.score[$0] },
                            requests: rowsOfGroup.compactMap { round.requested[$0] }, model: model))
                }
            }
        }
        return rows
    }

    /// One round of a ``PriorityTable``: scores, ranks in country and area, leave-one-out and
    /// the Monte Carlo, as ``priorities(from:model:)`` and ``rank(_:model:round:)`` compute them.
    static func scoreRound(
        _ id: String, index r: Int, data: SurveyData, model: ScoringModel, plans: [AreaPlan]
    ) -> PriorityTable.Round {
        let units = data.units(inRound: r)
        let unitCount = units.count
        let areaCount = plans.count
        let rows = unitCount * areaCount
        var round = PriorityTable.Round(
            id: id, index: r, units: units, score: Array(repeating: nil, count: rows),
            coverage: Array(repeating: 0, count: rows), requested: Array(repeating: nil, count: rows),
            rankInCountry: Array(repeating: 0, count: rows), rankInArea: Array(repeating: 0, count: rows),
            looMin: Array(repeating: 0, count: rows), looMax: Array(repeating: 0, count: rows),
            nRanked: Array(repeating: 0, count: areaCount), drawn: Array(repeating: nil, count: rows))
        guard rows > 0 else { return round }

        // Scores; per area the gaps, unit by unit (NaN and `answered` false = not answered).
        var gapsOfArea: [[Double]] = []
        var answeredOfArea: [[Bool]] = []
        for (a, plan) in plans.enumerated() {
            let componentCount = plan.weights.count
            var gaps = [Double](repeating: .nan, count: unitCount * componentCount)
            var answered = [Bool](repeating: false, count: unitCount * componentCount)
            let columns = plan.indicators.map { items in
                items.map { item in item.question.map { data.column(question: $0, round: r) } }
            }
            let requestColumn = plan.request?.question.map { data.column(question: $0, round: r) }
            var components = [Double?](repeating: nil, count: componentCount)
            for u in 0..<unitCount {
                for (k, items) in plan.indicators.enumerated() {
                    var sum: Double = 0
                    var count = 0
                    for (j, item) in items.enumerated() {
                        guard let column = columns[k][j], let gap = item.gapOfValue[Int(column[u])] else { continue }
                        sum += gap
                        count += 1
                    }
                    components[k] = count == 0 ? nil : sum / Double(count)
                }
                var requested: Bool?
                if let request = plan.request {
                    requested = request.requestedOfValue[Int(requestColumn?[u] ?? 0)]
                    components[componentCount - 1] = requested.map { $0 ? 1 : 0 }
                }
                let row = u * areaCount + a
                var answeredWeight: Double = 0
                for k in 0..<componentCount { answeredWeight += components[k] == nil ? 0 : plan.weights[k] }
                round.score[row] = weightedScore(components, weights: plan.weights, leftOut: nil)
                round.coverage[row] = plan.totalWeight > 0 ? answeredWeight / plan.totalWeight : 0
                round.requested[row] = requested
                for k in 0..<componentCount {
                    if let gap = components[k] {
                        gaps[u * componentCount + k] = gap
                        answered[u * componentCount + k] = true
                    }
                }
            }
            gapsOfArea.append(gaps)
            answeredOfArea.append(answered)
        }

        // Rank among the unit's own areas.
        for u in 0..<unitCount {
            let base = u * areaCount
            for (a, rank) in ranks(Array(round.score[base..<(base + areaCount)])).enumerated() {
                round.rankInCountry[base + a] = Int32(rank ?? 0)
            }
        }
        // Rank among units per area, Monte Carlo and leave-one-out.
        var matrices: [String: GapMatrix] = [:]
        for (a, area) in model.areas.enumerated() {
            matrices[area.id] = GapMatrix(
                gaps: gapsOfArea[a], weights: plans[a].weights, units: unitCount, components: plans[a].weights.count)
        }
        let (slotOfArea, drawn) = monteCarlo(matrices, model: model, round: id)
        matrices = [:]
        for (a, area) in model.areas.enumerated() {
            let base = ranks((0..<unitCount).map { round.score[$0 * areaCount + a] })
            round.nRanked[a] = base.compactMap { $0 }.count
            let componentCount = plans[a].weights.count
            var looMin = [Int32](repeating: 0, count: unitCount)
            var looMax = [Int32](repeating: 0, count: unitCount)
            var scores = [Double?](repeating: nil, count: unitCount)
            var components = [Double?](repeating: nil, count: componentCount)
            for left in 0..<componentCount {
                for u in 0..<unitCount {
                    for k in 0..<componentCount {
                        components[k] = answeredOfArea[a][u * componentCount + k] ? gapsOfArea[a][u * componentCount + k] : nil
                    }
                    scores[u] = weightedScore(components, weights: plans[a].weights, leftOut: left)
                }
                // `loo.min()` / `loo.max()` over the components in order: the first minimum and maximum.
                for (u, rank) in ranks(scores).enumerated() {
                    guard let rank else { continue }
                    let value = Int32(rank)
                    if looMin[u] == 0 || value < looMin[u] { looMin[u] = value }
                    if looMax[u] == 0 || value > looMax[u] { looMax[u] = value }
                }
            }
            let summaries = slotOfArea[area.id].map { drawn[$0] }
            for u in 0..<unitCount {
                let row = u * areaCount + a
                round.rankInArea[row] = Int32(base[u] ?? 0)
                guard base[u] != nil else { continue }
                if let summary = summaries?[u] { round.drawn[row] = summary }
                round.looMin[row] = looMin[u]
                round.looMax[row] = looMax[u]
            }
        }
        return round
    }

    /// ``weightedScore(count:gap:weight:)`` over plain gaps, with the weight of component
    /// `leftOut` (if any) taken as 0.
    @inline(__always)
    static func weightedScore(_ gaps: [Double?], weights: [Double], leftOut: Int?) -> Double? {
        weightedScore(count: gaps.count, gap: { gaps[$0] }, weight: { $0 == leftOut ? 0 : weights[$0] })
    }
}

/// One area of a scoring model, resolved against the data: per item the gap of each distinct
/// answer (by value id; nil = no gap counted), per request the answer to `requested`.
struct AreaPlan: Sendable {
    struct Item: Sendable {
        var question: Int?
        var gapOfValue: [Double?]
    }

    struct Request: Sendable {
        var question: Int?
        var requestedOfValue: [Bool?]
    }

    /// Per gap indicator, its items.
    var indicators: [[Item]]
    var request: Request?
    /// The components' weights: the gap indicators', then the request's.
    var weights: [Double]
    var totalWeight: Double

    init(area: ScoringModel.Area, data: SurveyData) {
        func answer(_ value: SurveyData.Value, _ question: String) -> StoredAnswer {
            StoredAnswer(
                round: "", country: "", questionID: question, options: value.options, number: value.number, text: value.text)
        }
        indicators = area.gaps.map { indicator in
            indicator.items.map { item in
                guard let q = data.questionIndex(of: item) else { return Item(question: nil, gapOfValue: []) }
                return Item(
                    question: q,
                    gapOfValue: data.values(of: q).enumerated().map { id, value in
                        id == 0 ? nil : Analyzer.itemGap(indicator, answer(value, item))
                    })
            }
        }
        request = area.request.map { request in
            guard let q = data.questionIndex(of: request.questionID) else {
                return Request(question: nil, requestedOfValue: [nil])
            }
            return Request(
                question: q,
                requestedOfValue: data.values(of: q).enumerated().map { id, value in
                    guard id != 0, !value.options.isEmpty else { return nil }
                    return value.options.contains(where: request.options.contains)
                })
        }
        weights = area.gaps.map(\.weight) + (area.request.map { [$0.weight] } ?? [])
        totalWeight = area.totalWeight
    }
}
