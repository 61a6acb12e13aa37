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
            gaps.reserveCapacity(indices.count * components.count)
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
                draws[area.id, default: []].append(ranks(scores))
            }
        }
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
            let areaDraws = draws[area.id] ?? []
            for (position, index) in indices.enumerated() {
                rows[index].rankInArea = base[position]
                rows[index].nRanked = ranked
                guard base[position] != nil else { continue }
                let drawn = areaDraws.compactMap { $0[position] }.map(Double.init).sorted()
                if !drawn.isEmpty {
                    rows[index].rankP5 = quantile(drawn, 0.05)
                    rows[index].rankP95 = quantile(drawn, 0.95)
                    rows[index].topNShare = Double(drawn.filter { $0 <= Double(model.topN) }.count) / Double(drawn.count)
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
