// The bulk load: a run's submissions, answers, diagnostics and file cache written in one
// transaction that stays open across the session's awaits (`load`), through prepared statements
// (`SQLiteLoadSession.Inserts`).
import Foundation
import GRDB
public import SurveyModel

extension SQLiteStore {
    /// Replaces the store's submissions with what `body` adds and records the run, in one
    /// transaction: a crash or a thrown error leaves the store as it was. Returns the run id.
    ///
    /// **One transaction across awaits.** `body` is async (one `await` per file), and a GRDB
    /// access (`write { }`) cannot span awaits. So the load opens a connection of its own
    /// (`Configuration.allowsUnsafeTransactions`, which lets a transaction outlive one access) and
    /// runs `BEGIN IMMEDIATE` in one `writeWithoutTransaction` access, each file's inserts in
    /// another (inline on the caller's thread: see ``SQLiteLoadSession``), and `COMMIT` in the last; any error (thrown by `body` or by SQLite, or the task's
    /// cancellation) runs `ROLLBACK`, and a crash leaves a hot journal SQLite rolls back on the
    /// next open. The connection is the load's alone, so no other access can see the
    /// transaction in progress: readers on the store's own connection (or another process) see
    /// the last committed state until the commit. An in-memory store has no second connection;
    /// its load runs on its only one.
    ///
    /// The inbox holds every submission, so each run rebuilds the submission tables; runs and their
    /// diagnostics are kept as history. `submission_one_accepted` is dropped for the bulk insert
    /// and built again before the commit (faster than keeping it up to date row by row, and where
    /// two accepted submissions for one country, round and respondent are refused); answers go in
    /// (submission key, seq) order, 16 rows per INSERT, into a table that is its own index.
    /// `beforeCommit` runs inside the transaction, after every insert and before the commit.
    public func load(
        _ info: RunInfo, beforeCommit: @escaping @Sendable () -> Void,
        _ body: (any SurveyLoadSession) async throws -> Accounting
    ) async throws -> Int64 {
        let writer: DatabaseQueue
        if let path {
            var configuration = Configuration()
            configuration.allowsUnsafeTransactions = true
            configuration.busyMode = .timeout(Self.busyTimeout)
            writer = try DatabaseQueue(path: path, configuration: configuration)
        } else {
            writer = database
        }
        let session: SQLiteLoadSession
        do {
            session = try await SQLiteLoadSession.begin(info, on: writer)
        } catch {
            throw Self.storeError(error, path: path)
        }
        do {
            let total = try await body(session)
            return try await session.commit(total, info: info, beforeCommit: beforeCommit)
        } catch {
            await session.rollback()
            throw Self.storeError(error, path: path)
        }
    }
}

/// A load in progress (``SQLiteStore/load(_:beforeCommit:_:)``): the open transaction on the
/// load's connection. Not to be kept beyond the `body` it is handed to.
///
/// `@unchecked Sendable`: its statements are used only inside the writer's accesses, which GRDB
/// runs one at a time on the writer's serial queue; the session's calls come from one task.
final class SQLiteLoadSession: SurveyLoadSession, @unchecked Sendable {
    private let writer: DatabaseQueue
    private let inserts: Inserts
    private let runID: Int64
    private var open = true
    var filesReused: Int?

    private init(writer: DatabaseQueue, inserts: Inserts, runID: Int64) {
        self.writer = writer
        self.inserts = inserts
        self.runID = runID
    }

    /// `BEGIN IMMEDIATE`, the run's row, the submission tables emptied, the statements prepared.
    static func begin(_ info: RunInfo, on writer: DatabaseQueue) async throws -> SQLiteLoadSession {
        let (inserts, runID) = try await writer.writeWithoutTransaction { db -> (UncheckedBox<Inserts>, Int64) in
            try db.execute(sql: "BEGIN IMMEDIATE")
            do {
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
                // A bulk load: a page cache large enough that SQLite does not spill to the file
                // before the commit (the default is 2 MiB). Set back at the end.
                try db.execute(sql: "PRAGMA cache_size = -32768")
                try db.execute(
                    sql: """
                        DELETE FROM file_cache; DELETE FROM answer_pack; DELETE FROM repeat_answer; DELETE FROM submission; DELETE FROM source_file;
                        DROP INDEX submission_one_accepted;
                        """)
                return (UncheckedBox(try Inserts(db: db, runID: runID, startedAt: info.startedAt)), runID)
            } catch {
                try? db.execute(sql: "ROLLBACK")
                try? db.execute(sql: "PRAGMA cache_size = -2000")
                throw error
            }
        }
        return SQLiteLoadSession(writer: writer, inserts: inserts.value, runID: runID)
    }

    // The per-file calls run their SQLite work inline, on the calling task's thread, through
    // GRDB's synchronous access to the load's own connection: nobody else uses that connection,
    // so the access never waits for another; it is CPU work (the rows go to SQLite's 32 MiB page
    // cache; the disk is written at the commit, which is awaited on GRDB's queue). A hop to
    // GRDB's queue per call (its async access) cost two thread switches per file: at 10,000
    // respondents (5,005 files, each added then given its accounting) about 0.6 s of CPU, as much
    // as a third of the load.

    func add(_ report: FileReport, submissions: [Submission], cache: CachedFile?) async throws {
        try inline { try $0.add(report, submissions: submissions, cache: cache) }
    }

    func supersede(_ id: String, by winner: String, diagnostic: Diagnostic) async throws {
        try inline { try $0.supersede(id, by: winner, diagnostic: diagnostic) }
    }

    func merge(_ complement: String, into base: String, diagnostic: Diagnostic) async throws {
        try inline { try $0.merge(complement, into: base, diagnostic: diagnostic) }
    }

    func setAccounting(of path: String, _ accounting: Accounting) async throws {
        try inline { try $0.setAccounting(of: path, accounting) }
    }

    func note(_ diagnostic: Diagnostic) async throws {
        try inline { try $0.note(diagnostic) }
    }

    /// `body` on the load's connection, synchronously (GRDB's synchronous access: inline on this
    /// thread, as the connection is free).
    private func inline(_ body: (Inserts) throws -> Void) throws {
        let inserts = self.inserts
        try writer.writeWithoutTransaction { _ in try body(inserts) }
    }

    /// The run's totals, the unique index built again, the test hook, `COMMIT` (a failed commit
    /// is rolled back before the error is thrown).
    func commit(_ total: Accounting, info: RunInfo, beforeCommit: @escaping @Sendable () -> Void) async throws -> Int64 {
        let inserts = UncheckedBox(self.inserts)
        let runID = self.runID
        let filesReused = self.filesReused ?? info.filesReused
        try await writer.writeWithoutTransaction { db in
            try db.execute(
                sql: """
                    UPDATE run SET files_read = ?, submissions_seen = ?, accepted = ?, superseded = ?, excluded = ?,
                        rejected = ?, answers_seen = ?, answers_kept = ?, answers_dropped = ?, files_reused = ? WHERE id = ?
                    """,
                arguments: [
                    inserts.value.files, total.submissionsSeen, total.accepted, total.superseded, total.excluded,
                    total.rejected, total.answersSeen, total.answersKept, total.answersDropped, filesReused, runID,
                ])
            try db.execute(
                sql: """
                    CREATE UNIQUE INDEX submission_one_accepted
                        ON submission(country, round, coalesce(respondent, '')) WHERE status = 'accepted';
                    """)
            beforeCommit()
            try db.execute(sql: "COMMIT")
            try? db.execute(sql: "PRAGMA cache_size = -2000")
        }
        open = false
        return runID
    }

    /// `ROLLBACK`, whatever happened: run outside the caller's task, so a cancelled run still
    /// rolls back (a file store's load connection is also closed, which rolls back too).
    func rollback() async {
        guard open else { return }
        open = false
        let writer = self.writer
        _ = await Task.detached {
            try? await writer.writeWithoutTransaction { db in
                if db.isInsideTransaction { try db.execute(sql: "ROLLBACK") }
                try db.execute(sql: "PRAGMA cache_size = -2000")
            }
        }.value
    }
}

/// A value handed into a GRDB access closure (`@Sendable`) that is not `Sendable` but is used
/// only there, one access at a time, while its owner is suspended: the load session's
/// statements, the caller's row callbacks of a streamed read.
struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

extension SQLiteLoadSession {
    /// The load's prepared statements, bound to the load's connection: used only inside its
    /// accesses.
    final class Inserts {
        private let db: Database
        private let runID: Int64
        private let insertFile: Statement
        private let insertSubmission: Statement
        private let insertDiagnostic: Statement
        private let insertCache: Statement
        /// A file content's arrival, unless an earlier run recorded it (never replaced).
        private let insertArrival: Statement
        private let startedAt: String?
        private let updateFile: Statement
        private let supersedeSubmission: Statement
        private let submissionRow: FastInsert
        private let fileRow: FastInsert
        private let fileAccounting: FastInsert
        private let cacheRow: FastInsert
        /// A submission's answers, one row (``AnswerPack``).
        private let packRow: FastInsert
        /// The pack being written, its buffer kept from one submission to the next.
        private var pack: [UInt8] = []
        /// One repeat answer row (`repeat_answer`): fewer than the answers, written one by one.
        private let repeatAnswerRow: FastInsert
        private var fileIDs: [String: Int64] = [:]
        /// Files added so far.
        private(set) var files = 0

        init(db: Database, runID: Int64, startedAt: String?) throws {
            self.db = db
            self.runID = runID
            self.startedAt = startedAt
            insertArrival = try db.makeStatement(
                sql: "INSERT OR IGNORE INTO file_arrival (sha256, run_id, started_at) VALUES (?, ?, ?)")
            insertFile = try db.makeStatement(
                sql: """
                    INSERT INTO source_file (path, sha256, bytes, format, run_id, submissions_seen, accepted,
                        superseded, excluded, rejected, answers_seen, answers_kept, answers_dropped)
                    VALUES (?, ?, ?, ?, ?, 0, 0, 0, 0, 0, 0, 0, 0)
                    """)
            insertSubmission = try db.makeStatement(
                sql: """
                    INSERT INTO submission (id, file_id, line, country, country_given, round, status, reason,
                        superseded_by, answers_seen, answers_kept, respondent, questionnaire_version, restricted,
                        submitted_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            insertDiagnostic = try db.makeStatement(
                sql: """
                    INSERT INTO diagnostic (run_id, file, line, "column", byte_offset, submission_id, question_id, code,
                        severity, expected, found, message, detail, country, sender_language, suggestion, sheet)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
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
            packRow = FastInsert(
                db: db, statement: try db.makeStatement(sql: "INSERT INTO answer_pack (submission_key, answers) VALUES (?, ?)"))
            repeatAnswerRow = FastInsert(
                db: db,
                statement: try db.makeStatement(
                    sql: """
                        INSERT INTO repeat_answer (submission_key, seq, path, question_id, option, number, text, line, "column")
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """))
            supersedeSubmission = try db.makeStatement(
                sql: "UPDATE submission SET status = 'superseded', reason = ?, superseded_by = ? WHERE id = ?")
        }

        /// One file: its row, its submissions (each with its status as far as it is known) and their
        /// answers, every diagnostic of the file and its submissions, and its cache entry.
        func add(_ report: FileReport, submissions: [Submission], cache: CachedFile?) throws {
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
            if !report.file.sha256.isEmpty {
                try insertArrival.execute(arguments: [report.file.sha256, runID, startedAt])
            }
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
                    row.text(13, submission.questionnaireVersion)
                    row.text(14, submission.restricted?.stored)
                    row.text(15, submission.metadata.submittedAt)
                }
                let key = db.lastInsertedRowID
                for diagnostic in submission.diagnostics { try insert(diagnostic) }
                guard submission.answersKept > 0 else { continue }
                if try AnswerPack.encode(submission.answers, into: &pack) {
                    try packRow.insert { row in
                        row.int(1, Int(key))
                        row.utf8Text(2, pack)
                    }
                }
                try addRepeatAnswers(submission.repeatAnswers, key: key)
            }
            if let cache {
                try cacheRow.insert { row in
                    row.text(1, cache.path)
                    row.text(2, cache.sha256)
                    row.text(3, cache.fingerprint)
                    row.blob(4, cache.payload)
                }
            }
        }

        /// A submission's repeat answers, in the order given (path order), one row per selected
        /// option as for answers; `seq` counts from 1 per submission.
        private func addRepeatAnswers(_ answers: [Answer], key: Int64) throws {
            var seq = 0
            for answer in answers {
                guard let path = answer.path else { throw StoreError.failed("a repeat answer to \(answer.questionID) without its repeat path (a bug: the transform sets it)") }
                let pathText = path.description
                func insert(option: String?, number: Double?, text: String?) throws {
                    seq += 1
                    try repeatAnswerRow.insert { row in
                        row.int(1, Int(key))
                        row.int(2, seq)
                        row.text(3, pathText)
                        row.text(4, answer.questionID)
                        row.text(5, option)
                        row.double(6, number)
                        row.text(7, text)
                        row.int(8, answer.location.line)
                        row.int(9, answer.location.column)
                    }
                }
                switch answer.value {
                case .choice(let code): try insert(option: code, number: nil, text: nil)
                case .choices(let codes): for code in codes { try insert(option: code, number: nil, text: nil) }
                case .number(let number): try insert(option: nil, number: number, text: nil)
                case .text(let text): try insert(option: nil, number: nil, text: text)
                }
            }
        }

        /// Marks an added submission superseded by `winner`, with the diagnostic that says so.
        func supersede(_ id: String, by winner: String, diagnostic: Diagnostic) throws {
            try supersedeSubmission.execute(arguments: [DiagnosticCode.submissionSuperseded.rawValue, winner, id])
            try insert(diagnostic)
        }

        /// Merges a complement onto `base`: the base's answers to the items the complement answers
        /// are replaced by copies of the complement's answer rows, which keep the complement's file
        /// (`answer.file_id`) and line; the complement is marked superseded by `base`
        /// (`reason` = `submission-merged`) and keeps its own rows for lineage.
        ///
        /// Repeat answers merge by whole top-level repeat group: a complement that carries any
        /// occurrence of a repeat (`laws[…]`) replaces every row of that repeat in the base (its
        /// occurrences keep the complement's positions); a repeat the complement does not carry is
        /// kept as it was (docs/formats.md, Complements).
        func merge(_ complement: String, into base: String, diagnostic: Diagnostic) throws {
            // The repeat id of a row: its path up to the first `[` (`laws[2]/amendments[1]` → `laws`).
            try db.execute(
                sql: """
                    DELETE FROM repeat_answer WHERE submission_key = (SELECT key FROM submission WHERE id = ?)
                        AND substr(path, 1, instr(path, '[') - 1) IN (
                            SELECT substr(r.path, 1, instr(r.path, '[') - 1)
                            FROM repeat_answer r JOIN submission c ON c.key = r.submission_key WHERE c.id = ?)
                    """, arguments: [base, complement])
            try db.execute(
                sql: """
                    INSERT INTO repeat_answer (submission_key, seq, path, question_id, option, number, text, line, "column",
                        file_id)
                    SELECT b.key, (SELECT coalesce(max(seq), 0) FROM repeat_answer WHERE submission_key = b.key) + r.seq,
                        r.path, r.question_id, r.option, r.number, r.text, r.line, r."column", coalesce(r.file_id, c.file_id)
                    FROM repeat_answer r JOIN submission c ON c.key = r.submission_key, submission b
                    WHERE c.id = ? AND b.id = ?
                    ORDER BY r.seq
                    """, arguments: [complement, base])
            try mergePacks(complement, into: base)
            // What either asked to restrict stays restricted (issue 26): `*` wins, else both lists.
            try db.execute(
                sql: """
                    UPDATE submission SET restricted = (
                        SELECT CASE WHEN c.restricted IS NULL THEN submission.restricted
                            WHEN submission.restricted IS NULL THEN c.restricted
                            WHEN submission.restricted = '*' OR c.restricted = '*' THEN '*'
                            ELSE submission.restricted || ' ' || c.restricted END
                        FROM submission c WHERE c.id = ?)
                    WHERE id = ?
                    """, arguments: [complement, base])
            try db.execute(
                sql: "UPDATE submission SET status = 'superseded', reason = ?, superseded_by = ? WHERE id = ?",
                arguments: [DiagnosticCode.submissionMerged.rawValue, base, complement])
            try insert(diagnostic)
        }

        /// The base's pack without its answers to the items the complement answers, then the
        /// complement's rows with their file (``AnswerPack/merged(base:complement:complementFile:)``).
        /// Nothing changes when either submission is unknown.
        private func mergePacks(_ complement: String, into base: String) throws {
            guard let baseKey = try Int64.fetchOne(db, sql: "SELECT key FROM submission WHERE id = ?", arguments: [base]),
                let other = try Row.fetchOne(db, sql: "SELECT key, file_id FROM submission WHERE id = ?", arguments: [complement])
            else { return }
            let merged = AnswerPack.merged(
                base: try SQLiteStore.packedAnswers(db, key: baseKey), complement: try SQLiteStore.packedAnswers(db, key: other[0]),
                complementFile: other[1])
            try db.execute(sql: "DELETE FROM answer_pack WHERE submission_key = ?", arguments: [baseKey])
            if let bytes = try AnswerPack.encode(merged) {
                try packRow.insert { row in
                    row.int(1, Int(baseKey))
                    row.utf8Text(2, bytes)
                }
            }
        }

        func note(_ diagnostic: Diagnostic) throws { try insert(diagnostic) }

        /// A file's final accounting (after revisions were resolved).
        func setAccounting(of path: String, _ a: Accounting) throws {
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
                diagnostic.severity.rawValue, diagnostic.expected, diagnostic.found, diagnostic.message, diagnostic.detail,
                diagnostic.country, diagnostic.senderLanguage?.rawValue, diagnostic.suggestion?.stored,
                diagnostic.location.sheet,
            ])
        }
    }
}

extension SQLiteStore {
    /// A submission's answer rows as its pack holds them, in order (none without a pack): read
    /// with SQLite's JSON functions as the `answer` view reads them, the number from its text
    /// (``AnswerPack/number(json:)``).
    static func packedAnswers(_ db: Database, key: Int64) throws -> [PackedAnswer] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT a.value ->> 0, a.value ->> 1, a.value -> 2, a.value ->> 3, a.value ->> 4, a.value ->> 5, a.value ->> 6
                FROM answer_pack p JOIN json_each(p.answers) a
                WHERE p.submission_key = ?
                ORDER BY a.key
                """, arguments: [key]
        ).map { row in
            guard let question = row[0] as String? else {
                throw StoreError.failed("an answer pack with a row without its question (submission key \(key))")
            }
            return PackedAnswer(
                questionID: question, option: row[1], number: try AnswerPack.number(json: row[2]), text: row[3], line: row[4],
                column: row[5], fileID: row[6])
        }
    }
}
