import Foundation
import SurveyAnalyze
import SurveyDefinitions
import SurveyLoad
public import SurveyModel
import SurveyTransform

/// What a run streamed into the store: the per-file reports with their final accounting, every
/// diagnostic, and the figures the summary needs. No submission is kept.
struct LoadedInbox {
    /// The run's id in the store.
    var runID: Int64 = 0
    var reports: [FileReport] = []
    /// File-level diagnostics and each submission's, file by file as read, then the supersessions.
    var diagnostics: [Diagnostic] = []
    var total = Accounting()
    /// Files taken from the store's cache instead of being parsed again.
    var reused = 0
    /// Rounds with an accepted submission.
    var rounds: [String] = []
    /// Files of the previous run no longer in the inbox, with the submissions each had.
    var withdrawn: [(path: String, submissions: Int)] = []
    /// Where each file read was read from, by path (the walk's; the quarantine copies from there).
    var locations: [String: URL] = [:]
    /// Seconds the consumer spent writing to the store, and the rest of the stream's wall time
    /// (reading, mostly overlapped by the workers with the writing).
    var writeSeconds = 0.0
    var readSeconds = 0.0
    /// The accepted answers as the load wrote them (the store as a sink): the run's analysis
    /// reads them from here (``RecordedStore``), not back from the store.
    var recording = LoadRecording()
    /// The answer matrix of ``recording``, made on another core while the store commits (an
    /// fsync of hundreds of megabytes at 50,000 respondents, the cores idle meanwhile); the
    /// outputs take it when they read the recording's answers unchanged (no correction applies).
    /// Taken once (``Prepared/take()``): the task let go of, so that it does not keep the
    /// matrix alive after the outputs drop it (at 500,000 respondents it is tens of megabytes
    /// through the priorities and the report).
    var answerMatrix: Prepared<AnswerMatrix>?
    /// The accepted submissions' sources by round (``LoadRecording/acceptedSources()``), made
    /// beside the matrix: the run's reads take them from here instead of from the store just
    /// committed (a fifth of a second at 50,000 before the shares and the side reads could start).
    var sources: Prepared<[String: [SubmissionSource]]>?
}

/// A value being made on another core, handed over once.
final class Prepared<Value: Sendable>: @unchecked Sendable {
    // `@unchecked Sendable`: `task` is set at creation and taken by the one task that runs the
    // outputs.
    private var task: Task<Value, Never>?

    init(_ make: @escaping @Sendable () -> Value) {
        task = Task.detached(priority: .userInitiated) { make() }
    }

    /// The value, once made; nil when already taken.
    func take() async -> Value? {
        guard let task else { return nil }
        self.task = nil
        return await task.value
    }
}

/// The inbox's `revisions.yml` manifests: each one's report (accounted for as a file of the run)
/// and the rank of every file they list, oldest first.
struct RevisionManifests {
    var reports: [String: FileReport] = [:]
    var ranks: [String: Int] = [:]
    /// The files declared complements (`complements:`), each with its rank, oldest first.
    var complementRanks: [String: Int] = [:]
}

/// What orders revisions besides the submissions themselves: the store's arrival records (by
/// content hash) and the inbox's manifests.
struct RevisionOrderInputs {
    var arrivals: [String: FileArrival] = [:]
    var manifests = RevisionManifests()
}

extension Pipeline {
    /// Streams the inbox into one store transaction: each file's submissions are written as soon
    /// as they are read (workers parse ahead, one writer), only a small `RevisionCandidate` per
    /// submission is kept, and revisions are resolved over the whole inbox at the end, as UPDATEs
    /// of the superseded rows inside the same transaction (a crash leaves the store as it was).
    func loadInbox(
        _ files: [FileToRead], into store: any SurveyStore, cache: [String: CachedFile],
        info: RunInfo, problems: [String: Diagnostic] = [:], revisionOrder: RevisionOrderInputs = RevisionOrderInputs(),
        progress: ((ReadProgress) -> Void)?
    ) async throws -> LoadedInbox {
        var loaded: LoadedInbox?
        let recording = LoadRecording()
        do {
            let runID = try await store.load(info, beforeCommit: { TestHooks.pause(at: .storeTransaction) }) { load in
                var result = try await stream(
                    files, into: RecordingLoadSession(load, into: recording), cache: cache, problems: problems,
                    revisionOrder: revisionOrder, progress: progress)
                result.recording = recording
                // The recording is complete (revisions resolved) and only read from now on.
                result.answerMatrix = Prepared { Analyzer.data(interned: recording) }
                result.sources = Prepared { recording.acceptedSources() }
                loaded = result
                return result.total
            }
            loaded?.runID = runID
        } catch let error as PipelineError {
            throw error
        } catch StoreError.notWritable(let path, let reason) {
            throw StoreError.notWritable(path: path, reason: reason)  // one line that names the store already
        } catch {
            throw PipelineError.storeFailed(path: configuration.store.description, detail: "\(error)")
        }
        guard let loaded else { throw PipelineError.storeFailed(path: configuration.store.description, detail: "nothing loaded") }
        return loaded
    }

    /// The inside of the load transaction: write each file as it is read, then resolve revisions
    /// and write every file's final accounting.
    private func stream(
        _ files: [FileToRead], into load: any SurveyLoadSession, cache: [String: CachedFile],
        problems: [String: Diagnostic], revisionOrder: RevisionOrderInputs, progress: ((ReadProgress) -> Void)?
    ) async throws -> LoadedInbox {
        func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
        let start = now()
        var writing: UInt64 = 0
        var loaded = LoadedInbox()
        var candidates: [RevisionCandidate] = []
        let candidateItems = CandidateItems()
        var fileOf: [Int] = []
        try await readAheadAsync(
            files, cache: cache, fingerprint: definitionsFingerprint(), problems: problems,
            prepared: revisionOrder.manifests.reports, progress: progress
        ) { read in
            var report = read.result.report
            report.accounting = Accounting()
            for submission in read.result.submissions { report.accounting.add(submission) }
            let before = now()
            try await load.add(read.result.report, submissions: read.result.submissions, cache: read.cacheEntry)
            writing += now() - before
            loaded.diagnostics += read.result.report.diagnostics
            for submission in read.result.submissions {
                loaded.diagnostics += submission.diagnostics
                candidates.append(
                    RevisionCandidate(
                        submission, arrival: revisionOrder.arrivals[read.result.report.file.sha256]?.runID,
                        manifestRank: revisionOrder.manifests.ranks[read.result.report.file.path],
                        complementRank: revisionOrder.manifests.complementRanks[read.result.report.file.path],
                        items: candidateItems))
                fileOf.append(loaded.reports.count)
            }
            loaded.reports.append(report)
            if read.reused { loaded.reused += 1 }
        }
        let resolving = now()
        let decisions = Transformer.revisionDecisions(candidates)
        for warning in decisions.warnings {
            loaded.diagnostics.append(warning)
            try await load.note(warning)
        }
        for decision in decisions.supersessions {
            let file = fileOf[decision.loser]
            loaded.reports[file].accounting.accepted -= 1
            loaded.reports[file].accounting.superseded += 1
            candidates[decision.loser].status = .superseded
            loaded.diagnostics.append(decision.diagnostic)
            try await load.supersede(candidates[decision.loser].id, by: candidates[decision.winner].id, diagnostic: decision.diagnostic)
        }
        // Complements, oldest first: each one's answers move onto the kept submission (a later
        // one wins on an item both answer); the complement itself is accounted as superseded.
        for merge in decisions.merges {
            let file = fileOf[merge.complement]
            loaded.reports[file].accounting.accepted -= 1
            loaded.reports[file].accounting.superseded += 1
            candidates[merge.complement].status = .superseded
            loaded.diagnostics.append(merge.diagnostic)
            try await load.merge(candidates[merge.complement].id, into: candidates[merge.base].id, diagnostic: merge.diagnostic)
        }
        for report in loaded.reports {
            try await load.setAccounting(of: report.file.path, report.accounting)
            loaded.total.add(report.accounting)
        }
        load.filesReused = loaded.reused
        writing += now() - resolving
        // In the declared order (`rounds:`).
        let acceptedRounds = Set(candidates.indices.lazy.filter { candidates[$0].status == .accepted }.map { candidates[$0].round })
        loaded.rounds = RoundNames.sorted(Array(acceptedRounds), declared: configuration.rounds)
        loaded.writeSeconds = Double(writing) / 1e9
        loaded.readSeconds = Double(now() - start) / 1e9 - loaded.writeSeconds
        return loaded
    }
}
