import Foundation
import GRDB
public import SurveyModel

/// The one door to the database: owns the schema, its migrations and every read and write.
///
/// A run's batch is written in one transaction, so a crash leaves the store as it was.
public final class SurveyStore: Sendable {
    private let database: DatabaseQueue

    /// Opens (creating when needed) the store at `path` and brings its schema up to date.
    public init(path: String) throws {
        database = try DatabaseQueue(path: path)
        try Self.migrator.migrate(database)
    }

    /// A store in memory, for tests.
    public init() throws {
        database = try DatabaseQueue()
        try Self.migrator.migrate(database)
    }

    /// Migrations are named, append-only and never edited once released.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-initial") { db in
            try db.execute(
                sql: """
                    CREATE TABLE run (
                        id INTEGER PRIMARY KEY,
                        pipeline TEXT NOT NULL,
                        questionnaire_id TEXT NOT NULL,
                        questionnaire_version TEXT NOT NULL,
                        files_read INTEGER NOT NULL,
                        submissions_seen INTEGER NOT NULL,
                        accepted INTEGER NOT NULL,
                        superseded INTEGER NOT NULL,
                        excluded INTEGER NOT NULL,
                        rejected INTEGER NOT NULL,
                        answers_seen INTEGER NOT NULL,
                        answers_kept INTEGER NOT NULL,
                        answers_dropped INTEGER NOT NULL,
                        CHECK (submissions_seen = accepted + superseded + excluded + rejected),
                        CHECK (answers_seen = answers_kept + answers_dropped)
                    );
                    CREATE TABLE source_file (
                        id INTEGER PRIMARY KEY,
                        path TEXT NOT NULL UNIQUE,
                        sha256 TEXT NOT NULL,
                        bytes INTEGER NOT NULL,
                        format TEXT NOT NULL,
                        run_id INTEGER NOT NULL REFERENCES run(id),
                        submissions_seen INTEGER NOT NULL,
                        accepted INTEGER NOT NULL,
                        superseded INTEGER NOT NULL,
                        excluded INTEGER NOT NULL,
                        rejected INTEGER NOT NULL,
                        answers_seen INTEGER NOT NULL,
                        answers_kept INTEGER NOT NULL,
                        answers_dropped INTEGER NOT NULL
                    );
                    CREATE TABLE submission (
                        id TEXT PRIMARY KEY,
                        file_id INTEGER NOT NULL REFERENCES source_file(id) ON DELETE CASCADE,
                        line INTEGER,
                        country TEXT,
                        country_given TEXT NOT NULL,
                        round TEXT NOT NULL,
                        status TEXT NOT NULL CHECK (status IN ('accepted', 'superseded', 'excluded', 'rejected')),
                        reason TEXT,
                        superseded_by TEXT,
                        answers_seen INTEGER NOT NULL,
                        answers_kept INTEGER NOT NULL,
                        CHECK (status = 'rejected' OR country IS NOT NULL)
                    );
                    CREATE UNIQUE INDEX submission_one_accepted
                        ON submission(country, round) WHERE status = 'accepted';
                    CREATE TABLE answer (
                        submission_id TEXT NOT NULL REFERENCES submission(id) ON DELETE CASCADE,
                        question_id TEXT NOT NULL,
                        option TEXT,
                        number REAL,
                        text TEXT,
                        line INTEGER,
                        "column" INTEGER,
                        CHECK ((option IS NOT NULL) + (number IS NOT NULL) + (text IS NOT NULL) = 1)
                    );
                    CREATE INDEX answer_by_submission ON answer(submission_id, question_id);
                    CREATE TABLE diagnostic (
                        id INTEGER PRIMARY KEY,
                        run_id INTEGER NOT NULL REFERENCES run(id),
                        file TEXT NOT NULL,
                        line INTEGER,
                        "column" INTEGER,
                        submission_id TEXT,
                        question_id TEXT,
                        code TEXT NOT NULL,
                        severity TEXT NOT NULL,
                        expected TEXT,
                        found TEXT,
                        message TEXT NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v2-diagnostic-offset") { db in
            try db.execute(sql: "ALTER TABLE diagnostic ADD COLUMN byte_offset INTEGER")
        }
        migrator.registerMigration("v3-answer-by-question") { db in
            // `legisurvey explain stat` reads one question's answers across submissions.
            try db.execute(sql: "CREATE INDEX answer_by_question ON answer(question_id, submission_id)")
        }
        migrator.registerMigration("v4-run-started-at") { db in
            // When a run started (UTC, ISO 8601), for `legisurvey status`; NULL for older runs.
            try db.execute(sql: "ALTER TABLE run ADD COLUMN started_at TEXT")
        }
        migrator.registerMigration("v5-file-cache") { db in
            // Each inbox file's extract-and-transform result, for incremental runs; and the
            // submissions a run found withdrawn (their file left the inbox).
            try db.execute(
                sql: """
                    CREATE TABLE file_cache (
                        path TEXT PRIMARY KEY,
                        sha256 TEXT NOT NULL,
                        fingerprint TEXT NOT NULL,
                        payload BLOB NOT NULL
                    );
                    ALTER TABLE run ADD COLUMN withdrawn INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE run ADD COLUMN files_reused INTEGER NOT NULL DEFAULT 0;
                    """)
        }
        migrator.registerMigration("v6-respondent") { db in
            // The respondent key: with one, a country has one accepted submission per round and
            // respondent; without, respondent is NULL and the rule stays one per country and round.
            try db.execute(
                sql: """
                    ALTER TABLE submission ADD COLUMN respondent TEXT;
                    DROP INDEX submission_one_accepted;
                    CREATE UNIQUE INDEX submission_one_accepted
                        ON submission(country, round, coalesce(respondent, '')) WHERE status = 'accepted';
                    """)
        }
        return migrator
    }

    /// Replaces the store's submissions with this batch's and records the run, in one
    /// transaction. Returns the run id.
    ///
    /// The inbox holds every submission, so each run rebuilds the submission tables from it;
    /// runs and their diagnostics are kept as history. `beforeCommit` runs inside the
    /// transaction, after every insert and before the commit (a test hook: the crash-safety tests
    /// stop the process there).
    @discardableResult
    public func replace(
        with batch: Batch, startedAt: String? = nil, filesReused: Int = 0, beforeCommit: () -> Void = {}
    ) throws -> Int64 {
        try database.write { db in
            let total = batch.total
            try db.execute(
                sql: """
                    INSERT INTO run (pipeline, questionnaire_id, questionnaire_version, files_read,
                        submissions_seen, accepted, superseded, excluded, rejected,
                        answers_seen, answers_kept, answers_dropped)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    batch.pipeline, batch.questionnaireID, batch.questionnaireVersion, batch.files.count,
                    total.submissionsSeen, total.accepted, total.superseded, total.excluded, total.rejected,
                    total.answersSeen, total.answersKept, total.answersDropped,
                ])
            let runID = db.lastInsertedRowID
            try db.execute(
                sql: "UPDATE run SET started_at = ?, withdrawn = ?, files_reused = ? WHERE id = ?",
                arguments: [startedAt, batch.withdrawn.reduce(0) { $0 + $1.submissions }, filesReused, runID])
            try db.execute(sql: "DELETE FROM file_cache")
            let insertCache = try db.makeStatement(
                sql: "INSERT INTO file_cache (path, sha256, fingerprint, payload) VALUES (?, ?, ?, ?)")
            for entry in batch.cache {
                try insertCache.execute(arguments: [entry.path, entry.sha256, entry.fingerprint, Data(entry.payload)])
            }
            try db.execute(sql: "DELETE FROM answer; DELETE FROM submission; DELETE FROM source_file;")

            let insertFile = try db.makeStatement(
                sql: """
                    INSERT INTO source_file (path, sha256, bytes, format, run_id, submissions_seen, accepted,
                        superseded, excluded, rejected, answers_seen, answers_kept, answers_dropped)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            var fileIDs: [String: Int64] = [:]
            for report in batch.files {
                let a = report.accounting
                try insertFile.execute(arguments: [
                    report.file.path, report.file.sha256, report.file.bytes, report.file.format.rawValue, runID,
                    a.submissionsSeen, a.accepted, a.superseded, a.excluded, a.rejected, a.answersSeen,
                    a.answersKept, a.answersDropped,
                ])
                fileIDs[report.file.path] = db.lastInsertedRowID
            }

            let insertSubmission = try db.makeStatement(
                sql: """
                    INSERT INTO submission (id, file_id, line, country, country_given, round, status, reason,
                        superseded_by, answers_seen, answers_kept, respondent)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            let insertAnswer = try db.makeStatement(
                sql: """
                    INSERT INTO answer (submission_id, question_id, option, number, text, line, "column")
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """)
            for submission in batch.submissions {
                guard let fileID = fileIDs[submission.location.file] else {
                    throw StoreError.unknownFile(submission.location.file)
                }
                try insertSubmission.execute(arguments: [
                    submission.id, fileID, submission.location.line, submission.country, submission.countryGiven,
                    submission.round, submission.status.rawValue, submission.reason?.rawValue, submission.supersededBy,
                    submission.answersSeen, submission.answersKept, submission.respondent,
                ])
                guard submission.answersKept > 0 else { continue }
                for answer in submission.answers {
                    let line = answer.location.line
                    let column = answer.location.column
                    switch answer.value {
                    case .choice(let code):
                        try insertAnswer.execute(arguments: [submission.id, answer.questionID, code, nil, nil, line, column])
                    case .choices(let codes):
                        for code in codes {
                            try insertAnswer.execute(arguments: [submission.id, answer.questionID, code, nil, nil, line, column])
                        }
                    case .number(let number):
                        try insertAnswer.execute(arguments: [submission.id, answer.questionID, nil, number, nil, line, column])
                    case .text(let text):
                        try insertAnswer.execute(arguments: [submission.id, answer.questionID, nil, nil, text, line, column])
                    }
                }
            }

            let insertDiagnostic = try db.makeStatement(
                sql: """
                    INSERT INTO diagnostic (run_id, file, line, "column", byte_offset, submission_id, question_id, code,
                        severity, expected, found, message)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for diagnostic in batch.diagnostics {
                try insertDiagnostic.execute(arguments: [
                    runID, diagnostic.location.file, diagnostic.location.line, diagnostic.location.column,
                    diagnostic.location.offset, diagnostic.submissionID, diagnostic.questionID, diagnostic.code.rawValue,
                    diagnostic.severity.rawValue, diagnostic.expected, diagnostic.found, diagnostic.message,
                ])
            }
            beforeCommit()
            return runID
        }
    }

    /// Every answer of every accepted submission, ordered by round, country and question.
    public func acceptedAnswers() throws -> [StoredAnswer] {
        try database.read { db in
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT s.round, s.country, a.question_id, a.option, a.number, a.text, s.respondent
                    FROM answer a JOIN submission s ON s.id = a.submission_id
                    WHERE s.status = 'accepted'
                    ORDER BY s.round, s.country, s.respondent, a.question_id, a.option
                    """)
            var answers: [StoredAnswer] = []
            while let row = try rows.next() {
                let round: String = row[0]
                let country: String = row[1]
                let question: String = row[2]
                let option: String? = row[3]
                let respondent: String? = row[6]
                if let option, let last = answers.last, last.round == round, last.country == country,
                    last.respondent == respondent, last.questionID == question
                {
                    answers[answers.count - 1].options.append(option)
                    continue
                }
                answers.append(
                    StoredAnswer(
                        round: round, country: country, questionID: question, options: option.map { [$0] } ?? [],
                        number: row[4], text: row[5], respondent: respondent))
            }
            return answers
        }
    }

    /// The file cache of the last run, by path.
    public func cachedFiles() throws -> [String: CachedFile] {
        try database.read { db in
            var files: [String: CachedFile] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT path, sha256, fingerprint, payload FROM file_cache") {
                let payload: Data = row[3]
                files[row[0]] = CachedFile(path: row[0], sha256: row[1], fingerprint: row[2], payload: [UInt8](payload))
            }
            return files
        }
    }

    /// The last run's files with how many submissions each gave.
    public func previousFiles() throws -> [String: Int] {
        try database.read { db in
            var files: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT path, submissions_seen FROM source_file") { files[row[0]] = row[1] }
            return files
        }
    }

    /// Every accepted submission's country and round.
    public func acceptedSubmissions() throws -> [AcceptedSubmission] {
        try database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT round, country, respondent FROM submission WHERE status = 'accepted' ORDER BY round, country, respondent"
            ).map { AcceptedSubmission(round: $0[0], country: $0[1], respondent: $0[2]) }
        }
    }

    /// Accepted submissions of one round with where each came from, ordered by country.
    public func submissionSources(round: String) throws -> [SubmissionSource] {
        try database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT s.country, s.id, f.path, s.line FROM submission s JOIN source_file f ON f.id = s.file_id
                    WHERE s.status = 'accepted' AND s.round = ? ORDER BY s.country
                    """, arguments: [round]
            ).map { SubmissionSource(country: $0[0], submissionID: $0[1], file: $0[2], line: $0[3]) }
        }
    }

    /// Every stored answer row of a country's accepted submission for one round, with its origin;
    /// one row per selected option. Ordered by question, option.
    public func submissionAnswers(round: String, country: String) throws -> [AnswerTrace] {
        try traces(where: "s.country = ?", orderBy: "a.question_id, a.option", arguments: [round, country])
    }

    /// Every stored answer row to one question in one round's accepted submissions, with the file,
    /// line and column it came from; one row per selected option. Ordered by country, option.
    public func answerTraces(round: String, questionID: String) throws -> [AnswerTrace] {
        try traces(where: "a.question_id = ?", orderBy: "s.country, a.option", arguments: [round, questionID])
    }

    /// Answer rows of one round's accepted submissions joined to their submission and file.
    private func traces(where condition: String, orderBy order: String, arguments: StatementArguments) throws -> [AnswerTrace] {
        try database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT s.country, s.id, f.path, a.line, a."column", a.option, a.number, a.text, a.question_id
                    FROM answer a JOIN submission s ON s.id = a.submission_id JOIN source_file f ON f.id = s.file_id
                    WHERE s.status = 'accepted' AND s.round = ? AND \(condition)
                    ORDER BY \(order)
                    """, arguments: arguments
            ).map {
                AnswerTrace(
                    country: $0[0], submissionID: $0[1], file: $0[2], line: $0[3], column: $0[4], option: $0[5],
                    number: $0[6], text: $0[7], questionID: $0[8])
            }
        }
    }

    /// Submissions per status, for checks and summaries.
    public func statusCounts() throws -> [SubmissionStatus: Int] {
        try database.read { db in
            var counts: [SubmissionStatus: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT status, COUNT(*) FROM submission GROUP BY status") {
                if let status = SubmissionStatus(rawValue: row[0]) { counts[status] = row[1] }
            }
            return counts
        }
    }

    /// The latest runs, newest first, with their accounting.
    public func recentRuns(limit: Int) throws -> [RunRecord] {
        try database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, started_at, pipeline, questionnaire_id, questionnaire_version, files_read, submissions_seen,
                        accepted, superseded, excluded, rejected, answers_seen, answers_kept, answers_dropped,
                        withdrawn, files_reused
                    FROM run ORDER BY id DESC LIMIT ?
                    """, arguments: [limit]
            ).map { row in
                var accounting = Accounting()
                accounting.submissionsSeen = row[6]
                accounting.accepted = row[7]
                accounting.superseded = row[8]
                accounting.excluded = row[9]
                accounting.rejected = row[10]
                accounting.answersSeen = row[11]
                accounting.answersKept = row[12]
                accounting.answersDropped = row[13]
                return RunRecord(
                    id: row[0], startedAt: row[1], pipeline: row[2], questionnaireID: row[3], questionnaireVersion: row[4],
                    filesRead: row[5], accounting: accounting, withdrawn: row[14], filesReused: row[15])
            }
        }
    }

    /// The diagnostics of the latest run.
    public func latestDiagnostics() throws -> [Diagnostic] {
        try database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT code, file, line, "column", byte_offset, question_id, expected, found, submission_id
                    FROM diagnostic WHERE run_id = (SELECT MAX(id) FROM run) ORDER BY id
                    """
            ).compactMap { row in
                guard let code = DiagnosticCode(rawValue: row[0]) else { return nil }
                return Diagnostic(
                    code, at: SourceLocation(file: row[1], line: row[2], column: row[3], offset: row[4]), questionID: row[5],
                    expected: row[6], found: row[7], submissionID: row[8])
            }
        }
    }

    /// Number of runs recorded.
    public func runCount() throws -> Int {
        try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM run") ?? 0 }
    }
}

/// Why the store refused a batch.
public enum StoreError: Error, CustomStringConvertible {
    case unknownFile(String)

    public var description: String {
        switch self {
        case .unknownFile(let path): return "a submission refers to a file not in the batch: \(path)"
        }
    }
}

/// Where an accepted submission came from.
public struct SubmissionSource: Sendable, Equatable {
    public var country: String
    public var submissionID: String
    public var file: String
    public var line: Int?
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
}
