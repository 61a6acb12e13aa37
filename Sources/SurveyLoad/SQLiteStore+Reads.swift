// The store's reads for the stages and `legisurvey status`: the accepted submissions and their
// answers (streamed), the file cache, per-status counts, the run history and its diagnostics.
import Foundation
import GRDB
import GRDBSQLite
public import SurveyModel

extension SQLiteStore {
    /// Every accepted submission and every answer of those, streamed instead of built as arrays
    /// (the statistics read every answer; as `[StoredAnswer]` they took hundreds of MB at 10,000
    /// respondents). One read transaction: first `submission` gets every accepted
    /// submission with a key of its own, then `answer` gets every stored answer row of those
    /// submissions with its submission's key: one row per selected option, or the number, or the
    /// text.
    ///
    /// Answer rows come in storage order, (submission key, seq): a plain scan of the answer table is
    /// several times faster than an ordered join of answers to submissions, which sorts (the tests'
    /// reference read, `acceptedAnswers()` in SurveyLoadTests, is that join). A
    /// submission's rows arrive together, in the order they were written; options arrive unsorted.
    ///
    /// One `await`: the whole scan runs inside one GRDB async read (one read transaction, on
    /// GRDB's queue, the caller suspended), calling the callbacks synchronously per row.
    public func forEachAccepted(
        submission: (_ key: Int64, _ round: String, _ country: String, _ respondent: String?) throws -> Void,
        answer: (_ key: Int64, _ questionID: String, _ option: String?, _ number: Double?, _ text: String?) throws -> Void
    ) async throws {
        try await withoutActuallyEscaping(submission) { submission in
            try await withoutActuallyEscaping(answer) { answer in
                // The callbacks run on GRDB's queue while this task is suspended: used by one
                // thread at a time, never after the read returns.
                let callbacks = UncheckedBox((submission, answer))
                // GRDB's read is one read-only transaction: both SELECTs see one committed state.
                try await database.read { db in
                    try Self.scanAccepted(db, submission: callbacks.value.0, answer: callbacks.value.1)
                }
            }
        }
    }

    /// The body of ``forEachAccepted(submission:answer:)``, inside its read transaction.
    private static func scanAccepted(
        _ db: Database,
        submission: (_ key: Int64, _ round: String, _ country: String, _ respondent: String?) throws -> Void,
        answer: (_ key: Int64, _ questionID: String, _ option: String?, _ number: Double?, _ text: String?) throws -> Void
    ) throws {
        do {
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
    public func cachedFiles() async throws -> [String: CachedFile] {
        try await database.read { db in
            var files: [String: CachedFile] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT path, sha256, fingerprint, payload FROM file_cache") {
                let payload: Data = row[3]
                files[row[0]] = CachedFile(path: row[0], sha256: row[1], fingerprint: row[2], payload: [UInt8](payload))
            }
            return files
        }
    }

    /// The last run's files with how many submissions each gave.
    public func previousFiles() async throws -> [String: Int] {
        try await database.read { db in
            var files: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT path, submissions_seen FROM source_file") { files[row[0]] = row[1] }
            return files
        }
    }

    /// Every accepted submission's country and round.
    public func acceptedSubmissions() async throws -> [AcceptedSubmission] {
        try await database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT round, country, respondent FROM submission WHERE status = 'accepted' ORDER BY round, country, respondent"
            ).map { AcceptedSubmission(round: $0[0], country: $0[1], respondent: $0[2]) }
        }
    }

    /// Submissions per status, for checks and summaries.
    public func statusCounts() async throws -> [SubmissionStatus: Int] {
        try await database.read { db in
            var counts: [SubmissionStatus: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT status, COUNT(*) FROM submission GROUP BY status") {
                if let status = SubmissionStatus(rawValue: row[0]) { counts[status] = row[1] }
            }
            return counts
        }
    }

    /// The latest runs, newest first, with their accounting.
    public func recentRuns(limit: Int) async throws -> [RunRecord] {
        try await database.read { db in
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
    public func latestDiagnostics() async throws -> [Diagnostic] {
        try await database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT code, file, line, "column", byte_offset, question_id, expected, found, submission_id, detail,
                        country, sender_language, suggestion, sheet
                    FROM diagnostic WHERE run_id = (SELECT MAX(id) FROM run) ORDER BY id
                    """
            ).compactMap { row in
                guard let code = DiagnosticCode(rawValue: row[0]) else { return nil }
                var diagnostic = Diagnostic(
                    code, at: SourceLocation(file: row[1], line: row[2], column: row[3], offset: row[4], sheet: row[13]),
                    questionID: row[5], expected: row[6], found: row[7], detail: row[9], submissionID: row[8],
                    suggestion: (row[12] as String?).flatMap { Suggestion(stored: $0) })
                diagnostic.country = row[10]
                diagnostic.senderLanguage = (row[11] as String?).flatMap { Language(rawValue: $0) }
                return diagnostic
            }
        }
    }

    /// `SQLite` and the library's version.
    public func backendVersion() async throws -> String? { "SQLite \(String(cString: sqlite3_libversion()))" }

    /// Number of runs recorded.
    public func runCount() async throws -> Int {
        try await database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM run") ?? 0 }
    }

    /// Every file content the store has seen, by SHA-256, with the run that first read it.
    public func fileArrivals() async throws -> [String: FileArrival] {
        try await database.read { db in
            var arrivals: [String: FileArrival] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT sha256, run_id, started_at FROM file_arrival") {
                arrivals[row[0]] = FileArrival(runID: row[1], startedAt: row[2])
            }
            return arrivals
        }
    }
}
