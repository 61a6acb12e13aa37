/// Counts that prove nothing was lost, for one file or a whole run.
///
/// Invariants: `submissionsSeen == accepted + superseded + excluded + rejected` and
/// `answersSeen == answersKept + answersDropped`.
public struct Accounting: Sendable, Equatable, Codable {
    public var submissionsSeen = 0
    public var accepted = 0
    public var superseded = 0
    public var excluded = 0
    public var rejected = 0
    public var answersSeen = 0
    public var answersKept = 0
    public var answersDropped = 0

    public init() {}

    public mutating func add(_ submission: Submission) {
        submissionsSeen += 1
        switch submission.status {
        case .accepted: accepted += 1
        case .superseded: superseded += 1
        case .excluded: excluded += 1
        case .rejected: rejected += 1
        }
        answersSeen += submission.answersSeen
        answersKept += submission.answersKept
        answersDropped += submission.answersDropped
    }

    public mutating func add(_ other: Accounting) {
        submissionsSeen += other.submissionsSeen
        accepted += other.accepted
        superseded += other.superseded
        excluded += other.excluded
        rejected += other.rejected
        answersSeen += other.answersSeen
        answersKept += other.answersKept
        answersDropped += other.answersDropped
    }

    /// True when every submission and answer is accounted for.
    public var isBalanced: Bool {
        submissionsSeen == accepted + superseded + excluded + rejected
            && answersSeen == answersKept + answersDropped
    }
}

/// One file's part of a run.
public struct FileReport: Sendable, Equatable, Codable {
    public var file: SourceFile
    public var accounting: Accounting
    /// File-level problems (unreadable, malformed, missing column).
    public var diagnostics: [Diagnostic]

    public init(file: SourceFile, accounting: Accounting, diagnostics: [Diagnostic]) {
        self.file = file
        self.accounting = accounting
        self.diagnostics = diagnostics
    }

    /// True when nothing of the file could be used: no submission came out and an error says why.
    public var isUnreadable: Bool {
        accounting.submissionsSeen == 0 && diagnostics.contains { $0.severity == .error }
    }
}

/// What a run did: per file and in total, and what it wrote.
public struct RunSummary: Sendable {
    public var files: [FileReport]
    public var total: Accounting
    public var diagnosticsBySeverity: [Severity: Int]
    public var outputs: [String]
    public var rounds: [String]
    /// The run's id in the store's `run` table (nil for `validate`).
    public var runID: Int64?
    /// UTC start time, ISO 8601.
    public var startedAt: String = ""
    /// Seconds per phase, in the order they ran: `extract_transform`, `load`, `statistics` (reading the store, shares, statistics.csv), `tables` (the other statistics tables), `priorities`, `report` (validation report, HTML, quarantine).
    public var timings: [(phase: String, seconds: Double)] = []
    /// Files taken unchanged from the store's cache instead of being parsed again.
    public var filesReused = 0
    /// Files of the previous run no longer in the inbox, with the submissions each had.
    public var withdrawn: [(path: String, submissions: Int)] = []
    /// What changed since the previous run in the store (`changes.csv`'s counts); nil for
    /// `validate`.
    public var changes: ChangeDigest?
    /// Lines the command prints besides the summary, on standard error (a PDF asked for and not
    /// written, and why); not part of `run_summary.json`.
    public var notices: [String] = []

    public init(
        files: [FileReport], total: Accounting, diagnosticsBySeverity: [Severity: Int],
        outputs: [String], rounds: [String]
    ) {
        self.files = files
        self.total = total
        self.diagnosticsBySeverity = diagnosticsBySeverity
        self.outputs = outputs
        self.rounds = rounds
    }
}
