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
    public static func resolve(baseline: String?, latest: String?, in data: SurveyData) -> RoundPair? {
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
    /// All respondents: each round's share over the countries of the group (as that round's
    /// answers place them) that answered the item in that round. Panel: the countries that
    /// answered the item in both rounds and belong to the group in the latest round; both shares
    /// over that same set. Grain and order: question × group × option.
    public func progress(from data: SurveyData, rounds pair: RoundPair) -> [ProgressRow] {
        let baselineMembers = membersByGroup(data: data, round: pair.baseline)
        let latestMembers = membersByGroup(data: data, round: pair.latest)
        var rows: [ProgressRow] = []
        for question in questionnaire.questions where question.type.hasChoices {
            func selected(_ country: String, _ round: String) -> [String]? {
                let options = data.answer(of: country, to: question.id, in: round)?.options ?? []
                return options.isEmpty ? nil : options
            }
            for group in catalog.groups {
                let before = (baselineMembers[group] ?? []).compactMap { selected($0, pair.baseline) }
                let after = (latestMembers[group] ?? []).compactMap { selected($0, pair.latest) }
                let panel = (latestMembers[group] ?? []).compactMap { country -> ([String], [String])? in
                    guard let old = selected(country, pair.baseline), let new = selected(country, pair.latest) else { return nil }
                    return (old, new)
                }
                for option in Self.options(of: question) {
                    func count(_ answers: [[String]]) -> Int { answers.reduce(0) { $0 + (Self.counts($1, for: option) ? 1 : 0) } }
                    rows.append(
                        ProgressRow(
                            chapter: question.chapter, questionID: question.id, option: option, group: group,
                            baselineRound: pair.baseline, latestRound: pair.latest,
                            baseline: roundShare(responding: before.count, count: count(before)).share,
                            latest: roundShare(responding: after.count, count: count(after)).share,
                            panelBaseline: roundShare(responding: panel.count, count: count(panel.map(\.0))).share,
                            panelLatest: roundShare(responding: panel.count, count: count(panel.map(\.1))).share))
                }
            }
        }
        return rows
    }

    /// Every country that answered a choice item in both rounds with a different answer.
    /// Order: question (questionnaire order), then country.
    public func transitions(from data: SurveyData, rounds pair: RoundPair) -> [Transition] {
        var rows: [Transition] = []
        let panel = Set(data.countries(in: pair.baseline)).intersection(data.countries(in: pair.latest)).sorted()
        for question in questionnaire.questions where question.type.hasChoices {
            for country in panel {
                let old = data.answer(of: country, to: question.id, in: pair.baseline)?.options ?? []
                let new = data.answer(of: country, to: question.id, in: pair.latest)?.options ?? []
                guard !old.isEmpty, !new.isEmpty else { continue }
                let from = Self.ordered(old, in: question)
                let to = Self.ordered(new, in: question)
                guard from != to else { continue }
                rows.append(
                    Transition(
                        baselineRound: pair.baseline, latestRound: pair.latest, country: country, chapter: question.chapter,
                        questionID: question.id, from: from, to: to))
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
