import Foundation
public import SurveyModel

/// The full arithmetic of one priority score, from the stored answers of the country's accepted
/// submission to the score, recomputed by a path of its own (`legisurvey explain priority`).
public struct PriorityExplanation: Sendable {
    /// One item of a gap indicator: the stored answer and its gap.
    public struct Item: Sendable, Equatable {
        public var questionID: String
        /// The answer as stored (codes space-separated, or the number); empty when not answered.
        public var answer: String
        /// nil: not answered (or answered only with a not-counted option such as `unknown`).
        public var gap: Double?
        public var place: String
        /// For a round that answered an older questionnaire version: the item's id in that
        /// version, when it differs (a rename); nil otherwise.
        public var sourceQuestionID: String? = nil
        /// For a round that answered an older version: why the item is left out of the score
        /// (`split`, `merged`, `new`: no exact counterpart in that version); nil otherwise.
        public var leftOut: String? = nil
    }

    /// One term of the score: a gap indicator or the request.
    public struct Term: Sendable, Equatable {
        public var id: String
        public var label: String
        public var weight: Double
        public var items: [Item]
        /// Mean gap of the answered items; nil when none was answered.
        public var gap: Double?
        /// Score points, rounded to one decimal so that the terms add up to the displayed score
        /// (largest-remainder rounding); nil when not answered.
        public var points: Double?
    }

    public var round: String
    public var country: String
    /// With a respondent key: whose score; nil otherwise.
    public var respondent: String? = nil
    /// The questionnaire version the round answered, when older than the scoring model's.
    public var roundVersion: String? = nil
    public var area: ScoringModel.Area
    public var terms: [Term]
    public var numerator: Double
    public var denominator: Double
    public var totalWeight: Double
    /// 100 × numerator / denominator; nil when nothing was answered.
    public var score: Double?
    public var coverage: Double
    /// The request (demand), apart from the need: each source's answer and the one rule.
    public struct RequestPart: Sendable, Equatable {
        public var label: String
        public var items: [Item]
        /// true requested, false not requested, nil unknown.
        public var requested: Bool?
    }
    public var request: RequestPart? = nil
    public var coverageMinimum: Double = 0
    /// The need's tier; nil without a need.
    public var tier: ScoringModel.Tier? = nil
    /// The uncertainty columns of the tables for this country and area (Monte Carlo, leave-one-out
    /// tiers, missing-item scenarios), computed from the answers read here by the tables' own
    /// code and the round's seeded draws.
    public var uncertainty: PriorityScore? = nil
    /// The model's Monte Carlo settings, for the text.
    public var robustness = ScoringModel.Robustness()

    /// Need × demand, by the explanation's own reading.
    public var quadrant: String {
        guard let tier else { return "insufficient_data" }
        guard let request, let requested = request.requested else { return "request_unknown" }
        switch (requested, tier.highNeed) {
        case (true, true): return "plan"
        case (true, false): return "scope"
        case (false, true): return "outreach"
        case (false, false): return "neither"
        }
    }

    public enum Failure: Error, CustomStringConvertible, Equatable {
        case unknownArea(String, known: [String])
        case noSubmission(country: String, round: String?)
        /// The store counts respondents (a respondent key): the score is a respondent's.
        case respondentNeeded(country: String, respondents: [String])

        public var description: String {
            switch self {
            case .unknownArea(let area, let known): return "no area '\(area)' in the scoring model (areas: \(known.joined(separator: ", ")))"
            case .noSubmission(let country, let round):
                if let round { return "the store has no accepted submission from \(country) for round \(round)" }
                return "the store has no accepted submission from \(country)"
            case .respondentNeeded(let country, let respondents):
                let shown = respondents.prefix(5).joined(separator: ", ") + (respondents.count > 5 ? ", …" : "")
                return "the store counts respondents (the pipeline has a respondent key): name one of \(country)'s "
                    + "\(respondents.count) with --respondent (\(shown))"
            }
        }
    }

    /// Explains `country`'s score in `areaID`; `round` defaults to the latest round in which the
    /// country has an accepted submission (latest in the order of `declaredRounds`, the pipeline
    /// file's `rounds:`).
    public static func explain(
        store: any SurveyReadStore, model: ScoringModel, country: String, areaID: String, round: String? = nil,
        respondent: String? = nil, declaredRounds: [String], analyzer: Analyzer? = nil
    ) async throws -> PriorityExplanation {
        guard let area = model.area(id: areaID) else { throw Failure.unknownArea(areaID, known: model.areas.map(\.id)) }
        let accepted = try await store.acceptedSubmissions().filter { $0.country == country }
        let rounds = accepted.filter { $0.respondent == respondent }.map(\.round)
        if respondent == nil, rounds.isEmpty, !accepted.isEmpty {
            let respondents = accepted.filter { round == nil || $0.round == round }.compactMap(\.respondent)
            throw Failure.respondentNeeded(
                country: country, respondents: Array(Set(respondents)).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        }
        guard let round = round ?? RoundNames.latest(rounds, declared: declaredRounds), rounds.contains(round) else {
            throw Failure.noSubmission(country: respondent.map { "\(country) \($0)" } ?? country, round: round)
        }
        var byQuestion: [String: [AnswerTrace]] = [:]
        for trace in try await store.submissionAnswers(round: round, country: country, respondent: respondent) {
            byQuestion[trace.questionID, default: []].append(trace)
        }

        // A round that answered an older questionnaire version: the model's (latest) items read
        // through the crosswalks where they map exactly, as the scores read them.
        let sources = analyzer?.latestItemSources(forRound: round)
        // The items as read (gap items and request sources), for the uncertainty columns.
        var read: [String: StoredAnswer] = [:]
        func item(_ questionID: String, gapOf: ([String], Double?) -> Double?) -> Item {
            var stored = questionID
            var source: CrosswalkChain.ExactSource?
            if let sources, let analyzer {
                guard let found = sources[questionID] else {
                    return Item(
                        questionID: questionID, answer: "", gap: nil, place: "",
                        leftOut: analyzer.latestItemGap(questionID, round: round) ?? "new")
                }
                source = found
                stored = found.question
            }
            guard let traces = byQuestion[stored], let first = traces.first else {
                return Item(questionID: questionID, answer: "", gap: nil, place: "", sourceQuestionID: stored == questionID ? nil : stored)
            }
            var codes = traces.compactMap(\.option)
            if let source, let question = analyzer?.questionnaire.question(id: questionID) {
                let answer = StoredAnswer(round: round, country: country, questionID: stored, options: codes, number: nil, text: nil)
                codes = Analyzer.read(answer, as: question, source: source)?.options ?? []
            }
            var place = first.file
            if let line = first.line { place += ":\(line)" }
            if let column = first.column { place += ":\(column)" }
            let answer = codes.isEmpty ? (first.number.map(StatisticLineage.plain) ?? first.text ?? "") : codes.joined(separator: " ")
            read[questionID] = StoredAnswer(
                round: round, country: country, questionID: questionID, options: codes,
                number: codes.isEmpty ? first.number : nil, text: codes.isEmpty && first.number == nil ? first.text : nil)
            return Item(
                questionID: questionID, answer: answer, gap: gapOf(codes, first.number), place: place,
                sourceQuestionID: stored == questionID ? nil : stored)
        }

        var terms: [Term] = []
        var requestPart: RequestPart?
        for indicator in area.gaps {
            let items = indicator.items.map { questionID in
                item(questionID) { codes, number in
                    if let number {
                        guard let linear = indicator.linear else { return nil }
                        let t = (number - linear.zeroGapAt) / (linear.fullGapAt - linear.zeroGapAt)
                        return t < 0 ? 0 : (t > 1 ? 1 : t)
                    }
                    var worst: Double?
                    for code in codes where !indicator.notCounted.contains(code) {
                        worst = max(worst ?? 0, indicator.gapByOption[code] ?? 0)
                    }
                    return worst
                }
            }
            let answered = items.compactMap(\.gap)
            terms.append(
                Term(
                    id: indicator.id, label: indicator.label, weight: indicator.weight, items: items,
                    gap: answered.isEmpty ? nil : answered.reduce(0, +) / Double(answered.count), points: nil))
        }
        if let request = area.request {
            // Each source read by itself (1 = yes, 0 = answered without a yes, nil = blank), then
            // the one rule: any yes → requested; every source answered, none yes → not requested;
            // otherwise unknown.
            let asked = request.sources.map { source in
                item(source.questionID) { codes, _ in codes.isEmpty ? nil : (codes.contains(where: source.yes.contains) ? 1 : 0) }
            }
            let combined = ScoringModel.Request.combine(asked.map { $0.gap.map { $0 > 0 } })
            let described = request.sources.map { source in
                source.yes == ["yes"] ? "\(source.questionID) = yes" : "\(source.questionID): \(source.yes.sorted().joined(separator: " or "))"
            }
            requestPart = RequestPart(label: "Asked for assistance (\(described.joined(separator: " or ")))", items: asked, requested: combined)
        }

        let numerator = terms.reduce(0.0) { sum, term in sum + (term.gap.map { term.weight * $0 } ?? 0) }
        let denominator = terms.reduce(0) { $0 + ($1.gap == nil ? 0 : $1.weight) }
        let total = terms.reduce(0) { $0 + $1.weight }
        let coverage = total > 0 ? denominator / total : 0
        let enough = coverage > 0 && coverage >= model.coverageMinimum - 1e-9
        let score = enough && denominator > 0 ? 100 * numerator / denominator : nil
        var explanation = PriorityExplanation(
            round: round, country: country, respondent: respondent, area: area, terms: terms, numerator: numerator, denominator: denominator,
            totalWeight: total, score: score, coverage: coverage)
        explanation.request = requestPart
        explanation.coverageMinimum = model.coverageMinimum
        if let score {
            // The tier by the declared bands, compared at 1e-9 like the tables.
            let key = (score * 1e9).rounded() / 1e9
            let tier = model.tiers.first { key >= $0.from } ?? model.tiers[model.tiers.count - 1]
            explanation.tier = tier
        }
        if sources != nil { explanation.roundVersion = analyzer?.questionnaire(forRound: round).version }
        explanation.robustness = model.robustness
        // Every item read above (the gap items and the request's): the demand decides whether
        // the quadrant can change at all.
        explanation.uncertainty = Analyzer.scoreWithUncertainty(
            areaID: area.id, answers: read, round: round,
            country: SurveyUnit.key(country: country, respondent: respondent), model: model)
        if let score { explanation.roundPoints(score: score) }
        return explanation
    }

    /// What the uncertainty columns say of this need, in words.
    func uncertaintyLines(_ row: PriorityScore) -> [String] {
        var lines: [String] = []
        let r = robustness
        lines.append(
            "Uncertainty (\(r.draws) draws, seed \(r.seed): weights ±\(Self.weight(100 * r.perturbation))%, partial answers within their declared range):")
        if let low = row.needP5, let high = row.needP95 {
            lines.append("  need_p5 … need_p95 = \(Self.one(low)) … \(Self.one(high))")
        }
        if let share = row.pTierChange {
            lines.append("  p_tier_change = \(String(format: "%.3f", share)): the tier differs from \(row.tier ?? "") in that share of the draws")
        }
        if let share = row.pQuadrantChange {
            lines.append(
                "  p_quadrant_change = \(String(format: "%.3f", share))"
                    + (row.requested == nil ? " (demand unknown: the quadrant stays request_unknown)" : ": the quadrant differs in that share of the draws"))
        }
        if let loo = row.tierLeaveOneOut {
            lines.append("  tier_loo = \(loo): the tiers seen with each gap indicator left out in turn")
        }
        if let gaps = row.needIfMissingGaps, let none = row.needIfMissingNone {
            lines.append(
                "  missing items: need_if_missing_gaps = \(Self.one(gaps)), need_if_missing_none = \(Self.one(none)) (tier_range_missing \(row.tierRangeMissing ?? ""))")
        } else {
            lines.append("  missing items: none")
        }
        return lines
    }

    /// Rounds each term's points to tenths so that they add up to the score as displayed.
    mutating func roundPoints(score: Double) {
        let target = Int((Double(String(format: "%.1f", score)) ?? score) * 10 + 0.5)
        var tenths: [(index: Int, floor: Int, fraction: Double)] = []
        for (index, term) in terms.enumerated() {
            guard let gap = term.gap else { continue }
            let raw = 1000 * term.weight * gap / denominator
            let floor = Int(raw.rounded(.down))
            tenths.append((index, floor, raw - Double(floor)))
        }
        var missing = target - tenths.reduce(0) { $0 + $1.floor }
        let order = tenths.indices.sorted { tenths[$0].fraction > tenths[$1].fraction || (tenths[$0].fraction == tenths[$1].fraction && $0 < $1) }
        var bonus = Set<Int>()
        for position in order where missing > 0 {
            bonus.insert(position)
            missing -= 1
        }
        for (position, entry) in tenths.enumerated() {
            terms[entry.index].points = Double(entry.floor + (bonus.contains(position) ? 1 : 0)) / 10
        }
    }

    static func four(_ value: Double) -> String { String(format: "%.4f", value + 0.0) }
    static func one(_ value: Double) -> String { String(format: "%.1f", value + 0.0) }
    static func weight(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%g", value)
    }

    /// The explanation as a person reads it.
    public var text: String {
        var lines: [String] = []
        lines.append("Priority: \(respondent.map { "\(country) \($0)" } ?? country), area \(area.id) (\(area.label)), round \(round)")
        lines.append("Pillar: \(area.pillar); chapters \(area.chapters.map(\.rawValue).joined(separator: ", "))")
        lines.append("need = 100 × Σ(weight × gap) / Σ(weight), both sums over the answered gap indicators; unanswered items are not gaps; the request is not a term (demand is its own dimension)")
        if let roundVersion {
            lines.append(
                "Round \(round) answered questionnaire \(roundVersion): each item is read through the crosswalks where they map it "
                    + "exactly (renamed, options recoded); a split, merged or new item is left out of this round's score")
        }
        for term in terms {
            lines.append("")
            lines.append("\(term.id): \(term.label) (weight \(Self.weight(term.weight)))")
            for item in term.items {
                let name = item.sourceQuestionID.map { "\(item.questionID) (\(roundVersion ?? round): \($0))" } ?? item.questionID
                if let kind = item.leftOut {
                    lines.append("  \(item.questionID): left out (\(kind) after \(roundVersion ?? round): no exact counterpart in that version)")
                } else if item.answer.isEmpty {
                    lines.append("  \(name): not answered")
                } else if let gap = item.gap {
                    lines.append("  \(name) = \(item.answer) → gap \(Self.four(gap))  \(item.place)")
                } else {
                    lines.append("  \(name) = \(item.answer) → not counted  \(item.place)")
                }
            }
            if let gap = term.gap {
                let answered = term.items.compactMap(\.gap)
                if term.items.count > 1 {
                    lines.append("  gap = mean of \(answered.count) answered items = \(Self.four(answered.reduce(0, +))) / \(answered.count) = \(Self.four(gap))")
                }
                lines.append("  weight × gap = \(Self.weight(term.weight)) × \(Self.four(gap)) = \(Self.four(term.weight * gap))")
            } else {
                lines.append("  not answered: left out of the need and of its denominator")
            }
        }
        lines.append("")
        let answered = terms.filter { $0.gap != nil }
        if denominator > 0 {
            lines.append("Σ(weight × gap) = " + answered.map { Self.four($0.weight * $0.gap!) }.joined(separator: " + ") + " = \(Self.four(numerator))")
            lines.append("Σ(weight) = " + answered.map { Self.weight($0.weight) }.joined(separator: " + ") + " = \(Self.weight(denominator))")
        }
        lines.append("coverage = \(Self.weight(denominator)) / \(Self.weight(totalWeight)) = \(String(format: "%.3f", coverage)) (minimum \(String(format: "%.2f", coverageMinimum)))")
        if let score {
            lines.append("need = 100 × \(Self.four(numerator)) / \(Self.weight(denominator)) = \(Self.one(score))")
            if let tier { lines.append("tier: \(tier.id) (from \(Self.weight(tier.from))\(tier.highNeed ? ", high need" : ""))") }
        } else {
            let missing = terms.flatMap(\.items).filter { $0.gap == nil }.map(\.questionID)
            lines.append("need: none (insufficient_data: coverage below the minimum); missing: \(missing.joined(separator: " "))")
        }
        if let request {
            lines.append("")
            lines.append("Demand: \(request.label)")
            for item in request.items {
                if item.answer.isEmpty {
                    lines.append("  \(item.questionID): not answered")
                } else {
                    lines.append("  \(item.questionID) = \(item.answer) → \(item.gap.map { $0 > 0 ? "yes" : "no" } ?? "not counted")  \(item.place)")
                }
            }
            let verdict = request.requested.map { $0 ? "requested (a yes)" : "not_requested (every one answered, none yes)" }
                ?? "unknown (not every one answered, none yes: a blank is never a no)"
            lines.append("  demand: \(verdict)")
        }
        lines.append("quadrant: \(quadrant)")
        if let uncertainty {
            lines.append("")
            lines.append(contentsOf: uncertaintyLines(uncertainty))
        }
        if score != nil {
            lines.append("")
            lines.append("Points per gap indicator (rounded to add up to the need):")
            for term in terms {
                guard let points = term.points else { continue }
                lines.append("  \(term.id)  \(Self.one(points))")
            }
            lines.append("  total  \(Self.one(terms.compactMap(\.points).reduce(0, +)))")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
