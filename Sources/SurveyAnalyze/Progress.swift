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

    /// Every pair `progress.csv` and `transitions.csv` compare in `data` (rounds in declared
    /// order): each two consecutive rounds with submissions, then the main pair
    /// (``resolve(baseline:latest:in:)``: by default the first to the last) when it is not one of
    /// them. With two rounds: that one pair.
    public static func all(baseline: String?, latest: String?, in data: AnswerMatrix) -> [RoundPair] {
        let rounds = data.roundIDs
        var pairs = zip(rounds, rounds.dropFirst()).map { RoundPair(baseline: $0, latest: $1) }
        if let main = resolve(baseline: baseline, latest: latest, in: data), !pairs.contains(main) { pairs.append(main) }
        return pairs
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
    /// over that same set. A "don't know"-type answer (``Choice/isDontKnow``) follows the one rule:
    /// it is in the denominators of its own option's shares only; a substantive option's shares
    /// (all respondents and panel) are over the substantive answers. Grain and order: question ×
    /// group × option.
    ///
    /// When the two rounds answer different questionnaire versions, the baseline's answers are
    /// first read in the latest round's version through the crosswalks (``crosswalkChain(for:)``),
    /// and each row says how comparable it is; the baseline version's items the latest has no
    /// counterpart of (retired) get rows of their own, not comparable.
    public func progress(from original: AnswerMatrix, rounds pair: RoundPair) -> [ProgressRow] {
        let chain = crosswalkChain(for: pair)
        let data = comparableData(original, pair: pair, chain: chain)
        let retired = Dictionary(chain.retired.map { ($0.question.id, $0.note) }, uniquingKeysWith: { first, _ in first })
        let questions = questionnaire(forRound: pair.latest).questions + chain.retired.map(\.question)
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
        for question in questions where question.type.hasChoices {
            let tally = ChoiceTally(question: question, data: data)
            let before = baseline.map { tally.column(round: $0, data: data) } ?? CellColumn([])
            let after = latest.map { tally.column(round: $0, data: data) } ?? CellColumn([])
            for (g, group) in catalog.groups.enumerated() {
                let baselineCounts = tally.counts(of: baselineMembers[g], column: before)
                let latestCounts = tally.counts(of: latestMembers[g], column: after)
                // Panel: latest members that chose something in both rounds; for a substantive
                // option's share, those whose answer was substantive (not "don't know" only) in both.
                var old = Array(repeating: 0, count: tally.hits.count)
                var new = old
                var oldSubstantive = old
                var newSubstantive = old
                var panelCount = 0
                var substantivePanel = 0
                for u in latestMembers[g] {
                    guard let b = inBaseline[u] else { continue }
                    let oldValue = Int(before[b])
                    let newValue = Int(after[u])
                    guard tally.hits[oldValue] != nil, tally.hits[newValue] != nil else { continue }
                    old[oldValue] += 1
                    new[newValue] += 1
                    panelCount += 1
                    if tally.isSubstantive(oldValue), tally.isSubstantive(newValue) {
                        oldSubstantive[oldValue] += 1
                        newSubstantive[newValue] += 1
                        substantivePanel += 1
                    }
                }
                let panelBaseline = tally.counts(histogram: old).options
                let panelLatest = tally.counts(histogram: new).options
                let substantiveBaseline = tally.counts(histogram: oldSubstantive).options
                let substantiveLatest = tally.counts(histogram: newSubstantive).options
                for (i, option) in tally.options.enumerated() {
                    // The one rule for "don't know" answers, as in statistics.csv.
                    let dontKnow = tally.isDontKnow[i]
                    let panel = dontKnow ? panelCount : substantivePanel
                    var row = ProgressRow(
                        chapter: question.chapter, questionID: question.id, option: option, group: group,
                        baselineRound: pair.baseline, latestRound: pair.latest,
                        baseline: roundShare(
                            responding: baselineCounts.responding(i, isDontKnow: tally.isDontKnow),
                            count: baselineCounts.options[i], frame: baselineFrames[g]).share,
                        latest: roundShare(
                            responding: latestCounts.responding(i, isDontKnow: tally.isDontKnow),
                            count: latestCounts.options[i], frame: frames[g]).share,
                        panelBaseline: roundShare(
                            responding: panel, count: (dontKnow ? panelBaseline : substantiveBaseline)[i], frame: frames[g]
                        ).share,
                        panelLatest: roundShare(
                            responding: panel, count: (dontKnow ? panelLatest : substantiveLatest)[i], frame: frames[g]
                        ).share)
                    if let note = retired[question.id] {
                        row.comparable = .no
                        row.comparabilityNote = note
                    } else if !chain.isIdentity {
                        let flag = chain.flag(question: question.id, option: option)
                        row.comparable = flag.comparable
                        row.comparabilityNote = flag.note
                    }
                    rows.append(row)
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
    public func transitions(from original: AnswerMatrix, rounds pair: RoundPair) -> [Transition] {
        let chain = crosswalkChain(for: pair)
        let data = comparableData(original, pair: pair, chain: chain)
        let latestQuestionnaire = questionnaire(forRound: pair.latest)
        var rows: [Transition] = []
        guard let baseline = data.roundIndex(of: pair.baseline), let latest = data.roundIndex(of: pair.latest) else {
            return rows
        }
        // The units in both rounds, in key order (the latest round's units are sorted).
        let units = data.units(inRound: latest)
        let panel = zip(units.indices, panel(data: data, baseline: baseline, latest: latest)).compactMap { u, b in
            b.map { (latest: u, baseline: $0) }
        }
        for question in latestQuestionnaire.questions where question.type.hasChoices {
            guard let q = data.questionIndex(of: question.id) else { continue }
            let flag = chain.isIdentity ? nil : chain.flag(question: question.id)
            // Each distinct answer's codes in questionnaire order, once; nil when it chose nothing.
            let ordered = data.values(of: q).map { $0.options.isEmpty ? nil : Self.ordered($0.options, in: question) }
            let before = data.column(question: q, round: baseline)
            let after = data.column(question: q, round: latest)
            for unit in panel {
                guard let from = ordered[Int(before[unit.baseline])], let to = ordered[Int(after[unit.latest])], from != to
                else { continue }
                var row = Transition(
                    baselineRound: pair.baseline, latestRound: pair.latest, country: units[unit.latest],
                    chapter: question.chapter, questionID: question.id, from: from, to: to)
                if let flag {
                    row.comparable = flag.comparable
                    row.comparabilityNote = flag.note
                }
                rows.append(row)
            }
        }
        return rows
    }

    /// The crosswalk steps from the baseline round's questionnaire version to the latest round's;
    /// none when both answer one version. Without declared steps between them (an analyzer built
    /// without ``crosswalkSteps``), items and options are matched by id and code.
    public func crosswalkChain(for pair: RoundPair) -> CrosswalkChain {
        crosswalkChain(from: questionnaire(forRound: pair.baseline), to: questionnaire(forRound: pair.latest))
    }

    /// The crosswalk steps from questionnaire version `from` to `to` (none when they are one).
    public func crosswalkChain(from: Questionnaire, to: Questionnaire) -> CrosswalkChain {
        guard from.version != to.version else { return CrosswalkChain(steps: []) }
        if let start = crosswalkSteps.firstIndex(where: { $0.from.version == from.version }),
            let end = crosswalkSteps.firstIndex(where: { $0.to.version == to.version }), start <= end
        {
            return CrosswalkChain(steps: Array(crosswalkSteps[start...end]))
        }
        return CrosswalkChain(steps: [CrosswalkStep(from: from, to: to, crosswalk: nil)])
    }

    /// The two rounds of `pair`, the baseline's choice answers read in the latest round's version
    /// (``CrosswalkChain/translate(_:)``; answers to retired items kept under their own id), the
    /// latest's as they are. `data` itself when both rounds answer one version.
    func comparableData(_ data: AnswerMatrix, pair: RoundPair, chain: CrosswalkChain) -> AnswerMatrix {
        guard !chain.isIdentity, data.roundIndex(of: pair.baseline) != nil, let latest = data.roundIndex(of: pair.latest) else {
            return data
        }
        let baseline = data.roundIndex(of: pair.baseline)!
        let retired = Set(chain.retired.map(\.question.id))
        var answers: [StoredAnswer] = []
        var submissions: [AcceptedSubmission] = []
        for (r, round) in [(baseline, pair.baseline), (latest, pair.latest)] {
            for (u, unit) in data.units(inRound: r).enumerated() {
                let country = data.country(ofUnit: u, inRound: r)
                let respondent = SurveyUnit.respondent(of: unit)
                submissions.append(AcceptedSubmission(round: round, country: country, respondent: respondent))
                let stored = data.answers(of: unit, in: round)
                if r == latest {
                    answers += stored.keys.sorted().map { stored[$0]! }
                    continue
                }
                var choices: [String: [String]] = [:]
                for (id, answer) in stored where !answer.options.isEmpty { choices[id] = answer.options }
                let read = chain.translate(choices)
                for id in read.keys.sorted() {
                    answers.append(
                        StoredAnswer(round: round, country: country, questionID: id, options: read[id]!, number: nil, text: nil, respondent: respondent))
                }
                for id in retired.sorted() where choices[id] != nil { answers.append(stored[id]!) }
            }
        }
        return AnswerMatrix(answers: answers, submissions: submissions).orderingRounds(declared: [pair.baseline, pair.latest])
    }

    /// Selected codes in questionnaire order, space-separated.
    static func ordered(_ codes: [String], in question: Question) -> String {
        let position = Dictionary(question.choices.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { a, _ in a })
        return codes.sorted { (position[$0] ?? Int.max, $0) < (position[$1] ?? Int.max, $1) }.joined(separator: " ")
    }
}
