public import Foundation
#if canImport(Glibc)
    import Glibc
#endif
import SurveyDefinitions
import SurveyExtract
import SurveyLoad
public import SurveyModel
import SurveyAnalyze
import SurveyTransform
import SurveyPublish

extension Pipeline {
    /// Reads every file of the inbox, checks it, loads the store and writes the outputs.
    ///
    /// The steps, in order: find the inbox's files; take the store's run lock; stream every file
    /// through Extract and Transform into one store transaction (``loadInbox(_:into:cache:info:progress:)``);
    /// compute and write the tables, the report and the quarantine (``writeOutputs(store:loaded:clock:reportLanguages:log:)``);
    /// write `run_summary.json`. The whole run holds the store's run lock (`<store>.lock`, see
    /// the backend's one-writer lock, ``SurveyStore/lockWriter(timeout:log:)``): when another run
    /// holds it, this one waits up to `lockTimeout` seconds, then throws ``PipelineError/busy(path:pid:)``.
    /// Before that, before anything is read: an output folder overlapping the inbox is refused
    /// (``PipelineError/foldersOverlap(input:output:detail:)``) and the output folder's lock
    /// (`<output>/.legisurvey.lock`) is taken, with the same wait, then
    /// ``PipelineError/outputBusy(path:pid:)``; it is held until the run ends, so two runs never
    /// write one output folder at once.
    public func run(
        log: (String) -> Void = { _ in }, lockTimeout: TimeInterval = 600, progress: ((ReadProgress) -> Void)? = nil,
        rebuild: Bool = false, reportLanguages: [Language] = []
    ) async throws -> RunSummary {
        let input = configuration.input
        // Before anything is read or the store is touched: the folders apart, then the output
        // folder's lock, so a run that could not write its outputs never commits a load.
        try checkFoldersApart()
        // The country names' keys, made while the store is opened and the inbox walked.
        countries.prepareInBackground()
        let outputLock = try await lockOutput(timeout: lockTimeout, log: log)
        defer { outputLock.release() }
        // Every entry the walk meets is accounted for: read, or reported with its diagnostic.
        let listing = try Self.walkInbox(input)
        let files = listing.paths
        let store = try await openStore()
        let lock = try await lockWriter(store, timeout: lockTimeout, log: log)
        defer { lock.release() }
        let startedAt = ISO8601DateFormatter().string(from: Date())
        _ = PhaseClock.largeBlocksMapped
        var clock = PhaseClock()
        let freedMemory = FreedMemoryReturner.start()
        defer { freedMemory.stop() }

        let (cache, previous, arrivals) = try await cacheAndPreviousFiles(of: store, rebuild: rebuild)
        // The previous committed run's submissions and answers, before the load replaces them:
        // what changes.csv compares with (the same for --rebuild).
        let previousState = try await previousState(of: try await corrected(store))
        // The inbox's revisions.yml manifests, read before the stream: their order is needed when
        // revisions are resolved, and each is accounted for as a file of the run.
        let manifests = Self.readManifests(listing, complements: configuration.complements)
        log("reading \(files.count) files from \(input.path)" + (rebuild ? " (rebuild: every file parsed again)" : ""))
        let withdrawn = Self.withdrawnFiles(previous: previous, present: files)
        let info = RunInfo(
            pipeline: configuration.name, questionnaireID: questionnaire.id, questionnaireVersion: questionnaire.version,
            startedAt: startedAt, withdrawn: withdrawn.reduce(0) { $0 + $1.submissions })

        let loadStarted = DispatchTime.now().uptimeNanoseconds
        // Entries reported instead of read keep a place in the list (never opened: the reader
        // returns their diagnostic), so the accounting covers them in path order.
        var loaded = try await loadInbox(
            listing.entries.map { ($0.location ?? input.path, $0.path) }, into: store, cache: cache, info: info, problems: listing.problems,
            revisionOrder: RevisionOrderInputs(arrivals: arrivals, manifests: manifests), progress: progress)
        loaded.withdrawn = withdrawn
        // Kept to the end for the quarantine, which copies the unreadable files only: a URL for
        // every file held 100 MB at 250,000 files through the outputs.
        let unreadable = Set(loaded.reports.lazy.filter(\.isUnreadable).map(\.file.path))
        for entry in listing.entries where unreadable.contains(entry.path) { loaded.locations[entry.path] = entry.url }
        if loaded.reused > 0 { log("\(loaded.reused) unchanged files taken from the store's cache") }
        log("loaded \(loaded.total.accepted) accepted submissions into \(configuration.store)")
        // Reading and writing overlap (workers parse while the writer inserts): extract_transform is
        // the stream's time not spent writing; load is the rest of the transaction (inserts,
        // revisions, index builds, commit).
        let loadWall = Double(DispatchTime.now().uptimeNanoseconds - loadStarted) / 1e9
        clock.add("extract_transform", loaded.readSeconds)
        clock.add("load", max(0, loadWall - loaded.readSeconds))

        // The analyst's corrections, decided against what the load committed: a layer read over
        // the store (which keeps the senders' values), with their warnings among the run's.
        // Read with the load's recording: the accepted answers come from memory, not back from
        // the store just committed (the same rows: the store conformance suite checks it).
        // The sources too (made beside the matrix from the recording), taken before the outputs
        // release it.
        let recordedSources = await loaded.sources?.take()
        loaded.sources = nil
        let correctedStore = try await corrected(
            readsAnswersBack ? store : RecordedStore(base: store, recording: loaded.recording, sources: recordedSources))
        loaded.diagnostics += definitions.corrections.refused + correctedStore.diagnostics
        let (outputs, changes) = try await writeOutputs(
            store: correctedStore, loaded: loaded, previous: previousState, clock: &clock, reportLanguages: reportLanguages, log: log)
        // The PDFs of the reports just written (`pdf:`, `--pdf`), still under the output folder's
        // lock; their time is not among the phases.
        let pdfs = await writeReportPDFs(languages: Set([configuration.language] + reportLanguages))
        var summary = runSummary(of: loaded, outputs: outputs + pdfs.written, startedAt: startedAt, timings: clock.laps)
        summary.changes = changes
        summary.notices = pdfs.notice.map { [$0] } ?? []
        try writeRunSummary(summary)
        withExtendedLifetime(listing) {}  // its descriptors were read through until here
        return summary
    }

    /// The inbox walk, its refusals as the run's errors.
    static func walkInbox(_ input: URL) throws -> InboxListing {
        do {
            return try InboxWalk.entries(in: input)
        } catch InboxWalkError.folderMissing(let path) {
            throw PipelineError.folderMissing(what: "input", path: path)
        } catch InboxWalkError.notAFolder(let path) {
            throw PipelineError.notAFolder(what: "input", path: path)
        }
    }

    /// The store's file cache (empty when rebuilding), the files the last run read with their
    /// submission counts, and every file content's arrival (kept when rebuilding: the store's
    /// history is an input of the run).
    private func cacheAndPreviousFiles(of store: any SurveyStore, rebuild: Bool) async throws
        -> ([String: CachedFile], [String: Int], [String: FileArrival])
    {
        do {
            let cache = rebuild ? [:] : try await store.cachedFiles()
            return (cache, try await store.previousFiles(), try await store.fileArrivals())
        } catch {
            throw PipelineError.storeFailed(path: configuration.store.description, detail: "\(error)")
        }
    }

    /// The inbox's `revisions.yml` manifests (``RevisionManifest``), in path order: each one's
    /// report, and the rank of every file they list (a later rank is a later revision; a file
    /// listed by two manifests keeps its first rank). Then the files the pipeline file's
    /// `complements:` patterns match, in path order, that no manifest lists: complements too,
    /// after the manifests' ones.
    static func readManifests(_ listing: InboxListing, complements patterns: [String] = []) -> RevisionManifests {
        let inbox = Set(listing.paths)
        var manifests = RevisionManifests()
        for entry in listing.entries where entry.problem == nil && RevisionManifest.isManifest(entry.path) {
            guard let url = entry.url else { continue }
            let (manifest, report) = RevisionManifest.read(at: url, path: entry.path, inbox: inbox)
            manifests.reports[entry.path] = report
            for path in manifest?.order ?? [] where manifests.ranks[path] == nil && manifests.complementRanks[path] == nil {
                manifests.ranks[path] = manifests.ranks.count
            }
            for path in manifest?.complements ?? [] where manifests.ranks[path] == nil && manifests.complementRanks[path] == nil {
                manifests.complementRanks[path] = manifests.complementRanks.count
            }
        }
        if !patterns.isEmpty {
            for path in listing.paths.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) })
            where !RevisionManifest.isManifest(path) && manifests.ranks[path] == nil && manifests.complementRanks[path] == nil
                && patterns.contains(where: { FileRule.matches($0, path) })
            {
                manifests.complementRanks[path] = manifests.complementRanks.count
            }
        }
        return manifests
    }

    /// Files of the previous run no longer in the inbox and that had submissions, by path.
    static func withdrawnFiles(previous: [String: Int], present files: [String]) -> [(path: String, submissions: Int)] {
        let present = Set(files)
        return previous.filter { !present.contains($0.key) && $0.value > 0 }.sorted { $0.key < $1.key }
            .map { (path: $0.key, submissions: $0.value) }
    }

    /// What the run did, for the caller and `run_summary.json`.
    func runSummary(of loaded: LoadedInbox, outputs: [String], startedAt: String, timings: [(phase: String, seconds: Double)])
        -> RunSummary
    {
        var severities: [Severity: Int] = [:]
        // Current diagnostics only: a superseded submission's own problems no longer count.
        for diagnostic in Diagnostic.current(loaded.diagnostics) { severities[diagnostic.severity, default: 0] += 1 }
        var summary = RunSummary(
            files: loaded.reports, total: loaded.total, diagnosticsBySeverity: severities, outputs: outputs,
            rounds: loaded.rounds)
        summary.runID = loaded.runID
        summary.startedAt = startedAt
        summary.timings = timings
        summary.filesReused = loaded.reused
        summary.withdrawn = loaded.withdrawn
        return summary
    }

    /// Writes `run_summary.json`: the same document `legisurvey run --json` prints.
    private func writeRunSummary(_ summary: RunSummary) throws {
        do {
            try Publisher(directory: configuration.output).writeText(runSummaryDocument(summary) + "\n", to: "run_summary.json")
        } catch {
            throw PipelineError.outputFailed(path: configuration.output.path, detail: IOErrorText.reason(error))
        }
    }

    /// The run summary as the JSON document of `run_summary.json` and `run --json`.
    public func runSummaryDocument(_ summary: RunSummary) throws -> String {
        try RunSummaryDocument(
            summary: summary, pipeline: configuration.name, questionnaireID: questionnaire.id,
            questionnaireVersion: questionnaire.version, population: population, reference: reference
        ).encoded()
    }
}

/// Wall-clock seconds per phase of a run.
struct PhaseClock {
    private var last = DispatchTime.now().uptimeNanoseconds
    private(set) var laps: [(phase: String, seconds: Double)] = []

    mutating func lap(_ phase: String) {
        let now = DispatchTime.now().uptimeNanoseconds
        laps.append((phase, Double(now - last) / 1e9))
        last = now
        Self.returnFreedMemory()  // counted in the next phase: the phases still add up to the run
    }

    /// Gives the memory a phase freed back to the system (glibc keeps freed pages in each
    /// thread's arena otherwise, and the process's resident size only grows), on a thread of its
    /// own (``TrimRequests``): the run's next phase does not wait for it.
    static func returnFreedMemory() {
        TrimRequests.shared.request { returnFreedMemoryNow() }
    }

    /// ``returnFreedMemory()`` done on the calling thread, returning once the pages are given
    /// back: for a caller that measures what it gave back (``FreedMemoryReturner``, which sets
    /// its next threshold from the resident size after the trim; handed to another thread, it
    /// read the size before the trim and trimmed less often, 60 MB more at the peak at 500,000).
    static func returnFreedMemoryNow() {
        #if canImport(Glibc)
            if let trim = mallocTrim { _ = trim(0) }
        #endif
    }

    /// Large blocks (1 MB and more: a chunk's text, a sheet part, a profile's page) mapped on
    /// their own and returned to the system when freed. glibc's default threshold rises each time
    /// such a block is freed, after which they come from the threads' arenas and stay there: at
    /// 50,000 respondents, 575 MB resident at the report instead of 456 MB, at the same speed.
    /// Once per process (the first run); true when glibc's `mallopt` took it.
    static let largeBlocksMapped: Bool = {
        #if canImport(Glibc)
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return false }
            let mallopt = unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
            let mmapThreshold: Int32 = -3  // M_MMAP_THRESHOLD (malloc.h)
            return mallopt(mmapThreshold, 1 << 20) == 1
        #else
            return false
        #endif
    }()

    /// Whether ``returnFreedMemory()`` can (glibc's `malloc_trim` found).
    static var returnsFreedMemory: Bool {
        #if canImport(Glibc)
            return mallocTrim != nil
        #else
            return false
        #endif
    }

    #if canImport(Glibc)
        /// glibc's `malloc_trim` (malloc.h, which Swift's Glibc module leaves out).
        private static let mallocTrim: (@convention(c) (UInt) -> Int32)? = {
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
            return unsafeBitCast(symbol, to: (@convention(c) (UInt) -> Int32).self)
        }()
    #endif

    /// A phase measured elsewhere (phases that overlap in time, as reading and loading do);
    /// the next lap starts now.
    mutating func add(_ phase: String, _ seconds: Double) {
        laps.append((phase, seconds))
        last = DispatchTime.now().uptimeNanoseconds
        Self.returnFreedMemory()
    }
}
