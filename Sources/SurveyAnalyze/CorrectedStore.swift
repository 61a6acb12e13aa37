// Analyst corrections as a layer over the store (issue 26, docs/corrections.md). The store keeps
// every sender's answer as sent; `CorrectedStore` reads it through the corrections that still
// hold, so the statistics, priorities, profiles, answers.csv and `explain` all read one corrected
// view, and a correction is decided the same way by a run and by `explain` (from the store's
// committed state and the corrections file, nothing else).

public import SurveyModel

/// A read store that answers with the analyst's applied corrections in place of the sender's
/// values (``resolve(_:refused:over:)``); every other read is the base store's.
public struct CorrectedStore: SurveyReadStoreLayer {
    public let base: any SurveyReadStore
    /// Every correction of the file, in file order, with its outcome: applied, stale or refused.
    public let outcomes: [CorrectionOutcome]
    /// One `correction-stale` warning per stale correction, at the correction's file and line.
    public let diagnostics: [Diagnostic]
    /// The applied corrections by round, unit and question (``key(round:unit:question:)``).
    let applied: [String: CorrectionOutcome]
    /// The applied corrections by round and unit: the questions corrected.
    let byUnit: [String: [CorrectionOutcome]]

    static func key(round: String, unit: String, question: String) -> String { "\(round)\u{1F}\(unit)\u{1F}\(question)" }
    static func key(round: String, unit: String) -> String { "\(round)\u{1F}\(unit)" }

    /// Decides every correction against the store's current accepted submissions:
    /// - **stale** when the unit has no accepted submission in the round any more, when
    ///   `submission:` names another submission than the current one (a later revision superseded
    ///   it), or when `was:` differs from the current submission's value;
    /// - **applied** otherwise, with the sender's value it replaces.
    /// `refused` are the loader's refused entries, listed in ``outcomes`` by their line.
    public static func resolve(_ corrections: [Correction], refused: [CorrectionOutcome] = [], over base: any SurveyReadStore)
        async throws -> CorrectedStore
    {
        var sourcesByRound: [String: [String: SubmissionSource]] = [:]
        var outcomes: [CorrectionOutcome] = refused
        var diagnostics: [Diagnostic] = []
        for correction in corrections {
            if sourcesByRound[correction.round] == nil {
                let sources = try await base.submissionSources(round: correction.round)
                sourcesByRound[correction.round] = Dictionary(sources.map { ($0.unit, $0) }, uniquingKeysWith: { first, _ in first })
            }
            func stale(_ detail: String, original: CorrectionValue? = nil, submission: String? = nil) {
                outcomes.append(CorrectionOutcome(status: .stale, correction: correction, original: original, submissionID: submission, detail: detail))
                var diagnostic = Diagnostic(
                    .correctionStale, at: SourceLocation(file: correction.file, line: correction.line), questionID: correction.questionID,
                    expected: correction.was.map { "was \($0.description)" }, found: original?.description, detail: detail,
                    submissionID: submission)
                diagnostic.country = nil  // for the analyst, never a letter to the sender
                diagnostics.append(diagnostic)
            }
            let who = correction.respondent.map { "\(correction.country) respondent \($0)" } ?? correction.country
            guard let current = sourcesByRound[correction.round]?[correction.unit] else {
                stale("\(who) has no accepted submission in round \(correction.round) any more")
                continue
            }
            let rows = try await base.submissionAnswers(round: correction.round, country: correction.country, respondent: correction.respondent)
                .filter { $0.questionID == correction.questionID }
            let original = Self.value(of: rows)
            if let written = correction.submission, written != current.submissionID {
                stale(
                    "written for submission \(written), since superseded by \(current.submissionID) (\(current.file)\(current.line.map { ":\($0)" } ?? ""))",
                    original: original, submission: current.submissionID)
                continue
            }
            if let was = correction.was, was != original {
                stale(
                    "written for the value \(was.description), but \(current.submissionID) now answers \(original.description)",
                    original: original, submission: current.submissionID)
                continue
            }
            outcomes.append(
                CorrectionOutcome(status: .applied, correction: correction, original: original, submissionID: current.submissionID))
        }
        outcomes.sort { ($0.correction.line, $0.correction.file) < ($1.correction.line, $1.correction.file) }
        return CorrectedStore(base: base, outcomes: outcomes, diagnostics: diagnostics)
    }

    init(base: any SurveyReadStore, outcomes: [CorrectionOutcome], diagnostics: [Diagnostic]) {
        self.base = base
        self.outcomes = outcomes
        self.diagnostics = diagnostics
        var applied: [String: CorrectionOutcome] = [:]
        var byUnit: [String: [CorrectionOutcome]] = [:]
        for outcome in outcomes where outcome.status == .applied {
            let c = outcome.correction
            applied[Self.key(round: c.round, unit: c.unit, question: c.questionID)] = outcome
            byUnit[Self.key(round: c.round, unit: c.unit), default: []].append(outcome)
        }
        self.applied = applied
        self.byUnit = byUnit
    }

    /// The applied correction of one answer, if any.
    public func correction(round: String, unit: String, question: String) -> CorrectionOutcome? {
        applied[Self.key(round: round, unit: unit, question: question)]
    }

    /// A stored answer's rows as one value (options sorted as the store sorts them).
    static func value(of rows: [AnswerTrace]) -> CorrectionValue {
        CorrectionValue(
            options: rows.compactMap(\.option), number: rows.lazy.compactMap(\.number).first, text: rows.lazy.compactMap(\.text).first)
    }

    /// The rows a corrected value is stored as: one per option, or the number, or the text.
    static func rows(of value: CorrectionValue) -> [(option: String?, number: Double?, text: String?)] {
        if !value.options.isEmpty { return value.options.map { ($0, nil, nil) } }
        if value.number != nil || value.text != nil { return [(nil, value.number, value.text)] }
        return []
    }

    // MARK: The read protocol

    public func forEachAccepted(
        submission: (_ key: Int64, _ round: String, _ country: String, _ respondent: String?) throws -> Void,
        answer: (_ key: Int64, _ questionID: String, _ option: String?, _ number: Double?, _ text: String?) throws -> Void
    ) async throws {
        guard !applied.isEmpty else {
            try await base.forEachAccepted(submission: submission, answer: answer)
            return
        }
        // The corrections of each submission by its key; a submission's rows arrive together, so
        // its corrected answers are written when its rows end (or after the last row).
        var corrected: [Int64: [CorrectionOutcome]] = [:]
        var order: [Int64] = []
        var current: Int64?
        func flush(_ key: Int64) throws {
            guard let outcomes = corrected.removeValue(forKey: key) else { return }
            for outcome in outcomes {
                for row in Self.rows(of: outcome.correction.value) {
                    try answer(key, outcome.correction.questionID, row.option, row.number, row.text)
                }
            }
        }
        try await base.forEachAccepted(
            submission: { key, round, country, respondent in
                if let outcomes = byUnit[Self.key(round: round, unit: SurveyUnit.key(country: country, respondent: respondent))] {
                    corrected[key] = outcomes
                    order.append(key)
                }
                try submission(key, round, country, respondent)
            },
            answer: { key, questionID, option, number, text in
                if key != current {
                    if let previous = current { try flush(previous) }
                    current = key
                }
                if let outcomes = corrected[key], outcomes.contains(where: { $0.correction.questionID == questionID }) { return }
                try answer(key, questionID, option, number, text)
            })
        if let last = current { try flush(last) }
        // Submissions without a single stored row.
        for key in order { try flush(key) }
    }

    /// The base's interned answers when no correction applies (then ``forEachAccepted(submission:answer:)``
    /// streams the base's rows unchanged); nil otherwise, and the corrected rows are streamed.
    public func internedAccepted() async throws -> (any InternedAcceptedAnswers)? {
        applied.isEmpty ? try await base.internedAccepted() : nil
    }

    // Every other read is the base's (SurveyReadStoreLayer).

    public func submissionAnswers(round: String, country: String, respondent: String?) async throws -> [AnswerTrace] {
        let rows = try await base.submissionAnswers(round: round, country: country, respondent: respondent)
        guard let outcomes = byUnit[Self.key(round: round, unit: SurveyUnit.key(country: country, respondent: respondent))] else {
            return rows
        }
        let questions = Set(outcomes.map(\.correction.questionID))
        var result = rows.filter { !questions.contains($0.questionID) }
        for outcome in outcomes { result += traces(of: outcome) }
        return result.sorted { ($0.questionID, $0.option ?? "") < ($1.questionID, $1.option ?? "") }
    }

    public func answerTraces(round: String, questionID: String) async throws -> [AnswerTrace] {
        let rows = try await base.answerTraces(round: round, questionID: questionID)
        let outcomes = applied.values.filter { $0.correction.round == round && $0.correction.questionID == questionID }
        guard !outcomes.isEmpty else { return rows }
        let units = Set(outcomes.map(\.correction.unit))
        var result = rows.filter { !units.contains($0.unit) }
        for outcome in outcomes { result += traces(of: outcome) }
        return result.sorted {
            ($0.country, $0.respondent ?? "", $0.option ?? "") < ($1.country, $1.respondent ?? "", $1.option ?? "")
        }
    }

    /// A corrected answer's rows as lineage: from the corrections file's line, carrying the
    /// correction and the sender's value it replaced.
    func traces(of outcome: CorrectionOutcome) -> [AnswerTrace] {
        let c = outcome.correction
        return Self.rows(of: c.value).map { row in
            var trace = AnswerTrace(
                country: c.country, submissionID: outcome.submissionID ?? "", file: c.file, line: c.line, column: nil,
                option: row.option, number: row.number, text: row.text, questionID: c.questionID, respondent: c.respondent)
            trace.correction = outcome
            return trace
        }
    }
}
