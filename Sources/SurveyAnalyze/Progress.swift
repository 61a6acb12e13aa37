public import SurveyModel

/// The two rounds progress compares.
public struct RoundPair: Sendable, Equatable {
    public var baseline: String
    public var latest: String

    public init(baseline: String, latest: String) {
        self.baseline = baseline
        self.latest = latest
    }

    /// The pair to compare in `data`: the pipeline file's rounds when set, else the earliest round
    /// as baseline and the latest as latest. nil when the store holds fewer than two rounds or a
    /// named round has no accepted submission.
    public static func resolve(baseline: String?, latest: String?, in data: AnswerMatrix) -> RoundPair? {
        let rounds = data.roundIDs
        guard let first = rounds.first, let last = rounds.last else { return nil }
        let pair = RoundPair(baseline: baseline ?? first, latest: latest ?? last)
        guard pair.baseline != pair.latest, rounds.contains(pair.baseline), rounds.contains(pair.latest) else { return nil }
        return pair
    }
}

extension Analyzer {
    /// Change of every option's share between two rounds, per group.
    ///
    /// Counted on indices as ``shareStatistics(from:)`` is (``ChoiceTally``).
    ///
    /// All respondents: each round's share over the countries of the group (as that round's
    /// answers place them) that answered the item in that round. Panel: the countries that
    /// answered the item in both rounds and belong to the group in the latest round; both shares
    /// over that same set. Grain and order: question × group × option.
    public func progress(from data: AnswerMatrix, rounds pair: RoundPair) -> [ProgressRow] {
        let baseline = data.roundIndex(of: pair.baseline)
        let latest = data.roundIndex(of: pair.latest)
        let noMembers = Array(repeating: [Int](), count: catalog.groups.count)
        let noFrames = Array(repeating: Int?.none, count: catalog.groups.count)
        let baselineMembers = baseline.map { groupMembers(data: data, round: $0) } ?? noMembers
        let latestMembers = latest.map { groupMembers(data: data, round: $0) } ?? noMembers
        let inBaseline = panel(data: data, baseline: baseline, latest: latest)
        // Frames, when shares count States: a share of every State of the group is exact.
        // Each round's own frame (a State counts from its admission); the panel is of the latest.
        let baselineFrames = data.hasRespondents ? noFrames : catalog.frameSizes(inRound: pair.baseline)
        let frames = data.hasRespondents ? noFrames : catalog.frameSizes(inRound: pair.latest)
        var rows: [ProgressRow] = []
        for question in questionnaire.questions where question.type.hasChoices {
            let tally = ChoiceTally(question: question, data: data)
            let before = baseline.map { tally.column(round: $0, data: data) } ?? []
            let after = latest.map { tally.column(round: $0, data: data) } ?? []
            for (g, group) in catalog.groups.enumerated() {
                let baselineCounts = tally.counts(of: baselineMembers[g], column: before)
                let latestCounts = tally.counts(of: latestMembers[g], column: after)
                // Panel: latest members that chose something in both rounds.
                var old = Array(repeating: 0, count: tally.hits.count)
                var new = old
                var panelCount = 0
                for u in latestMembers[g] {
                    guard let b = inBaseline[u] else { continue }
                    let oldValue = Int(before[b])
                    let newValue = Int(after[u])
                    guard tally.hits[oldValue] != nil, tally.hits[newValue] != nil else { continue }
                    old[oldValue] += 1
                    new[newValue] += 1
                    panelCount += 1
                }
                let panelBaseline = tally.counts(histogram: old).options
                let panelLatest = tally.counts(histogram: new).options
                for (i, option) in tally.options.enumerated() {
                    rows.append(
                        ProgressRow(
                            chapter: question.chapter, questionID: question.id, option: option, group: group,
                            baselineRound: pair.baseline, latestRound: pair.latest,
                            baseline: roundShare(
                                responding: baselineCounts.responding, count: baselineCounts.options[i], frame: baselineFrames[g]).share,
                            latest: roundShare(responding: latestCounts.responding, count: latestCounts.options[i], frame: frames[g]).share,
                            panelBaseline: roundShare(responding: panelCount, count: panelBaseline[i], frame: frames[g]).share,
                            panelLatest: roundShare(responding: panelCount, count: panelLatest[i], frame: frames[g]).share))
                }
            }
        }
        return rows
    }

    /// For each unit of the latest round (by unit index), its unit index in the baseline round;
    /// nil when it has no accepted submission there.
    private func panel(data: AnswerMatrix, baseline: Int?, latest: Int?) -> [Int?] {
        guard let latest else { return [] }
        return data.units(inRound: latest).map { unit in baseline.flatMap { data.unitIndex(of: unit, inRound: $0) } }
    }

    /// Every country that answered a choice item in both rounds with a different answer.
    /// Order: question (questionnaire order), then country.
    public func transitions(from data: AnswerMatrix, rounds pair: RoundPair) -> [Transition] {
        var rows: [Transition] = []
        guard let baseline = data.roundIndex(of: pair.baseline), let latest = data.roundIndex(of: pair.latest) else {
            return rows
        }
        // The units in both rounds, in key order (the latest round's units are sorted).
        let units = data.units(inRound: latest)
        let panel = zip(units.indices, panel(data: data, baseline: baseline, latest: latest)).compactMap { u, b in
            b.map { (latest: u, baseline: $0) }
        }
        for question in questionnaire.questions where question.type.hasChoices {
            guard let q = data.questionIndex(of: question.id) else { continue }
            // Each distinct answer's codes in questionnaire order, once; nil when it chose nothing.
            let ordered = data.values(of: q).map { $0.options.isEmpty ? nil : Self.ordered($0.options, in: question) }
            let before = data.column(question: q, round: baseline)
            let after = data.column(question: q, round: latest)
            for unit in panel {
                guard let from = ordered[Int(before[unit.baseline])], let to = ordered[Int(after[unit.latest])], from != to
                else { continue }
                rows.append(
                    Transition(
                        baselineRound: pair.baseline, latestRound: pair.latest, country: units[unit.latest],
                        chapter: question.chapter, questionID: question.id, from: from, to: to))
            }
        }
        return rows
    }

    /// Selected codes in questionnaire order, space-separated.
    static func ordered(_ codes: [String], in question: Question) -> String {
        let position = Dictionary(question.choices.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { a, _ in a })
        return codes.sorted { (position[$0] ?? Int.max, $0) < (position[$1] ?? Int.max, $1) }.joined(separator: " ")
    }
}
