// ta_requests_by_group.csv: per round, TA area (the questionnaire's ta_areas list) and group, how
// many States asked for assistance, how many said no, how many left it blank, and the activities
// asked for. Older rounds are read through the crosswalks (2026.2's ta_areas unpacks into
// ta_<area>_requested; it asked no activities).

public import SurveyModel

extension Analyzer {
    /// The rows of `ta_requests_by_group.csv`, by round, area (list order) and group (the
    /// catalogue's order), from `data` read in the latest questionnaire version
    /// (``readInLatestVersion(_:)``). Empty when the latest questionnaire has no `ta_areas` list.
    /// A group's respondents are its members with a submission in the round (as in
    /// `priorities_by_group.csv`); the percentage is of those that answered the request question,
    /// flagged and suppressed by that number (never suppressed when every State of the group
    /// answered).
    public func taRequestsByGroup(from data: AnswerMatrix) -> [TARequestCount] {
        let areas = questionnaire.choices(ofList: "ta_areas")
        guard !areas.isEmpty else { return [] }
        func question(_ cluster: String, _ aspect: String) -> Int? {
            questionnaire.questions.first { $0.attributes["cluster"] == cluster && $0.attributes["aspect"] == aspect }
                .flatMap { data.questionIndex(of: $0.id) }
        }
        let activityLabels = Dictionary(
            questionnaire.choices(ofList: "ta_activities").map { ($0.code, $0.label[.en] ?? $0.code) }, uniquingKeysWith: { a, _ in a })
        var rows: [TARequestCount] = []
        for (r, roundID) in data.roundIDs.enumerated() {
            let members = groupMembers(data: data, round: r)
            let frames = catalog.frameSizes(inRound: roundID)
            for area in areas {
                let requested = question(area.code, "requested")
                let activities = question(area.code, "activities")
                // Per unit: nil not answered, true requested, false not requested.
                let requestColumn = requested.map { data.column(question: $0, round: r) }
                let requestValues = requested.map { data.values(of: $0) } ?? []
                let activityColumn = activities.map { data.column(question: $0, round: r) }
                let activityValues = activities.map { data.values(of: $0) } ?? []
                // Each value's activities once (a unit's answer may name one twice): units are
                // counted per value, then each value's count goes to its activities.
                let activityCodes = activityValues.map { Array(Set($0.options)) }
                func reading(_ unit: Int) -> Bool? {
                    guard let column = requestColumn, column[unit] != 0 else { return nil }
                    let options = requestValues[Int(column[unit])].options
                    return options.isEmpty ? nil : options.contains("yes")
                }
                for (g, group) in catalog.groups.enumerated() {
                    let units = g < members.count ? members[g] : []
                    var answered = 0
                    var yes = 0
                    var unitsOfValue = [Int](repeating: 0, count: activityCodes.count)
                    for unit in units {
                        guard let reading = reading(unit) else { continue }
                        answered += 1
                        guard reading else { continue }
                        yes += 1
                        if let column = activityColumn, column[unit] != 0 { unitsOfValue[Int(column[unit])] += 1 }
                    }
                    var counts: [String: Int] = [:]
                    for (value, count) in unitsOfValue.enumerated() where count > 0 {
                        for code in activityCodes[value] { counts[code, default: 0] += count }
                    }
                    let frame = data.hasRespondents ? nil : frames[g]
                    let flag = self.flag(responding: answered, frame: frame)
                    let listed = counts.map { (label: activityLabels[$0.key] ?? $0.key, count: $0.value) }
                        .sorted { $0.count != $1.count ? $0.count > $1.count : $0.label < $1.label }
                    rows.append(
                        TARequestCount(
                            round: roundID, area: area.code, areaLabel: area.label[.en] ?? area.code, group: group, nStates: frame,
                            nAnswered: answered, nRequested: yes, nNotRequested: answered - yes, nNotAnswered: units.count - answered,
                            percentRequested: flag != .suppressed && answered > 0 ? 100 * Double(yes) / Double(answered) : nil,
                            flag: flag, activities: listed.map { "\($0.label) \($0.count)" }.joined(separator: "; ")))
                }
            }
        }
        return rows
    }
}
