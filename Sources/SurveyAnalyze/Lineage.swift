import Foundation
public import SurveyModel

/// The countries behind one statistic, recomputed from the stored answer rows by a path of its
/// own (SQL over the answer table, not the aggregation that wrote `statistics.csv`).
public struct StatisticLineage: Sendable {
    /// One country's (with a respondent key: one respondent's) contribution: where its answer
    /// came from.
    public struct Entry: Sendable, Equatable {
        public var country: String
        /// With a respondent key; nil otherwise.
        public var respondent: String? = nil
        /// The answer as stored: codes space-separated, or the number or text.
        public var answer: String
        public var file: String
        public var line: Int?
        public var column: Int?
        /// The analyst's correction read in place of the sender's value (issue 26): the place is
        /// then the corrections file's line, and the outcome holds the sender's value.
        public var correction: CorrectionOutcome? = nil
    }

    public var round: String
    public var question: Question
    public var option: String
    public var group: CountryGroup
    public var groupLabel: String
    /// Countries counted in the numerator (chose the option; for numeric and text items with
    /// option `n`, every country that answered).
    public var numerator: [Entry]
    /// Countries of the group that answered the item: the denominator n.
    public var denominator: [Entry]
    /// Countries of the group with an accepted submission that left the item unanswered
    /// (not in the denominator: "not answered" is never "no").
    public var notAnswered: [Entry]
    /// Countries of the group whose answer was only "don't know" (``Choice/isDontKnow``), when the
    /// option is substantive: they answered, but are not in this share's denominator (the one
    /// rule for "unknown"; for a don't-know option's own share they are in ``denominator``).
    public var dontKnow: [Entry] = []
    public var percent: Double?
    public var interval: (low: Double, high: Double)?
    public var flag: ReliabilityFlag
    /// The group's frame size N when the statistic counts States; nil without a frame or with a
    /// respondent key.
    public var frame: Int? = nil

    /// Why an explanation could not be given.
    public enum Failure: Error, CustomStringConvertible, Equatable {
        case unknownQuestion(String)
        case unknownOption(question: String, option: String, expected: [String])
        case unknownGroup(String)
        case unknownRound(String, known: [String])
        /// The round answered an older questionnaire version that names the item otherwise, or
        /// has no exact counterpart of it.
        case otherVersion(question: String, round: String, version: String, counterpart: String?, change: String?)

        public var description: String {
            switch self {
            case .unknownQuestion(let id): return "no question '\(id)' in the questionnaire"
            case .otherVersion(let question, let round, let version, let counterpart, let change):
                if let counterpart {
                    return "round \(round) answered questionnaire \(version), where \(question) is \(counterpart): "
                        + "explain \(counterpart) for that round (its statistics use its own items)"
                }
                return "round \(round) answered questionnaire \(version), which has no exact counterpart of \(question)"
                    + (change.map { " (\($0) after \(version))" } ?? "") + ": its statistics use its own items"
            case .unknownOption(let question, let option, let expected):
                return "question \(question) has no option '\(option)' (expected one of: \(expected.joined(separator: ", ")))"
            case .unknownGroup(let name):
                return "no group '\(name)' (try world, a region or sub-region code such as 002, developed, developing, ldc, lldc, sids, a custom group id, or type:code)"
            case .unknownRound(let round, let known):
                return "the store has no accepted submission for round '\(round)' (rounds: \(known.isEmpty ? "none" : known.joined(separator: ", ")))"
            }
        }
    }

    /// Recomputes one statistic. `groupName` as ``GroupCatalog/group(named:)`` reads it; for a
    /// numeric or text item the option is `n`.
    public static func explain(
        store: any SurveyReadStore, analyzer: Analyzer, round: String, questionID: String, option: String, groupName: String
    ) async throws -> StatisticLineage {
        // A round's statistics use its own questionnaire version's items.
        let own = analyzer.questionnaire(forRound: round)
        guard let question = own.question(id: questionID) else {
            if own.version != analyzer.questionnaire.version, analyzer.questionnaire.question(id: questionID) != nil {
                throw Failure.otherVersion(
                    question: questionID, round: round, version: own.version,
                    counterpart: analyzer.latestItemSources(forRound: round)?[questionID]?.question,
                    change: analyzer.latestItemGap(questionID, round: round))
            }
            throw Failure.unknownQuestion(questionID)
        }
        let options = question.type.hasChoices ? Analyzer.options(of: question) : ["n"]
        guard options.contains(option) else {
            throw Failure.unknownOption(question: questionID, option: option, expected: options)
        }
        guard let group = analyzer.catalog.group(named: groupName) else { throw Failure.unknownGroup(groupName) }
        let sources = try await store.submissionSources(round: round)
        guard !sources.isEmpty else {
            let known = try await store.acceptedSubmissions().map(\.round)
            throw Failure.unknownRound(round, known: Array(Set(known)).sorted())
        }

        // Everything is per unit, as the statistics count: the country, or with a respondent key
        // each respondent (grouped through its country).
        // Membership: a custom group with an answer rule needs that question's answers.
        var conditionAnswers: [String: [String: StoredAnswer]] = [:]
        if group.type == .custom, let definition = analyzer.catalog.custom.first(where: { $0.id == group.code }),
            case .answer(let conditionQuestion, _) = definition.rule
        {
            for trace in try await store.answerTraces(round: round, questionID: conditionQuestion) {
                guard let code = trace.option else { continue }
                conditionAnswers[trace.unit, default: [:]][conditionQuestion, default: StoredAnswer(
                    round: round, country: trace.country, questionID: conditionQuestion, options: [], number: nil, text: nil)]
                    .options.append(code)
            }
        }
        let members = sources.filter {
            analyzer.catalog.isMember($0.unit, of: group, answers: conditionAnswers[$0.unit] ?? [:], round: round)
        }

        var byUnit: [String: [AnswerTrace]] = [:]
        for trace in try await store.answerTraces(round: round, questionID: questionID) { byUnit[trace.unit, default: []].append(trace) }
        var numerator: [Entry] = []
        var denominator: [Entry] = []
        var notAnswered: [Entry] = []
        var dontKnow: [Entry] = []
        let corrections = store as? CorrectedStore
        for member in members {
            guard let traces = byUnit[member.unit], let first = traces.first else {
                // Blanked by a correction (`not_answered`): shown with it.
                let blanked = corrections?.correction(round: round, unit: member.unit, question: questionID)
                notAnswered.append(
                    Entry(
                        country: member.country, respondent: member.respondent, answer: "", file: blanked?.correction.file ?? member.file,
                        line: blanked?.correction.line ?? member.line, column: nil, correction: blanked))
                continue
            }
            let codes = traces.compactMap(\.option)
            let shown = !codes.isEmpty ? Analyzer.ordered(codes, in: question)
                : first.number.map { Self.plain($0) } ?? first.text ?? ""
            let entry = Entry(
                country: member.country, respondent: member.respondent, answer: shown, file: first.file, line: first.line,
                column: first.column, correction: first.correction)
            if question.type.hasChoices, !question.dontKnowCodes.contains(option), question.isDontKnowOnly(codes) {
                dontKnow.append(entry)
                continue
            }
            denominator.append(entry)
            let counted = option == "n" || (option == StatisticOption.anyForm
                ? codes.contains(where: StatisticOption.anyFormChoices.contains) : codes.contains(option))
            if counted { numerator.append(entry) }
        }
        // The group's frame when the statistic counts States (not respondents), as the tables.
        let countsStates = !(denominator + notAnswered).contains { $0.respondent != nil }
            && !sources.contains { $0.respondent != nil }
        let frame = countsStates ? analyzer.catalog.frameSize(of: group, round: round) : nil
        let (share, interval) = analyzer.roundShare(responding: denominator.count, count: numerator.count, frame: frame)
        return StatisticLineage(
            round: round, question: question, option: option, group: group,
            groupLabel: analyzer.catalog.label(of: group), numerator: numerator, denominator: denominator,
            notAnswered: notAnswered, dontKnow: dontKnow, percent: question.type.hasChoices ? share.percent : nil,
            interval: question.type.hasChoices ? interval : nil, flag: share.flag, frame: frame)
    }

    static func plain(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// What is counted: countries, or with a respondent key respondents.
    private var units: String {
        (numerator + denominator + notAnswered).contains { $0.respondent != nil } ? "respondents" : "countries"
    }

    /// The explanation as a person reads it.
    public var text: String {
        func one(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "suppressed" }
        var lines: [String] = []
        lines.append("Statistic: round \(round), question \(question.id) (chapter \(question.chapter.rawValue)), option \(option), \(group.type.rawValue) \(group.code) (\(groupLabel))")
        lines.append("Question: \(question.label[.en] ?? question.id)")
        if question.type.hasChoices {
            var figure = "n_option = \(numerator.count) of n_responding = \(denominator.count)"
            if let percent {
                figure += ": \(one(percent))%"
                if let interval, let frame {
                    figure += " (95% interval \(one(interval.low))–\(one(interval.high)), Wilson with the finite population correction for N = \(frame))"
                } else if let interval {
                    figure += " (Wilson 95% interval \(one(interval.low))–\(one(interval.high)))"
                }
            } else {
                figure += ": percent suppressed (fewer than the pipeline's suppress_below responding)"
            }
            lines.append(figure + ", flag \(flag.rawValue)")
            if option == StatisticOption.anyForm { lines.append("any_form counts the answers cyber_specific and general.") }
            if let frame, frame > 0 {
                let k = Double(numerator.count), n = Double(denominator.count), size = Double(frame)
                let unknown = dontKnow.isEmpty ? "" : ", \(dontKnow.count) answering only \"don't know\""
                lines.append(
                    "Frame: N = \(frame) States of the population in the group, \(frame - denominator.count - dontKnow.count) not responding\(unknown); if none of them had chosen it \(one(100 * k / size))%, if all had \(one(100 * (k + size - n) / size))%.")
            }
        } else {
            lines.append("n = \(denominator.count) \(units) answered (flag \(flag.rawValue))")
        }
        func list(_ title: String, _ entries: [Entry]) {
            lines.append("")
            lines.append("\(title) (\(entries.count)):")
            for entry in entries {
                var place = entry.file
                if let line = entry.line { place += ":\(line)" }
                if let column = entry.column { place += ":\(column)" }
                let answer = entry.answer.isEmpty ? "" : "  \(entry.answer)"
                let who = entry.respondent.map { "\(entry.country) \($0)" } ?? entry.country
                lines.append("  \(who)\(answer)  \(place)")
                if let outcome = entry.correction {
                    let c = outcome.correction
                    lines.append(
                        "    corrected: \(outcome.original?.description ?? "not_answered") → \(c.value.description) "
                            + "(sender's submission \(outcome.submissionID ?? "none")); reason: \(c.reason); source: \(c.source); "
                            + "analyst: \(c.analyst), \(c.date)")
                }
            }
        }
        if question.type.hasChoices { list("Numerator: \(units) that chose \(option)", numerator) }
        let substantive = question.type.hasChoices && !question.dontKnowCodes.isEmpty && !question.dontKnowCodes.contains(option)
        list("Denominator: \(units) of the group that answered \(question.id)\(substantive ? " with a substantive answer" : "")", denominator)
        if !dontKnow.isEmpty {
            list("Not counted: \(units) of the group that answered only \"don't know\" (in the denominator of that option's own share only)", dontKnow)
        }
        list("Not counted: \(units) of the group whose accepted submission left it unanswered", notAnswered)
        return lines.joined(separator: "\n") + "\n"
    }
}
