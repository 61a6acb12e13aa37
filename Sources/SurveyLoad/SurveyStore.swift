import Foundation
import GRDB
import GRDBSQLite
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
        migrator.registerMigration("v7-drop-answer-by-question") { db in
            // `explain stat` reads one question's answers of one round's accepted submissions:
            // answer_by_submission (submission_id, question_id) serves that as well, submission by
            // submission, and one index less is a quarter of a large store and of its load time.
            try db.execute(sql: "DROP INDEX answer_by_question")
        }
        migrator.registerMigration("v8-integer-submission-key") { db in
            // Answers point at their submission by an integer key instead of its text id, and the
            // answer table is stored in (submission_key, seq) order with no separate index: the
            // answer rows and their index were two thirds of a large store and most of its load
            // time. A submission's answers are read by that key; `seq` keeps the order they were
            // written in. The key is not declared a foreign key and "exactly one of option, number,
            // text" is not a CHECK: SQLite's per-row checks of the two were 40% of the time spent
            // inserting answers. Only the loader writes answers, each submission's right after it,
            // from a value that is one of the three by construction; tests check both on loaded
            // stores.
            try db.execute(
                sql: """
                    CREATE TABLE submission_v8 (
                        key INTEGER PRIMARY KEY,
                        id TEXT NOT NULL UNIQUE,
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
                        respondent TEXT,
                        CHECK (status = 'rejected' OR country IS NOT NULL)
                    );
                    INSERT INTO submission_v8 (key, id, file_id, line, country, country_given, round, status, reason,
                        superseded_by, answers_seen, answers_kept, respondent)
                    SELECT rowid, id, file_id, line, country, country_given, round, status, reason, superseded_by,
                        answers_seen, answers_kept, respondent
                    FROM submission;
                    CREATE TABLE answer_v8 (
                        submission_key INTEGER NOT NULL,
                        seq INTEGER NOT NULL,
                        question_id TEXT NOT NULL,
                        option TEXT,
                        number REAL,
                        text TEXT,
                        line INTEGER,
                        "column" INTEGER,
                        PRIMARY KEY (submission_key, seq)
                    ) WITHOUT ROWID;
                    INSERT INTO answer_v8 (submission_key, seq, question_id, option, number, text, line, "column")
                    SELECT s.rowid, row_number() OVER (PARTITION BY a.submission_id ORDER BY a.rowid), a.question_id,
                        a.option, a.number, a.text, a.line, a."column"
                    FROM answer a JOIN submission s ON s.id = a.submission_id;
                    DROP TABLE answer;
                    DROP TABLE submission;
                    ALTER TABLE submission_v8 RENAME TO submission;
                    ALTER TABLE answer_v8 RENAME TO answer;
                    CREATE UNIQUE INDEX submission_one_accepted
                        ON submission(country, round, coalesce(respondent, '')) WHERE status = 'accepted';
                    """)
        }
        return migrator
    }

    /// What a run records about itself besides its submissions.
    public struct RunInfo: Sendable {
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

    /// Replaces the store's submissions with what `body` adds and records the run, in one
    /// transaction: a crash or a thrown error leaves the store as it was. Returns the run id.
    ///
    /// `body` streams the run in, file by file (``Load/add(_:submissions:cache:)``), so a run
    /// never holds the whole inbox in memory; it then marks superseded submissions
    /// (``Load/supersede(_:by:diagnostic:)``), sets each file's accounting and returns the total.
    /// The inbox holds every submission, so each run rebuilds the submission tables; runs and their
    /// diagnostics are kept as history. `submission_one_accepted` is dropped for the bulk insert
    /// and built again before the commit (faster than keeping it up to date row by row, and where
    /// two accepted submissions for one country, round and respondent are refused); answers go in
    /// (submission key, seq) order, 16 rows per INSERT, into a table that is its own index. `beforeCommit` runs inside
    /// the transaction, after every insert and before the commit (a test hook: the crash-safety
    /// tests stop the process there).
    @discardableResult
    public func load(_ info: RunInfo, beforeCommit: () -> Void = {}, _ body: (Load) throws -> Accounting) throws -> Int64 {
        try database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO run (pipeline, questionnaire_id, questionnaire_version, files_read,
                        submissions_seen, accepted, superseded, excluded, rejected,
                        answers_seen, answers_kept, answers_dropped, started_at, withdrawn, files_reused)
                    VALUES (?, ?, ?, 0, 0, 0, 0, 0, 0, 0, 0, 0, ?, ?, ?)
                    """,
                arguments: [
                    info.pipeline, info.questionnaireID, info.questionnaireVersion, info.startedAt, info.withdrawn,
                    info.filesReused,
                ])
            let runID = db.lastInsertedRowID
            // A bulk load: a page cache large enough that SQLite does not spill to the file before
            // the commit (the default is 2 MiB). Set back afterwards.
            try db.execute(sql: "PRAGMA cache_size = -32768")
            defer { try? db.execute(sql: "PRAGMA cache_size = -2000") }
            try db.execute(
                sql: """
                    DELETE FROM file_cache; DELETE FROM answer; DELETE FROM submission; DELETE FROM source_file;
                    DROP INDEX submission_one_accepted;
                    """)
            let load = try Load(db: db, runID: runID)
            let total = try body(load)
            try db.execute(
                sql: """
                    UPDATE run SET files_read = ?, submissions_seen = ?, accepted = ?, superseded = ?, excluded = ?,
                        rejected = ?, answers_seen = ?, answers_kept = ?, answers_dropped = ?, files_reused = ? WHERE id = ?
                    """,
                arguments: [
                    load.files, total.submissionsSeen, total.accepted, total.superseded, total.excluded, total.rejected,
                    total.answersSeen, total.answersKept, total.answersDropped, load.filesReused ?? info.filesReused, runID,
                ])
            try db.execute(
                sql: """
                    CREATE UNIQUE INDEX submission_one_accepted
                        ON submission(country, round, coalesce(respondent, '')) WHERE status = 'accepted';
                    """)
            beforeCommit()
            return runID
        }
    }

    /// A load in progress: prepared statements inside ``SurveyStore/load(_:beforeCommit:_:)``'s
    /// transaction. Not to be kept beyond the `body` it is handed to.
    public final class Load {
        private let db: Database
        private let runID: Int64
        private let insertFile: Statement
        private let insertSubmission: Statement
        private let insertAnswer: Statement
        private let insertDiagnostic: Statement
        private let insertCache: Statement
        private let updateFile: Statement
        private let supersedeSubmission: Statement
        private let submissionRow: FastInsert
        private let fileRow: FastInsert
        private let fileAccounting: FastInsert
        private let cacheRow: FastInsert
        private let answerRow: FastInsert
        /// The same INSERT with `answersPerStatement` rows: SQLite's cost per statement run
        /// (reset, step, the program's set-up) is shared by that many answer rows.
        private let answerRows: FastInsert
        private static let answersPerStatement = 16
        /// Answer rows waiting for a full `answerRows` statement; written at the end of each file.
        private var pending: [PendingAnswer] = []

        private struct PendingAnswer {
            var key: Int64
            var seq: Int
            var questionID: String
            var option: String?
            var number: Double?
            var text: String?
            var line: Int?
            var column: Int?
        }
        private var fileIDs: [String: Int64] = [:]
        /// Files added so far.
        public private(set) var files = 0
        /// Files taken from the cache, when only known once every file is added (overrides
        /// ``RunInfo/filesReused``).
        public var filesReused: Int?

        init(db: Database, runID: Int64) throws {
            self.db = db
            self.runID = runID
            insertFile = try db.makeStatement(
                sql: """
                    INSERT INTO source_file (path, sha256, bytes, format, run_id, submissions_seen, accepted,
                        superseded, excluded, rejected, answers_seen, answers_kept, answers_dropped)
                    VALUES (?, ?, ?, ?, ?, 0, 0, 0, 0, 0, 0, 0, 0)
                    """)
            insertSubmission = try db.makeStatement(
                sql: """
                    INSERT INTO submission (id, file_id, line, country, country_given, round, status, reason,
                        superseded_by, answers_seen, answers_kept, respondent)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            insertAnswer = try db.makeStatement(
                sql: """
                    INSERT INTO answer (submission_key, seq, question_id, option, number, text, line, "column")
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            insertDiagnostic = try db.makeStatement(
                sql: """
                    INSERT INTO diagnostic (run_id, file, line, "column", byte_offset, submission_id, question_id, code,
                        severity, expected, found, message)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            insertCache = try db.makeStatement(
                sql: "INSERT INTO file_cache (path, sha256, fingerprint, payload) VALUES (?, ?, ?, ?)")
            updateFile = try db.makeStatement(
                sql: """
                    UPDATE source_file SET submissions_seen = ?, accepted = ?, superseded = ?, excluded = ?, rejected = ?,
                        answers_seen = ?, answers_kept = ?, answers_dropped = ? WHERE id = ?
                    """)
            submissionRow = FastInsert(db: db, statement: insertSubmission)
            fileRow = FastInsert(db: db, statement: insertFile)
            fileAccounting = FastInsert(db: db, statement: updateFile)
            cacheRow = FastInsert(db: db, statement: insertCache)
            answerRow = FastInsert(db: db, statement: insertAnswer)
            answerRows = FastInsert(
                db: db,
                statement: try db.makeStatement(
                    sql: """
                        INSERT INTO answer (submission_key, seq, question_id, option, number, text, line, "column")
                        VALUES \(Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?)", count: Self.answersPerStatement).joined(separator: ", "))
                        """))
            supersedeSubmission = try db.makeStatement(
                sql: "UPDATE submission SET status = 'superseded', reason = ?, superseded_by = ? WHERE id = ?")
        }

        /// One file: its row, its submissions (each with its status as far as it is known) and their
        /// answers, every diagnostic of the file and its submissions, and its cache entry.
        public func add(_ report: FileReport, submissions: [Submission], cache: CachedFile? = nil) throws {
            try fileRow.insert { row in
                row.text(1, report.file.path)
                row.text(2, report.file.sha256)
                row.int(3, report.file.bytes)
                row.text(4, report.file.format.rawValue)
                row.int(5, Int(runID))
            }
            let fileID = db.lastInsertedRowID
            fileIDs[report.file.path] = fileID
            files += 1
            for diagnostic in report.diagnostics { try insert(diagnostic) }
            for submission in submissions {
                guard submission.location.file == report.file.path else {
                    throw StoreError.unknownFile(submission.location.file)
                }
                try submissionRow.insert { row in
                    row.text(1, submission.id)
                    row.int(2, Int(fileID))
                    row.int(3, submission.location.line)
                    row.text(4, submission.country)
                    row.text(5, submission.countryGiven)
                    row.text(6, submission.round)
                    row.text(7, submission.status.rawValue)
                    row.text(8, submission.reason?.rawValue)
                    row.text(9, submission.supersededBy)
                    row.int(10, submission.answersSeen)
                    row.int(11, submission.answersKept)
                    row.text(12, submission.respondent)
                }
                let key = db.lastInsertedRowID
                for diagnostic in submission.diagnostics { try insert(diagnostic) }
                guard submission.answersKept > 0 else { continue }
                var seq = 0
                for answer in submission.answers {
                    func insert(option: String?, number: Double?, text: String?) throws {
                        seq += 1
                        pending.append(
                            PendingAnswer(
                                key: key, seq: seq, questionID: answer.questionID, option: option, number: number, text: text,
                                line: answer.location.line, column: answer.location.column))
                        if pending.count == Self.answersPerStatement { try writePending() }
                    }
                    switch answer.value {
                    case .choice(let code): try insert(option: code, number: nil, text: nil)
                    case .choices(let codes): for code in codes { try insert(option: code, number: nil, text: nil) }
                    case .number(let number): try insert(option: nil, number: number, text: nil)
                    case .text(let text): try insert(option: nil, number: nil, text: text)
                    }
                }
            }
            try writePending()
            if let cache {
                try cacheRow.insert { row in
                    row.text(1, cache.path)
                    row.text(2, cache.sha256)
                    row.text(3, cache.fingerprint)
                    row.blob(4, cache.payload)
                }
            }
        }

        /// Writes the pending answer rows: a full batch in one statement, fewer one by one.
        private func writePending() throws {
            func bind(_ row: FastInsert.Row, _ answer: PendingAnswer, at offset: Int32) {
                row.int(offset + 1, Int(answer.key))
                row.int(offset + 2, answer.seq)
                row.text(offset + 3, answer.questionID)
                row.text(offset + 4, answer.option)
                row.double(offset + 5, answer.number)
                row.text(offset + 6, answer.text)
                row.int(offset + 7, answer.line)
                row.int(offset + 8, answer.column)
            }
            if pending.count == Self.answersPerStatement {
                try answerRows.insert { row in
                    for (index, answer) in pending.enumerated() { bind(row, answer, at: Int32(index * 8)) }
                }
            } else {
                for answer in pending { try answerRow.insert { bind($0, answer, at: 0) } }
            }
            pending.removeAll(keepingCapacity: true)
        }

        /// Marks an added submission superseded by `winner`, with the diagnostic that says so.
        public func supersede(_ id: String, by winner: String, diagnostic: Diagnostic) throws {
            try supersedeSubmission.execute(arguments: [DiagnosticCode.submissionSuperseded.rawValue, winner, id])
            try insert(diagnostic)
        }

        /// A file's final accounting (after revisions were resolved).
        public func setAccounting(of path: String, _ a: Accounting) throws {
            guard let fileID = fileIDs[path] else { throw StoreError.unknownFile(path) }
            try fileAccounting.insert { row in  // an UPDATE, driven the same way
                for (index, value) in [
                    a.submissionsSeen, a.accepted, a.superseded, a.excluded, a.rejected, a.answersSeen, a.answersKept,
                    a.answersDropped, Int(fileID),
                ].enumerated() { row.int(Int32(index + 1), value) }
            }
        }

        private func insert(_ diagnostic: Diagnostic) throws {
            try insertDiagnostic.execute(arguments: [
                runID, diagnostic.location.file, diagnostic.location.line, diagnostic.location.column,
                diagnostic.location.offset, diagnostic.submissionID, diagnostic.questionID, diagnostic.code.rawValue,
                diagnostic.severity.rawValue, diagnostic.expected, diagnostic.found, diagnostic.message,
            ])
        }
    }

    /// Replaces the store's submissions with a batch whose revisions are already resolved (tests,
    /// and callers that hold a whole batch): ``load(_:beforeCommit:_:)`` with every file at once.
    @discardableResult
    public func replace(
        with batch: Batch, startedAt: String? = nil, filesReused: Int = 0, beforeCommit: () -> Void = {}
    ) throws -> Int64 {
        let info = RunInfo(
            pipeline: batch.pipeline, questionnaireID: batch.questionnaireID, questionnaireVersion: batch.questionnaireVersion,
            startedAt: startedAt, filesReused: filesReused, withdrawn: batch.withdrawn.reduce(0) { $0 + $1.submissions })
        return try load(info, beforeCommit: beforeCommit) { load in
            var byFile: [String: [Submission]] = [:]
            for submission in batch.submissions { byFile[submission.location.file, default: []].append(submission) }
            let cache = Dictionary(batch.cache.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
            for report in batch.files {
                try load.add(report, submissions: byFile.removeValue(forKey: report.file.path) ?? [], cache: cache[report.file.path])
                try load.setAccounting(of: report.file.path, report.accounting)
            }
            if let stray = byFile.keys.sorted().first { throw StoreError.unknownFile(stray) }
            return batch.total
        }
    }

    /// Every answer of every accepted submission, ordered by round, country and question.
    public func acceptedAnswers() throws -> [StoredAnswer] {
        try database.read { db in
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT s.round, s.country, a.question_id, a.option, a.number, a.text, s.respondent
                    FROM answer a JOIN submission s ON s.key = a.submission_key
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

    /// What ``acceptedSubmissions()`` and ``acceptedAnswers()`` return, streamed instead of built
    /// as arrays (the statistics read every answer; as `[StoredAnswer]` they took hundreds of MB
    /// at 10,000 respondents). One read transaction: first `submission` gets every accepted
    /// submission with a key of its own, then `answer` gets every stored answer row of those
    /// submissions with its submission's key: one row per selected option, or the number, or the
    /// text.
    ///
    /// Answer rows come in storage order, (submission key, seq): a plain scan of the answer table is
    /// several times faster than the ordered join of ``acceptedAnswers()``, which sorts. A
    /// submission's rows arrive together, in the order they were written; options arrive unsorted.
    public func forEachAccepted(
        submission: (_ key: Int64, _ round: String, _ country: String, _ respondent: String?) throws -> Void,
        answer: (_ key: Int64, _ questionID: String, _ option: String?, _ number: Double?, _ text: String?) throws -> Void
    ) throws {
        try database.read { db in
            var accepted = Set<Int64>()
            let submissions = try Row.fetchCursor(
                db, sql: "SELECT key, round, country, respondent FROM submission WHERE status = 'accepted'")
            while let row = try submissions.next() {
                let key: Int64 = row[0]
                accepted.insert(key)
                try submission(key, row[1], row[2], row[3])
            }
            // The answer table alone, in its (submission_key, seq) order, through SQLite's C API:
            // joining each row to its submission and GRDB's per-column decoding cost more than
            // the rest of the read. A submission's rows come together, so whether it is accepted
            // is looked up once per submission.
            let statement = try db.makeStatement(
                sql: "SELECT submission_key, question_id, option, number, text, seq FROM answer")
            let handle = statement.sqliteStatement
            func text(_ column: Int32) -> String? {
                guard sqlite3_column_type(handle, column) != SQLITE_NULL, let bytes = sqlite3_column_text(handle, column)
                else { return nil }
                return String(cString: bytes)
            }
            // Submissions answer the same questions in the same order, often with the same options:
            // the text at the same place (seq) in the previous submission is reused when the bytes
            // are equal, instead of a new String per row (millions of rows in a large store).
            var questionAt: [String] = []
            var optionAt: [String] = []
            func reused(_ column: Int32, _ seq: Int, _ cache: inout [String]) -> String? {
                guard sqlite3_column_type(handle, column) != SQLITE_NULL, let bytes = sqlite3_column_text(handle, column)
                else { return nil }
                let count = Int(sqlite3_column_bytes(handle, column))
                if seq < cache.count {
                    let same = cache[seq].utf8.withContiguousStorageIfAvailable { known in
                        known.count == count && (count == 0 || memcmp(known.baseAddress!, bytes, count) == 0)
                    }
                    if same == true { return cache[seq] }
                }
                let value = String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
                if seq < 4096 {
                    while cache.count <= seq { cache.append("") }
                    cache[seq] = value
                }
                return value
            }
            var previous: Int64?
            var wanted = false
            while true {
                let code = sqlite3_step(handle)
                if code == SQLITE_DONE { break }
                guard code == SQLITE_ROW else {
                    throw DatabaseError(
                        resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                        sql: statement.sql)
                }
                let key = sqlite3_column_int64(handle, 0)
                if key != previous {
                    previous = key
                    wanted = accepted.contains(key)
                }
                guard wanted else { continue }
                let number = sqlite3_column_type(handle, 3) == SQLITE_NULL ? nil : sqlite3_column_double(handle, 3)
                let seq = max(0, Int(sqlite3_column_int64(handle, 5)))
                try answer(key, reused(1, seq, &questionAt) ?? "", reused(2, seq, &optionAt), number, text(4))
            }
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

    /// Accepted submissions of one round with where each came from, ordered by country (and
    /// respondent, with a respondent key).
    public func submissionSources(round: String) throws -> [SubmissionSource] {
        try database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT s.country, s.id, f.path, s.line, s.respondent FROM submission s JOIN source_file f ON f.id = s.file_id
                    WHERE s.status = 'accepted' AND s.round = ? ORDER BY s.country, s.respondent
                    """, arguments: [round]
            ).map { SubmissionSource(country: $0[0], submissionID: $0[1], file: $0[2], line: $0[3], respondent: $0[4]) }
        }
    }

    /// Every stored answer row of a country's accepted submission for one round (with a
    /// respondent key: that respondent's), with its origin; one row per selected option. Ordered
    /// by question, option.
    public func submissionAnswers(round: String, country: String, respondent: String? = nil) throws -> [AnswerTrace] {
        try traces(
            where: "s.country = ? AND coalesce(s.respondent, '') = ?", orderBy: "a.question_id, a.option",
            arguments: [round, country, respondent ?? ""])
    }

    /// Every stored answer row to one question in one round's accepted submissions, with the file,
    /// line and column it came from; one row per selected option. Ordered by country, respondent,
    /// option.
    public func answerTraces(round: String, questionID: String) throws -> [AnswerTrace] {
        try traces(where: "a.question_id = ?", orderBy: "s.country, s.respondent, a.option", arguments: [round, questionID])
    }

    /// Answer rows of one round's accepted submissions joined to their submission and file.
    private func traces(where condition: String, orderBy order: String, arguments: StatementArguments) throws -> [AnswerTrace] {
        try database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT s.country, s.id, f.path, a.line, a."column", a.option, a.number, a.text, a.question_id,
                        s.respondent
                    FROM answer a JOIN submission s ON s.key = a.submission_key JOIN source_file f ON f.id = s.file_id
                    WHERE s.status = 'accepted' AND s.round = ? AND \(condition)
                    ORDER BY \(order)
                    """, arguments: arguments
            ).map {
                AnswerTrace(
                    country: $0[0], submissionID: $0[1], file: $0[2], line: $0[3], column: $0[4], option: $0[5],
                    number: $0[6], text: $0[7], questionID: $0[8], respondent: $0[9])
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
    /// With a respondent key; nil otherwise.
    public var respondent: String? = nil

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
}

/// A prepared INSERT driven through SQLite's C API: binds each value straight from the Swift
/// value (copied by SQLite) and steps. It exists for the bulk insert's hot loop: GRDB's
/// `StatementArguments` box every value, which cost more than SQLite itself there.
struct FastInsert {
    let db: Database
    let statement: Statement

    struct Row {
        let handle: OpaquePointer
        private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

        func text(_ index: Int32, _ value: String?) {
            guard var value else { sqlite3_bind_null(handle, index); return }
            value.withUTF8 { utf8 in
                guard let base = utf8.baseAddress, utf8.count > 0 else {
                    _ = sqlite3_bind_text(handle, index, "", 0, Self.transient)
                    return
                }
                _ = base.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
                    sqlite3_bind_text(handle, index, $0, Int32(utf8.count), Self.transient)
                }
            }
        }

        func int(_ index: Int32, _ value: Int?) {
            guard let value else { sqlite3_bind_null(handle, index); return }
            sqlite3_bind_int64(handle, index, sqlite3_int64(value))
        }

        func blob(_ index: Int32, _ value: [UInt8]) {
            value.withUnsafeBytes { bytes in
                _ = sqlite3_bind_blob(handle, index, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(bytes.count), Self.transient)
            }
        }

        func double(_ index: Int32, _ value: Double?) {
            guard let value else { sqlite3_bind_null(handle, index); return }
            sqlite3_bind_double(handle, index, value)
        }
    }

    func insert(_ bind: (Row) -> Void) throws {
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        bind(Row(handle: handle))
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else {
            let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
            sqlite3_reset(handle)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
    }
}
