import Foundation
import SurveyDefinitions
import SurveyExtract
import SurveyLoad
public import SurveyModel
import SurveyTransform

/// A file to read: where it is (its absolute path; the `URL` is made when the file is read: a
/// `URL` for every file of the inbox, held for the whole load, took about 350 bytes a file, 88 MB
/// at 250,000 files) and its path in the inbox, which names it in every record.
typealias FileToRead = (location: String, path: String)

/// One inbox file as read ahead: its extract-and-transform result, from parsing or from the cache.
struct ReadFile {
    var result: FileResult
    /// The cache entry to store for the next run (nil when not kept).
    var cacheEntry: CachedFile?
    /// True when the result came from the cache, not from parsing.
    var reused: Bool
}

extension Pipeline {
    /// Extracts and transforms `files` and hands each file's result to `consume` in file order,
    /// on the calling thread: the one way every command reads the inbox.
    ///
    /// Files are parsed in parallel, one worker per core (`workers`, default: the active processor
    /// count), ahead of the consumer while the files read and not taken hold fewer than
    /// ``ReadAheadQueue/submissionWindow`` submissions (and never more than
    /// ``ReadAheadQueue/filesAheadLimit`` files); past that bound only the next `window` files
    /// (default: one per worker, so every worker has the consumer's next files to read). Memory
    /// stays bounded by a few thousand submissions and `window` files, whatever the size of the
    /// inbox and of its files. Each file's result depends only on that file, so what `consume`
    /// sees is the same whatever the number of workers.
    ///
    /// With a `cache` (the store's, from the previous run), a file whose bytes and definitions
    /// (`fingerprint`) are unchanged is not parsed again: its report and pre-resolution
    /// submissions come from the cache entry. `keepCache: false` skips encoding new cache
    /// entries. When `consume` throws, the workers stop taking files and the error is rethrown.
    func readAhead(
        _ files: [FileToRead], cache: [String: CachedFile] = [:], fingerprint: String = "",
        keepCache: Bool = true, workers: Int? = nil, window: Int? = nil, progress: ((ReadProgress) -> Void)? = nil,
        _ consume: (ReadFile) throws -> Void
    ) rethrows {
        guard !files.isEmpty else { return }
        let (queue, group) = startReading(
            files, cache: cache, fingerprint: fingerprint, keepCache: keepCache, workers: workers, window: window,
            problems: [:], progress: progress)
        defer {
            queue.cancel()
            group.wait()
        }
        for index in files.indices { try consume(queue.take(index)) }
    }

    /// ``readAhead(_:cache:fingerprint:keepCache:workers:window:progress:_:)`` for an async
    /// consumer (a run, whose store writes are awaited): the wait for the next parsed file
    /// suspends the consumer's task instead of blocking its thread (a continuation per wait in
    /// ``ReadAheadQueue``); the workers still parse on Dispatch threads.
    func readAheadAsync(
        _ files: [FileToRead], cache: [String: CachedFile] = [:], fingerprint: String = "",
        keepCache: Bool = true, workers: Int? = nil, window: Int? = nil, problems: [String: Diagnostic] = [:],
        prepared: [String: FileReport] = [:], progress: ((ReadProgress) -> Void)? = nil,
        _ consume: (ReadFile) async throws -> Void
    ) async throws {
        guard !files.isEmpty else { return }
        let (queue, group) = startReading(
            files, cache: cache, fingerprint: fingerprint, keepCache: keepCache, workers: workers, window: window,
            problems: problems, prepared: prepared, progress: progress)
        do {
            for index in files.indices { try await consume(await queue.next(index)) }
        } catch {
            await Self.stop(queue, group)
            throw error
        }
        await Self.stop(queue, group)
    }

    /// Cancels the queue and waits, suspended, for the workers to finish their current file.
    private static func stop(_ queue: ReadAheadQueue, _ group: DispatchGroup) async {
        queue.cancel()
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            group.notify(queue: .global()) { done.resume() }
        }
    }

    /// The files the workers may always read ahead of the consumer, whatever those files hold:
    /// `window` when given, else one per worker.
    static func readAheadWindow(workers: Int, window: Int? = nil) -> Int { max(1, window ?? workers) }

    /// The workers, one per core, parsing ahead into a new queue.
    private func startReading(
        _ files: [FileToRead], cache: [String: CachedFile], fingerprint: String, keepCache: Bool,
        workers: Int?, window: Int?, problems: [String: Diagnostic], prepared: [String: FileReport] = [:],
        progress: ((ReadProgress) -> Void)?
    ) -> (ReadAheadQueue, DispatchGroup) {
        countries.prepareInBackground()  // a no-op when a run started it already
        let threads = max(1, min(workers ?? ProcessInfo.processInfo.activeProcessorCount, files.count))
        let queue = ReadAheadQueue(count: files.count, window: Self.readAheadWindow(workers: threads, window: window), progress: progress)
        let group = DispatchGroup()
        // One serial queue per worker: serial queues overcommit (their blocks get threads of their
        // own), while the global queues share a pool one thread per core wide with Swift's
        // concurrency (on Linux). The workers run until every file is claimed; on global queues
        // they held that pool, and an async consumer's continuation waited for libdispatch to
        // notice and add a thread (about 0.8 s per 10,000 respondents).
        // A reader (its transformer, plans, matchers and codebook) per worker: the objects every
        // answer touches are then each thread's own. Shared, every retain and release of them was
        // an atomic operation on a cache line both cores wrote.
        for worker in 0..<threads {
            DispatchQueue(label: "legisurvey.read-ahead.\(worker)").async(group: group) {
                let reader = FileReader(pipeline: self, fingerprint: fingerprint, keepCache: keepCache, problems: problems, prepared: prepared)
                while let index = queue.claim() {
                    let (location, path) = files[index]
                    queue.finish(index, reader.read(URL(fileURLWithPath: location, isDirectory: false), path: path, cache: cache))
                }
            }
        }
        return (queue, group)
    }
}

/// Reads one file: from the cache when its bytes and the definitions are unchanged, else through
/// Extract (the file's format, its per-file rules) and Transform.
private struct FileReader: Sendable {
    var extractor: Extractor
    let transformer: Transformer
    let rules: [FileRule]
    let fingerprint: String
    let keepCache: Bool
    /// Entries the inbox walk reported instead of reading them (FIFOs, links out of the inbox,
    /// folders that cannot be opened): their report is that diagnostic; they are never opened.
    let problems: [String: Diagnostic]
    /// Entries the run read itself before the stream (the inbox's `revisions.yml` manifests):
    /// their report, with no submissions.
    let prepared: [String: FileReport]

    init(
        pipeline: Pipeline, fingerprint: String, keepCache: Bool, problems: [String: Diagnostic] = [:],
        prepared: [String: FileReport] = [:]
    ) {
        let configuration = pipeline.configuration
        extractor = Extractor(
            countryField: configuration.countryField, roundField: configuration.roundField,
            respondentField: configuration.respondentField, limits: configuration.limits, readers: configuration.readers)
        transformer = Transformer(
            questionnaires: pipeline.definitions.questionnaires, roundVersions: pipeline.definitions.roundVersions,
            rejectUndeclaredVersion: configuration.undeclaredFormVersion == .reject,
            reference: pipeline.reference, countries: pipeline.countries, defaultRound: configuration.defaultRound,
            countryField: configuration.countryField, roundField: configuration.roundField,
            respondentField: configuration.respondentField, rounds: configuration.rounds,
            population: pipeline.population)
        // Cells matched to codes while parsed (issue 29), with the codebook of the version that
        // checks the latest round.
        extractor.codebook = transformer.answerCodebook
        rules = configuration.fileRules
        self.fingerprint = fingerprint
        self.keepCache = keepCache
        self.problems = problems
        self.prepared = prepared
    }

    func read(_ url: URL, path: String, cache: [String: CachedFile]) -> ReadFile {
        if let report = prepared[path] {
            return ReadFile(result: FileResult(report: report, submissions: []), cacheEntry: nil, reused: false)
        }
        if let problem = problems[path] {
            let report = FileReport(
                file: SourceFile(path: path, sha256: "", bytes: 0, format: .unknown), accounting: Accounting(), diagnostics: [problem])
            return ReadFile(result: FileResult(report: report, submissions: []), cacheEntry: nil, reused: false)
        }
        let hash = cache.isEmpty ? nil : FileDigest.sha256(of: url, limit: extractor.limits.maxFileBytes)
        if let hash, let entry = cache[path], entry.sha256 == hash, entry.fingerprint == fingerprint,
            let result = FileCacheCodec.decode(entry.payload)
        {
            return ReadFile(result: result, cacheEntry: entry, reused: true)
        }
        var raws: [RawSubmission] = []
        let extracted = extractor.extract(fileAt: url, path: path, options: FileRule.options(for: path, rules: rules)) {
            raws.append($0)
        }
        // Handed over, not shared (out of the variable the closure captured): Transform checks
        // each submission's answers in place.
        var collected: [RawSubmission] = []
        swap(&collected, &raws)
        let submissions = transformer.transform(file: consume collected, format: extracted.file.format)
        let result = FileResult(
            report: FileReport(file: extracted.file, accounting: Accounting(), diagnostics: extracted.diagnostics),
            submissions: submissions)
        let entry = keepCache
            ? CachedFile(path: path, sha256: extracted.file.sha256, fingerprint: fingerprint, payload: FileCacheCodec.encode(result))
            : nil
        return ReadFile(result: result, cacheEntry: entry, reused: false)
    }
}

/// The hand-off between ``Pipeline/readAhead(_:cache:fingerprint:keepCache:workers:window:progress:_:)``'s
/// workers and its consumer: which file comes next, finished results until the consumer takes
/// them, and the progress, behind one condition lock. The consumer waits either blocking
/// (``take(_:)``) or suspended (``next(_:)``).
final class ReadAheadQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var next = 0
    private var taken = 0
    private var cancelled = false
    /// Files the workers may always claim ahead of the consumer, whatever the files read hold:
    /// the consumer's next files, one per worker (see ``claim()``).
    private let window: Int
    /// Submissions read and not yet taken: the workers go on past `window` files while these
    /// are fewer than ``submissionWindow`` (see ``claim()``).
    private var held = 0
    /// Workers waiting in ``claim()`` for the consumer (for tests: the workers have gone as far
    /// ahead as they may).
    private(set) var waitingWorkers = 0
    /// A consumer waiting in ``take(_:)`` (0 or 1).
    private var waitingConsumers = 0
    private var results: [ReadFile?]
    /// The async consumer waiting for a file (``next(_:)``): its index and continuation.
    private var waiter: (index: Int, continuation: CheckedContinuation<ReadFile, Never>)?
    private var done: ReadProgress
    private let progress: ((ReadProgress) -> Void)?

    init(count: Int, window: Int, progress: ((ReadProgress) -> Void)?) {
        results = Array(repeating: nil, count: count)
        done = ReadProgress(filesTotal: count)
        self.window = window
        self.progress = progress
    }

    /// How many submissions read ahead let the workers go on past `window` files: a file of a
    /// thousand respondents (a CSV export) keeps the consumer busy for a tenth of a second, and a
    /// run of one-respondent files behind it keeps both cores busy meanwhile. The bound on what
    /// the queue holds: about 12 KB per submission (its answers, diagnostics and cache entry), so
    /// tens of megabytes; never more than ``filesAheadLimit`` files (files that carry no
    /// submission, only a report, count as files only). Past it only the consumer's next `window`
    /// files are read, whatever they hold: a window of 32 files let 32 CSV exports of a thousand
    /// respondents each (32,000 submissions, 190 MB at the start of a 50,000-respondent run) be
    /// read ahead.
    static let submissionWindow = 4096
    static let filesAheadLimit = 8192

    /// The index of the next file to read; nil when every file is claimed or the stream was
    /// cancelled. Waits while the file is more than `window` files ahead of the consumer and
    /// the files read and not taken hold ``submissionWindow`` submissions or more, or are
    /// ``filesAheadLimit`` files.
    func claim() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        while !cancelled && next < results.count && next >= taken + window
            && (held >= Self.submissionWindow || next >= taken + Self.filesAheadLimit)
        {
            waitingWorkers += 1
            condition.wait()
            waitingWorkers -= 1
        }
        guard !cancelled, next < results.count else { return nil }
        next += 1
        return next - 1
    }

    /// The workers waiting in ``claim()`` (a test's view of the bound).
    var workersWaiting: Int {
        condition.lock()
        defer { condition.unlock() }
        return waitingWorkers
    }

    func finish(_ index: Int, _ read: ReadFile) {
        condition.lock()
        done.files += 1
        done.submissions += read.result.submissions.count
        done.bytes += read.result.report.file.bytes
        progress?(done)
        let first = done.files == 1
        var resume: CheckedContinuation<ReadFile, Never>?
        if let waiter, waiter.index == index {
            // Handed straight to the waiting consumer, as `take` would.
            self.waiter = nil
            resume = waiter.continuation
            taken = index + 1
        } else {
            results[index] = read
            held += read.result.submissions.count
        }
        wakeWaiters()
        condition.unlock()
        resume?.resume(returning: read)
        if first { TestHooks.pause(at: .extract) }
    }

    /// ``take(_:)`` for an async consumer: suspends (a continuation, resumed by the worker that
    /// finishes file `index`) instead of blocking the thread.
    /// A file already read is returned without suspending (a continuation suspends the task
    /// even when resumed at once, and each resumption is a trip through the executor's queue).
    func next(_ index: Int) async -> ReadFile {
        if let read = ready(index) { return read }
        return await withCheckedContinuation { continuation in
            condition.lock()
            if let read = results[index] {
                results[index] = nil
                held -= read.result.submissions.count
                taken = index + 1
                wakeWaiters()
                condition.unlock()
                continuation.resume(returning: read)
            } else {
                waiter = (index, continuation)
                condition.unlock()
            }
        }
    }

    /// File `index` when it is read, taken from the queue; nil when it is not read yet.
    private func ready(_ index: Int) -> ReadFile? {
        condition.lock()
        defer { condition.unlock() }
        guard let read = results[index] else { return nil }
        results[index] = nil
        held -= read.result.submissions.count
        taken = index + 1
        wakeWaiters()
        return read
    }

    /// The result of file `index`, waiting for it; the queue lets go of it.
    func take(_ index: Int) -> ReadFile {
        condition.lock()
        defer { condition.unlock() }
        while results[index] == nil {
            waitingConsumers += 1
            condition.wait()
            waitingConsumers -= 1
        }
        let read = results[index]!
        results[index] = nil
        held -= read.result.submissions.count
        taken = index + 1
        wakeWaiters()
        return read
    }

    /// Wakes the threads waiting on the condition, if any (called with the lock held): a
    /// broadcast with no waiter still cost a system call now and then, for each of a batch's
    /// tens of thousands of files, and woke no one.
    private func wakeWaiters() {
        if waitingWorkers > 0 || waitingConsumers > 0 { condition.broadcast() }
    }

    /// Stops handing out files (the consumer failed or finished).
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}

/// How far the reading of an inbox has come, after each file.
public struct ReadProgress: Sendable, Equatable {
    public var filesTotal: Int
    public var files = 0
    /// Submissions (records) read so far.
    public var submissions = 0
    public var bytes = 0

    public init(filesTotal: Int) { self.filesTotal = filesTotal }
}
