// The store's schema: its named migrations, v1 to v16, in the order they were released, ONE list for
// every backend: each has its SQLite text and, where PostgreSQL must differ, its PostgreSQL text
// (types: INTEGER → bigint, REAL → double precision, BLOB → bytea; no WITHOUT ROWID; a boolean sum
// cast to int; no rowid). SQLite runs them through GRDB's migrator (`grdb_migrations`), PostgreSQL
// through SurveyPostgres's (`schema_migrations` in the store's schema); both refuse a store that
// names a migration this list does not hold (StoreError.newerVersion). SQLite's partial unique
// index `submission_one_accepted` is, in PostgreSQL, an exclusion constraint with the same WHERE,
// checked at the commit (DEFERRABLE INITIALLY DEFERRED): SQLite's load drops the index and builds it
// again before the commit, where PostgreSQL's DROP INDEX would lock readers out until the commit.
import Foundation
import GRDB

/// One migration of the store's schema, in both dialects.
public struct StoreMigration: Sendable {
    /// `vN-what`: named, append-only, never edited once released.
    public let identifier: String
    /// The SQLite statements (several, separated by `;`).
    public let sqlite: String
    /// The PostgreSQL statements; the SQLite text when it is valid PostgreSQL as it stands.
    public let postgreSQL: String

    init(_ identifier: String, sqlite: String, postgreSQL: String?) {
        self.identifier = identifier
        self.sqlite = sqlite
        self.postgreSQL = postgreSQL ?? sqlite
    }

    /// The number of a migration named `vN-…` (0 for another name), then the name: an order, to
    /// name the newest of several unknown migrations.
    public static func order(_ identifier: String) -> (Int, String) {
        let digits = identifier.dropFirst().prefix { $0.isNumber }
        return (identifier.first == "v" ? Int(digits) ?? 0 : 0, identifier)
    }

    /// `sql` cut into its statements at each `;` that ends a line (the migrations' texts hold no
    /// `;` elsewhere): PostgreSQL's extended protocol runs one statement at a time.
    public static func statements(_ sql: String) -> [String] {
        sql.components(separatedBy: ";\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .map { $0.hasSuffix(";") ? String($0.dropLast()) : $0 }.filter { !$0.isEmpty }
    }
}

extension SQLiteStore {
    /// The submission table's columns from `file_id` to `answers_kept`, as v1 created them and as
    /// v8's rebuild of the table must repeat them (SQLite cannot change a table's key in place):
    /// one text for both, so the two cannot drift. Each line is indented by four spaces and there
    /// is no newline at the end: interpolated at the start of a line, the SQL is the same text
    /// byte for byte as when each migration spelled the columns out.
    fileprivate static let submissionColumns = """
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
        """

    /// The same columns in PostgreSQL's types.
    fileprivate static let postgreSQLSubmissionColumns = """
            file_id bigint NOT NULL REFERENCES source_file(id) ON DELETE CASCADE,
            line bigint,
            country text,
            country_given text NOT NULL,
            round text NOT NULL,
            status text NOT NULL CHECK (status IN ('accepted', 'superseded', 'excluded', 'rejected')),
            reason text,
            superseded_by text,
            answers_seen bigint NOT NULL,
            answers_kept bigint NOT NULL,
        """

    /// Every migration, oldest first: the one list both backends run.
    public static let migrations: [StoreMigration] = [
        StoreMigration(
            "v1-initial",
            sqlite: """
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
            \(SQLiteStore.submissionColumns)
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
            """,
            postgreSQL: """
            CREATE TABLE run (
                id bigint PRIMARY KEY,
                pipeline text NOT NULL,
                questionnaire_id text NOT NULL,
                questionnaire_version text NOT NULL,
                files_read bigint NOT NULL,
                submissions_seen bigint NOT NULL,
                accepted bigint NOT NULL,
                superseded bigint NOT NULL,
                excluded bigint NOT NULL,
                rejected bigint NOT NULL,
                answers_seen bigint NOT NULL,
                answers_kept bigint NOT NULL,
                answers_dropped bigint NOT NULL,
                CHECK (submissions_seen = accepted + superseded + excluded + rejected),
                CHECK (answers_seen = answers_kept + answers_dropped)
            );
            CREATE TABLE source_file (
                id bigint PRIMARY KEY,
                path text NOT NULL UNIQUE,
                sha256 text NOT NULL,
                bytes bigint NOT NULL,
                format text NOT NULL,
                run_id bigint NOT NULL REFERENCES run(id),
                submissions_seen bigint NOT NULL,
                accepted bigint NOT NULL,
                superseded bigint NOT NULL,
                excluded bigint NOT NULL,
                rejected bigint NOT NULL,
                answers_seen bigint NOT NULL,
                answers_kept bigint NOT NULL,
                answers_dropped bigint NOT NULL
            );
            CREATE TABLE submission (
                id text PRIMARY KEY,
            \(SQLiteStore.postgreSQLSubmissionColumns)
                CHECK (status = 'rejected' OR country IS NOT NULL)
            );
            ALTER TABLE submission ADD CONSTRAINT submission_one_accepted
                EXCLUDE USING btree (country WITH =, round WITH =) WHERE (status = 'accepted') DEFERRABLE INITIALLY DEFERRED;
            CREATE TABLE answer (
                submission_id text NOT NULL REFERENCES submission(id) ON DELETE CASCADE,
                question_id text NOT NULL,
                option text,
                number double precision,
                text text,
                line bigint,
                "column" bigint,
                CHECK ((option IS NOT NULL)::int + (number IS NOT NULL)::int + (text IS NOT NULL)::int = 1)
            );
            CREATE INDEX answer_by_submission ON answer(submission_id, question_id);
            CREATE TABLE diagnostic (
                id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                run_id bigint NOT NULL REFERENCES run(id),
                file text NOT NULL,
                line bigint,
                "column" bigint,
                submission_id text,
                question_id text,
                code text NOT NULL,
                severity text NOT NULL,
                expected text,
                found text,
                message text NOT NULL
            );
            """),
        StoreMigration(
            "v2-diagnostic-offset",
            sqlite: "ALTER TABLE diagnostic ADD COLUMN byte_offset INTEGER",
            postgreSQL: "ALTER TABLE diagnostic ADD COLUMN byte_offset bigint"),
        // `legisurvey explain stat` reads one question's answers across submissions.
        StoreMigration(
            "v3-answer-by-question",
            sqlite: "CREATE INDEX answer_by_question ON answer(question_id, submission_id)",
            postgreSQL: nil),
        // When a run started (UTC, ISO 8601), for `legisurvey status`; NULL for older runs.
        StoreMigration(
            "v4-run-started-at",
            sqlite: "ALTER TABLE run ADD COLUMN started_at TEXT",
            postgreSQL: nil),
        // Each inbox file's extract-and-transform result, for incremental runs; and the
        // submissions a run found withdrawn (their file left the inbox).
        StoreMigration(
            "v5-file-cache",
            sqlite: """
            CREATE TABLE file_cache (
                path TEXT PRIMARY KEY,
                sha256 TEXT NOT NULL,
                fingerprint TEXT NOT NULL,
                payload BLOB NOT NULL
            );
            ALTER TABLE run ADD COLUMN withdrawn INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE run ADD COLUMN files_reused INTEGER NOT NULL DEFAULT 0;
            """,
            postgreSQL: """
            CREATE TABLE file_cache (
                path text PRIMARY KEY,
                sha256 text NOT NULL,
                fingerprint text NOT NULL,
                payload bytea NOT NULL
            );
            ALTER TABLE run ADD COLUMN withdrawn bigint NOT NULL DEFAULT 0;
            ALTER TABLE run ADD COLUMN files_reused bigint NOT NULL DEFAULT 0;
            """),
        // The respondent key: with one, a country has one accepted submission per round and
        // respondent; without, respondent is NULL and the rule stays one per country and round.
        StoreMigration(
            "v6-respondent",
            sqlite: """
            ALTER TABLE submission ADD COLUMN respondent TEXT;
            DROP INDEX submission_one_accepted;
            CREATE UNIQUE INDEX submission_one_accepted
                ON submission(country, round, coalesce(respondent, '')) WHERE status = 'accepted';
            """,
            postgreSQL: """
            ALTER TABLE submission ADD COLUMN respondent text;
            ALTER TABLE submission DROP CONSTRAINT submission_one_accepted;
            ALTER TABLE submission ADD CONSTRAINT submission_one_accepted EXCLUDE USING btree
                (country WITH =, round WITH =, (coalesce(respondent, '')) WITH =) WHERE (status = 'accepted') DEFERRABLE INITIALLY DEFERRED;
            """),
        // `explain stat` reads one question's answers of one round's accepted submissions:
        // answer_by_submission (submission_id, question_id) serves that as well, submission by
        // submission, and one index less is a quarter of a large store and of its load time.
        StoreMigration(
            "v7-drop-answer-by-question",
            sqlite: "DROP INDEX answer_by_question",
            postgreSQL: nil),
        // Answers point at their submission by an integer key instead of its text id, and the
        // answer table is stored in (submission_key, seq) order with no separate index: the
        // answer rows and their index were two thirds of a large store and most of its load
        // time. A submission's answers are read by that key; `seq` keeps the order they were
        // written in. The key is not declared a foreign key and "exactly one of option, number,
        // text" is not a CHECK: SQLite's per-row checks of the two were 40% of the time spent
        // inserting answers. Only the loader writes answers, each submission's right after it,
        // from a value that is one of the three by construction; tests check both on loaded
        // stores.
        StoreMigration(
            "v8-integer-submission-key",
            sqlite: """
            CREATE TABLE submission_v8 (
                key INTEGER PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
            \(SQLiteStore.submissionColumns)
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
            """,
            postgreSQL: """
            CREATE TABLE submission_v8 (
                key bigint PRIMARY KEY,
                id text NOT NULL UNIQUE,
            \(SQLiteStore.postgreSQLSubmissionColumns)
                respondent text,
                CHECK (status = 'rejected' OR country IS NOT NULL)
            );
            INSERT INTO submission_v8 (key, id, file_id, line, country, country_given, round, status, reason,
                superseded_by, answers_seen, answers_kept, respondent)
            SELECT row_number() OVER (ORDER BY ctid), id, file_id, line, country, country_given, round, status, reason,
                superseded_by, answers_seen, answers_kept, respondent
            FROM submission;
            CREATE TABLE answer_v8 (
                submission_key bigint NOT NULL,
                seq bigint NOT NULL,
                question_id text NOT NULL,
                option text,
                number double precision,
                text text,
                line bigint,
                "column" bigint,
                PRIMARY KEY (submission_key, seq)
            );
            INSERT INTO answer_v8 (submission_key, seq, question_id, option, number, text, line, "column")
            SELECT s.key, row_number() OVER (PARTITION BY a.submission_id ORDER BY a.ctid), a.question_id,
                a.option, a.number, a.text, a.line, a."column"
            FROM answer a JOIN submission_v8 s ON s.id = a.submission_id;
            DROP TABLE answer;
            DROP TABLE submission;
            ALTER TABLE submission_v8 RENAME TO submission;
            ALTER TABLE answer_v8 RENAME TO answer;
            ALTER TABLE submission ADD CONSTRAINT submission_one_accepted EXCLUDE USING btree
                (country WITH =, round WITH =, (coalesce(respondent, '')) WITH =) WHERE (status = 'accepted') DEFERRABLE INITIALLY DEFERRED;
            """),
        // A diagnostic's detail kept apart, so one read back from the store is the one the run
        // made: the report's consistency-check summary reads the check and country from it.
        StoreMigration(
            "v9-diagnostic-detail",
            sqlite: "ALTER TABLE diagnostic ADD COLUMN detail TEXT",
            postgreSQL: nil),
        // When each file content (by SHA-256) first came: the run that first read it and that
        // run's start. Never emptied by a load or a rebuild: revision order uses arrival
        // (docs/store.md, "Arrival"). A store made before keeps only its last run's files,
        // which all arrive in that run.
        StoreMigration(
            "v10-file-arrival",
            sqlite: """
            CREATE TABLE file_arrival (
                sha256 TEXT PRIMARY KEY,
                run_id INTEGER NOT NULL REFERENCES run(id),
                started_at TEXT
            );
            INSERT OR IGNORE INTO file_arrival (sha256, run_id, started_at)
            SELECT f.sha256, f.run_id, r.started_at FROM source_file f JOIN run r ON r.id = f.run_id
            WHERE f.sha256 <> '' ORDER BY f.run_id, f.id;
            """,
            postgreSQL: """
            CREATE TABLE file_arrival (
                sha256 text PRIMARY KEY,
                run_id bigint NOT NULL REFERENCES run(id),
                started_at text
            );
            INSERT INTO file_arrival (sha256, run_id, started_at)
            SELECT DISTINCT ON (f.sha256) f.sha256, f.run_id, r.started_at FROM source_file f JOIN run r ON r.id = f.run_id
            WHERE f.sha256 <> '' ORDER BY f.sha256, f.run_id, f.id;
            """),
        // The questionnaire version each submission was checked against (issue 18): rounds
        // may answer different versions, and a submission may name a declared one of its own.
        StoreMigration(
            "v11-submission-questionnaire-version",
            sqlite: "ALTER TABLE submission ADD COLUMN questionnaire_version TEXT",
            postgreSQL: nil),
        // A complement's answers merge onto the country's current submission (issue 19):
        // such an answer row belongs to the base submission but came from the complement's
        // file, named here (NULL: the submission's own file).
        StoreMigration(
            "v12-answer-source-file",
            sqlite: "ALTER TABLE answer ADD COLUMN file_id INTEGER",
            postgreSQL: "ALTER TABLE answer ADD COLUMN file_id bigint"),
        // Answers inside repeat groups (issue 20: the legislation inventory's laws and
        // practices), kept apart from `answer` so the statistics' scan of `answer` never meets
        // them. The same conventions as `answer` since v8 and v12: keyed by (submission_key,
        // seq) with no separate index, the key not a declared foreign key, "exactly one of
        // option, number, text" not a CHECK (the loader writes them from a value that is one
        // of the three by construction; tests check it), `file_id` NULL for the submission's
        // own file. `path` is the repeat path as written everywhere (`laws[2]`,
        // `laws[2]/amendments[1]`); `question_id` is local to the innermost repeat.
        StoreMigration(
            "v13-repeat-answer",
            sqlite: """
            CREATE TABLE repeat_answer (
                submission_key INTEGER NOT NULL,
                seq INTEGER NOT NULL,
                path TEXT NOT NULL,
                question_id TEXT NOT NULL,
                option TEXT,
                number REAL,
                text TEXT,
                line INTEGER,
                "column" INTEGER,
                file_id INTEGER,
                PRIMARY KEY (submission_key, seq)
            ) WITHOUT ROWID;
            """,
            postgreSQL: """
            CREATE TABLE repeat_answer (
                submission_key bigint NOT NULL,
                seq bigint NOT NULL,
                path text NOT NULL,
                question_id text NOT NULL,
                option text,
                number double precision,
                text text,
                line bigint,
                "column" bigint,
                file_id bigint,
                PRIMARY KEY (submission_key, seq)
            );
            """),
        // Feedback to senders (issue 24): a diagnostic's country (ISO3), the sender's language,
        // its suggestion (`Suggestion.stored`) and the sheet of a spreadsheet location, so
        // that `legisurvey report` rewrites validation_report.csv and the letters from the
        // store with the same bytes as the run. Rows of earlier runs keep NULL: their reports
        // fall back to the reference's language, as a run without them would.
        StoreMigration(
            "v14-diagnostic-feedback",
            sqlite: """
            ALTER TABLE diagnostic ADD COLUMN country TEXT;
            ALTER TABLE diagnostic ADD COLUMN sender_language TEXT;
            ALTER TABLE diagnostic ADD COLUMN suggestion TEXT;
            ALTER TABLE diagnostic ADD COLUMN sheet TEXT;
            """,
            postgreSQL: nil),
        // Restricted answers (issue 26): the submission's own `restricted` field as the
        // sender wrote it (`*` for the whole submission, else item ids separated by spaces);
        // NULL without one, as for every submission stored before.
        StoreMigration(
            "v15-submission-restricted",
            sqlite: "ALTER TABLE submission ADD COLUMN restricted TEXT",
            postgreSQL: nil),
        // When the sender's tool says the submission was submitted or completed, as written
        // (issue 27: the report's date of the data is the latest of the accepted ones); NULL
        // without one, as for every submission stored before.
        StoreMigration(
            "v16-submission-submitted-at",
            sqlite: "ALTER TABLE submission ADD COLUMN submitted_at TEXT",
            postgreSQL: nil),
        // A submission's answers in one row (issue 29): `answer_pack` holds each submission's
        // answer rows as one JSON array (``AnswerPack``: one element per row, in `seq` order, each
        // [question_id, option, number, text, line, column, file_id]). Writing one row per answer
        // was most of a large load's time; the analysis of a run reads the load's recording, not
        // these rows. `answer` becomes a view with the table's columns, so every read and query of
        // it gives what the table gave (`seq`: the row's place in its pack, from 1). Numbers are
        // moved with 17 significant digits (SQLite's JSON writes a REAL with 15, which can change
        // it); a pack the load writes holds Swift's shortest text for the same value.
        StoreMigration(
            "v17-answer-pack",
            sqlite: """
            CREATE TABLE answer_pack (
                submission_key INTEGER PRIMARY KEY,
                answers TEXT NOT NULL
            );
            INSERT INTO answer_pack (submission_key, answers)
            SELECT submission_key, pack FROM (
                SELECT submission_key,
                    json_group_array(json_array(question_id, option,
                        CASE WHEN number IS NULL THEN NULL ELSE json(printf('%!.17g', number)) END,
                        text, line, "column", file_id))
                        OVER (PARTITION BY submission_key ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
                        AS pack,
                    row_number() OVER (PARTITION BY submission_key ORDER BY seq) AS place
                FROM answer)
            WHERE place = 1
            ORDER BY submission_key;
            DROP TABLE answer;
            CREATE VIEW answer (submission_key, seq, question_id, option, number, text, line, "column", file_id) AS
            SELECT p.submission_key, a.key + 1, a.value ->> 0, a.value ->> 1, a.value ->> 2, a.value ->> 3, a.value ->> 4,
                a.value ->> 5, a.value ->> 6
            FROM answer_pack p JOIN json_each(p.answers) a;
            """,
            postgreSQL: """
            CREATE TABLE answer_pack (
                submission_key bigint PRIMARY KEY,
                answers text NOT NULL
            );
            INSERT INTO answer_pack (submission_key, answers)
            SELECT submission_key,
                json_agg(json_build_array(question_id, option, number, text, line, "column", file_id) ORDER BY seq)::text
            FROM answer
            GROUP BY submission_key;
            DROP TABLE answer;
            CREATE VIEW answer AS
            SELECT p.submission_key, a.seq, a.value ->> 0 AS question_id, a.value ->> 1 AS option,
                (a.value ->> 2)::double precision AS number, a.value ->> 3 AS text, (a.value ->> 4)::bigint AS line,
                (a.value ->> 5)::bigint AS "column", (a.value ->> 6)::bigint AS file_id
            FROM answer_pack p CROSS JOIN LATERAL json_array_elements(p.answers::json) WITH ORDINALITY AS a(value, seq);
            """),
    ]

    /// Brings `database`'s schema up to date: a new, empty store is made in one transaction
    /// (``createAllAtOnce(_:)``), any other through GRDB's migrator (``migrator``), which has
    /// nothing left to do after the first.
    static func migrate(_ database: DatabaseQueue) throws {
        try database.writeWithoutTransaction { db in _ = try createAllAtOnce(db) }
        try migrator.migrate(database)
    }

    /// A new store's schema: every migration's statements in order and its identifier recorded in
    /// `grdb_migrations`, as GRDB's migrator runs and records them (foreign keys off while they
    /// run, checked before the commit), but in one transaction. The migrator gives each migration
    /// a transaction of its own, four `fdatasync` calls each: 18 migrations were about 60 ms
    /// before a new store's run could read its first file. False, with nothing done, when the
    /// database holds anything at all (an existing store, however old, is migrated step by step).
    static func createAllAtOnce(_ db: Database) throws -> Bool {
        func isEmpty() throws -> Bool { try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") == 0 }
        guard try isEmpty() else { return false }
        let foreignKeys = try Bool.fetchOne(db, sql: "PRAGMA foreign_keys") ?? false
        // Not changeable inside a transaction: off before it, on again after it, as GRDB does.
        if foreignKeys { try db.execute(sql: "PRAGMA foreign_keys = OFF") }
        defer { if foreignKeys { try? db.execute(sql: "PRAGMA foreign_keys = ON") } }
        var created = false
        try db.inTransaction(.immediate) {
            // Another connection may have made it between the look and the lock.
            guard try isEmpty() else { return .rollback }
            try db.execute(sql: "CREATE TABLE IF NOT EXISTS grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
            for migration in migrations {
                try db.execute(sql: migration.sqlite)
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)", arguments: [migration.identifier])
            }
            if foreignKeys { try db.checkForeignKeys() }
            created = true
            return .commit
        }
        return created
    }

    /// GRDB's migrator over ``migrations``' SQLite texts.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in migrations {
            let sql = migration.sqlite
            migrator.registerMigration(migration.identifier) { db in try db.execute(sql: sql) }
        }
        return migrator
    }
}

extension StoreMigration {
    /// Every migration, oldest first, for every backend (``SQLiteStore/migrations``).
    public static var all: [StoreMigration] { SQLiteStore.migrations }
}
