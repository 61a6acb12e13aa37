// The SQLite backend's lineage reads (`legisurvey explain`) (lineage): accepted submissions with the file and line they
// came from, and answer rows with the file, line and column of each.
import GRDB
public import SurveyModel

extension SQLiteStore {
    /// Accepted submissions of one round with where each came from, ordered by country (and
    /// respondent, with a respondent key).
    public func submissionSources(round: String) async throws -> [SubmissionSource] {
        try await database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT s.country, s.id, f.path, s.line, s.respondent, s.restricted, s.submitted_at
                    FROM submission s JOIN source_file f ON f.id = s.file_id
                    WHERE s.status = 'accepted' AND s.round = ? ORDER BY s.country, s.respondent
                    """, arguments: [round]
            ).map {
                SubmissionSource(
                    country: $0[0], submissionID: $0[1], file: $0[2], line: $0[3], respondent: $0[4],
                    restricted: SenderRestriction(stored: $0[5]), submittedAt: $0[6])
            }
        }
    }

    /// Every stored answer row of a country's accepted submission for one round (with a
    /// respondent key: that respondent's), with its origin; one row per selected option. Ordered
    /// by question, option.
    public func submissionAnswers(round: String, country: String, respondent: String?) async throws -> [AnswerTrace] {
        try await traces(
            where: "s.country = ? AND coalesce(s.respondent, '') = ?", orderBy: "a.question_id, a.option",
            arguments: [round, country, respondent ?? ""])
    }

    /// Every stored answer row to one question in one round's accepted submissions, with the file,
    /// line and column it came from; one row per selected option. Ordered by country, respondent,
    /// option.
    public func answerTraces(round: String, questionID: String) async throws -> [AnswerTrace] {
        try await traces(where: "a.question_id = ?", orderBy: "s.country, s.respondent, a.option", arguments: [round, questionID])
    }

    /// Answer rows of one round's accepted submissions joined to their submission and file.
    private func traces(where condition: String, orderBy order: String, arguments: [String]) async throws -> [AnswerTrace] {
        try await database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT s.country, s.id, f.path, a.line, a."column", a.option, a.number, a.text, a.question_id,
                        s.respondent
                    FROM answer a JOIN submission s ON s.key = a.submission_key
                        JOIN source_file f ON f.id = coalesce(a.file_id, s.file_id)
                    WHERE s.status = 'accepted' AND s.round = ? AND \(condition)
                    ORDER BY \(order)
                    """, arguments: StatementArguments(arguments)
            ).map {
                AnswerTrace(
                    country: $0[0], submissionID: $0[1], file: $0[2], line: $0[3], column: $0[4], option: $0[5],
                    number: $0[6], text: $0[7], questionID: $0[8], respondent: $0[9])
            }
        }
    }
}

extension SQLiteStore {
    /// Every repeat answer row of accepted submissions (all rounds), with the file it came from
    /// (a complement's rows keep their own), ordered by round, country, respondent (byte order,
    /// no respondent first), repeat path (``RepeatPath`` order: `laws[2]` before `laws[10]`,
    /// which SQL's text order of the path cannot give) and the order the rows were written in.
    /// A row whose stored path does not parse (never written by this version) is skipped.
    public func repeatAnswers() async throws -> [RepeatAnswerRow] {
        let rows = try await database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT s.round, s.country, s.respondent, s.id, r.path, r.question_id, r.option, r.number, r.text,
                        f.path, r.line, r."column", r.seq
                    FROM repeat_answer r JOIN submission s ON s.key = r.submission_key
                        JOIN source_file f ON f.id = coalesce(r.file_id, s.file_id)
                    WHERE s.status = 'accepted'
                    ORDER BY s.round, s.country, s.respondent, r.seq
                    """
            ).compactMap { row -> (RepeatAnswerRow, Int)? in
                guard let path = RepeatPath(parsing: row[4]) else { return nil }
                return (
                    RepeatAnswerRow(
                        round: row[0], country: row[1], respondent: row[2], submissionID: row[3], path: path,
                        questionID: row[5], option: row[6], number: row[7], text: row[8], file: row[9], line: row[10],
                        column: row[11]), row[12]
                )
            }
        }
        return RepeatAnswerRow.storeOrder(rows)
    }
}
