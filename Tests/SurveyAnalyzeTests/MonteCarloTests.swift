// The Monte Carlo's draws computed a unit at a time over arrays with one lane per draw (issue 29
// item 3) give the same bits as the one-draw-at-a-time loop they replaced, kept here as the
// reference: generated matrices with unanswered components, partial items drawn from several
// slots, weights of zero (no score in a draw), units with the same inputs, units without a need.
import SurveyModel
import Testing

@testable import SurveyAnalyze

extension DrawMatrix {
    /// The units grouped by their inputs through keys made of them, compared bit for bit (what
    /// ``representatives()`` did before its table of hashes).
    func referenceRepresentatives() -> (patternOfUnit: [Int], units: [Int]) {
        var patternOfUnit = [Int](repeating: -1, count: units)
        var representative: [Int] = []
        var patternOfKey: [[UInt64]: Int] = [:]
        for u in 0..<units where !need[u].isNaN {
            var key: [UInt64] = [need[u].bitPattern, demandKnown[u] ? 1 : 0]
            for k in 0..<components {
                let i = u * components + k
                key.append(UInt64(UInt32(bitPattern: count[i])))
                key.append(base[i].bitPattern)
                let start = i == 0 ? 0 : Int(termEnd[i - 1])
                key.append(UInt64(Int(termEnd[i]) - start))
                for t in start..<Int(termEnd[i]) {
                    key.append(UInt64(UInt32(bitPattern: termForm[t])) << 32 | UInt64(UInt32(bitPattern: termCount[t])))
                }
            }
            if let known = patternOfKey[key] {
                patternOfUnit[u] = known
            } else {
                patternOfUnit[u] = representative.count
                patternOfKey[key] = representative.count
                representative.append(u)
            }
        }
        return (patternOfUnit, representative)
    }

    func referenceSummarize(weights: [Double], partials: [Double], slots: Int, draws: Int, model: ScoringModel) -> [NeedDraws?] {
        let units = self.units
        guard draws > 0 else { return [NeedDraws?](repeating: nil, count: units) }
        let formCount = forms.fixed.count
        // Every draw's value of every form.
        var formValue = [Double](repeating: 0, count: draws * formCount)
        for d in 0..<draws {
            for f in 0..<formCount {
                var value = forms.fixed[f]
                for s in forms.slots[f] { value = max(value, partials[d * slots + s]) }
                formValue[d * formCount + f] = value
            }
        }
        let (patternOfUnit, representative) = referenceRepresentatives()
        var buffer = [Double](repeating: 0, count: draws)
        var gaps = [Double](repeating: .nan, count: components)
        let summaries = representative.map { u -> NeedDraws in
            let published = model.tierIndex(of: need[u])
            let publishedHigh = model.tiers[published].highNeed
            var tierChanges = 0
            var sideChanges = 0
            var valid = 0
            for d in 0..<draws {
                for k in 0..<components {
                    let i = u * components + k
                    guard count[i] > 0 else {
                        gaps[k] = .nan
                        continue
                    }
                    var sum = base[i]
                    for t in (i == 0 ? 0 : Int(termEnd[i - 1]))..<Int(termEnd[i]) {
                        sum += Double(termCount[t]) * formValue[d * formCount + Int(termForm[t])]
                    }
                    gaps[k] = sum / Double(count[i])
                }
                let score = Analyzer.weightedScore(
                    count: components, gap: { gaps[$0].isNaN ? nil : gaps[$0] }, weight: { weights[d * components + $0] })
                guard let score, !score.isNaN else {
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
            let drawn = buffer[0..<valid].sorted()
            return NeedDraws(
                needP5: drawn.isEmpty ? .nan : Analyzer.quantile(drawn, 0.05),
                needP95: drawn.isEmpty ? .nan : Analyzer.quantile(drawn, 0.95),
                pTierChange: Double(tierChanges) / Double(draws),
                pQuadrantChange: demandKnown[u] ? Double(sideChanges) / Double(draws) : 0)
        }
        return patternOfUnit.map { $0 < 0 ? nil : summaries[$0] }
    }
}


@Suite struct MonteCarloTests {
    static func bits(_ draws: NeedDraws?) -> [UInt64]? {
        draws.map { [$0.needP5.bitPattern, $0.needP95.bitPattern, $0.pTierChange.bitPattern, $0.pQuadrantChange.bitPattern] }
    }

    @Test func laneByLaneDrawsAreTheDrawsOneByOne() {
        var random = SplitMix64(seed: 25)
        let model = ScoringModel(id: "t", version: "1", areas: [])
        var compared = 0
        var drawnUnits = 0
        for _ in 0..<60 {
            let components = 1 + Int(random.next() % 5)
            let slots = 1 + Int(random.next() % 4)
            let draws = [1, 2, 7, 50, 200][Int(random.next() % 5)]
            var matrix = DrawMatrix(components: components)
            var units: [[(answered: Int, base: Double, partials: [Int32])]] = []
            for _ in 0..<Int(random.next() % 30) {
                if !units.isEmpty && random.next() % 4 == 0 {
                    units.append(units[Int(random.next() % UInt64(units.count))])  // the same inputs again
                    continue
                }
                units.append((0..<components).map { _ in
                    let answered = Int(random.next() % 4)
                    guard answered > 0 else { return (0, 0, []) }
                    let partial = Int(random.next() % UInt64(answered + 1))
                    var base = 0.0
                    for _ in 0..<(answered - partial) { base += [0, 0.5, 1][Int(random.next() % 3)] }
                    let forms = (0..<partial).map { _ -> Int32 in
                        let drawn = (0..<slots).filter { _ in random.next() % 2 == 0 }
                        let fixed = drawn.isEmpty ? [0, 0.25, 1][Int(random.next() % 3)] : [-Double.infinity, 0.5][Int(random.next() % 2)]
                        return matrix.forms.id(fixed: fixed, slots: drawn.isEmpty ? [0] : drawn)
                    }
                    return (answered, base, forms)
                })
            }
            for unit in units {
                for component in unit { matrix.appendComponent(answered: component.answered, base: component.base, partials: component.partials) }
                let need: Double? = random.next() % 6 == 0 ? nil : Double(random.next() % 10_001) / 100
                matrix.appendUnit(need: need, demandKnown: random.next() % 2 == 0)
            }
            let weights = (0..<(draws * components)).map { _ in random.next() % 5 == 0 ? 0 : Double(random.next() % 1000) / 250 }
            let partials = (0..<(draws * slots)).map { _ in Double(random.next() % 1_000_000) / 1_000_000 }
            let made = matrix.summarize(weights: weights, partials: partials, slots: slots, draws: draws, model: model)
            let reference = matrix.referenceSummarize(weights: weights, partials: partials, slots: slots, draws: draws, model: model)
            #expect(made.count == reference.count)
            for (a, b) in zip(made, reference) {
                #expect(Self.bits(a) == Self.bits(b))
                compared += 1
                if a != nil { drawnUnits += 1 }
            }
        }
        #expect(compared > 300 && drawnUnits > 200)
    }

    /// More distinct inputs than one chunk holds (``DrawMatrix/unitsPerChunk``): the chunks drawn
    /// on every core give the bits of the one-by-one reference, in unit order.
    @Test func chunksOnEveryCoreDrawAsOne() {
        var random = SplitMix64(seed: 4096)
        let model = ScoringModel(id: "t", version: "1", areas: [])
        let components = 3, slots = 2, draws = 9
        var matrix = DrawMatrix(components: components)
        let form = matrix.forms.id(fixed: 0.25, slots: [1])
        let units = 3 * DrawMatrix.unitsPerChunk + 77
        for _ in 0..<units {
            for _ in 0..<components {
                let answered = Int(random.next() % 4)
                matrix.appendComponent(
                    answered: answered, base: Double(random.next() % 1_000) / 1_000,
                    partials: answered > 1 && random.next() % 2 == 0 ? [form] : [])
            }
            matrix.appendUnit(need: random.next() % 9 == 0 ? nil : Double(random.next() % 10_001) / 100, demandKnown: random.next() % 2 == 0)
        }
        let weights = (0..<(draws * components)).map { _ in Double(random.next() % 1000) / 250 }
        let partials = (0..<(draws * slots)).map { _ in Double(random.next() % 1_000_000) / 1_000_000 }
        let made = matrix.summarize(weights: weights, partials: partials, slots: slots, draws: draws, model: model)
        let reference = matrix.referenceSummarize(weights: weights, partials: partials, slots: slots, draws: draws, model: model)
        #expect(matrix.representatives().units.count > 2 * DrawMatrix.unitsPerChunk)
        #expect(made.count == units && made.map(Self.bits) == reference.map(Self.bits))
    }

    /// The chunks' size: every core gets chunks once there are a few hundred distinct inputs
    /// (one chunk of 2,048 had left a core idle), chunks hold at least 64 and at most
    /// ``DrawMatrix/unitsPerChunk`` inputs, and together they cover every input.
    @Test func chunksShareTheInputsAmongTheCores() {
        for cores in [1, 2, 3, 8] {
            for distinct in [0, 1, 63, 64, 255, 256, 700, 1_500, 5_000, 20_000, 100_000, 1_000_000] {
                let size = DrawMatrix.unitsPerChunk(distinct: distinct, cores: cores)
                #expect(size >= 64 && size <= DrawMatrix.unitsPerChunk, "\(distinct) on \(cores)")
                let chunks = (distinct + size - 1) / size
                #expect(chunks * size >= distinct)
                if distinct >= 64 * 4 * cores && distinct <= DrawMatrix.unitsPerChunk * 4 * cores {
                    #expect(chunks >= 4 * cores - 1 && chunks <= 4 * cores, "\(distinct) on \(cores): \(chunks) chunks")
                }
                if distinct >= 2 * 64 * cores { #expect(chunks >= 2 * cores, "\(distinct) on \(cores): \(chunks) chunks") }
            }
        }
    }

    /// Units grouped by their inputs through the table of hashes are the groups keys of their
    /// inputs give: units that differ in one field only (the sign of a zero, one term's count or
    /// form, a term more, whether the demand is known, the need's last bit), many exact copies,
    /// units without a need, thousands of units (the table grown, probes past collisions).
    @Test func representativesAreTheGroupsOfEqualInputs() {
        var random = SplitMix64(seed: 2912)
        var groups = 0
        var units = 0
        var joined = 0  // units in the group of an earlier one
        for size in [0, 1, 2, 17, 300, 5_000] {
            for _ in 0..<6 {
                let components = 1 + Int(random.next() % 4)
                var matrix = DrawMatrix(components: components)
                matrix.reserve(units: size)
                let form = matrix.forms.id(fixed: 0.5, slots: [0])
                let other = matrix.forms.id(fixed: 0.25, slots: [1])
                typealias Unit = (components: [(answered: Int, base: Double, partials: [Int32])], need: Double?, known: Bool)
                var made: [Unit] = []
                for _ in 0..<size {
                    if !made.isEmpty, random.next() % 3 == 0 {
                        var unit = made[Int(random.next() % UInt64(made.count))]
                        let k = Int(random.next() % UInt64(components))
                        switch random.next() % 7 {
                        case 0: unit.components[k].base = unit.components[k].base == 0 ? -0.0 : 0
                        case 1: unit.components[k].partials.append(form)
                        case 2: unit.components[k].partials = unit.components[k].partials.isEmpty ? [other] : unit.components[k].partials.map { $0 == form ? other : form }
                        case 3: unit.known.toggle()
                        case 4: unit.need = unit.need.map { Double(bitPattern: $0.bitPattern ^ 1) } ?? 1
                        case 5: unit.components[k].answered += 1
                        default: break  // an exact copy
                        }
                        made.append(unit)
                        continue
                    }
                    made.append((
                        (0..<components).map { _ in
                            (Int(random.next() % 3), [0, 0.5, 1, -0.0][Int(random.next() % 4)], (0..<Int(random.next() % 3)).map { _ in random.next() % 2 == 0 ? form : other })
                        },
                        random.next() % 8 == 0 ? nil : Double(random.next() % 5) * 12.5, random.next() % 2 == 0))
                }
                for unit in made {
                    for c in unit.components { matrix.appendComponent(answered: c.answered, base: c.base, partials: c.partials) }
                    matrix.appendUnit(need: unit.need, demandKnown: unit.known)
                }
                let table = matrix.representatives(), keys = matrix.referenceRepresentatives()
                #expect(table.patternOfUnit == keys.patternOfUnit && table.units == keys.units, "\(size) units, \(components) components")
                groups += keys.units.count
                units += size
                joined += table.patternOfUnit.filter { $0 >= 0 }.count - table.units.count
            }
        }
        #expect(units > 30_000 && groups > 1_000 && joined > 3_000, "\(units) units, \(groups) groups, \(joined) joined")
    }

    /// The percentiles from selected order statistics are those of the sorted draws, bit for bit:
    /// every length from 1 to 60 and a thousand, with many equal values, negative zero, extremes.
    @Test func selectedPercentilesAreTheSortedOnes() {
        var random = SplitMix64(seed: 95)
        var checked = 0
        for length in Array(1...60) + [999, 1000] {
            for round in 0..<40 {
                let pool = round % 3 == 0 ? [0.0, -0.0, 1, 1, 2] : [-1e300, 0.1, 0.2, 50, 60, 99.9, 1e300]
                let values = (0..<length).map { _ in
                    round % 2 == 0 ? pool[Int(random.next() % UInt64(pool.count))] : Double(random.next() % 10_000) / 100
                }
                let sorted = values.sorted()
                var scratch = values + [Double](repeating: .nan, count: 3)  // beyond `count`: never read
                let (p5, p95) = DrawMatrix.percentiles5And95(&scratch, count: length)
                #expect(p5.bitPattern == Analyzer.quantile(sorted, 0.05).bitPattern, "\(values)")
                #expect(p95.bitPattern == Analyzer.quantile(sorted, 0.95).bitPattern, "\(values)")
                #expect(scratch[..<length].sorted() == sorted, "the values are only reordered")
                checked += 1
            }
        }
        #expect(checked == 62 * 40)
    }
}

