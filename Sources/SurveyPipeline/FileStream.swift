import Foundation
import SurveyExtract
import SurveyLoad
import SurveyModel
import SurveyTransform

/// One inbox file's extract-and-transform result (or its cache entry's).
struct FileResult {
    var report: FileReport
    var submissions: [Submission]
    /// The cache entry to store for the next run (nil when not kept).
    var entry: CachedFile?
    /// True when the result came from the cache, not from parsing.
    var reused: Bool
}

extension Pipeline {
    /// Extracts and transforms `files` and hands each file's result to `consume` in file order,
    /// on the calling thread.
    ///
    /// Files are parsed in parallel, one worker per core (`workers`, default: the active processor
    /// count), at most `window` files ahead of the consumer, so memory stays bounded by a few
    /// files' submissions whatever the size of the inbox. Each file's result depends only on that
    /// file, so what `consume` sees is the same whatever the number of workers.
    ///
    /// With a `cache` (the store's, from the previous run), a file whose bytes and definitions
    /// (`fingerprint`) are unchanged is not parsed again: its report and pre-resolution
    /// submissions come from the cache entry. `keepCache: false` skips encoding new cache
    /// entries. When `consume` throws, the workers stop taking files and the error is rethrown.
    func stream(
        files: [(url: URL, path: String)], cache: [String: CachedFile] = [:], fingerprint: String = "",
        keepCache: Bool = true, workers: Int? = nil, window: Int = 32, progress: ((ReadProgress) -> Void)? = nil,
        _ consume: (FileResult) throws -> Void
    ) rethrows {
        guard !files.isEmpty else { return }
        let extractor = Extractor(
            countryField: configuration.countryField, roundField: configuration.roundField,
            respondentField: configuration.respondentField, limits: configuration.limits)
        let transformer = Transformer(
            questionnaire: questionnaire, reference: reference, defaultRound: configuration.defaultRound,
            countryField: configuration.countryField, roundField: configuration.roundField,
            respondentField: configuration.respondentField)
        let rules = configuration.fileRules
        let queue = FileQueue(count: files.count, window: max(1, window), progress: progress)
        let threads = max(1, min(workers ?? ProcessInfo.processInfo.activeProcessorCount, files.count))
        let group = DispatchGroup()
        for _ in 0..<threads {
            DispatchQueue.global().async(group: group) {
                while let index = queue.claim() {
                    let (url, path) = files[index]
                    let hash = cache.isEmpty ? nil : Self.sha256(of: url)
                    if let hash, let entry = cache[path], entry.sha256 == hash, entry.fingerprint == fingerprint,
                        let payload = CacheCodec.decode(entry.payload)
                    {
                        queue.finish(index, FileResult(report: payload.report, submissions: payload.submissions, entry: entry, reused: true))
                        continue
                    }
                    var raws: [RawSubmission] = []
                    let options = FileRule.options(for: path, rules: rules)
                    let extracted = extractor.extract(fileAt: url, path: path, options: options) { raws.append($0) }
                    if extracted.file.format == .longCSV { raws = transformer.mergingSameCountry(raws) }
                    let submissions = raws.map(transformer.transform)
                    raws = []
                    let report = FileReport(file: extracted.file, accounting: Accounting(), diagnostics: extracted.diagnostics)
                    let entry = keepCache
                        ? CachedFile(
                            path: path, sha256: extracted.file.sha256, fingerprint: fingerprint,
                            payload: CacheCodec.encode(CachePayload(report: report, submissions: submissions)))
                        : nil
                    queue.finish(index, FileResult(report: report, submissions: submissions, entry: entry, reused: false))
                }
            }
        }
        defer {
            queue.cancel()
            group.wait()
        }
        for index in files.indices { try consume(queue.take(index)) }
    }
}

/// The hand-off between `Pipeline.stream`'s workers and its consumer: which file comes next,
/// finished results until the consumer takes them, and the progress, behind one condition lock.
final class FileQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var next = 0
    private var taken = 0
    private var cancelled = false
    private let window: Int
    private var results: [FileResult?]
    private var done: ReadProgress
    private let progress: ((ReadProgress) -> Void)?

    init(count: Int, window: Int, progress: ((ReadProgress) -> Void)?) {
        results = Array(repeating: nil, count: count)
        done = ReadProgress(filesTotal: count)
        self.window = window
        self.progress = progress
    }

    /// The index of the next file to read, waiting while the workers are `window` files ahead of
    /// the consumer; nil when every file is taken or the stream was cancelled.
    func claim() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        while !cancelled && next < results.count && next >= taken + window { condition.wait() }
        guard !cancelled, next < results.count else { return nil }
        next += 1
        return next - 1
    }

    func finish(_ index: Int, _ result: FileResult) {
        condition.lock()
        results[index] = result
        done.files += 1
        done.submissions += result.submissions.count
        done.bytes += result.report.file.bytes
        progress?(done)
        let first = done.files == 1
        condition.broadcast()
        condition.unlock()
        if first { TestHooks.pause(at: .extract) }
    }

    /// The result of file `index`, waiting for it; the queue lets go of it.
    func take(_ index: Int) -> FileResult {
        condition.lock()
        defer { condition.unlock() }
        while results[index] == nil { condition.wait() }
        let result = results[index]!
        results[index] = nil
        taken = index + 1
        condition.broadcast()
        return result
    }

    /// Stops handing out files (the consumer failed or finished).
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}

/// What a run streamed into the store: the per-file reports with their final accounting, every
/// diagnostic, and the figures the summary needs. No submission is kept.
struct Loaded {
    var reports: [FileReport] = []
    var diagnostics: [Diagnostic] = []
    var total = Accounting()
    var reused = 0
    /// Rounds with an accepted submission.
    var rounds: [String] = []
    /// Seconds the consumer spent writing to the store, and the rest of the stream's wall time
    /// (reading, mostly overlapped by the workers with the writing).
    var writeSeconds = 0.0
    var readSeconds = 0.0
}

extension Pipeline {
    /// Streams the inbox into a store load: each file's submissions are written as soon as they
    /// are read (workers parse ahead, one writer), only a small `RevisionCandidate` per
    /// submission is kept, and revisions are resolved over the whole inbox at the end, as
    /// UPDATEs of the superseded rows inside the same transaction.
    func streamIntoStore(
        files: [(url: URL, path: String)], load: SurveyStore.Load, cache: [String: CachedFile],
        progress: ((ReadProgress) -> Void)?
    ) throws -> Loaded {
        func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
        let start = now()
        var writing: UInt64 = 0
        var loaded = Loaded()
        var candidates: [RevisionCandidate] = []
        var fileOf: [Int] = []
        try stream(files: files, cache: cache, fingerprint: definitionsFingerprint(), progress: progress) { result in
            var report = result.report
            report.accounting = Accounting()
            for submission in result.submissions { report.accounting.add(submission) }
            let before = now()
            try load.add(result.report, submissions: result.submissions, cache: result.entry)
            writing += now() - before
            loaded.diagnostics += result.report.diagnostics
            for submission in result.submissions {
                loaded.diagnostics += submission.diagnostics
                candidates.append(RevisionCandidate(submission))
                fileOf.append(loaded.reports.count)
            }
            loaded.reports.append(report)
            if result.reused { loaded.reused += 1 }
        }
        let resolving = now()
        for decision in Transformer.supersessions(candidates) {
            let file = fileOf[decision.loser]
            loaded.reports[file].accounting.accepted -= 1
            loaded.reports[file].accounting.superseded += 1
            candidates[decision.loser].status = .superseded
            loaded.diagnostics.append(decision.diagnostic)
            try load.supersede(candidates[decision.loser].id, by: candidates[decision.winner].id, diagnostic: decision.diagnostic)
        }
        for report in loaded.reports {
            try load.setAccounting(of: report.file.path, report.accounting)
            loaded.total.add(report.accounting)
        }
        load.filesReused = loaded.reused
        writing += now() - resolving
        loaded.rounds = Set(candidates.filter { $0.status == .accepted }.map(\.round)).sorted()
        loaded.writeSeconds = Double(writing) / 1e9
        loaded.readSeconds = Double(now() - start) / 1e9 - loaded.writeSeconds
        return loaded
    }
}
