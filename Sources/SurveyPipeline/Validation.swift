public import Foundation
import SurveyDefinitions
public import SurveyPublish
public import SurveyModel
import SurveyTransform

/// `legisurvey validate`: the inbox's files read and checked in memory, nothing loaded.
extension Pipeline {
    /// Checks files without loading anything: the diagnostics and the accounting.
    /// Paths are used as given (relative to the current folder), also for `files:` patterns.
    public func validate(paths: [String]) -> Batch {
        var reused = 0
        return read(files: paths.map { ($0, $0) }, reused: &reused, keepCache: false)
    }

    /// What `validate --json`'s sender fields are made with: the batch's submissions give each
    /// diagnostic's country and questionnaire version (``FeedbackContext``).
    public func feedbackContext(for batch: Batch) -> FeedbackContext {
        var countries: [String: String] = [:]
        var versions: [String: String] = [:]
        for submission in batch.submissions {
            if let country = submission.country { countries[submission.id] = country }
            versions[submission.id] = submission.questionnaireVersion ?? definitions.roundVersions[submission.round]
        }
        let older = definitions.questionnaires.reversed().filter { $0.version != questionnaire.version }
        return FeedbackContext(
            texts: definitions.feedbackTexts, reference: reference, questionnaires: [questionnaire] + older,
            submissionVersions: versions, submissionCountries: countries, diagnostics: batch.diagnostics)
    }

    /// Extracts and transforms the files (``readAhead(_:cache:fingerprint:keepCache:workers:window:progress:_:)``),
    /// keeps every submission in memory and resolves revisions over the batch. A run streams into
    /// the store instead (``run(log:lockTimeout:progress:rebuild:reportLanguages:)``).
    func read(
        files: [FileToRead], progress: ((ReadProgress) -> Void)? = nil, cache: [String: CachedFile] = [:],
        fingerprint: String = "", reused: inout Int, keepCache: Bool = true, workers: Int? = nil
    ) -> Batch {
        var reports: [FileReport] = []
        var submissions: [Submission] = []
        var entries: [CachedFile] = []
        var count = 0
        readAhead(files, cache: cache, fingerprint: fingerprint, keepCache: keepCache, workers: workers, progress: progress) {
            read in
            reports.append(read.result.report)
            submissions += read.result.submissions
            if let entry = read.cacheEntry { entries.append(entry) }
            if read.reused { count += 1 }
        }
        reused += count
        Transformer.resolveRevisions(&submissions)
        var byFile: [String: Accounting] = [:]
        for submission in submissions { byFile[submission.location.file, default: Accounting()].add(submission) }
        for index in reports.indices { reports[index].accounting = byFile[reports[index].file.path] ?? Accounting() }
        var batch = Batch(
            pipeline: configuration.name, questionnaireID: questionnaire.id, questionnaireVersion: questionnaire.version,
            files: reports, submissions: submissions)
        batch.cache = entries
        return batch
    }
}
