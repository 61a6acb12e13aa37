// The store's schema: its named migrations, v1 to v13, in the order they were released.
import GRDB

extension SQLiteStore {
    /// The submission table's columns from `file_id` to `answers_kept`, as v1 created them and as
    /// v8's rebuild of the table must repeat them (SQLite cannot change a table's key in place):
    /// one text for both, so the two cannot drift. Each line is indented by four spaces and there
    /// is no newline at the end: interpolated at the start of a line, the SQL is the same text
    /// byte for byte as when each migration spelled the columns out.
    private static let submissionColumns = """
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
                    \(Self.submissionColumns)
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
                    \(Self.submissionColumns)
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
        migrator.registerMigration("v9-diagnostic-detail") { db in
            // A diagnostic's detail kept apart, so one read back from the store is the one the run
            // made: the report's consistency-check summary reads the check and country from it.
            try db.execute(sql: "ALTER TABLE diagnostic ADD COLUMN detail TEXT")
        }
        migrator.registerMigration("v10-file-arrival") { db in
            // When each file content (by SHA-256) first came: the run that first read it and that
            // run's start. Never emptied by a load or a rebuild: revision order uses arrival
            // (docs/store.md, "Arrival"). A store made before keeps only its last run's files,
            // which all arrive in that run.
            try db.execute(
                sql: """
                    CREATE TABLE file_arrival (
                        sha256 TEXT PRIMARY KEY,
                        run_id INTEGER NOT NULL REFERENCES run(id),
                        started_at TEXT
                    );
                    INSERT OR IGNORE INTO file_arrival (sha256, run_id, started_at)
                    SELECT f.sha256, f.run_id, r.started_at FROM source_file f JOIN run r ON r.id = f.run_id
                    WHERE f.sha256 <> '' ORDER BY f.run_id, f.id;
                    """)
        }
        migrator.registerMigration("v11-submission-questionnaire-version") { db in
            // The questionnaire version each submission was checked against (issue 18): rounds
            // may answer different versions, and a submission may name a declared one of its own.
            try db.execute(sql: "ALTER TABLE submission ADD COLUMN questionnaire_version TEXT")
        }
        migrator.registerMigration("v12-answer-source-file") { db in
            // A complement's answers merge onto the country's current submission (issue 19):
            // such an answer row belongs to the base submission but came from the complement's
            // file, named here (NULL: the submission's own file).
            try db.execute(sql: "ALTER TABLE answer ADD COLUMN file_id INTEGER")
        }
        migrator.registerMigration("v13-repeat-answer") { db in
            // Answers inside repeat groups (issue 20: the legislation inventory's laws and
            // practices), kept apart from `answer` so the statistics' scan of `answer` never meets
            // them. The same conventions as `answer` since v8 and v12: keyed by (submission_key,
            // seq) with no separate index, the key not a declared foreign key, "exactly one of
            // option, number, text" not a CHECK (the loader writes them from a value that is one
            // of the three by construction; tests check it), `file_id` NULL for the submission's
            // own file. `path` is the repeat path as written everywhere (`laws[2]`,
            // `laws[2]/amendments[1]`); `question_id` is local to the innermost repeat.
            try db.execute(
                sql: """
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
                    """)
        }
        migrator.registerMigration("v14-diagnostic-feedback") { db in
            // Feedback to senders (issue 24): a diagnostic's country (ISO3), the sender's language,
            // its suggestion (`Suggestion.stored`) and the sheet of a spreadsheet location, so
            // that `legisurvey report` rewrites validation_report.csv and the letters from the
            // store with the same bytes as the run. Rows of earlier runs keep NULL: their reports
            // fall back to the reference's language, as a run without them would.
            try db.execute(
                sql: """
                    ALTER TABLE diagnostic ADD COLUMN country TEXT;
                    ALTER TABLE diagnostic ADD COLUMN sender_language TEXT;
                    ALTER TABLE diagnostic ADD COLUMN suggestion TEXT;
                    ALTER TABLE diagnostic ADD COLUMN sheet TEXT;
                    """)
        }
        migrator.registerMigration("v15-submission-restricted") { db in
            // Restricted answers (issue 26): the submission's own `restricted` field as the
            // sender wrote it (`*` for the whole submission, else item ids separated by spaces);
            // NULL without one, as for every submission stored before.
            try db.execute(sql: "ALTER TABLE submission ADD COLUMN restricted TEXT")
        }
        migrator.registerMigration("v16-submission-submitted-at") { db in
            // When the sender's tool says the submission was submitted or completed, as written
            // (issue 27: the report's date of the data is the latest of the accepted ones); NULL
            // without one, as for every submission stored before.
            try db.execute(sql: "ALTER TABLE submission ADD COLUMN submitted_at TEXT")
        }
        return migrator
    }
}
