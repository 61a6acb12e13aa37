// Group summaries of an area's scores (priorities_by_group.csv): per round, area and country group,
// mean and median score, countries at or above the threshold, and the share asking for help.

public import SurveyModel

extension Analyzer {
    /// One group's summary of an area's scores: `scores` of its members that have one, `requests`
    /// of those that answered the request question (true: asked for help). `frame`: the group's N
    /// when the units are States (nil with a respondent key): every State of the group scored (or
    /// answering the request) is a census, never suppressed (``flag(responding:frame:)``).
    func groupRow(
        round: String, area: String, group: CountryGroup, scores: [Double], requests: [Bool], model: ScoringModel,
        frame: Int? = nil, requestUnknown: Int = 0
    ) -> GroupPriority {
        let values = scores.sorted()
        let requested = requests.filter { $0 }.count
        let flag = self.flag(responding: values.count, frame: frame)
        let shown = flag != .suppressed && !values.isEmpty
        let requestFlag = self.flag(responding: requests.count, frame: frame)
        return GroupPriority(
            round: round, area: area, group: group, nCountries: values.count,
            meanScore: shown ? values.reduce(0, +) / Double(values.count) : nil,
            medianScore: shown ? Self.quantile(values, 0.5) : nil,
            nHighPriority: values.filter(model.isHighNeed).count,
            nRequestAnswered: requests.count, nRequested: requested,
            percentRequested: requestFlag != .suppressed && !requests.isEmpty ? 100 * Double(requested) / Double(requests.count) : nil,
            flag: flag, nRequestUnknown: requestUnknown)
    }

    /// Per round, area and group: mean and median score, countries at or above the threshold,
    /// and the share of countries asking for help in the area. Order: round, area, group. From
    /// row-by-row scores (``rowByRowPriorities(from:model:)``).
    func groupPriorities(_ scores: [PriorityScore], data: AnswerMatrix, model: ScoringModel) -> [GroupPriority] {
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
                            requests: rowsOfGroup.compactMap(\.requested), model: model,
                            frame: data.hasRespondents ? nil : catalog.frameSize(of: group, round: round),
                            requestUnknown: rowsOfGroup.filter { $0.requested == nil }.count))
                }
            }
        }
        return rows
    }

    /// ``groupPriorities(_:data:model:)`` from a ``CompactPriorityScores``: the same rows. Each
    /// round and area on a core of its own (each group's scores are sorted: a run's world group
    /// is every unit), the rows in the same order.
    public func groupPriorities(_ scores: CompactPriorityScores, data: AnswerMatrix) -> [GroupPriority] {
        let model = scores.model
        if let legacy = scores.legacy { return groupPriorities(legacy, data: data, model: model) }
        let areaCount = model.areas.count
        guard areaCount > 0 else { return [] }
        // As `membersByGroup(data:round:)`, by unit index: a group listed twice keeps its last list.
        let members = data.roundIDs.indices.map { r -> [CountryGroup: [Int]] in
            var members: [CountryGroup: [Int]] = [:]
            for (g, list) in groupMembers(data: data, round: r).enumerated() where !list.isEmpty {
                members[catalog.groups[g]] = list
            }
            return members
        }
        let blocks = ConcurrentResults.compute(count: data.roundIDs.count * areaCount) { pair -> [GroupPriority] in
            let (r, a) = pair.quotientAndRemainder(dividingBy: areaCount)
            let roundID = data.roundIDs[r]
            let round = scores.rounds[r]
            let area = model.areas[a]
            return catalog.groups.map { group in
                let rowsOfGroup = (members[r][group] ?? []).map { $0 * areaCount + a }
                return groupRow(
                    round: roundID, area: area.id, group: group, scores: rowsOfGroup.compactMap { round.score[$0] },
                    requests: rowsOfGroup.compactMap { round.requested[$0] }, model: model,
                    frame: data.hasRespondents ? nil : catalog.frameSize(of: group, round: roundID),
                    requestUnknown: rowsOfGroup.filter { round.requested[$0] == nil }.count)
            }
        }
        return blocks.flatMap { $0 }
    }
}
