// The uncertainty of one round's needs. The Monte Carlo: per draw, every weight perturbed and
// every declared partial gap value drawn in its range, in the seed's one order; per country ×
// area, the 5th and 95th percentile of its drawn needs and the share of draws whose tier (or
// quadrant) differs from the published one. Beside it, two deterministic analyses: each gap
// indicator left out in turn (the tiers seen) and the missing items read as all gaps / no gaps.
// No ranks: a country's figures depend on its own answers and the draws, never on other countries.

import Foundation
import SurveyModel

extension Analyzer {
    /// Every draw's parameters, per area of the model (model order): `weights` (draws × the
    /// area's gap indicators) and `partials` (draws × the area's ``ScoringModel/Area/partialSlots``),
    /// drawn in the seed's one order: draw by draw, area by area, the weights then the partial
    /// values. The stream depends on the model and the round id only, so one country's figures
    /// can be recomputed alone (`legisurvey explain priority`).
    static func drawParameters(model: ScoringModel, round: String) -> [(weights: [Double], partials: [Double])] {
        var generator = SplitMix64(seed: model.robustness.seed ^ fnv1a(round))
        let r = model.robustness.perturbation
        let draws = model.robustness.draws
        let slots = model.areas.map { $0.partialSlots.map(\.range) }
        var parameters = model.areas.indices.map { a in
            (weights: [Double](reserveCapacity: draws * model.areas[a].gaps.count),
             partials: [Double](reserveCapacity: draws * slots[a].count))
        }
        for _ in 0..<draws {
            for (a, area) in model.areas.enumerated() {
                for indicator in area.gaps { parameters[a].weights.append(indicator.weight * (1 - r + 2 * r * generator.unit())) }
                for range in slots[a] {
                    parameters[a].partials.append(range.lowerBound + (range.upperBound - range.lowerBound) * generator.unit())
                }
            }
        }
        return parameters
    }

    /// The Monte Carlo of one round: per area (model order) and unit (matrix order), its summary.
    /// The areas one after the other, each on every core.
    static func monteCarlo(_ matrices: [DrawMatrix], model: ScoringModel, round: String) -> [[NeedDraws?]] {
        let parameters = drawParameters(model: model, round: round)
        return matrices.indices.map { a in
            matrices[a].summarize(
                weights: parameters[a].weights, partials: parameters[a].partials,
                slots: model.areas[a].partialSlots.count, draws: model.robustness.draws, model: model)
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

    /// One item's gap and what of it the Monte Carlo draws: nil when not answered; else the
    /// point gap (``itemGap(_:_:)``), the largest gap of its counted codes without a declared
    /// range (−∞ when none) and the slots (in ``ScoringModel/Area/partialSlots``) of those with
    /// one. `slotOfCode`: the indicator's ranged codes → slot. A number is never drawn.
    static func itemGapTerm(
        _ indicator: ScoringModel.GapIndicator, slotOfCode: [String: Int], _ answer: StoredAnswer?
    ) -> (gap: Double, fixed: Double, drawn: [Int])? {
        guard let gap = itemGap(indicator, answer) else { return nil }
        guard let answer, answer.number == nil, !slotOfCode.isEmpty else { return (gap, gap, []) }
        var fixed = -Double.infinity
        var drawn: [Int] = []
        for code in answer.options where !indicator.notCounted.contains(code) {
            if let slot = slotOfCode[code] {
                if !drawn.contains(slot) { drawn.append(slot) }
            } else {
                fixed = max(fixed, indicator.gapByOption[code] ?? 0)
            }
        }
        return drawn.isEmpty ? (gap, gap, []) : (gap, fixed, drawn.sorted())
    }

    /// Per gap indicator of `area` (model order): its ranged codes → slot in ``ScoringModel/Area/partialSlots``.
    static func slotsOfCodes(_ area: ScoringModel.Area) -> [[String: Int]] {
        var result = [[String: Int]](repeating: [:], count: area.gaps.count)
        for (slot, partial) in area.partialSlots.enumerated() { result[partial.indicator][partial.code] = slot }
        return result
    }

    /// The need's tiers with each gap indicator left out in turn, and with none: the lowest and
    /// highest tier seen (as indices into the model's tiers, highest tier first, so `highest` ≤
    /// `lowest`); nil without a need. The coverage minimum is not applied again: this shows how
    /// much the tier rests on one indicator.
    static func leaveOneOutTiers(_ gaps: [Double?], weights: [Double], model: ScoringModel) -> (highest: Int, lowest: Int)? {
        guard let need = weightedScore(gaps, weights: weights, leftOut: nil) else { return nil }
        var highest = model.tierIndex(of: need)
        var lowest = highest
        for left in gaps.indices where gaps[left] != nil {
            guard let without = weightedScore(gaps, weights: weights, leftOut: left) else { continue }
            let tier = model.tierIndex(of: without)
            highest = min(highest, tier)
            lowest = max(lowest, tier)
        }
        return (highest, lowest)
    }

    /// The need with every missing item of the area read as a full gap, and as no gap (then every
    /// gap indicator counts, with its model weight); nil when nothing is missing. `gaps`: each
    /// indicator's mean over its `answered` items (nil: none answered); `total`: its items.
    static func missingScenarios(
        _ gaps: [Double?], answered: [Int], total: [Int], weights: [Double]
    ) -> (allGaps: Double, noGaps: Double)? {
        guard zip(answered, total).contains(where: { $0 < $1 }) else { return nil }
        var full: [Double?] = []
        var none: [Double?] = []
        for k in gaps.indices {
            guard total[k] > 0 else {
                full.append(nil)
                none.append(nil)
                continue
            }
            let sum = (gaps[k] ?? 0) * Double(answered[k])
            full.append((sum + Double(total[k] - answered[k])) / Double(total[k]))
            none.append(sum / Double(total[k]))
        }
        guard let high = weightedScore(full, weights: weights, leftOut: nil),
            let low = weightedScore(none, weights: weights, leftOut: nil)
        else { return nil }
        return (high, low)
    }
}

/// What the Monte Carlo says of one unit in one area: the 5th and 95th percentile (type 7) of its
/// drawn needs, the share of draws whose tier differs from the published tier, and the share whose
/// high-need side differs (the quadrant changes; 0 when the demand is unknown).
struct NeedDraws: Sendable, Equatable {
    var needP5: Double
    var needP95: Double
    var pTierChange: Double
    var pQuadrantChange: Double
}

/// The partial answers of one area whose gap the Monte Carlo draws: each form is an item's gap in
/// a draw, the largest of `fixed` and the drawn values of its `slots`.
struct PartialForms: Sendable {
    var fixed: [Double] = []
    var slots: [[Int]] = []
    private var index: [PartialFormKey: Int32] = [:]

    private struct PartialFormKey: Hashable {
        var fixed: UInt64
        var slots: [Int]
    }

    /// The id of a form, added when new.
    mutating func id(fixed value: Double, slots drawn: [Int]) -> Int32 {
        let key = PartialFormKey(fixed: value.bitPattern, slots: drawn)
        if let known = index[key] { return known }
        let id = Int32(fixed.count)
        fixed.append(value)
        slots.append(drawn)
        index[key] = id
        return id
    }
}

/// One area's Monte Carlo input, unit by unit: per unit and gap indicator, the answered items,
/// the sum of their fixed gaps and the partial items (form, how many); per unit, the published need
/// (NaN: none, not drawn) and whether its demand is known. A few numbers per unit, no strings.
struct DrawMatrix: Sendable {
    var components: Int
    var forms = PartialForms()
    /// Per unit × component.
    var count: [Int32] = []
    var base: [Double] = []
    /// Per unit × component, the end of its terms in `termForm` / `termCount`.
    var termEnd: [Int32] = []
    var termForm: [Int32] = []
    var termCount: [Int32] = []
    /// Per unit.
    var need: [Double] = []
    var demandKnown: [Bool] = []

    init(components: Int, forms: PartialForms = PartialForms()) {
        self.components = components
        self.forms = forms
    }

    /// Room for `units` units made at once (grown one by one, each array was copied as it
    /// doubled, and kept up to twice the room it needed through the Monte Carlo).
    mutating func reserve(units: Int) {
        count.reserveCapacity(units * components)
        base.reserveCapacity(units * components)
        termEnd.reserveCapacity(units * components)
        need.reserveCapacity(units)
        demandKnown.reserveCapacity(units)
    }

    var units: Int { need.count }

    /// Adds one component of the next unit: `answered` items, `base` the sum of the fixed gaps
    /// (in item order), `partials` the form of each partial item (item order).
    mutating func appendComponent(answered: Int, base fixedSum: Double, partials: [Int32]) {
        count.append(Int32(answered))
        base.append(fixedSum)
        var seen: [(form: Int32, count: Int32)] = []
        for form in partials {
            if let i = seen.firstIndex(where: { $0.form == form }) { seen[i].count += 1 } else { seen.append((form, 1)) }
        }
        for term in seen {
            termForm.append(term.form)
            termCount.append(term.count)
        }
        termEnd.append(Int32(termForm.count))
    }

    /// Ends the unit whose components were just appended.
    mutating func appendUnit(need published: Double?, demandKnown known: Bool) {
        need.append(published ?? .nan)
        demandKnown.append(known)
    }

    /// The most distinct inputs drawn per chunk (``summarize(weights:partials:slots:draws:model:)``'s
    /// share of work for one core at a time).
    static let unitsPerChunk = 2_048

    /// Distinct inputs per chunk for `distinct` inputs on `cores` cores: about four chunks per
    /// core, so that every core draws (one chunk of 2,048 left the other core idle for the
    /// 10,000 inbox's areas, a fifth of a second) and the last chunks even out; at least 64
    /// inputs, at most ``unitsPerChunk``. Which chunk draws a unit changes nothing it gets.
    static func unitsPerChunk(distinct: Int, cores: Int) -> Int {
        let even = (distinct + 4 * max(1, cores) - 1) / (4 * max(1, cores))
        return min(unitsPerChunk, max(64, even))
    }

    /// Per unit: its summary, nil without a published need. Units with the same input are drawn
    /// once, in chunks on every core.
    ///
    /// A unit's draws are computed together, component by component, over arrays with one lane
    /// per draw (the forms' values and the weights laid out draws-contiguous), so the inner loops
    /// are plain arithmetic over contiguous memory that the compiler vectorizes. Each draw sees
    /// the same operations in the same order as the one-draw-at-a-time loop it replaced
    /// (``Analyzer/weightedScore(count:gap:weight:)``'s sums over the answered components in
    /// component order), so the same bits: `MonteCarloTests` compares the two.
    func summarize(weights: [Double], partials: [Double], slots: Int, draws: Int, model: ScoringModel) -> [NeedDraws?] {
        let units = self.units
        guard draws > 0 else { return [NeedDraws?](repeating: nil, count: units) }
        let formCount = forms.fixed.count
        // Every form's value in every draw, form by form (a form's draws contiguous).
        var formValueMade = [Double](repeating: 0, count: draws * formCount)
        for f in 0..<formCount {
            for d in 0..<draws {
                var value = forms.fixed[f]
                for s in forms.slots[f] { value = max(value, partials[d * slots + s]) }
                formValueMade[f * draws + d] = value
            }
        }
        // Every component's weight in every draw, component by component.
        var weightOfMade = [Double](repeating: 0, count: draws * components)
        for d in 0..<draws {
            for k in 0..<components { weightOfMade[k * draws + d] = weights[d * components + k] }
        }
        let representative = representatives()
        let (formValue, weightOf) = (formValueMade, weightOfMade)
        // The distinct inputs in chunks, on every core: each chunk's draws in buffers of its own.
        let perChunk = Self.unitsPerChunk(
            distinct: representative.units.count, cores: ProcessInfo.processInfo.activeProcessorCount)
        let chunkCount = (representative.units.count + perChunk - 1) / perChunk
        let chunks = ConcurrentResults.compute(count: chunkCount) { chunk -> [NeedDraws] in
            var gap = [Double](repeating: 0, count: draws)
            var numerator = [Double](repeating: 0, count: draws)
            var denominator = [Double](repeating: 0, count: draws)
            var buffer = [Double](repeating: 0, count: draws)
            let units = representative.units[(chunk * perChunk)..<min(representative.units.count, (chunk + 1) * perChunk)]
            return units.map { u -> NeedDraws in
                numerator.withUnsafeMutableBufferPointer { numerator in
                    denominator.withUnsafeMutableBufferPointer { denominator in
                        gap.withUnsafeMutableBufferPointer { gap in
                            formValue.withUnsafeBufferPointer { formValue in
                                weightOf.withUnsafeBufferPointer { weightOf in
                                    for d in 0..<draws {
                                        numerator[d] = 0
                                        denominator[d] = 0
                                    }
                                    for k in 0..<components {
                                        let i = u * components + k
                                        guard count[i] > 0 else { continue }  // not answered: no gap in any draw
                                        let fixedSum = base[i]
                                        for d in 0..<draws { gap[d] = fixedSum }
                                        for t in (i == 0 ? 0 : Int(termEnd[i - 1]))..<Int(termEnd[i]) {
                                            let times = Double(termCount[t])
                                            let values = Int(termForm[t]) * draws
                                            for d in 0..<draws { gap[d] += times * formValue[values + d] }
                                        }
                                        let items = Double(count[i])
                                        let weights = k * draws
                                        for d in 0..<draws {
                                            let value = gap[d] / items
                                            // A gap that is not a number counts as not answered in that draw.
                                            if !value.isNaN {
                                                numerator[d] += weightOf[weights + d] * value
                                                denominator[d] += weightOf[weights + d]
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                let published = model.tierIndex(of: need[u])
                let publishedHigh = model.tiers[published].highNeed
                var tierChanges = 0
                var sideChanges = 0
                var valid = 0
                for d in 0..<draws {
                    let score = denominator[d] > 0 ? 100 * numerator[d] / denominator[d] : Double.nan
                    guard !score.isNaN else {
                        tierChanges += 1
                        sideChanges += 1
                        continue
                    }
                    buffer[valid] = score
                    valid += 1
                    let tier = model.tierIndex(of: score)
                    if tier != published { tierChanges += 1 }
                    if model.tiers[tier].highNeed != publishedHigh { sideChanges += 1 }
                }
                let (p5, p95) = valid == 0 ? (Double.nan, Double.nan) : Self.percentiles5And95(&buffer, count: valid)
                return NeedDraws(
                    needP5: p5,
                    needP95: p95,
                    pTierChange: Double(tierChanges) / Double(draws),
                    pQuadrantChange: demandKnown[u] ? Double(sideChanges) / Double(draws) : 0)
            }
        }
        var summaries: [NeedDraws] = []
        summaries.reserveCapacity(representative.units.count)
        for chunk in chunks { summaries += chunk }
        return representative.patternOfUnit.map { $0 < 0 ? nil : summaries[$0] }
    }

    /// The 5th and 95th percentiles (type 7, as ``Analyzer/quantile(_:_:)`` gives them from the
    /// sorted values) of `values[0..<count]`, which it reorders: the four order statistics they
    /// need are selected (quickselect) instead of sorting every draw (sorting was four fifths of
    /// the Monte Carlo). The same values, so the same bits.
    static func percentiles5And95(_ values: inout [Double], count: Int) -> (Double, Double) {
        values.withUnsafeMutableBufferPointer { values in
            var selectedFrom = 0
            func quantile(_ p: Double) -> Double {
                let h = Double(count - 1) * p
                let low = Int(h.rounded(.down))
                let high = min(low + 1, count - 1)
                if low >= selectedFrom { select(values, low, from: selectedFrom, to: count) }
                selectedFrom = low + 1
                // The next order statistic: the least of what follows the selected one.
                var next = values[low]
                if high > low {
                    next = values[high]
                    for index in (high + 1)..<count where values[index] < next { next = values[index] }
                }
                return values[low] + (h - Double(low)) * (next - values[low])
            }
            let p5 = quantile(0.05)
            return (p5, quantile(0.95))
        }
    }

    /// Reorders `values[from..<to]` so that `values[k]` holds the value sorting would put there,
    /// with none greater before it and none less after it (Hoare's selection, median of three).
    static func select(_ values: UnsafeMutableBufferPointer<Double>, _ k: Int, from: Int, to: Int) {
        var low = from
        var high = to - 1
        while high > low {
            let middle = low + (high - low) / 2
            // The median of the first, middle and last as the pivot.
            if values[middle] < values[low] { values.swapAt(middle, low) }
            if values[high] < values[low] { values.swapAt(high, low) }
            if values[high] < values[middle] { values.swapAt(high, middle) }
            let pivot = values[middle]
            var i = low
            var j = high
            while i <= j {
                while values[i] < pivot { i += 1 }
                while pivot < values[j] { j -= 1 }
                if i <= j {
                    values.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j {
                high = j
            } else if k >= i {
                low = i
            } else {
                return
            }
        }
    }

    /// The units with a published need grouped by their inputs, compared bit for bit: per unit
    /// its group (−1: no need), and one unit of each group, in order of first appearance.
    ///
    /// Found through a table of hashes of the inputs (open addressing, a unit's slot holds the
    /// representative of its group), each candidate compared with the unit field by field: no
    /// key made per unit. Keys as arrays of the inputs were one allocation per unit and most of
    /// the priorities' memory at 500,000 respondents (a quarter of a million keys per area and
    /// round, two areas at once).
    func representatives() -> (patternOfUnit: [Int], units: [Int]) {
        var patternOfUnit = [Int](repeating: -1, count: units)
        var representative: [Int] = []
        var capacity = 16
        while capacity < 2 * units { capacity <<= 1 }
        let mask = capacity - 1
        // The group (index into `representative`) in each slot; -1 empty.
        var slots = [Int32](repeating: -1, count: capacity)
        for u in 0..<units where !need[u].isNaN {
            var slot = Int(truncatingIfNeeded: inputHash(u)) & mask
            while true {
                let group = Int(slots[slot])
                if group < 0 {
                    slots[slot] = Int32(representative.count)
                    patternOfUnit[u] = representative.count
                    representative.append(u)
                    break
                }
                if sameInputs(u, representative[group]) {
                    patternOfUnit[u] = group
                    break
                }
                slot = (slot + 1) & mask
            }
        }
        return (patternOfUnit, representative)
    }

    /// The terms of component row `i` (a unit × component index) in `termForm` / `termCount`.
    private func terms(_ i: Int) -> Range<Int> { (i == 0 ? 0 : Int(termEnd[i - 1]))..<Int(termEnd[i]) }

    /// A hash of unit `u`'s inputs (its need, whether its demand is known, each component's
    /// count, fixed sum and terms): equal inputs, equal hashes. Fixed (no per-process seed), so
    /// the table probes the same way in every run.
    private func inputHash(_ u: Int) -> UInt64 {
        var hash: UInt64 = 0x9e37_79b9_7f4a_7c15
        func mix(_ value: UInt64) {
            hash = (hash ^ value) &* 0xbf58_476d_1ce4_e5b9
            hash ^= hash >> 31
        }
        mix(need[u].bitPattern)
        mix(demandKnown[u] ? 1 : 0)
        for k in 0..<components {
            let i = u * components + k
            mix(UInt64(UInt32(bitPattern: count[i])))
            mix(base[i].bitPattern)
            let range = terms(i)
            mix(UInt64(range.count))
            for t in range { mix(UInt64(UInt32(bitPattern: termForm[t])) << 32 | UInt64(UInt32(bitPattern: termCount[t]))) }
        }
        return hash
    }

    /// Whether units `u` and `v` have the same inputs, bit for bit.
    private func sameInputs(_ u: Int, _ v: Int) -> Bool {
        guard need[u].bitPattern == need[v].bitPattern, demandKnown[u] == demandKnown[v] else { return false }
        for k in 0..<components {
            let i = u * components + k, j = v * components + k
            guard count[i] == count[j], base[i].bitPattern == base[j].bitPattern else { return false }
            let a = terms(i), b = terms(j)
            guard a.count == b.count else { return false }
            for (s, t) in zip(a, b) where termForm[s] != termForm[t] || termCount[s] != termCount[t] { return false }
        }
        return true
    }
}

extension Array where Element == Double {
    init(reserveCapacity capacity: Int) {
        self.init()
        reserveCapacity(capacity)
    }
}
