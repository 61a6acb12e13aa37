// The PostgreSQL store's load: a run in ONE transaction on a connection of its own, the bulk rows
// sent with COPY (text format), never row by row.
import Foundation
import NIOCore
import PostgresNIO
import SurveyLoad
public import SurveyModel

extension PostgresStore {
    /// Replaces the store's submissions with what `body` adds and records the run, in one
    /// transaction on a connection of its own: a thrown error rolls it back, and a lost
    /// connection or a killed process leaves it uncommitted, which the server rolls back. Readers
    /// (other connections) see the last committed state until the commit (PostgreSQL's MVCC); the
    /// submission tables are emptied with DELETE, not TRUNCATE, and the unique index is kept,
    /// because both TRUNCATE and DROP INDEX would lock readers out until the commit.
    ///
    /// The rows are buffered and sent with `COPY … FROM STDIN` (text format) when a buffer is
    /// large, before a statement that reads them (`supersede`, `merge`) and at the commit. Keys
    /// are given by the loader: source files and submissions are numbered from 1 in each run (the
    /// tables are emptied), runs from the last run's id + 1, as SQLite's rowids are.
    public func load(
        _ info: RunInfo, beforeCommit: @escaping @Sendable () -> Void,
        _ body: (any SurveyLoadSession) async throws -> Accounting
    ) async throws -> Int64 {
        let connection = try await connect()
        let session = PostgresLoadSession(connection: connection, lost: lostConnection)
        do {
            try await session.begin(info)
            let total = try await body(session)
            let runID = try await session.commit(total, info: info, beforeCommit: beforeCommit)
            try? await connection.close()
            return runID
        } catch {
            // The COPY in flight ends first (one statement at a time on a connection).
            try? await session.settle()
            // Outside the caller's task, so a cancelled run still rolls back.
            _ = await Task.detached {
                // A query on a connection already closed would wait for ever (postgres-nio 1.33): a
                // closed connection's transaction is rolled back by the server anyway.
                if !connection.isClosed { try? await connection.query("ROLLBACK", logger: PostgresStore.logger) }
                try? await connection.close()
            }.value
            throw Self.storeError(error)
        }
    }
}

/// A load in progress: the open transaction and the rows not yet sent.
final class PostgresLoadSession: SurveyLoadSession, @unchecked Sendable {
    private let connection: PostgresConnection
    /// The error for a connection found closed (the server ended it, or the network failed).
    private let lost: StoreError
    private var runID: Int64 = 0
    private var startedAt: String?
    var filesReused: Int?

    private var fileIDs: [String: Int] = [:]
    private var nextSubmissionKey = 1
    private var arrivals: [String] = []
    private var accounting: [Int: Accounting] = [:]

    private var files = CopyBuffer(table: "source_file", columns: ["id", "path", "sha256", "bytes", "format", "run_id", "submissions_seen", "accepted", "superseded", "excluded", "rejected", "answers_seen", "answers_kept", "answers_dropped"])
    private var submissions = CopyBuffer(
        table: "submission",
        columns: [
            "key", "id", "file_id", "line", "country", "country_given", "round", "status", "reason", "superseded_by", "answers_seen",
            "answers_kept", "respondent", "questionnaire_version", "restricted", "submitted_at",
        ])
    /// A submission's answers, one row (``AnswerPack``, migration v17).
    private var answers = CopyBuffer(table: "answer_pack", columns: ["submission_key", "answers"])
    private var pack: [UInt8] = []
    private var repeatAnswers = CopyBuffer(
        table: "repeat_answer", columns: ["submission_key", "seq", "path", "question_id", "option", "number", "text", "line", "column"])
    private var diagnostics = CopyBuffer(
        table: "diagnostic",
        columns: [
            "run_id", "file", "line", "column", "byte_offset", "submission_id", "question_id", "code", "severity", "expected",
            "found", "message", "detail", "country", "sender_language", "suggestion", "sheet",
        ])
    private var cache = CopyBuffer(table: "file_cache", columns: ["path", "sha256", "fingerprint", "payload"])

    /// Sent when the buffers hold this many bytes in all.
    private static let flushSize = 4 << 20

    init(connection: PostgresConnection, lost: StoreError) {
        self.connection = connection
        self.lost = lost
    }

    /// One statement. A connection found closed is an error at once: postgres-nio 1.33 would wait
    /// for ever for the answer to a query written to a closed connection.
    private func run(_ query: PostgresQuery) async throws {
        guard !connection.isClosed else { throw lost }
        try await connection.query(query, logger: PostgresStore.logger)
    }

    /// `BEGIN`, the run's row, the submission tables emptied.
    func begin(_ info: RunInfo) async throws {
        startedAt = info.startedAt
        try await run("BEGIN")
        guard !connection.isClosed else { throw lost }
        for try await (id) in try await connection.query("SELECT coalesce(max(id), 0) + 1 FROM run", logger: PostgresStore.logger)
            .decode(Int64.self)
        {
            runID = id
        }
        try await run(
            """
            INSERT INTO run (id, pipeline, questionnaire_id, questionnaire_version, files_read,
                submissions_seen, accepted, superseded, excluded, rejected,
                answers_seen, answers_kept, answers_dropped, started_at, withdrawn, files_reused)
            VALUES (\(runID), \(info.pipeline), \(info.questionnaireID), \(info.questionnaireVersion), 0, 0, 0, 0, 0, 0, 0, 0, 0,
                \(info.startedAt), \(info.withdrawn), \(info.filesReused))
            """)
        for table in ["file_cache", "answer_pack", "repeat_answer", "submission", "source_file"] {
            try await run(PostgresQuery(unsafeSQL: "DELETE FROM \(table)"))
        }
    }

    func add(_ report: FileReport, submissions given: [Submission], cache entry: CachedFile?) async throws {
        let fileID = fileIDs.count + 1
        fileIDs[report.file.path] = fileID
        try files.row { row in
            row.int(fileID)
            try row.text(report.file.path)
            try row.text(report.file.sha256)
            row.int(report.file.bytes)
            try row.text(report.file.format.rawValue)
            row.int(Int(runID))
            for _ in 0..<8 { row.int(0) }
        }
        if !report.file.sha256.isEmpty { arrivals.append(report.file.sha256) }
        for diagnostic in report.diagnostics { try add(diagnostic) }
        for submission in given {
            guard submission.location.file == report.file.path else { throw StoreError.unknownFile(submission.location.file) }
            let key = nextSubmissionKey
            nextSubmissionKey += 1
            try submissions.row { row in
                row.int(key)
                try row.text(submission.id)
                row.int(fileID)
                row.int(submission.location.line)
                try row.text(submission.country)
                try row.text(submission.countryGiven)
                try row.text(submission.round)
                try row.text(submission.status.rawValue)
                try row.text(submission.reason?.rawValue)
                try row.text(submission.supersededBy)
                row.int(submission.answersSeen)
                row.int(submission.answersKept)
                try row.text(submission.respondent)
                try row.text(submission.questionnaireVersion)
                try row.text(submission.restricted?.stored)
                try row.text(submission.metadata.submittedAt)
            }
            for diagnostic in submission.diagnostics { try add(diagnostic) }
            guard submission.answersKept > 0 else { continue }
            if try AnswerPack.encode(submission.answers, into: &pack) {
                let text = String(decoding: pack, as: UTF8.self)
                try answers.row { row in
                    row.int(key)
                    try row.text(text)
                }
            }
            var repeatSeq = 0
            for answer in submission.repeatAnswers {
                guard let path = answer.path else {
                    throw StoreError.failed("a repeat answer to \(answer.questionID) without its repeat path (a bug: the transform sets it)")
                }
                for (option, number, text) in Self.values(answer.value) {
                    repeatSeq += 1
                    try repeatAnswers.row { row in
                        row.int(key)
                        row.int(repeatSeq)
                        try row.text(path.description)
                        try Self.answerColumns(&row, answer, option, number, text)
                    }
                }
            }
        }
        if let entry {
            try cache.row { row in
                try row.text(entry.path)
                try row.text(entry.sha256)
                try row.text(entry.fingerprint)
                row.bytea(entry.payload)
            }
        }
        if files.size + submissions.size + answers.size + repeatAnswers.size + diagnostics.size + cache.size >= Self.flushSize {
            try await send()
        }
    }

    /// The columns an answer row and a repeat answer row share: question, value, position.
    private static func answerColumns(
        _ row: inout CopyBuffer.Row, _ answer: Answer, _ option: String?, _ number: Double?, _ text: String?
    ) throws {
        try row.text(answer.questionID)
        try row.text(option)
        row.double(number)
        try row.text(text)
        row.int(answer.location.line)
        row.int(answer.location.column)
    }

    /// One row per selected option, or the number, or the text.
    private static func values(_ value: AnswerValue) -> [(String?, Double?, String?)] {
        switch value {
        case .choice(let code): return [(code, nil, nil)]
        case .choices(let codes): return codes.map { ($0, nil, nil) }
        case .number(let number): return [(nil, number, nil)]
        case .text(let text): return [(nil, nil, text)]
        }
    }

    private func add(_ diagnostic: Diagnostic) throws {
        let runID = self.runID
        try diagnostics.row { row in
            row.int(Int(runID))
            try row.text(diagnostic.location.file)
            row.int(diagnostic.location.line)
            row.int(diagnostic.location.column)
            row.int(diagnostic.location.offset)
            try row.text(diagnostic.submissionID)
            try row.text(diagnostic.questionID)
            try row.text(diagnostic.code.rawValue)
            try row.text(diagnostic.severity.rawValue)
            try row.text(diagnostic.expected)
            try row.text(diagnostic.found)
            try row.text(diagnostic.message)
            try row.text(diagnostic.detail)
            try row.text(diagnostic.country)
            try row.text(diagnostic.senderLanguage?.rawValue)
            try row.text(diagnostic.suggestion?.stored)
            try row.text(diagnostic.location.sheet)
        }
    }

    /// The COPY in flight while the next rows are buffered (the server inserts one buffer while
    /// the run reads and encodes the next: SQLite's load overlaps the reading the same way).
    private var sending: Task<Void, any Error>?

    /// Hands every buffered row to a COPY sent beside the reading (tables in the order their
    /// references need), after the one before it has finished: at most one buffer in flight and
    /// one filling. Its error is thrown by the next `send` or `settle`.
    private func send() async throws {
        let buffers = [files, submissions, answers, repeatAnswers, diagnostics, cache].filter { !$0.isEmpty }
        guard !buffers.isEmpty else { return }
        try await settle()
        for keyPath in [\PostgresLoadSession.files, \.submissions, \.answers, \.repeatAnswers, \.diagnostics, \.cache] {
            self[keyPath: keyPath].clear()
        }
        let connection = self.connection
        let lost = self.lost
        sending = Task {
            for buffer in buffers {
                guard !connection.isClosed else { throw lost }
                try await connection.copyFrom(table: buffer.table, columns: buffer.columns, logger: PostgresStore.logger) { writer in
                    try await writer.write(buffer.bytes)
                }
            }
        }
    }

    /// Waits for the COPY in flight (its error thrown here).
    func settle() async throws {
        guard let sending else { return }
        self.sending = nil
        try await sending.value
    }

    /// Sends every buffered row and waits until the server has them: before a statement that
    /// reads them (`supersede`, `merge`) and at the commit.
    private func flush() async throws {
        try await send()
        try await settle()
    }

    func supersede(_ id: String, by winner: String, diagnostic: Diagnostic) async throws {
        try await flush()
        try await run(
            "UPDATE submission SET status = 'superseded', reason = \(DiagnosticCode.submissionSuperseded.rawValue), superseded_by = \(winner) WHERE id = \(id)"
        )
        try add(diagnostic)
    }

    /// As SQLite's merge (SQLiteLoadSession.Inserts.merge), in PostgreSQL's dialect: a repeat
    /// row's group is `split_part(path, '[', 1)`.
    func merge(_ complement: String, into base: String, diagnostic: Diagnostic) async throws {
        try await flush()
        try await run(
            """
            DELETE FROM repeat_answer WHERE submission_key = (SELECT key FROM submission WHERE id = \(base))
                AND split_part(path, '[', 1) IN (
                    SELECT split_part(r.path, '[', 1)
                    FROM repeat_answer r JOIN submission c ON c.key = r.submission_key WHERE c.id = \(complement))
            """)
        try await run(
            """
            INSERT INTO repeat_answer (submission_key, seq, path, question_id, option, number, text, line, "column", file_id)
            SELECT b.key, (SELECT coalesce(max(seq), 0) FROM repeat_answer WHERE submission_key = b.key) + r.seq,
                r.path, r.question_id, r.option, r.number, r.text, r.line, r."column", coalesce(r.file_id, c.file_id)
            FROM repeat_answer r JOIN submission c ON c.key = r.submission_key, submission b
            WHERE c.id = \(complement) AND b.id = \(base)
            ORDER BY r.seq
            """)
        try await mergePacks(complement, into: base)
        try await run(
            """
            UPDATE submission SET restricted = (
                SELECT CASE WHEN c.restricted IS NULL THEN submission.restricted
                    WHEN submission.restricted IS NULL THEN c.restricted
                    WHEN submission.restricted = '*' OR c.restricted = '*' THEN '*'
                    ELSE submission.restricted || ' ' || c.restricted END
                FROM submission c WHERE c.id = \(complement))
            WHERE id = \(base)
            """)
        try await run(
            "UPDATE submission SET status = 'superseded', reason = \(DiagnosticCode.submissionMerged.rawValue), superseded_by = \(base) WHERE id = \(complement)"
        )
        try add(diagnostic)
    }

    /// As SQLite's: the base's pack rewritten with the complement's rows
    /// (``AnswerPack/merged(base:complement:complementFile:)``); nothing when either is unknown.
    private func mergePacks(_ complement: String, into base: String) async throws {
        guard !connection.isClosed else { throw lost }
        var keys: [String: (key: Int64, file: Int64)] = [:]
        for try await (id, key, file) in try await connection.query(
            "SELECT id, key, file_id FROM submission WHERE id = \(base) OR id = \(complement)", logger: PostgresStore.logger
        ).decode((String, Int64, Int64).self) {
            keys[id] = (key, file)
        }
        guard let baseKey = keys[base]?.key, let other = keys[complement] else { return }
        // Read as the `answer` view reads them, the number from its text (AnswerPack.number(json:)).
        func rows(_ key: Int64) async throws -> [PackedAnswer] {
            var rows: [PackedAnswer] = []
            for try await (question, option, number, text, line, column, file) in try await connection.query(
                """
                SELECT a.value ->> 0, a.value ->> 1, a.value ->> 2, a.value ->> 3, (a.value ->> 4)::bigint, (a.value ->> 5)::bigint,
                    (a.value ->> 6)::bigint
                FROM answer_pack p CROSS JOIN LATERAL json_array_elements(p.answers::json) WITH ORDINALITY AS a(value, seq)
                WHERE p.submission_key = \(key)
                ORDER BY a.seq
                """, logger: PostgresStore.logger
            ).decode((String?, String?, String?, String?, Int64?, Int64?, Int64?).self) {
                guard let question else { throw StoreError.failed("an answer pack with a row without its question (submission key \(key))") }
                rows.append(
                    PackedAnswer(
                        questionID: question, option: option, number: try AnswerPack.number(json: number), text: text,
                        line: line.map { Int($0) }, column: column.map { Int($0) }, fileID: file))
            }
            return rows
        }
        let merged = AnswerPack.merged(base: try await rows(baseKey), complement: try await rows(other.key), complementFile: other.file)
        try await run("DELETE FROM answer_pack WHERE submission_key = \(baseKey)")
        if let bytes = try AnswerPack.encode(merged) {
            try await run("INSERT INTO answer_pack (submission_key, answers) VALUES (\(baseKey), \(String(decoding: bytes, as: UTF8.self)))")
        }
    }

    func note(_ diagnostic: Diagnostic) async throws { try add(diagnostic) }

    func setAccounting(of path: String, _ accounting: Accounting) async throws {
        guard let fileID = fileIDs[path] else { throw StoreError.unknownFile(path) }
        self.accounting[fileID] = accounting
    }

    /// The rows left, the files' accounting and the arrivals (one statement each), the run's
    /// totals, the test hook, `COMMIT`.
    func commit(_ total: Accounting, info: RunInfo, beforeCommit: @escaping @Sendable () -> Void) async throws -> Int64 {
        try await flush()
        if !accounting.isEmpty {
            let entries = accounting.sorted { $0.key < $1.key }
            func column(_ value: (Accounting) -> Int) -> [Int] { entries.map { value($0.value) } }
            try await run(
                """
                UPDATE source_file f SET submissions_seen = v.seen, accepted = v.accepted, superseded = v.superseded,
                    excluded = v.excluded, rejected = v.rejected, answers_seen = v.answers_seen,
                    answers_kept = v.answers_kept, answers_dropped = v.answers_dropped
                FROM unnest(\(entries.map(\.key))::bigint[], \(column(\.submissionsSeen))::bigint[], \(column(\.accepted))::bigint[],
                    \(column(\.superseded))::bigint[], \(column(\.excluded))::bigint[], \(column(\.rejected))::bigint[],
                    \(column(\.answersSeen))::bigint[], \(column(\.answersKept))::bigint[], \(column(\.answersDropped))::bigint[])
                    AS v(id, seen, accepted, superseded, excluded, rejected, answers_seen, answers_kept, answers_dropped)
                WHERE f.id = v.id
                """)
        }
        if !arrivals.isEmpty {
            try await run(
                """
                INSERT INTO file_arrival (sha256, run_id, started_at)
                SELECT sha, \(runID), \(startedAt) FROM unnest(\(arrivals)::text[]) WITH ORDINALITY AS a(sha, n)
                ORDER BY n
                ON CONFLICT (sha256) DO NOTHING
                """)
        }
        let filesReused = self.filesReused ?? info.filesReused
        try await run(
            """
            UPDATE run SET files_read = \(fileIDs.count), submissions_seen = \(total.submissionsSeen), accepted = \(total.accepted),
                superseded = \(total.superseded), excluded = \(total.excluded), rejected = \(total.rejected),
                answers_seen = \(total.answersSeen), answers_kept = \(total.answersKept), answers_dropped = \(total.answersDropped),
                files_reused = \(filesReused)
            WHERE id = \(runID)
            """)
        beforeCommit()
        try await run("COMMIT")
        return runID
    }
}

/// Rows for `COPY … FROM STDIN` in PostgreSQL's text format: columns separated by tabs, rows by
/// newlines, `\N` for NULL, and `\\`, `\t`, `\n`, `\r` escaped in values.
struct CopyBuffer {
    let table: String
    let columns: [String]
    private(set) var bytes = ByteBuffer()

    init(table: String, columns: [String]) {
        self.table = table
        self.columns = columns
    }

    var size: Int { bytes.readableBytes }
    var isEmpty: Bool { bytes.readableBytes == 0 }
    mutating func clear() { bytes.clear() }

    mutating func row(_ fill: (inout Row) throws -> Void) throws {
        var row = Row(bytes: bytes)
        bytes = ByteBuffer()  // the row owns the storage while it is written (no copy)
        defer { bytes = row.bytes }
        let start = row.bytes.writerIndex
        do {
            try fill(&row)
        } catch {
            row.bytes.moveWriterIndex(to: start)
            throw error
        }
        row.end()
    }

    struct Row {
        fileprivate var bytes: ByteBuffer
        private var first = true

        fileprivate init(bytes: ByteBuffer) { self.bytes = bytes }

        private mutating func separate() {
            if first { first = false } else { bytes.writeInteger(UInt8(ascii: "\t")) }
        }

        fileprivate mutating func end() { bytes.writeInteger(UInt8(ascii: "\n")) }

        private mutating func null() { bytes.writeStaticString("\\N") }

        /// The decimal digits written straight into the buffer (no String per value: millions of
        /// rows at 50,000 respondents).
        mutating func int(_ value: Int?) {
            separate()
            guard let value else { return null() }
            if value < 0 { bytes.writeInteger(UInt8(ascii: "-")) }
            var magnitude = value.magnitude
            var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                         UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            var count = 0
            withUnsafeMutableBytes(of: &digits) { buffer in
                repeat {
                    buffer[19 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                    magnitude /= 10
                    count += 1
                } while magnitude > 0
                bytes.writeBytes(UnsafeRawBufferPointer(rebasing: buffer[(20 - count)...]))
            }
        }

        /// The shortest text that reads back as the same double (PostgreSQL's float8 input is exact).
        mutating func double(_ value: Double?) {
            separate()
            guard let value else { return null() }
            if value.isNaN {
                bytes.writeStaticString("NaN")
            } else if value.isInfinite {
                bytes.writeStaticString(value < 0 ? "-Infinity" : "Infinity")
            } else {
                bytes.writeString("\(value)")
            }
        }

        /// A text value; PostgreSQL's text cannot hold a NUL character, so one is refused.
        mutating func text(_ value: String?) throws {
            separate()
            guard let value else { return null() }
            // Most texts need no escape: written whole.
            if !value.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 < 0x20 && ($0 == 0 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }) {
                bytes.writeString(value)
                return
            }
            for byte in value.utf8 {
                switch byte {
                case UInt8(ascii: "\\"): bytes.writeStaticString("\\\\")
                case UInt8(ascii: "\t"): bytes.writeStaticString("\\t")
                case UInt8(ascii: "\n"): bytes.writeStaticString("\\n")
                case UInt8(ascii: "\r"): bytes.writeStaticString("\\r")
                case 0: throw StoreError.failed("a text value holds a NUL character, which a PostgreSQL store cannot keep")
                default: bytes.writeInteger(byte)
                }
            }
        }

        /// Bytes as `\x` and hex (the backslash itself escaped for COPY).
        mutating func bytea(_ value: [UInt8]) {
            separate()
            bytes.writeStaticString("\\\\x")
            let digits = Array("0123456789abcdef".utf8)
            for byte in value {
                bytes.writeInteger(digits[Int(byte >> 4)])
                bytes.writeInteger(digits[Int(byte & 0x0f)])
            }
        }
    }
}
