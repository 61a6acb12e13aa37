/// How serious a diagnostic is.
public enum Severity: String, Sendable, Codable, CaseIterable, Comparable {
    /// The file or submission could not be used.
    case error
    /// One answer was dropped or something needs a look; the rest was kept.
    case warning
    /// For the record (e.g. a submission superseded by a revision).
    case info

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A problem found in the data, with everything a person needs to act on it.
public struct Diagnostic: Sendable, Equatable, Codable {
    public var code: DiagnosticCode
    public var location: SourceLocation
    public var questionID: String?
    /// What was expected, in words ("one of: yes, no").
    public var expected: String?
    /// What was found, shortened.
    public var found: String?
    /// Extra detail for the message (e.g. the parser's own words).
    public var detail: String?
    /// The submission concerned, when there is one.
    public var submissionID: String?
    /// The country of the submission concerned (ISO alpha-3), when it names one the reference
    /// knows; nil for file-level problems and submissions whose country is unknown.
    public var country: String?
    /// The language the sender wrote in (its labels or headers), else the country's configured
    /// language (reference data); nil when neither is known. Feedback to the sender uses it.
    public var senderLanguage: Language?
    /// What the sender probably meant, when one candidate is clearly the closest.
    public var suggestion: Suggestion?

    public init(
        _ code: DiagnosticCode, at location: SourceLocation, questionID: String? = nil,
        expected: String? = nil, found: String? = nil, detail: String? = nil, submissionID: String? = nil,
        suggestion: Suggestion? = nil
    ) {
        self.code = code
        self.location = location
        self.questionID = questionID
        self.expected = expected
        self.found = found.map { Diagnostic.shorten($0) }
        self.detail = detail.map { Diagnostic.shorten($0, limit: 300) }
        self.submissionID = submissionID
        self.suggestion = suggestion
    }

    public var severity: Severity { code.severity }

    /// One line a focal point can act on: where, which question, what, expected, found.
    public var message: String {
        var text = code.summary
        if let detail, !detail.isEmpty { text += ": \(detail)" }
        if let expected { text += "; expected \(expected)" }
        // An empty value says so in words: `found ""` reads as a fault in the message itself.
        if let found { text += found.isEmpty ? "; found an empty value" : "; found \"\(found)\"" }
        if let suggestion { text += "; " + suggestion.englishText }
        return text
    }

    /// Values are shortened to keep reports readable and never carry a whole file.
    public static func shorten(_ value: String, limit: Int = 80) -> String {
        // Most values: no line break or tab and no more bytes than the limit (so no more
        // characters either), returned as they are without walking their characters twice.
        if value.utf8.count <= limit, !value.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return value }
        let flat = value.replacingNewlines()
        guard flat.count > limit else { return flat }
        return String(flat.prefix(limit)) + "…"
    }
}

extension String {
    fileprivate func replacingNewlines() -> String {
        String(map { $0 == "\n" || $0 == "\r" || $0 == "\t" ? " " : $0 })
    }
}

extension Diagnostic {
    /// The submissions a revision superseded, as the diagnostics say (each has its
    /// `submission-superseded` note).
    public static func supersededSubmissions(_ diagnostics: [Diagnostic]) -> Set<String> {
        Set(diagnostics.lazy.filter { $0.code == .submissionSuperseded }.compactMap(\.submissionID))
    }

    /// Whether the diagnostic describes the data as it now counts. A diagnostic raised when a
    /// submission was read is not current once a revision superseded that submission: it stays in
    /// the store and `validation_report.csv` for lineage (`current` = `no`), and leaves the run
    /// summary's counts and the report. The revision diagnostics themselves (why it was superseded,
    /// a cycle, an ambiguous order, dropped answers) stay current.
    public func isCurrent(superseded: Set<String>) -> Bool {
        guard let id = submissionID, superseded.contains(id) else { return true }
        switch code {
        case .submissionSuperseded, .revisionCycle, .revisionOrderAmbiguous, .revisionDropsAnswers: return true
        default: return false
        }
    }

    /// The current diagnostics among `diagnostics` (``isCurrent(superseded:)``), in their order.
    public static func current(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        let superseded = supersededSubmissions(diagnostics)
        return superseded.isEmpty ? diagnostics : diagnostics.filter { $0.isCurrent(superseded: superseded) }
    }
}
