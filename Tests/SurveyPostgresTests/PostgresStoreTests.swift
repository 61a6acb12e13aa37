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
    func query(_ sql: String) async throws -> [String] {
        let cluster = try await PostgresCluster.shared()
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        let connection = try await PostgresConnection.connect(
            configuration: .init(
                unixSocketPath: "\(cluster.folder)/.s.PGSQL.\(cluster.port)", username: cluster.user, password: nil,
                database: cluster.database), id: 1, logger: logger)
        do {
            var values: [String] = []
            for try await (value) in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).decode((String?).self) {
                values.append(value ?? "NULL")
            }
            try await connection.close()
            return values
        } catch {
            try? await connection.close()
            throw error
        }
    }

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
            "answer", "diagnostic", "file_arrival", "file_cache", "repeat_answer", "run", "schema_migrations", "source_file", "submission",
        ])
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
