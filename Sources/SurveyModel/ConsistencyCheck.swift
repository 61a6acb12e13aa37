/// A cross-item consistency check declared in the questionnaire file (`checks:`): when one answer
/// says something (`if`), another answer must agree (`then`).
///
/// A check never rejects a submission and never drops an answer: a contradiction is a diagnostic
/// (`consistency-check` for severity `warning`, `consistency-note` for `info`), and both answers
/// are kept and counted. "Not answered" is never "no": a check whose `then` names choices
/// (`selected`, `not_selected`) does not fire when the `then` item is unanswered; only a check whose
/// `then` is `answered: true` is about a missing answer.
public struct ConsistencyCheck: Sendable, Equatable {
    /// What one side of a check asks of an answer.
    public enum Condition: Sendable, Equatable {
        /// At least one of these codes is selected.
        case selected([String])
        /// None of these codes is selected (the item answered).
        case notSelected([String])
        /// The item has an answer, whatever it is.
        case answered
    }

    /// Stable code of the check (`budapest-247-contact`), shown in every output.
    public var id: String
    /// `warning` or `info` (never `error`: a check never rejects).
    public var severity: Severity
    public var ifQuestion: String
    public var ifCondition: Condition
    public var thenQuestion: String
    public var thenCondition: Condition
    /// What the contradiction means, in the six languages.
    public var message: LocalizedText

    public init(
        id: String, severity: Severity, ifQuestion: String, ifCondition: Condition, thenQuestion: String,
        thenCondition: Condition, message: LocalizedText
    ) {
        self.id = id
        self.severity = severity
        self.ifQuestion = ifQuestion
        self.ifCondition = ifCondition
        self.thenQuestion = thenQuestion
        self.thenCondition = thenCondition
        self.message = message
    }

    /// The diagnostic code a firing of this check is reported with.
    public var code: DiagnosticCode { severity == .info ? .consistencyNote : .consistencyCheck }

    /// True when `answer` (nil: not answered) meets `condition`.
    public static func holds(_ condition: Condition, _ answer: Answer?) -> Bool {
        guard let answer else { return false }
        // The answer's codes looked at where they are (`selectedCodes` made an array for one code).
        func selectsAny(of wanted: [String]) -> Bool {
            switch answer.value {
            case .choice(let code): return wanted.contains(code)
            case .choices(let codes): return codes.contains { wanted.contains($0) }
            case .number, .text: return false
            }
        }
        switch condition {
        case .selected(let wanted): return selectsAny(of: wanted)
        case .notSelected(let unwanted): return !selectsAny(of: unwanted)
        case .answered: return true
        }
    }

    /// The condition in words (`ch7_contact_247: yes`).
    static func describe(_ question: String, _ condition: Condition) -> String {
        switch condition {
        case .selected(let codes): return "\(question): \(codes.joined(separator: " or "))"
        case .notSelected(let codes): return "\(question): not \(codes.joined(separator: ", not "))"
        case .answered: return "\(question) answered"
        }
    }

    /// The diagnostic when `answers` (one submission's) contradict the check, nil otherwise.
    ///
    /// Located at the `if` answer; `detail` starts with `check <id> [<ISO3>]:` (read back by
    /// ``firing(_:)``), then both answers' positions (the `then` one `not answered` when
    /// missing), then the English message.
    public func evaluate(_ answers: [Answer], country: String?, submissionID: String?) -> Diagnostic? {
        guard let premise = Self.first(ifQuestion, in: answers), Self.holds(ifCondition, premise) else { return nil }
        return evaluate(premise: premise, conclusion: Self.first(thenQuestion, in: answers), country: country, submissionID: submissionID)
    }

    /// The diagnostic when `premise` (the first answer to ``ifQuestion``, nil when unanswered) and
    /// `conclusion` (the first to ``thenQuestion``) contradict the check, nil otherwise: what
    /// ``evaluate(_:country:submissionID:)`` gives for the answers they were taken from, for a
    /// caller that knows where each question's answer is.
    public func evaluate(premise: Answer?, conclusion: Answer?, country: String?, submissionID: String?) -> Diagnostic? {
        guard let premise, Self.holds(ifCondition, premise) else { return nil }
        // "Not answered" is never "no": an unanswered item contradicts nothing, unless the check is
        // precisely about the answer being there.
        if conclusion == nil && thenCondition != .answered { return nil }
        guard !Self.holds(thenCondition, conclusion) else { return nil }
        let thenPosition = conclusion.map { "\($0.location)" } ?? "not answered"
        let found = conclusion.map { Self.shown($0.value) } ?? "not answered"
        let detail =
            "check \(id) [\(country ?? "")]: \(ifQuestion) at \(premise.location), \(thenQuestion) at \(thenPosition); \(message.text(in: .en))"
        return Diagnostic(
            code, at: premise.location, questionID: ifQuestion, expected: Self.describe(thenQuestion, thenCondition),
            found: found, detail: detail, submissionID: submissionID)
    }

    /// The first answer to `question`, compared where each answer is: `first(where:)` copied
    /// every answer it passed (each check scans a submission's answers, every submission).
    static func first(_ question: String, in answers: [Answer]) -> Answer? {
        for index in answers.indices where answers[index].questionID == question { return answers[index] }
        return nil
    }

    static func shown(_ value: AnswerValue) -> String {
        switch value {
        case .choice(let code): return code
        case .choices(let codes): return codes.joined(separator: " ")
        case .number(let number): return "\(number)"
        case .text(let text): return text
        }
    }

    /// The check id and country of a `consistency-check` or `consistency-note` diagnostic, read back
    /// from the start of its detail (`check <id> [<ISO3>]:`); nil for any other diagnostic.
    public static func firing(_ diagnostic: Diagnostic) -> (check: String, country: String)? {
        guard diagnostic.code == .consistencyCheck || diagnostic.code == .consistencyNote,
            let detail = diagnostic.detail, detail.hasPrefix("check ")
        else { return nil }
        let rest = detail.dropFirst("check ".count)
        guard let open = rest.firstIndex(of: " "), rest[open...].hasPrefix(" ["),
            let close = rest[open...].firstIndex(of: "]")
        else { return nil }
        let id = String(rest[..<open])
        let country = String(rest[rest.index(open, offsetBy: 2)..<close])
        return (id, country)
    }
}
