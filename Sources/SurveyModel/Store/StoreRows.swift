// The row types the store protocols exchange: what a run records about itself (`RunInfo`), where
// a submission or an answer row came from, and one recorded run. Vocabulary only: every backend
// (SQLite today, PostgreSQL in issue 28) returns these, and readers never see a database type.

/// What a run records about itself besides its submissions (``SurveyStore/load(_:beforeCommit:_:)``).
public struct RunInfo: Sendable, Equatable {
    public var pipeline: String
    public var questionnaireID: String
    public var questionnaireVersion: String
    public var startedAt: String?
    public var filesReused: Int
    /// Submissions of files that left the inbox.
    public var withdrawn: Int

    public init(
        pipeline: String, questionnaireID: String, questionnaireVersion: String, startedAt: String? = nil,
        filesReused: Int = 0, withdrawn: Int = 0
    ) {
        self.pipeline = pipeline
        self.questionnaireID = questionnaireID
        self.questionnaireVersion = questionnaireVersion
        self.startedAt = startedAt
        self.filesReused = filesReused
        self.withdrawn = withdrawn
    }
}

/// Where an accepted submission came from.
public struct SubmissionSource: Sendable, Equatable {
    public var country: String
    public var submissionID: String
    public var file: String
    public var line: Int?
    /// With a respondent key; nil otherwise.
    public var respondent: String? = nil
    /// The submission's own `restricted` field as stored (issue 26); nil without one.
    public var restricted: SenderRestriction? = nil
    /// When the survey tool says the submission was made, as written (issue 27); nil when the
    /// format carries no time.
    public var submittedAt: String? = nil

    public init(
        country: String, submissionID: String, file: String, line: Int?, respondent: String? = nil,
        restricted: SenderRestriction? = nil, submittedAt: String? = nil
    ) {
        self.submittedAt = submittedAt
        self.country = country
        self.submissionID = submissionID
        self.file = file
        self.line = line
        self.respondent = respondent
        self.restricted = restricted
        self.submittedAt = submittedAt
    }

    /// The statistics' unit: the country, or the country's respondent (``SurveyUnit``).
    public var unit: String { SurveyUnit.key(country: country, respondent: respondent) }
}

/// One stored answer row with its origin.
public struct AnswerTrace: Sendable, Equatable {
    public var country: String
    public var submissionID: String
    public var file: String
    public var line: Int?
    public var column: Int?
    public var option: String?
    public var number: Double?
    public var text: String?
    public var questionID: String
    /// With a respondent key; nil otherwise.
    public var respondent: String? = nil
    /// An analyst's correction read in place of the sender's value (issue 26): the row comes from
    /// the corrections file (`file`, `line`), and the outcome holds the value it replaced. Nil
    /// for a sender's row. A store never returns one; the corrections layer does.
    public var correction: CorrectionOutcome? = nil

    public init(
        country: String, submissionID: String, file: String, line: Int?, column: Int?, option: String?, number: Double?,
        text: String?, questionID: String, respondent: String? = nil
    ) {
        self.country = country
        self.submissionID = submissionID
        self.file = file
        self.line = line
        self.column = column
        self.option = option
        self.number = number
        self.text = text
        self.questionID = questionID
        self.respondent = respondent
    }

    /// The statistics' unit: the country, or the country's respondent (``SurveyUnit``).
    public var unit: String { SurveyUnit.key(country: country, respondent: respondent) }
}

/// One run as the store recorded it.
public struct RunRecord: Sendable, Equatable {
    public var id: Int64
    public var startedAt: String?
    public var pipeline: String
    public var questionnaireID: String
    public var questionnaireVersion: String
    public var filesRead: Int
    public var accounting: Accounting
    /// Submissions of files that had left the inbox since the run before.
    public var withdrawn: Int
    /// Files taken from the cache.
    public var filesReused: Int

    public init(
        id: Int64, startedAt: String?, pipeline: String, questionnaireID: String, questionnaireVersion: String,
        filesRead: Int, accounting: Accounting, withdrawn: Int, filesReused: Int
    ) {
        self.id = id
        self.startedAt = startedAt
        self.pipeline = pipeline
        self.questionnaireID = questionnaireID
        self.questionnaireVersion = questionnaireVersion
        self.filesRead = filesRead
        self.accounting = accounting
        self.withdrawn = withdrawn
        self.filesReused = filesReused
    }
}

/// When a file's content first came to the store: the run that first read a file with this
/// content hash (SHA-256), and that run's start time. Kept across runs and `--rebuild`; a
/// submission whose file arrived in a later run is the newer revision (docs/store.md, "Arrival").
public struct FileArrival: Sendable, Equatable {
    public var runID: Int64
    /// The run's start (UTC, ISO 8601), for people; revision order uses `runID` only.
    public var startedAt: String?

    public init(runID: Int64, startedAt: String?) {
        self.runID = runID
        self.startedAt = startedAt
    }
}

/// One stored answer row inside a repeat group of an accepted submission (the legislation
/// inventory reads these): the unit and round, the repeat path, the local question id, the value
/// (one row per selected option, as for ``AnswerTrace``) and where it was written.
public struct RepeatAnswerRow: Sendable, Equatable {
    public var round: String
    public var country: String
    /// With a respondent key; nil otherwise.
    public var respondent: String?
    public var submissionID: String
    /// `laws[2]`, `laws[2]/amendments[1]`.
    public var path: RepeatPath
    /// The question id local to the innermost repeat (`year_adopted`).
    public var questionID: String
    public var option: String?
    public var number: Double?
    public var text: String?
    /// The file the value was read from (a complement's answers keep their own file).
    public var file: String
    public var line: Int?
    public var column: Int?

    public init(
        round: String, country: String, respondent: String?, submissionID: String, path: RepeatPath, questionID: String,
        option: String?, number: Double?, text: String?, file: String, line: Int?, column: Int?
    ) {
        self.round = round
        self.country = country
        self.respondent = respondent
        self.submissionID = submissionID
        self.path = path
        self.questionID = questionID
        self.option = option
        self.number = number
        self.text = text
        self.file = file
        self.line = line
        self.column = column
    }

    /// Where it was written, `file:line`.
    public var source: String { line.map { "\(file):\($0)" } ?? file }
}

extension RepeatAnswerRow {
    /// The order ``SurveyReadStore/repeatAnswers()`` promises, for a backend whose query cannot
    /// sort by ``RepeatPath``: round, country, respondent (byte order; none first), path, then
    /// `seq` (the order the rows were written in within their submission; one accepted submission
    /// per round, country and respondent, so the order is total).
    public static func storeOrder(_ rows: [(row: RepeatAnswerRow, seq: Int)]) -> [RepeatAnswerRow] {
        func bytesBefore(_ a: String?, _ b: String?) -> Bool? {
            if a == b { return nil }
            guard let a else { return true }
            guard let b else { return false }
            return a.utf8.lexicographicallyPrecedes(b.utf8)
        }
        return rows.sorted { x, y in
            if let before = bytesBefore(x.row.round, y.row.round) { return before }
            if let before = bytesBefore(x.row.country, y.row.country) { return before }
            if let before = bytesBefore(x.row.respondent, y.row.respondent) { return before }
            if x.row.path != y.row.path { return x.row.path < y.row.path }
            return x.seq < y.seq
        }.map(\.row)
    }
}
