// The store's extension point: what the stages read (`SurveyReadStore`), what a run writes
// (`SurveyLoadSession`, inside `SurveyStore.load`) and the one-writer lock (`SurveyWriterLock`).
// A backend implements `SurveyStore`; SQLite is `SQLiteStore` in SurveyLoad, opened for a
// `StoreLocation` by `SurveyStores.open`. Nothing here names a database type or a file path.
// docs/store.md says why the methods are async and how a backend keeps a run in one transaction.

/// The read side of the store: exactly what Analyze, `explain`, `status` and `report` read.
///
/// **Async, decided.** Every method is `async throws`, so a backend whose client is asynchronous
/// (postgres-nio for PostgreSQL, issue 28) implements it without blocking a thread, and the
/// SQLite backend suspends its caller on GRDB's async accessors instead of blocking a cooperative
/// thread. A bridge (synchronous protocols, with the PostgreSQL backend waiting on its event loop
/// behind a semaphore) was rejected: it blocks one thread per call, which deadlocks when the
/// caller is itself on the cooperative pool that would run the client's continuation.
///
/// Hot loops stay synchronous inside one access: ``forEachAccepted(submission:answer:)`` is one
/// `await` whose callbacks run once per row, synchronously, on whatever thread the backend reads
/// on (never concurrently); the caller is suspended meanwhile, so the callbacks may mutate the
/// caller's local state. Every read sees one committed state of the store, never a run in
/// progress.
public protocol SurveyReadStore: Sendable {
    /// Every accepted submission, then every stored answer row of those, streamed: one row per
    /// selected option, or the number, or the text. A submission's rows arrive together, in the
    /// order they were written (options unsorted); submissions arrive in no promised order. One
    /// read transaction.
    func forEachAccepted(
        submission: (_ key: Int64, _ round: String, _ country: String, _ respondent: String?) throws -> Void,
        answer: (_ key: Int64, _ questionID: String, _ option: String?, _ number: Double?, _ text: String?) throws -> Void
    ) async throws

    /// The file cache of the last run, by path.
    func cachedFiles() async throws -> [String: CachedFile]
    /// The last run's files with how many submissions each gave, by path.
    func previousFiles() async throws -> [String: Int]
    /// Every accepted submission's round, country and respondent, ordered by round, country, respondent.
    func acceptedSubmissions() async throws -> [AcceptedSubmission]
    /// Submissions per status.
    func statusCounts() async throws -> [SubmissionStatus: Int]
    /// The latest runs, newest first, with their accounting.
    func recentRuns(limit: Int) async throws -> [RunRecord]
    /// The diagnostics of the latest run, in the order they were written.
    func latestDiagnostics() async throws -> [Diagnostic]
    /// Number of runs recorded.
    func runCount() async throws -> Int
    /// Every file content the store has seen, by SHA-256: the run that first read it. A load
    /// records the files it adds that are not there yet; nothing removes a record (not a
    /// rebuild, not a file leaving the inbox), so the store's history is an input of a run.
    func fileArrivals() async throws -> [String: FileArrival]

    /// Lineage (`explain`): accepted submissions of one round with where each came from, ordered
    /// by country, then respondent.
    func submissionSources(round: String) async throws -> [SubmissionSource]
    /// Lineage: every stored answer row of a unit's accepted submission for one round, ordered by
    /// question, option.
    func submissionAnswers(round: String, country: String, respondent: String?) async throws -> [AnswerTrace]
    /// Lineage: every stored answer row to one question in one round's accepted submissions,
    /// ordered by country, respondent, option.
    func answerTraces(round: String, questionID: String) async throws -> [AnswerTrace]
    /// Every answer row inside repeat groups of accepted submissions (all rounds), ordered by
    /// round (as stored), country, respondent, repeat path (``RepeatPath`` order), then the
    /// order the rows were written in.
    func repeatAnswers() async throws -> [RepeatAnswerRow]

    /// The backend and its version, for `status`: `SQLite 3.46.1`, `PostgreSQL 15.18 (…)` (the
    /// server's). Nil for a store that is no database (a test's read store in memory).
    func backendVersion() async throws -> String?

    /// The accepted answers already interned in memory (``InternedAcceptedAnswers``: a run's load
    /// recording), streaming exactly what ``forEachAccepted(submission:answer:)`` streams; nil
    /// when the store has none, and from any layer that changes what ``forEachAccepted(submission:answer:)``
    /// streams and cannot say so in interned form (the default: a layer gives its base's only by
    /// saying so).
    func internedAccepted() async throws -> (any InternedAcceptedAnswers)?
}

extension SurveyReadStore {
    public func backendVersion() async throws -> String? { nil }
    public func internedAccepted() async throws -> (any InternedAcceptedAnswers)? { nil }

    /// A country's answer rows (no respondent key).
    public func submissionAnswers(round: String, country: String) async throws -> [AnswerTrace] {
        try await submissionAnswers(round: round, country: country, respondent: nil)
    }
}

/// A read store over another (``base``) that answers some reads its own way: every read it does
/// not implement is the base's (the analyst's corrections, `CorrectedStore`; a run's own answers
/// from its load's recording, `RecordedStore`).
public protocol SurveyReadStoreLayer: SurveyReadStore {
    var base: any SurveyReadStore { get }
}

extension SurveyReadStoreLayer {
    public func forEachAccepted(
        submission: (_ key: Int64, _ round: String, _ country: String, _ respondent: String?) throws -> Void,
        answer: (_ key: Int64, _ questionID: String, _ option: String?, _ number: Double?, _ text: String?) throws -> Void
    ) async throws {
        try await base.forEachAccepted(submission: submission, answer: answer)
    }
    public func cachedFiles() async throws -> [String: CachedFile] { try await base.cachedFiles() }
    public func previousFiles() async throws -> [String: Int] { try await base.previousFiles() }
    public func acceptedSubmissions() async throws -> [AcceptedSubmission] { try await base.acceptedSubmissions() }
    public func statusCounts() async throws -> [SubmissionStatus: Int] { try await base.statusCounts() }
    public func recentRuns(limit: Int) async throws -> [RunRecord] { try await base.recentRuns(limit: limit) }
    public func latestDiagnostics() async throws -> [Diagnostic] { try await base.latestDiagnostics() }
    public func runCount() async throws -> Int { try await base.runCount() }
    public func fileArrivals() async throws -> [String: FileArrival] { try await base.fileArrivals() }
    public func submissionSources(round: String) async throws -> [SubmissionSource] { try await base.submissionSources(round: round) }
    public func submissionAnswers(round: String, country: String, respondent: String?) async throws -> [AnswerTrace] {
        try await base.submissionAnswers(round: round, country: country, respondent: respondent)
    }
    public func answerTraces(round: String, questionID: String) async throws -> [AnswerTrace] {
        try await base.answerTraces(round: round, questionID: questionID)
    }
    public func repeatAnswers() async throws -> [RepeatAnswerRow] { try await base.repeatAnswers() }
    public func backendVersion() async throws -> String? { try await base.backendVersion() }
}

/// A run being written: one open transaction of the backend, handed to the body of
/// ``SurveyStore/load(_:beforeCommit:_:)`` and not to be kept beyond it.
///
/// One `await` per file (``add(_:submissions:cache:)``), never per row: the backend writes a
/// file's rows in one access. Calls come one at a time, from one task.
public protocol SurveyLoadSession: AnyObject {
    /// One file: its row, its submissions (each with its status as far as it is known) and their
    /// answers, every diagnostic of the file and its submissions, and its cache entry. A
    /// submission whose location names another file is refused (``StoreError/unknownFile(_:)``).
    func add(_ report: FileReport, submissions: [Submission], cache: CachedFile?) async throws
    /// Marks an added submission superseded by `winner`, with the diagnostic that says so.
    func supersede(_ id: String, by winner: String, diagnostic: Diagnostic) async throws
    /// Merges an added complement onto `base` (docs/formats.md, Revisions): its answers replace
    /// the base's answers to the same items and are added to the base, each keeping the
    /// complement's file as its own; the complement is marked superseded by `base`, with the
    /// diagnostic (`submission-merged`) that says so.
    func merge(_ complement: String, into base: String, diagnostic: Diagnostic) async throws
    /// A diagnostic about an added submission that revision resolution raised without changing
    /// its status (a `revision-cycle` warning).
    func note(_ diagnostic: Diagnostic) async throws
    /// A file's final accounting (after revisions were resolved).
    func setAccounting(of path: String, _ accounting: Accounting) async throws
    /// Files taken from the cache, when only known once every file is added (overrides
    /// ``RunInfo/filesReused``).
    var filesReused: Int? { get set }
}

/// The store one-writer lock, held by a whole run (load and outputs) and by `report`.
public protocol SurveyWriterLock: AnyObject, Sendable {
    /// Releases the lock; later calls do nothing. Also released when the lock is deallocated and
    /// when the process dies.
    func release()
}

/// A store backend: the reads, the one-writer lock and the run's load in one transaction.
public protocol SurveyStore: SurveyReadStore {
    /// Where the store is, as the user wrote it (a path for SQLite), for messages.
    var location: StoreLocation { get }

    /// Takes the store's one-writer lock (the SQLite backend: a `flock` on `<store>.lock`; a
    /// server backend: an advisory lock). When another writer holds it, logs once
    /// `waiting for the run holding <lock> (pid N) to finish`, then waits (suspended, not blocking)
    /// up to `timeout` seconds and throws ``StoreError/busy(holder:pid:)``; a `timeout` of 0 tries once.
    func lockWriter(timeout: Double, log: (String) -> Void) async throws -> any SurveyWriterLock

    /// Replaces the store's submissions with what `body` adds and records the run, in ONE
    /// transaction: a crash, a lost connection or a thrown error (from `body` or the backend)
    /// leaves the store as it was. Returns the run id.
    ///
    /// `body` streams the run in file by file, then marks superseded submissions, sets each
    /// file's accounting and returns the total. Runs and their diagnostics are kept as history.
    /// `beforeCommit` runs after every write and before the commit (a test hook: the crash-safety
    /// tests stop the process there). The caller holds the writer lock (``lockWriter(timeout:log:)``).
    func load(
        _ info: RunInfo, beforeCommit: @escaping @Sendable () -> Void,
        _ body: (any SurveyLoadSession) async throws -> Accounting
    ) async throws -> Int64
}

extension SurveyStore {
    @discardableResult
    public func load(_ info: RunInfo, _ body: (any SurveyLoadSession) async throws -> Accounting) async throws -> Int64 {
        try await load(info, beforeCommit: {}, body)
    }
}

/// Why a store refused an operation; every backend throws these for the cases they name.
public enum StoreError: Error, CustomStringConvertible, Equatable {
    /// A submission refers to a file not added to the load.
    case unknownFile(String)
    /// Another writer holds the store's lock (`holder`: the lock's name, e.g. `<store>.lock`).
    case busy(holder: String, pid: Int?)
    /// A read-only command on a store that does not exist yet.
    case missing(StoreLocation)
    /// The backend failed (open, lock, I/O); `detail` is its message.
    case failed(String)
    /// The store's schema names a migration this version does not know: a newer LegiSurvey made
    /// or migrated it. It is refused, untouched (`migration`: the newest unknown one).
    case newerVersion(migration: String)
    /// The store cannot be written (the file or its folder read-only, a full disk); `reason` says which.
    case notWritable(path: String, reason: String)

    public var description: String {
        switch self {
        case .unknownFile(let path): return "a submission refers to a file not in the batch: \(path)"
        case .busy(let holder, let pid):
            return "the store's writer lock \(holder) is held by \(pid.map { "pid \($0)" } ?? "another process")"
        case .missing(let location): return "no store at \(location)"
        case .failed(let detail): return detail
        case .notWritable(let path, let reason): return "the store at \(path) cannot be written: \(reason); check permissions"
        case .newerVersion(let migration):
            return "made by a newer LegiSurvey (migration \(migration)); upgrade LegiSurvey to use this store, or give another --store"
        }
    }
}
