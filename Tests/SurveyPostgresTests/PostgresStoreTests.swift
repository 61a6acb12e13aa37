// What the PostgreSQL backend does beyond the conformance suite: its schema's types, a store from a
// newer version refused untouched, a missing store for a reader, the one-accepted rule checked at
// the commit, the writer lock's messages, and a connection error in one line.
import Foundation
import Logging
import PostgresNIO
import SurveyLoad
import SurveyModel
import SurveyTestSupport
import Testing

@testable import SurveyPostgres

@Suite struct PostgresStoreTests {
    /// Runs `sql` in the cluster's database (its rows' first column as text).
    func query(_ sql: String) async throws -> [String] { try await run([sql]) }

    func freshStore() async throws -> PostgresStore {
        try await PostgresStore.open(try await PostgresCluster.shared().location())
    }

    @Test func theSchemaHasEveryMigrationAndPostgreSQLsTypes() async throws {
        let store = try await freshStore()
        let schema = store.target.schema
        #expect(try await query("SELECT identifier FROM \(schema).schema_migrations ORDER BY applied_at, identifier").count == StoreMigration.all.count)
        // INTEGER and REAL in PostgreSQL are 32 bits: every integer column is bigint, every real one double precision.
        let narrow = try await query(
            "SELECT table_name || '.' || column_name FROM information_schema.columns WHERE table_schema = '\(schema)' AND data_type IN ('integer', 'real', 'smallint')")
        #expect(narrow.isEmpty, "\(narrow)")
        let types = try await query(
            """
            SELECT column_name || ':' || data_type FROM information_schema.columns
            WHERE table_schema = '\(schema)' AND table_name = 'answer' ORDER BY ordinal_position
            """)
        #expect(types == [
            "submission_key:bigint", "seq:bigint", "question_id:text", "option:text", "number:double precision", "text:text",
            "line:bigint", "column:bigint", "file_id:bigint",
        ])
        #expect(try await query("SELECT data_type FROM information_schema.columns WHERE table_schema = '\(schema)' AND table_name = 'file_cache' AND column_name = 'payload'") == ["bytea"])
        // The same tables as SQLite's.
        #expect(try await query("SELECT table_name FROM information_schema.tables WHERE table_schema = '\(schema)' ORDER BY table_name") == [
            "answer", "answer_pack", "diagnostic", "file_arrival", "file_cache", "repeat_answer", "run", "schema_migrations",
            "source_file", "submission",
        ])
        // `answer` is a view of the packs (v17), as in SQLite.
        #expect(try await query("SELECT table_name FROM information_schema.views WHERE table_schema = '\(schema)'") == ["answer"])
    }

    /// Runs `statements` one by one on one connection (so that `SET search_path` holds for the
    /// rest); the last one's rows, first column as text.
    func run(_ statements: [String]) async throws -> [String] {
        let cluster = try await PostgresCluster.shared()
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        let connection = try await PostgresConnection.connect(
            configuration: .init(
                unixSocketPath: "\(cluster.folder)/.s.PGSQL.\(cluster.port)", username: cluster.user, password: nil,
                database: cluster.database), id: 1, logger: logger)
        do {
            var values: [String] = []
            for statement in statements {
                values = []
                let rows = try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                for try await row in rows { values.append(try row.decode(String?.self) ?? "NULL") }
            }
            try await connection.close()
            return values
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// A schema of v16 (answer rows in a table, `seq` with gaps, written out of order) migrated to
    /// v17 gives the same rows through the `answer` view, in order and numbered from 1, the
    /// numbers bit for bit; a submission without answers gets no pack.
    @Test func v17PacksEveryStoredRowWithItsValueAndOrder() async throws {
        let schema = "t" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
        let numbers: [Double] = [0.1, 0.1 + 0.2, -5.1089058966223965e+32, 5e-324, 1e22, 12, -2.5, 123456789.123]
        let texts = ["Code pénal", "a \"quoted\" law", #"back\slash"#, "tab\tnew\nline", "قانون", "🇺🇳", "null", "it's"]
        var statements = ["CREATE SCHEMA \(schema)", "SET search_path TO \(schema)"]
        for migration in StoreMigration.all.prefix(while: { $0.identifier != "v17-answer-pack" }) {
            statements += StoreMigration.statements(migration.postgreSQL)
        }
        statements += [
            """
            INSERT INTO run (id, pipeline, questionnaire_id, questionnaire_version, files_read, submissions_seen, accepted,
                superseded, excluded, rejected, answers_seen, answers_kept, answers_dropped) VALUES (1, 'p', 'q', '1', 1, 3, 3, 0, 0, 0, 0, 0, 0)
            """,
            """
            INSERT INTO source_file (id, path, sha256, bytes, format, run_id, submissions_seen, accepted, superseded, excluded,
                rejected, answers_seen, answers_kept, answers_dropped) VALUES (1, 'a.csv', '00', 1, 'csv-wide', 1, 3, 3, 0, 0, 0, 0, 0, 0)
            """,
            """
            INSERT INTO submission (key, id, file_id, line, country, country_given, round, status, answers_seen, answers_kept)
            VALUES (1, 'a.csv#1', 1, 2, 'FRA', 'France', 'r1', 'accepted', 0, 0), (2, 'a.csv#2', 1, 3, 'DEU', 'Germany', 'r1', 'accepted', 0, 0),
                (3, 'a.csv#3', 1, 4, 'ITA', 'Italy', 'r1', 'accepted', 0, 0)
            """,
        ]
        func literal(_ text: String?) -> String { text.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" } ?? "NULL" }
        func integer(_ value: (some BinaryInteger)?) -> String { value.map { "\($0)" } ?? "NULL" }
        var expected: [Int64: [PackedAnswer]] = [:]
        for key in Int64(1)...2 {
            var rows: [PackedAnswer] = []
            for index in 0..<(Int(key) * 8) {
                switch index % 3 {
                case 0: rows.append(PackedAnswer(questionID: "q\(index)", option: texts[index % texts.count], line: index))
                case 1: rows.append(PackedAnswer(questionID: "q\(index)", number: numbers[index % numbers.count], column: index, fileID: 1))
                default: rows.append(PackedAnswer(questionID: "q\(index)", text: texts[(index + 2) % texts.count]))
                }
            }
            for (index, row) in rows.enumerated().reversed() {
                statements.append(
                    """
                    INSERT INTO answer (submission_key, seq, question_id, option, number, text, line, "column", file_id)
                    VALUES (\(key), \(index * 3 + 1), \(literal(row.questionID)), \(literal(row.option)),
                        \(row.number.map { "'\($0)'::double precision" } ?? "NULL"), \(literal(row.text)), \(integer(row.line)),
                        \(integer(row.column)), \(integer(row.fileID)))
                    """)
            }
            expected[key] = rows
        }
        statements += StoreMigration.statements(StoreMigration.all.first { $0.identifier == "v17-answer-pack" }!.postgreSQL)
        statements.append("SELECT 'done'")
        #expect(try await run(statements) == ["done"])
        for (key, rows) in expected {
            let viewed = try await query(
                """
                SELECT concat_ws('|', seq, question_id, coalesce(option, '-'), coalesce(text, '-'), coalesce(line::text, '-'),
                    coalesce("column"::text, '-'), coalesce(file_id::text, '-'))
                FROM \(schema).answer WHERE submission_key = \(key) ORDER BY seq
                """)
            let wanted = rows.enumerated().map { index, row in
                [
                    String(index + 1), row.questionID, row.option ?? "-", row.text ?? "-", integer(row.line), integer(row.column),
                    integer(row.fileID),
                ].map { $0 == "NULL" ? "-" : $0 }.joined(separator: "|")
            }
            #expect(viewed == wanted, "submission \(key)")
            let viewedNumbers = try await query(
                "SELECT coalesce(number::text, '-') FROM \(schema).answer WHERE submission_key = \(key) ORDER BY seq")
            #expect(viewedNumbers.map { Double($0)?.bitPattern } == rows.map { $0.number?.bitPattern }, "submission \(key)")
        }
        #expect(try await query("SELECT count(*)::text FROM \(schema).answer_pack") == ["2"])
        #expect(try await query("SELECT count(*)::text FROM \(schema).answer WHERE submission_key = 3") == ["0"])
        _ = try await run(["DROP SCHEMA \(schema) CASCADE"])
    }

    @Test func aStoreFromANewerVersionIsRefusedUntouched() async throws {
        let store = try await freshStore()
        let schema = store.target.schema
        _ = try await query("INSERT INTO \(schema).schema_migrations (identifier) VALUES ('v99-from-the-future') RETURNING identifier")
        let before = try await query("SELECT identifier FROM \(schema).schema_migrations ORDER BY identifier")
        for mustExist in [false, true] {
            await #expect(throws: StoreError.newerVersion(migration: "v99-from-the-future")) {
                _ = try await PostgresStore.open(store.target, mustExist: mustExist)
            }
        }
        #expect(try await query("SELECT identifier FROM \(schema).schema_migrations ORDER BY identifier") == before)
    }

    @Test func aReaderDoesNotCreateAMissingStore() async throws {
        let location = try await PostgresCluster.shared().location()
        await #expect(throws: StoreError.missing(.postgresql(location))) {
            _ = try await PostgresStore.open(location, mustExist: true)
        }
        #expect(try await query("SELECT count(*)::text FROM pg_namespace WHERE nspname = '\(location.schema)'") == ["0"])
    }

    @Test func twoAcceptedSubmissionsForOneUnitAreRefusedAtTheCommit() async throws {
        let store = try await freshStore()
        let conformance = StoreConformance(fresh: { store }, reopen: { _ in store })
        try await conformance.load(StoreConformance.firstRun, into: store)
        let before = try await StoreConformance.State.read(store)
        let file = StoreConformance.secondRun.files[0]
        var twin = file.submissions[0]
        twin.id = "b.csv#9"
        do {
            _ = try await store.load(StoreConformance.secondRun.info) { session in
                try await session.add(file.report, submissions: file.submissions + [twin], cache: nil)
                return Accounting()
            }
            Issue.record("two accepted submissions for one country and round were committed")
        } catch let error as StoreError {
            #expect("\(error)".contains("submission_one_accepted"), "\(error)")
        }
        #expect(try await StoreConformance.State.read(store) == before)
    }

    @Test func aWaitingWriterNamesTheHoldersProcess() async throws {
        let store = try await freshStore()
        let other = try await PostgresStore.open(store.target, mustExist: true)
        let held = try await store.lockWriter(timeout: 0, log: { _ in })
        var logged: [String] = []
        do {
            _ = try await other.lockWriter(timeout: 0.3) { logged.append($0) }
            Issue.record("a second writer took the lock")
        } catch let error as StoreError {
            #expect(error == .busy(holder: "the advisory lock of \(store.location)", pid: Int(getpid())))
        }
        #expect(logged == ["waiting for the run holding the advisory lock of \(store.location) (pid \(getpid())) to finish"])
        held.release()
        let again = try await other.lockWriter(timeout: 10, log: { _ in })
        again.release()
        // Another schema is another store: its lock is its own.
        let elsewhere = try await freshStore()
        let first = try await store.lockWriter(timeout: 10, log: { _ in })
        let second = try await elsewhere.lockWriter(timeout: 0, log: { _ in })
        first.release()
        second.release()
    }

    /// A released lock is free when `release()` returns: the next writer asking without waiting
    /// (`--wait 0`) gets it, in this process or another. (Released by closing the session alone,
    /// the server had not always seen the session end yet: CI's conformance tests, opening a
    /// fresh store under the migration lock then loading at once, were told the lock was held by
    /// their own process.)
    @Test func aReleasedLockIsFreeAtOnce() async throws {
        for _ in 0..<20 {
            let store = try await freshStore()  // migrated under the writer lock, released
            let first = try await store.lockWriter(timeout: 0, log: { _ in })
            first.release()
            let other = try await PostgresStore.open(store.target, mustExist: true)
            let second = try await other.lockWriter(timeout: 0, log: { _ in })
            second.release()
        }
    }

    @Test func aServerThatIsNotThereIsOneLine() async throws {
        let cluster = try await PostgresCluster.shared()
        let port = try PostgresCluster.freePort()
        var location = cluster.location(tcp: true)
        location.port = port
        do {
            _ = try await PostgresStore.open(location)
            Issue.record("a store opened on a port nothing listens on")
        } catch let error as StoreError {
            let text = "\(error)"
            #expect(text.hasPrefix("cannot connect to PostgreSQL at 127.0.0.1:\(port) (database legisurvey, user legisurvey): "), "\(text)")
            #expect(!text.contains("\n"), "\(text)")
        }
    }
}
