// Test oracles for the store: a whole batch written at once, and the plain reference read of every
// accepted answer. Only tests use them; the pipeline streams its run in through `load` and reads
// with `forEachAccepted`. `acceptedAnswers()` reads the store's database directly, hence the
// `@testable import`.
import GRDB
import SurveyModel

@testable import SurveyLoad

extension SQLiteStore {
    /// Replaces the store's submissions with a batch whose revisions are already resolved:
    /// ``SQLiteStore/load(_:beforeCommit:_:)`` with every file at once, the way the tests write a
    /// batch they built by hand.
    @discardableResult
    func replace(
        with batch: Batch, startedAt: String? = nil, filesReused: Int = 0, beforeCommit: @escaping @Sendable () -> Void = {}
    ) async throws -> Int64 {
        let info = RunInfo(
            pipeline: batch.pipeline, questionnaireID: batch.questionnaireID, questionnaireVersion: batch.questionnaireVersion,
            startedAt: startedAt, filesReused: filesReused, withdrawn: batch.withdrawn.reduce(0) { $0 + $1.submissions })
        return try await load(info, beforeCommit: beforeCommit) { load in
            var byFile: [String: [Submission]] = [:]
            for submission in batch.submissions { byFile[submission.location.file, default: []].append(submission) }
            let cache = Dictionary(batch.cache.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
            for report in batch.files {
                try await load.add(report, submissions: byFile.removeValue(forKey: report.file.path) ?? [], cache: cache[report.file.path])
                try await load.setAccounting(of: report.file.path, report.accounting)
            }
            if let stray = byFile.keys.sorted().first { throw StoreError.unknownFile(stray) }
            return batch.total
        }
    }

    /// Every answer of every accepted submission, ordered by round, country and question: the
    /// plain ordered join that ``SQLiteStore/forEachAccepted(submission:answer:)`` (a scan of the
    /// answer table in storage order through SQLite's C API) must agree with.
    func acceptedAnswers() throws -> [StoredAnswer] {
        try database.read { db in
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT s.round, s.country, a.question_id, a.option, a.number, a.text, s.respondent
                    FROM answer a JOIN submission s ON s.key = a.submission_key
                    WHERE s.status = 'accepted'
                    ORDER BY s.round, s.country, s.respondent, a.question_id, a.option
                    """)
            var answers: [StoredAnswer] = []
            while let row = try rows.next() {
                let round: String = row[0]
                let country: String = row[1]
                let question: String = row[2]
                let option: String? = row[3]
                let respondent: String? = row[6]
                if let option, let last = answers.last, last.round == round, last.country == country,
                    last.respondent == respondent, last.questionID == question
                {
                    answers[answers.count - 1].options.append(option)
                    continue
                }
                answers.append(
                    StoredAnswer(
                        round: round, country: country, questionID: question, options: option.map { [$0] } ?? [],
                        number: row[4], text: row[5], respondent: respondent))
            }
            return answers
        }
    }
}
