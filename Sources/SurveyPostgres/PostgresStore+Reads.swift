// The PostgreSQL store's reads: the same answers, in the same order, as SQLite's. Every ORDER BY
// compares text with COLLATE "C" (byte order, as SQLite's BINARY; the database's own collation,
// en_US.UTF-8 say, orders differently) and names where NULLs go (SQLite sorts them first when
// ascending, PostgreSQL last).
import Foundation
import PostgresNIO
public import SurveyModel

extension PostgresStore {
    /// Every accepted submission, then their answer rows in (submission key, seq) order, in one
    /// `REPEATABLE READ` transaction (one committed state), the callbacks called per row.
    public func forEachAccepted(
        submission: (_ key: Int64, _ round: String, _ country: String, _ respondent: String?) throws -> Void,
        answer: (_ key: Int64, _ questionID: String, _ option: String?, _ number: Double?, _ text: String?) throws -> Void
    ) async throws {
        try await withConnection { connection in
            try await self.run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", on: connection)
            let submissions = try await connection.query(
                "SELECT key, round, country, respondent FROM submission WHERE status = 'accepted' ORDER BY key", logger: Self.logger)
            for try await (key, round, country, respondent) in submissions.decode((Int64, String, String, String?).self) {
                try submission(key, round, country, respondent)
            }
            let answers = try await connection.query(
                """
                SELECT a.submission_key, a.question_id, a.option, a.number, a.text
                FROM answer a JOIN submission s ON s.key = a.submission_key
                WHERE s.status = 'accepted'
                ORDER BY a.submission_key, a.seq
                """, logger: Self.logger)
            for try await (key, question, option, number, text) in answers.decode((Int64, String, String?, Double?, String?).self) {
                try answer(key, question, option, number, text)
            }
            try await self.run("COMMIT", on: connection)
        }
    }

    public func cachedFiles() async throws -> [String: CachedFile] {
        try await withConnection { connection in
            var files: [String: CachedFile] = [:]
            for try await (path, sha256, fingerprint, payload) in try await connection.query(
                "SELECT path, sha256, fingerprint, payload FROM file_cache", logger: Self.logger
            ).decode((String, String, String, Data).self) {
                files[path] = CachedFile(path: path, sha256: sha256, fingerprint: fingerprint, payload: [UInt8](payload))
            }
            return files
        }
    }

    public func previousFiles() async throws -> [String: Int] {
        try await withConnection { connection in
            var files: [String: Int] = [:]
            for try await (path, seen) in try await connection.query(
                "SELECT path, submissions_seen FROM source_file", logger: Self.logger
            ).decode((String, Int).self) {
                files[path] = seen
            }
            return files
        }
    }

    public func acceptedSubmissions() async throws -> [AcceptedSubmission] {
        try await withConnection { connection in
            var accepted: [AcceptedSubmission] = []
            for try await (round, country, respondent) in try await connection.query(
                """
                SELECT round, country, respondent FROM submission WHERE status = 'accepted'
                ORDER BY round COLLATE "C", country COLLATE "C", respondent COLLATE "C" NULLS FIRST
                """, logger: Self.logger
            ).decode((String, String, String?).self) {
                accepted.append(AcceptedSubmission(round: round, country: country, respondent: respondent))
            }
            return accepted
        }
    }

    public func statusCounts() async throws -> [SubmissionStatus: Int] {
        try await withConnection { connection in
            var counts: [SubmissionStatus: Int] = [:]
            for try await (status, count) in try await connection.query(
                "SELECT status, count(*) FROM submission GROUP BY status", logger: Self.logger
            ).decode((String, Int).self) {
                if let status = SubmissionStatus(rawValue: status) { counts[status] = count }
            }
            return counts
        }
    }

    public func recentRuns(limit: Int) async throws -> [RunRecord] {
        try await withConnection { connection in
            var runs: [RunRecord] = []
            let rows = try await connection.query(
                """
                SELECT id, started_at, pipeline, questionnaire_id, questionnaire_version, files_read, submissions_seen,
                    accepted, superseded, excluded, rejected, answers_seen, answers_kept, answers_dropped,
                    withdrawn, files_reused
                FROM run ORDER BY id DESC LIMIT \(max(0, limit))
                """, logger: Self.logger)
            for try await row in rows {
                let numbers = try row.decode(
                    (Int64, String?, String, String, String, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int).self)
                var accounting = Accounting()
                accounting.submissionsSeen = numbers.6
                accounting.accepted = numbers.7
                accounting.superseded = numbers.8
                accounting.excluded = numbers.9
                accounting.rejected = numbers.10
                accounting.answersSeen = numbers.11
                accounting.answersKept = numbers.12
                accounting.answersDropped = numbers.13
                runs.append(
                    RunRecord(
                        id: numbers.0, startedAt: numbers.1, pipeline: numbers.2, questionnaireID: numbers.3,
                        questionnaireVersion: numbers.4, filesRead: numbers.5, accounting: accounting,
                        withdrawn: numbers.14, filesReused: numbers.15))
            }
            return runs
        }
    }

    public func latestDiagnostics() async throws -> [Diagnostic] {
        try await withConnection { connection in
            var diagnostics: [Diagnostic] = []
            let rows = try await connection.query(
                """
                SELECT code, file, line, "column", byte_offset, question_id, expected, found, submission_id, detail,
                    country, sender_language, suggestion, sheet
                FROM diagnostic WHERE run_id = (SELECT max(id) FROM run) ORDER BY id
                """, logger: Self.logger)
            for try await row in rows {
                let (code, file, line, column, offset, questionID, expected, found, submissionID, detail, country, language, suggestion, sheet) =
                    try row.decode(
                        (String, String, Int?, Int?, Int?, String?, String?, String?, String?, String?, String?, String?, String?, String?).self)
                guard let code = DiagnosticCode(rawValue: code) else { continue }
                var diagnostic = Diagnostic(
                    code, at: SourceLocation(file: file, line: line, column: column, offset: offset, sheet: sheet),
                    questionID: questionID, expected: expected, found: found, detail: detail, submissionID: submissionID,
                    suggestion: suggestion.flatMap { Suggestion(stored: $0) })
                diagnostic.country = country
                diagnostic.senderLanguage = language.flatMap { Language(rawValue: $0) }
                diagnostics.append(diagnostic)
            }
            return diagnostics
        }
    }

    /// `PostgreSQL` and the server's version (`SHOW server_version`).
    public func backendVersion() async throws -> String? {
        try await withConnection { connection in
            var version = ""
            for try await (value) in try await connection.query("SHOW server_version", logger: Self.logger).decode(String.self) {
                version = value
            }
            return "PostgreSQL \(version)"
        }
    }

    public func runCount() async throws -> Int {
        try await withConnection { connection in
            var count = 0
            for try await (value) in try await connection.query("SELECT count(*) FROM run", logger: Self.logger).decode(Int.self) {
                count = value
            }
            return count
        }
    }

    public func fileArrivals() async throws -> [String: FileArrival] {
        try await withConnection { connection in
            var arrivals: [String: FileArrival] = [:]
            for try await (sha256, runID, startedAt) in try await connection.query(
                "SELECT sha256, run_id, started_at FROM file_arrival", logger: Self.logger
            ).decode((String, Int64, String?).self) {
                arrivals[sha256] = FileArrival(runID: runID, startedAt: startedAt)
            }
            return arrivals
        }
    }

    public func submissionSources(round: String) async throws -> [SubmissionSource] {
        try await withConnection { connection in
            var sources: [SubmissionSource] = []
            for try await (country, id, file, line, respondent, restricted, submittedAt) in try await connection.query(
                """
                SELECT s.country, s.id, f.path, s.line, s.respondent, s.restricted, s.submitted_at
                FROM submission s JOIN source_file f ON f.id = s.file_id
                WHERE s.status = 'accepted' AND s.round = \(round)
                ORDER BY s.country COLLATE "C", s.respondent COLLATE "C" NULLS FIRST
                """, logger: Self.logger
            ).decode((String, String, String, Int?, String?, String?, String?).self) {
                sources.append(
                    SubmissionSource(
                        country: country, submissionID: id, file: file, line: line, respondent: respondent,
                        restricted: SenderRestriction(stored: restricted), submittedAt: submittedAt))
            }
            return sources
        }
    }

    public func submissionAnswers(round: String, country: String, respondent: String?) async throws -> [AnswerTrace] {
        var binds = PostgresBindings()
        binds.append(round)
        binds.append(country)
        binds.append(respondent ?? "")
        return try await traces(
            where: "s.country = $2 AND coalesce(s.respondent, '') = $3",
            orderBy: #"a.question_id COLLATE "C", a.option COLLATE "C" NULLS FIRST, a.seq"#, binds: binds)
    }

    public func answerTraces(round: String, questionID: String) async throws -> [AnswerTrace] {
        var binds = PostgresBindings()
        binds.append(round)
        binds.append(questionID)
        return try await traces(
            where: "a.question_id = $2",
            orderBy: #"s.country COLLATE "C", s.respondent COLLATE "C" NULLS FIRST, a.option COLLATE "C" NULLS FIRST, a.seq"#,
            binds: binds)
    }

    /// Answer rows of one round's accepted submissions joined to their submission and file (the
    /// round is `$1`).
    private func traces(where condition: String, orderBy order: String, binds: PostgresBindings) async throws -> [AnswerTrace] {
        try await withConnection { connection in
            var traces: [AnswerTrace] = []
            let rows = try await connection.query(
                PostgresQuery(
                    unsafeSQL: """
                        SELECT s.country, s.id, f.path, a.line, a."column", a.option, a.number, a.text, a.question_id,
                            s.respondent
                        FROM answer a JOIN submission s ON s.key = a.submission_key
                            JOIN source_file f ON f.id = coalesce(a.file_id, s.file_id)
                        WHERE s.status = 'accepted' AND s.round = $1 AND \(condition)
                        ORDER BY \(order)
                        """, binds: binds), logger: Self.logger)
            for try await (country, id, file, line, column, option, number, text, questionID, respondent) in rows.decode(
                (String, String, String, Int?, Int?, String?, Double?, String?, String, String?).self)
            {
                traces.append(
                    AnswerTrace(
                        country: country, submissionID: id, file: file, line: line, column: column, option: option, number: number,
                        text: text, questionID: questionID, respondent: respondent))
            }
            return traces
        }
    }

    /// Every repeat answer row of accepted submissions, sorted in Swift as SQLite's are
    /// (``RepeatAnswerRow/storeOrder(_:)``: byte order, none first, ``RepeatPath`` order).
    public func repeatAnswers() async throws -> [RepeatAnswerRow] {
        let rows = try await withConnection { connection in
            var rows: [(RepeatAnswerRow, Int)] = []
            let result = try await connection.query(
                """
                SELECT s.round, s.country, s.respondent, s.id, r.path, r.question_id, r.option, r.number, r.text,
                    f.path, r.line, r."column", r.seq
                FROM repeat_answer r JOIN submission s ON s.key = r.submission_key
                    JOIN source_file f ON f.id = coalesce(r.file_id, s.file_id)
                WHERE s.status = 'accepted'
                """, logger: Self.logger)
            for try await row in result {
                let (round, country, respondent, id, pathText, questionID, option, number, text, file, line, column, seq) = try row.decode(
                    (String, String, String?, String, String, String, String?, Double?, String?, String, Int?, Int?, Int).self)
                guard let path = RepeatPath(parsing: pathText) else { continue }
                rows.append(
                    (
                        RepeatAnswerRow(
                            round: round, country: country, respondent: respondent, submissionID: id, path: path,
                            questionID: questionID, option: option, number: number, text: text, file: file, line: line,
                            column: column), seq
                    ))
            }
            return rows
        }
        return RepeatAnswerRow.storeOrder(rows)
    }
}
