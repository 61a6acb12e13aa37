import Foundation
import GRDB
import SurveyModel
import Testing

@testable import SurveyLoad

/// A store written before v8 (answers keyed by the submission's text id) keeps every answer
/// when it is opened by this version.
@Suite struct MigrationTests {
    @Test func v8KeysAnswersByTheSubmissionsIntegerKey() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("legisurvey-migration-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("store.sqlite").path
        do {
            let queue = try DatabaseQueue(path: path)
            try SQLiteStore.migrator.migrate(queue, upTo: "v7-drop-answer-by-question")
            try await queue.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO run (id, pipeline, questionnaire_id, questionnaire_version, files_read, submissions_seen,
                            accepted, superseded, excluded, rejected, answers_seen, answers_kept, answers_dropped)
                            VALUES (1, 'p', 'q', '1', 1, 2, 1, 0, 0, 1, 3, 3, 0);
                        INSERT INTO source_file (id, path, sha256, bytes, format, run_id, submissions_seen, accepted, superseded,
                            excluded, rejected, answers_seen, answers_kept, answers_dropped)
                            VALUES (1, 'a.csv', '00', 1, 'csv-wide', 1, 2, 1, 0, 0, 1, 3, 3, 0);
                        INSERT INTO submission (id, file_id, line, country, country_given, round, status, answers_seen, answers_kept)
                            VALUES ('a.csv#2', 1, 3, NULL, 'Atlantis', '2026', 'rejected', 0, 0),
                                   ('a.csv#1', 1, 2, 'FRA', 'France', '2026', 'accepted', 3, 3);
                        INSERT INTO answer (submission_id, question_id, option, number, text, line, "column") VALUES
                            ('a.csv#1', 'ch8_cert', 'yes', NULL, NULL, 2, 4),
                            ('a.csv#1', 'ch3_instruments', 'un_convention', NULL, NULL, 2, 5),
                            ('a.csv#1', 'ch3_instruments', 'budapest', NULL, NULL, 2, 5),
                            ('a.csv#1', 'ch5_specialized_officers', NULL, 12, NULL, 2, 6);
                        """)
            }
        }
        let store = try SQLiteStore(path: path)
        let answers = try store.acceptedAnswers()
        #expect(answers.map(\.questionID) == ["ch3_instruments", "ch5_specialized_officers", "ch8_cert"])
        #expect(answers.first?.options == ["budapest", "un_convention"])
        #expect(answers.map(\.country) == ["FRA", "FRA", "FRA"])
        #expect(answers[1].number == 12)
        let traces = try await store.submissionAnswers(round: "2026", country: "FRA")
        #expect(traces.count == 4)
        #expect(traces.allSatisfy { $0.submissionID == "a.csv#1" && $0.file == "a.csv" })
        // The rows keep the order they were written in, numbered from 1 within the submission.
        let queue = try DatabaseQueue(path: path)
        let seq = try await queue.read { db in
            try Int.fetchAll(db, sql: "SELECT a.seq FROM answer a JOIN submission s ON s.key = a.submission_key WHERE s.id = 'a.csv#1'")
        }
        #expect(seq == [1, 2, 3, 4])
        #expect(try await queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM submission") } == 2)
    }

    /// A store whose migrations table names a migration this version does not know was made by a
    /// newer LegiSurvey: it is refused with a message that says so, whichever way it is opened,
    /// and left byte for byte as it was (issue 16 section 6).
    @Test func aStoreMadeByANewerVersionIsRefusedUntouched() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("legisurvey-migration-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("store.sqlite").path
        do {
            let queue = try DatabaseQueue(path: path)
            try SQLiteStore.migrator.migrate(queue)
            try await queue.write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v9-from-the-future'), ('v10-further')")
            }
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let expected = StoreError.newerVersion(migration: "v10-further")
        #expect(throws: expected) { try SQLiteStore(path: path) }
        await #expect(throws: expected) { try await SurveyStores.open(.sqlite(path: path)) }
        await #expect(throws: expected) { try await SurveyStores.open(.sqlite(path: path), mustExist: true) }
        #expect("\(expected)".contains("made by a newer LegiSurvey (migration v10-further); upgrade"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before, "the refused store was changed")
        #expect(!FileManager.default.fileExists(atPath: path + "-journal"))
    }

    /// An older store (some migrations missing, none unknown) is still migrated, not refused.
    @Test func anOlderStoreIsMigratedNotRefused() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("legisurvey-migration-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("store.sqlite").path
        do {
            let queue = try DatabaseQueue(path: path)
            try SQLiteStore.migrator.migrate(queue, upTo: "v5-file-cache")
        }
        _ = try await SurveyStores.open(.sqlite(path: path))
        let queue = try DatabaseQueue(path: path)
        #expect(try await queue.read { db in try SQLiteStore.migrator.hasCompletedMigrations(db) })
    }

    /// What the answer table does not declare (a foreign key, a CHECK: too slow per row) holds
    /// after loads and reloads: every answer row belongs to a stored submission and holds exactly
    /// one of option, number and text.
    @Test func answerRowsBelongToASubmissionAndHoldOneValue() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("legisurvey-answers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("store.sqlite").path
        let store = try SQLiteStore(path: path)
        let first = [
            makeSubmission("a.csv#1", file: "a.csv", country: "FRA", answers: [
                ("ch8_cert", .choice("yes")), ("ch3_instruments", .choices(["budapest", "un_convention"])),
                ("ch5_specialized_officers", .number(12)), ("ch3_main_law", .text("Code pénal")),
            ]),
            makeSubmission("b.csv#1", file: "b.csv", country: "DEU", answers: [("ch8_cert", .choice("no"))]),
        ]
        try await store.replace(with: makeBatch(first, files: ["a.csv", "b.csv"]))
        try await store.replace(with: makeBatch(Array(first.prefix(1)), files: ["a.csv"]))  // b.csv left the inbox
        let queue = try DatabaseQueue(path: path)
        try await queue.read { db in
            let orphans = try Int.fetchOne(
                db, sql: "SELECT count(*) FROM answer a LEFT JOIN submission s ON s.key = a.submission_key WHERE s.key IS NULL")
            #expect(orphans == 0)
            let badValues = try Int.fetchOne(
                db, sql: "SELECT count(*) FROM answer WHERE (option IS NOT NULL) + (number IS NOT NULL) + (text IS NOT NULL) != 1")
            #expect(badValues == 0)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM answer") == 5)
        }
    }
}

/// A new store is made in one transaction (``SQLiteStore/createAllAtOnce(_:)``): the same schema
/// and the same record of migrations as GRDB's migrator makes one step at a time.
@Suite struct NewStoreAtOnceTests {
    /// Every schema object in creation order, and the migrations recorded.
    static func schema(_ queue: DatabaseQueue) throws -> (objects: [Row], migrations: [String]) {
        try queue.read { db in
            (
                try Row.fetchAll(db, sql: "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid"),
                try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid")
            )
        }
    }

    @Test func aNewStoreHasTheSchemaOfTheStepByStepMigrations() throws {
        let stepByStep = try DatabaseQueue()
        try SQLiteStore.migrator.migrate(stepByStep)
        let atOnce = try DatabaseQueue()
        var created = false
        try atOnce.writeWithoutTransaction { db in created = try SQLiteStore.createAllAtOnce(db) }
        #expect(created)
        let (expected, expectedMigrations) = try Self.schema(stepByStep)
        let (made, madeMigrations) = try Self.schema(atOnce)
        #expect(made == expected)
        #expect(madeMigrations == expectedMigrations)
        #expect(madeMigrations == SQLiteStore.migrations.map(\.identifier))
        #expect(try atOnce.read { db in try SQLiteStore.migrator.hasCompletedMigrations(db) })
        // Foreign keys are on again afterwards, as the migrator leaves them.
        #expect(try atOnce.read { db in try Bool.fetchOne(db, sql: "PRAGMA foreign_keys") } == true)
        // A store opened by path is made so too, and works.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("legisurvey-at-once-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("store.sqlite").path
        _ = try SQLiteStore(path: path)
        #expect(try Self.schema(try DatabaseQueue(path: path)).objects == expected)
    }

    @Test func aStoreHoldingAnythingIsMigratedStepByStep() throws {
        // Half-way through the migrations (an older store): nothing is made at once, the
        // migrator brings it up to date.
        let older = try DatabaseQueue()
        try SQLiteStore.migrator.migrate(older, upTo: "v7-drop-answer-by-question")
        var created = true
        try older.writeWithoutTransaction { db in created = try SQLiteStore.createAllAtOnce(db) }
        #expect(!created)
        try SQLiteStore.migrate(older)
        let stepByStep = try DatabaseQueue()
        try SQLiteStore.migrator.migrate(stepByStep)
        #expect(try Self.schema(older).migrations == Self.schema(stepByStep).migrations)
        // A database holding a table of its own is not taken for a new store either.
        let foreign = try DatabaseQueue()
        try foreign.write { db in try db.execute(sql: "CREATE TABLE notes (text TEXT)") }
        try foreign.writeWithoutTransaction { db in created = try SQLiteStore.createAllAtOnce(db) }
        #expect(!created)
    }
}
