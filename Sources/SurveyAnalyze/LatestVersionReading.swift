public import SurveyModel

/// Priority scores and indicators name the latest questionnaire version's items (the scoring
/// model and the indicator definitions are loaded against it). A round that answered an older
/// version is read in the latest one through the crosswalk chain, **only where the mapping is
/// exact**: the same id, a rename, an option recoded, added or removed (an answer that chose a
/// removed option reads as not answered). A split or merged item is left out of that round's
/// coverage: its old answer may describe only one of the new acts (split), or several old
/// answers would have to be combined (merged), and a gap score must not rest on either guess.
extension Analyzer {
    /// For a round whose questionnaire version is not ``questionnaire``'s: each latest item id
    /// with an exact source in the round's version (``CrosswalkChain/exactSource(of:)``). nil when
    /// the round answers the latest version.
    public func latestItemSources(forRound round: String) -> [String: CrosswalkChain.ExactSource]? {
        let own = questionnaire(forRound: round)
        guard own.version != questionnaire.version else { return nil }
        let chain = crosswalkChain(from: own, to: questionnaire)
        var sources: [String: CrosswalkChain.ExactSource] = [:]
        for question in questionnaire.questions {
            guard let source = chain.exactSource(of: question.id), own.question(id: source.question) != nil else { continue }
            sources[question.id] = source
        }
        return sources
    }

    /// Why a latest item has no exact source in `round`'s version: `split`, `merged`, `new`
    /// (nil when it has one, or the round answers the latest version).
    public func latestItemGap(_ id: String, round: String) -> String? {
        guard let sources = latestItemSources(forRound: round), sources[id] == nil else { return nil }
        return crosswalkChain(from: questionnaire(forRound: round), to: questionnaire).gap(of: id) ?? "new"
    }

    /// One older answer read as the latest version's `question`: codes mapped, codes the latest
    /// version does not offer dropped; nil when nothing is left. An unpacked option
    /// (``CrosswalkChain/ExactSource/unpacked``) reads as `yes` when the older answer selected
    /// it, `no` when it selected others only, and nil (not answered) when it selected nothing.
    public static func read(_ answer: StoredAnswer, as question: Question, source: CrosswalkChain.ExactSource) -> StoredAnswer? {
        var read = answer
        read.questionID = question.id
        if let unpack = source.unpacked {
            guard !answer.options.isEmpty else { return nil }
            read.options = [answer.options.contains(unpack) ? "yes" : "no"]
            read.number = nil
            read.text = nil
            return read
        }
        guard !answer.options.isEmpty else { return answer.isAnswered ? read : nil }
        let offered = Set(question.choices.map(\.code))
        var codes: [String] = []
        for code in answer.options {
            let mapped = source.codes[code] ?? code
            if !mapped.isEmpty, offered.contains(mapped), !codes.contains(mapped) { codes.append(mapped) }
        }
        guard !codes.isEmpty else { return nil }
        read.options = codes
        return read
    }

    /// `data` with every round that answered an older questionnaire version read in the latest
    /// one (the rule above): its answers are those of the latest items with an exact source,
    /// under their latest ids. Rounds of the latest version are as they are; `data` itself when
    /// every round answers the latest version.
    public func readInLatestVersion(_ data: AnswerMatrix) -> AnswerMatrix {
        let sourcesByRound = Dictionary(uniqueKeysWithValues: data.roundIDs.compactMap { round in
            latestItemSources(forRound: round).map { (round, $0) }
        })
        guard !sourcesByRound.isEmpty else { return data }
        var answers: [StoredAnswer] = []
        var submissions: [AcceptedSubmission] = []
        for (r, round) in data.roundIDs.enumerated() {
            let sources = sourcesByRound[round]
            for (u, unit) in data.units(inRound: r).enumerated() {
                let country = data.country(ofUnit: u, inRound: r)
                submissions.append(AcceptedSubmission(round: round, country: country, respondent: SurveyUnit.respondent(of: unit)))
                let stored = data.answers(of: unit, in: round)
                guard let sources else {
                    answers += stored.keys.sorted().map { stored[$0]! }
                    continue
                }
                for question in questionnaire.questions {
                    guard let source = sources[question.id], let answer = stored[source.question],
                        let read = Self.read(answer, as: question, source: source)
                    else { continue }
                    answers.append(read)
                }
            }
        }
        return AnswerMatrix(answers: answers, submissions: submissions).orderingRounds(declared: data.roundIDs)
    }
}
