import Foundation
@testable import SurveyAnalyze
import SurveyModel
import SurveyTestSupport
import Testing

// Issue 25 item 5: the uncertainty columns of the priority tables. The Monte Carlo (weights
// perturbed, partial gap values drawn in their declared `gap_range`), the tiers with each gap
// indicator left out, and the missing items read as all gaps / no gaps. Expectations are worked
// out by hand from `UncertaintyFixture` (arithmetic in the comments), or by this file's own plain
// Monte Carlo (`PlainMonteCarlo`: every draw's need from the answers, item by item).

/// One area, gap weight 1 + 1 + 2 = 4, tiers high ≥ 60, medium ≥ 30, low (the defaults):
///
///     law        w 1  ch3_specific_law; gap {no: 1, draft: 0.75, partly: 0.5}, draft drawn in [0.5, 1.0]
///     framework  w 1  ch3_framework_sufficient; gap {not_sufficient: 1, partly: 0.5} (no range)
///     acts       w 2  ch4_illegal_access, ch4_illegal_interception, ch4_data_interference;
///                     gap {not_criminalized: 1}
///     request         ta_legislative_drafting_requested (yes/no)
///
/// One round ("2026"); the model's coverage minimum is 0 unless a test sets it.
///
///               law    framework       acts (3 items)          request  need
///     FULL      no     not_sufficient  nc nc nc                yes      100
///     NONE      yes    sufficient      cs cs cs                no       0
///     HIGHDRAFT draft  not_sufficient  nc nc nc                yes      100·(0.75 + 1 + 2)/4 = 93.75
///     DRAFT     draft  -               - - -                   yes      75
///     DRAFTU    draft  -               - - -                   -        75
///     MISSING   no     -               nc cs -                 yes      100·(1 + 2·0.5)/3 = 66.67
///     LOO1      no     not_sufficient  cs cs cs                no       100·(1 + 1)/4 = 50
///     LOO2      no     sufficient      gen gen gen             yes      100·1/4 = 25
///     ONLYACT   -      -               nc - -                  -        100·1/1 = 100 (coverage 0.5)
///
/// (nc = not_criminalized, cs = cyber_specific, gen = general: a legal form, gap 0.)
enum UncertaintyFixture {
    static let round = "2026"
    static let acts = ["ch4_illegal_access", "ch4_illegal_interception", "ch4_data_interference"]

    static func area(ranges: Bool) -> ScoringModel.Area {
        ScoringModel.Area(
            id: "legislation", label: "Legislation", chapters: [.legislation, .criminalization], pillar: "regulatory_framework",
            gaps: [
                ScoringModel.GapIndicator(
                    id: "law", label: "No law", weight: 1, items: ["ch3_specific_law"],
                    gapByOption: ["no": 1, "draft": 0.75, "partly": 0.5], gapRange: ranges ? ["draft": 0.5...1.0] : [:]),
                ScoringModel.GapIndicator(
                    id: "framework", label: "Framework insufficient", weight: 1, items: ["ch3_framework_sufficient"],
                    gapByOption: ["not_sufficient": 1, "partly": 0.5]),
                ScoringModel.GapIndicator(
                    id: "acts", label: "Acts not criminalized", weight: 2, items: acts, gapByOption: ["not_criminalized": 1],
                    notCounted: ["unknown"]),
            ],
            request: ScoringModel.Request(questions: ["ta_legislative_drafting_requested"], weight: 0))
    }

    static func model(seed: UInt64 = 2026, perturbation: Double = 0.25, ranges: Bool = true, coverageMinimum: Double = 0)
        -> ScoringModel
    {
        ScoringModel(
            id: "uncertainty", version: "1",
            robustness: ScoringModel.Robustness(perturbation: perturbation, draws: 1000, seed: seed),
            areas: [area(ranges: ranges)], coverageMinimum: coverageMinimum)
    }

    /// Country → (law, framework, acts, request); nil = not answered.
    static let answers: [String: (String?, String?, [String?], String?)] = [
        "FULL": ("no", "not_sufficient", ["not_criminalized", "not_criminalized", "not_criminalized"], "yes"),
        "NONE": ("yes", "sufficient", ["cyber_specific", "cyber_specific", "cyber_specific"], "no"),
        "HIGHDRAFT": ("draft", "not_sufficient", ["not_criminalized", "not_criminalized", "not_criminalized"], "yes"),
        "DRAFT": ("draft", nil, [nil, nil, nil], "yes"),
        "DRAFTU": ("draft", nil, [nil, nil, nil], nil),
        "MISSING": ("no", nil, ["not_criminalized", "cyber_specific", nil], "yes"),
        "LOO1": ("no", "not_sufficient", ["cyber_specific", "cyber_specific", "cyber_specific"], "no"),
        "LOO2": ("no", "sufficient", ["general", "general", "general"], "yes"),
        "ONLYACT": (nil, nil, ["not_criminalized", nil, nil], nil),
    ]

    static var data: AnswerMatrix {
        var stored: [StoredAnswer] = []
        func add(_ country: String, _ question: String, _ code: String?) {
            guard let code else { return }
            stored.append(StoredAnswer(round: round, country: country, questionID: question, options: [code], number: nil, text: nil))
        }
        for (country, (law, framework, acts, request)) in answers {
            add(country, "ch3_specific_law", law)
            add(country, "ch3_framework_sufficient", framework)
            for (item, code) in zip(Self.acts, acts) { add(country, item, code) }
            add(country, "ta_legislative_drafting_requested", request)
        }
        return AnswerMatrix(
            answers: stored, submissions: answers.keys.sorted().map { AcceptedSubmission(round: round, country: $0) })
    }

    static func rows(_ model: ScoringModel) -> [PriorityScore] {
        PriorityFixture.analyzer.rowByRowPriorities(from: data, model: model)
    }
}

extension [PriorityScore] {
    func legislation(_ country: String) throws -> PriorityScore { try #require(row(country, "legislation")) }
}

/// A Monte Carlo written plainly from the method's text, the oracle of the tables' columns: the
/// round's generator (seed XOR FNV-1a of the round id); per draw, area by area in model order,
/// each gap indicator's weight × U[1 − p, 1 + p], then each declared range (indicators in order,
/// codes sorted) drawn uniformly; per unit, every draw's need from its answers item by item (a
/// ranged code's gap is the draw's value, the item's gap the largest of its counted codes',
/// the indicator's gap the mean over its answered items). Type-7 quantiles; a tier or a
/// high-need side that differs from the published one counts as a change.
enum PlainMonteCarlo {
    struct Summary {
        var p5: Double
        var p95: Double
        var tierChanges: Int
        var sideChanges: Int
    }

    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }

    static func tier(_ need: Double, _ model: ScoringModel) -> Int {
        let key = (need * 1e9).rounded() / 1e9
        return model.tiers.firstIndex { key >= $0.from } ?? model.tiers.count - 1
    }

    static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        let h = Double(sorted.count - 1) * p
        let low = Int(h)
        let high = Swift.min(low + 1, sorted.count - 1)
        return sorted[low] + (h - Double(low)) * (sorted[high] - sorted[low])
    }

    /// Per row with a need (keyed `country/area`): its summary. `rows` give the published need and
    /// the demand.
    static func summaries(_ data: AnswerMatrix, model: ScoringModel, round: String, rows: [PriorityScore]) -> [String: Summary] {
        var generator = SplitMix64(seed: model.robustness.seed ^ fnv1a(round))
        let r = model.robustness.perturbation
        // Per area: per draw, the weights and the ranged codes' values (indicator, code) → value.
        var weights = [[[Double]]](repeating: [], count: model.areas.count)
        var values = [[[String: Double]]](repeating: [], count: model.areas.count)
        for _ in 0..<model.robustness.draws {
            for (a, area) in model.areas.enumerated() {
                weights[a].append(area.gaps.map { $0.weight * (1 - r + 2 * r * generator.unit()) })
                var drawn: [String: Double] = [:]
                for (k, indicator) in area.gaps.enumerated() {
                    for code in indicator.gapRange.keys.sorted() {
                        let range = indicator.gapRange[code]!
                        drawn["\(k) \(code)"] = range.lowerBound + (range.upperBound - range.lowerBound) * generator.unit()
                    }
                }
                values[a].append(drawn)
            }
        }
        var result: [String: Summary] = [:]
        for row in rows where row.round == round {
            guard let need = row.score, let a = model.areas.firstIndex(where: { $0.id == row.area }) else { continue }
            let area = model.areas[a]
            let answers = data.answers(of: row.country, in: round)
            var needs: [Double] = []
            for d in 0..<model.robustness.draws {
                var numerator = 0.0
                var denominator = 0.0
                for (k, indicator) in area.gaps.enumerated() {
                    var gaps: [Double] = []
                    for item in indicator.items {
                        guard let answer = answers[item] else { continue }
                        if answer.number != nil {
                            if let gap = Analyzer.itemGap(indicator, answer) { gaps.append(gap) }
                            continue
                        }
                        let counted = answer.options.filter { !indicator.notCounted.contains($0) }
                        guard !counted.isEmpty else { continue }
                        gaps.append(counted.map { values[a][d]["\(k) \($0)"] ?? indicator.gapByOption[$0] ?? 0 }.max()!)
                    }
                    guard !gaps.isEmpty else { continue }
                    numerator += weights[a][d][k] * gaps.reduce(0, +) / Double(gaps.count)
                    denominator += weights[a][d][k]
                }
                needs.append(100 * numerator / denominator)
            }
            let published = tier(need, model)
            let sorted = needs.sorted()
            result["\(row.country)/\(row.area)"] = Summary(
                p5: quantile(sorted, 0.05), p95: quantile(sorted, 0.95),
                tierChanges: needs.filter { tier($0, model) != published }.count,
                sideChanges: row.requested == nil
                    ? 0 : needs.filter { model.tiers[tier($0, model)].highNeed != model.tiers[published].highNeed }.count)
        }
        return result
    }
}

@Suite struct PriorityUncertaintyTests {
    @Test func theSameSeedGivesTheSameColumnsAnotherSeedOthers() throws {
        let first = UncertaintyFixture.rows(UncertaintyFixture.model(seed: 7))
        let again = UncertaintyFixture.rows(UncertaintyFixture.model(seed: 7))
        let other = UncertaintyFixture.rows(UncertaintyFixture.model(seed: 8))
        #expect(first.count == UncertaintyFixture.answers.count && again.count == first.count && other.count == first.count)
        func bits(_ value: Double?) -> UInt64? { value?.bitPattern }
        func columns(_ row: PriorityScore) -> [UInt64?] {
            [bits(row.needP5), bits(row.needP95), bits(row.pTierChange), bits(row.pQuadrantChange)]
        }
        for (a, b) in zip(first, again) {
            #expect(a.country == b.country && columns(a) == columns(b), "\(a.country)")
        }
        // DRAFT's need is 100 × its drawn draft value (one indicator: the weights cancel): other
        //   uniform draws give other percentiles and another count of draws below 60.
        let draft = try first.legislation("DRAFT")
        let draftOther = try other.legislation("DRAFT")
        #expect(columns(draft) != columns(draftOther))
        #expect(first.map(columns) != other.map(columns))
        // The compact scores of a run give the same columns, bit for bit.
        let compact = PriorityFixture.analyzer.compactPriorityScores(
            from: UncertaintyFixture.data, model: UncertaintyFixture.model(seed: 7))
        var rows: [PriorityScore] = []
        compact.forEachRow { rows.append($0) }
        #expect(rows == first)
    }

    @Test func aNeedFarFromEveryBandNeverChangesTierOrQuadrant() throws {
        let rows = UncertaintyFixture.rows(UncertaintyFixture.model())
        // FULL: every gap 1 → 100·Σf·1/Σf = 100 in every draw. NONE: 0 in every draw.
        let full = try rows.legislation("FULL")
        #expect(close(full.score, 100) && full.tier == "high" && full.quadrant == .plan)
        #expect(full.pTierChange == 0 && full.pQuadrantChange == 0)
        #expect(close(full.needP5, 100) && close(full.needP95, 100))
        let none = try rows.legislation("NONE")
        #expect(none.score == 0 && none.tier == "low" && none.quadrant == .neither)
        #expect(none.pTierChange == 0 && none.pQuadrantChange == 0 && none.needP5 == 0 && none.needP95 == 0)
        // HIGHDRAFT: 93.75 at the point values; its lowest possible draw (law weight 1.25 at draft
        //   0.5, the others at 0.75) is 100·(1.25·0.5 + 0.75·1 + 1.5·1)/(1.25 + 0.75 + 1.5) = 82.1,
        //   far above 60: the need moves (p5 < p95), the tier never does.
        let high = try rows.legislation("HIGHDRAFT")
        #expect(close(high.score, 93.75) && high.tier == "high")
        let (low, top) = (try #require(high.needP5), try #require(high.needP95))
        #expect(low > 82.1 && low < 93.75 && top > 93.75 && top <= 100, "\(low) … \(top)")
        #expect(high.pTierChange == 0 && high.pQuadrantChange == 0)
    }

    @Test func aRangedPartialAnswerSpreadsTheNeedAndAnUnrangedOneDoesNot() throws {
        // Perturbation 0: every weight is 1 × (1 − 0 + 0·u) = 1 exactly, so what spreads comes from
        //   the ranges alone. DRAFT's need is 100 × the drawn draft value, uniform in 50…100:
        //   need_p5 ≈ 52.5 < 75 < need_p95 ≈ 97.5.
        let model = UncertaintyFixture.model(perturbation: 0)
        let rows = UncertaintyFixture.rows(model)
        let draft = try rows.legislation("DRAFT")
        #expect(draft.score == 75 && draft.tier == "high" && draft.quadrant == .plan)
        let (low, high) = (try #require(draft.needP5), try #require(draft.needP95))
        #expect(low > 50 && low < 56 && high > 94 && high < 100, "\(low) … \(high)")
        #expect(low < 75 && 75 < high)
        // The tier changes (high → medium) exactly in the draws whose value is below 0.6, and the
        //   quadrant with it (plan → scope): counted here from the generator itself. Per draw the
        //   stream gives the area's 3 weight factors, then the one range (law's draft).
        var generator = SplitMix64(seed: model.robustness.seed ^ PlainMonteCarlo.fnv1a(UncertaintyFixture.round))
        var drawn: [Double] = []
        for _ in 0..<1000 {
            for _ in 0..<3 { _ = generator.unit() }
            drawn.append(100 * (0.5 + 0.5 * generator.unit()))
        }
        let below = drawn.filter { $0 < 60 }.count
        #expect(below > 150 && below < 250, "about a fifth: \(below)")
        #expect(draft.pTierChange == Double(below) / 1000 && draft.pQuadrantChange == Double(below) / 1000)
        let sorted = drawn.sorted()
        // Type 7: h = 999 × 0.05 = 49.95 → between the 50th and 51st smallest; h = 999 × 0.95 =
        //   949.05 → between the 950th and 951st.
        #expect(close(draft.needP5, sorted[49] + 0.95 * (sorted[50] - sorted[49]), 1e-9))
        #expect(close(draft.needP95, sorted[949] + 0.05 * (sorted[950] - sorted[949]), 1e-9))
        // The same answer with the request blank: the same draws, but the quadrant is
        //   request_unknown whatever the need, so it never changes.
        let unknown = try rows.legislation("DRAFTU")
        #expect(unknown.quadrant == .requestUnknown && unknown.pTierChange == draft.pTierChange && unknown.pQuadrantChange == 0)
        // Without the range (and perturbation 0) nothing moves: need_p5 = need_p95 = need.
        for row in UncertaintyFixture.rows(UncertaintyFixture.model(perturbation: 0, ranges: false)) {
            guard let need = row.score else { continue }
            #expect(close(row.needP5, need, 1e-9) && close(row.needP95, need, 1e-9), "\(row.country)")
            #expect(row.pTierChange == 0 && row.pQuadrantChange == 0, "\(row.country)")
        }
        // Without the range but with the weights perturbed, a need resting on one indicator does
        //   not move either (100·f·g/f = 100·g): DRAFT stays at 75.
        let fixed = try UncertaintyFixture.rows(UncertaintyFixture.model(ranges: false)).legislation("DRAFT")
        #expect(close(fixed.needP5, 75, 1e-9) && close(fixed.needP95, 75, 1e-9) && fixed.pTierChange == 0)
    }

    @Test func theColumnsAreThoseOfAPlainMonteCarlo() throws {
        // Random answers to PriorityFixture's model with ranges on the partial instruments (a
        //   multiple choice: an answer of both ranged codes takes the larger draw; with budapest
        //   beside sco_agreement, the larger of 0 and the draw), 300 units, 2 rounds.
        var model = PriorityFixture.model
        model.areas[1].gaps[0].gapRange = ["cis_agreement": 0.25...0.75, "sco_agreement": 0...0.5]
        model.robustness.draws = 400
        let data = RandomPriorityData.data(seed: 4, unitsPerRound: 300)
        let rows = PriorityFixture.analyzer.rowByRowPriorities(from: data, model: model)
        var checked = 0
        var moved = 0
        for round in data.roundIDs {
            let plain = PlainMonteCarlo.summaries(data, model: model, round: round, rows: rows)
            for row in rows where row.round == round {
                guard let want = plain["\(row.country)/\(row.area)"] else {
                    #expect(row.score == nil && row.needP5 == nil && row.pTierChange == nil, "\(row.country)/\(row.area)")
                    continue
                }
                checked += 1
                if want.tierChanges > 0 { moved += 1 }
                #expect(close(row.needP5, want.p5, 1e-9) && close(row.needP95, want.p95, 1e-9), "\(row.country)/\(row.area)")
                #expect(row.pTierChange == Double(want.tierChanges) / 400, "\(row.country)/\(row.area)")
                #expect(row.pQuadrantChange == Double(want.sideChanges) / 400, "\(row.country)/\(row.area)")
            }
        }
        #expect(checked > 500 && moved > 20, "\(checked) rows, \(moved) with a tier change")
    }

    @Test func missingItemsAsAllGapsAndAsNoGapsBoundTheNeed() throws {
        let rows = UncertaintyFixture.rows(UncertaintyFixture.model())
        // MISSING: law no (1); framework blank; acts nc, cs, blank → need 100·(1·1 + 2·0.5)/3 = 66.67.
        //   All gaps: framework 1, acts (1 + 0 + 1)/3 → 100·(1 + 1 + 2·2/3)/4 = 83.33.
        //   No gaps: framework 0, acts (1 + 0 + 0)/3 → 100·(1 + 0 + 2·1/3)/4 = 41.67.
        let missing = try rows.legislation("MISSING")
        let need = try #require(missing.score)
        #expect(close(need, 200.0 / 3))
        let (none, all) = (try #require(missing.needIfMissingNone), try #require(missing.needIfMissingGaps))
        #expect(close(all, 100 * (1 + 1 + 2 * 2.0 / 3) / 4) && close(none, 100 * (1 + 2 * 1.0 / 3) / 4))
        #expect(none <= need && need <= all)
        #expect(missing.tierRangeMissing == "medium–high")
        // Nothing missing: the columns are blank.
        for country in ["FULL", "NONE", "HIGHDRAFT", "LOO1", "LOO2"] {
            let row = try rows.legislation(country)
            #expect(row.needIfMissingGaps == nil && row.needIfMissingNone == nil && row.tierRangeMissing == nil, "\(country)")
        }
        // DRAFT (only law, draft 0.75): all gaps 100·(0.75 + 1 + 2)/4 = 93.75, none 100·0.75/4 = 18.75.
        let draft = try rows.legislation("DRAFT")
        #expect(close(draft.needIfMissingGaps, 93.75) && close(draft.needIfMissingNone, 18.75))
        #expect(draft.tierRangeMissing == "low–high")
    }

    @Test func belowTheCoverageMinimumTheScenariosStillBoundTheNeed() throws {
        // Minimum 0.6. ONLYACT answered acts only (weight 2 of 4, coverage 0.5): no need, no draws,
        //   no tier_loo; all gaps 100·(1 + 1 + 2·1)/4 = 100, no gaps 100·(2·1/3)/4 = 16.67 → low–high.
        //   MISSING (law and acts answered, 3 of 4) keeps its need.
        let rows = UncertaintyFixture.rows(UncertaintyFixture.model(coverageMinimum: 0.6))
        let only = try rows.legislation("ONLYACT")
        #expect(only.score == nil && only.status == .insufficientData && close(only.coverage, 0.5))
        #expect(only.needP5 == nil && only.needP95 == nil && only.pTierChange == nil && only.pQuadrantChange == nil)
        #expect(only.tierLeaveOneOut == nil)
        #expect(close(only.needIfMissingGaps, 100) && close(only.needIfMissingNone, 100 * (2.0 / 3) / 4))
        #expect(only.tierRangeMissing == "low–high")
        let missing = try rows.legislation("MISSING")
        #expect(close(missing.score, 200.0 / 3) && missing.pTierChange != nil && missing.tierRangeMissing == "medium–high")
    }

    @Test func tiersWithEachIndicatorLeftOut() throws {
        let rows = UncertaintyFixture.rows(UncertaintyFixture.model())
        // LOO1 (gaps law 1, framework 1, acts 0): 50 medium; without law 100·1/3 = 33.3 medium,
        //   without framework 33.3 medium, without acts 100·2/2 = 100 high → medium–high.
        // LOO2 (1, 0, 0): 25 low; without law 0 low, without framework 100·1/3 = 33.3 medium,
        //   without acts 100·1/2 = 50 medium → low–medium.
        // FULL: 100 whatever is left out → high. NONE: 0 → low.
        // MISSING (1, –, 0.5): 66.7 high; without law 100·0.5 = 50 medium; without acts 100 → medium–high.
        // DRAFT (0.75 only): without law no need (a case that shows no tier) → high.
        let expected = [
            "LOO1": "medium–high", "LOO2": "low–medium", "FULL": "high", "NONE": "low", "MISSING": "medium–high", "DRAFT": "high",
        ]
        for (country, tiers) in expected {
            #expect(try rows.legislation(country).tierLeaveOneOut == tiers, "\(country)")
        }
        #expect(try rows.legislation("LOO1").score == 50 && rows.legislation("LOO2").score == 25)
    }
}
