public import Foundation
#if canImport(Glibc)
import Glibc
#endif
public import SurveyModel
public import SurveyAnalyze
import SurveyExtract
import SurveyLoad
import SurveyPublish
import SurveyTransform

/// Runs the stages named by a pipeline file: Extract → Transform → Load → Analyze → Publish.
public struct Pipeline: Sendable {
    public let configuration: PipelineConfiguration
    public let questionnaire: Questionnaire
    public let reference: CountryReference
    /// The pipeline file's custom groups and country indicators, checked.
    public let customGroups: [CustomGroup]
    public let indicators: [IndicatorDefinition]
    /// The pipeline file's scoring model for the priority tables, when it names one.
    public let scoringModel: ScoringModel?

    /// Reads the pipeline file and the definitions it names.
    public init(configuration: PipelineConfiguration) throws {
        self.configuration = configuration
        self.questionnaire = try Questionnaire.load(
            from: configuration.questionnaire, chapters: configuration.chapters,
            identityFields: Set([configuration.countryField, configuration.roundField] + (configuration.respondentField.map { [$0] } ?? [])))
        self.reference = try CountryReference.load(from: configuration.reference)
        if let collision = Transformer.labelCollisions(in: questionnaire).first {
            throw PipelineError.invalidDefinition(path: configuration.questionnaire.path, detail: collision)
        }
        do {
            customGroups = try StatisticsDefinitions.groups(
                configuration.groupEntries, questionnaire: questionnaire, reference: reference)
            indicators = try StatisticsDefinitions.indicators(configuration.indicatorEntries, questionnaire: questionnaire)
        } catch let mistake as StatisticsDefinitions.Mistake {
            throw PipelineError.invalidDefinition(path: configuration.file.path, detail: mistake.detail)
        }
        let questionnaire = self.questionnaire
        scoringModel = try configuration.priorities.map { try ScoringModel.load(from: $0, questionnaire: questionnaire) }
    }

    /// The analyzer for this pipeline's questionnaire, reference, reliability rules and groups.
    public var analyzer: Analyzer {
        Analyzer(questionnaire: questionnaire, reference: reference, rules: configuration.reliability, customGroups: customGroups)
    }

    /// The output files a run writes.
    public static let outputFiles = [
        "statistics.csv", "numeric_statistics.csv", "country_indicators.csv", "progress.csv", "transitions.csv",
        "statistics.sdmx.csv", "priorities_by_country.csv", "priorities_by_group.csv", "ta_planning.csv",
        "validation_report.csv",
    ]

    /// Reads every file of the inbox, checks it, loads the store and writes the outputs.
    ///
    /// The whole run holds the store's run lock (`<store>.lock`, see `RunLock`): when another
    /// run holds it, this one waits up to `lockTimeout` seconds, then throws
    /// ``PipelineError/busy(path:pid:)``.
    public func run(
        log: (String) -> Void = { _ in }, lockTimeout: TimeInterval = 600, progress: ((ReadProgress) -> Void)? = nil,
        rebuild: Bool = false, reportLanguages: [Language] = []
    ) throws -> RunSummary {
        let input = configuration.input
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: input.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw PipelineError.folderMissing(what: "input", path: input.path)
        }
        try createFolder(configuration.store.deletingLastPathComponent(), what: "store")
        let lock = try RunLock.acquire(store: configuration.store.path, timeout: lockTimeout, log: log)
        defer { lock.release() }
        let startedAt = ISO8601DateFormatter().string(from: Date())
        var clock = PhaseClock()
        let files = try Self.inboxFiles(in: input)
        let store: SurveyStore
        var cache: [String: CachedFile] = [:]
        var previous: [String: Int] = [:]
        do {
            store = try SurveyStore(path: configuration.store.path)
            if !rebuild { cache = try store.cachedFiles() }
            previous = try store.previousFiles()
        } catch {
            throw PipelineError.storeFailed(path: configuration.store.path, detail: "\(error)")
        }
        log("reading \(files.count) files from \(input.path)" + (rebuild ? " (rebuild: every file parsed again)" : ""))
        try createFolder(configuration.output, what: "output")
        let present = Set(files)
        let withdrawn = previous.filter { !present.contains($0.key) && $0.value > 0 }.sorted { $0.key < $1.key }
            .map { (path: $0.key, submissions: $0.value) }
        let info = SurveyStore.RunInfo(
            pipeline: configuration.name, questionnaireID: questionnaire.id, questionnaireVersion: questionnaire.version,
            startedAt: startedAt, withdrawn: withdrawn.reduce(0) { $0 + $1.submissions })
        var loaded: Loaded?
        let runID: Int64
        let loadStarted = DispatchTime.now().uptimeNanoseconds
        do {
            runID = try store.load(info, beforeCommit: { TestHooks.pause(at: .storeTransaction) }) { load in
                let result = try streamIntoStore(
                    files: files.map { (input.appendingPathComponent($0), $0) }, load: load, cache: cache,
                    progress: progress)
                loaded = result
                return result.total
            }
        } catch let error as PipelineError {
            throw error
        } catch {
            throw PipelineError.storeFailed(path: configuration.store.path, detail: "\(error)")
        }
        guard let loaded else { throw PipelineError.storeFailed(path: configuration.store.path, detail: "nothing loaded") }
        var batch = Batch(
            pipeline: configuration.name, questionnaireID: questionnaire.id, questionnaireVersion: questionnaire.version,
            files: loaded.reports, submissions: [])
        batch.streamedDiagnostics = loaded.diagnostics
        batch.withdrawn = withdrawn
        let reused = loaded.reused
        if reused > 0 { log("\(reused) unchanged files taken from the store's cache") }
        log("loaded \(batch.total.accepted) accepted submissions into \(configuration.store.path)")
        // Reading and writing overlap (workers parse while the writer inserts): extract_transform is
        // the stream's time not spent writing; load is the rest of the transaction (inserts,
        // revisions, index builds, commit).
        let loadWall = Double(DispatchTime.now().uptimeNanoseconds - loadStarted) / 1e9
        clock.add("extract_transform", loaded.readSeconds)
        clock.add("load", max(0, loadWall - loaded.readSeconds))

        let analyzer = self.analyzer
        let publisher = Publisher(directory: configuration.output)
        var outputs: [String] = []
        do {
            let data = try Analyzer.data(from: store)
            let statistics = analyzer.shareStatistics(from: data)
            outputs.append(try publisher.writeStatistics(statistics).path)
            clock.lap("statistics")
            TestHooks.pause(at: .betweenRenames)
            outputs.append(try publisher.writeNumericStatistics(analyzer.numericStatistics(from: data)).path)
            outputs.append(
                try publisher.writeCountryIndicators(
                    analyzer.countryIndicators(from: data, definitions: indicators), reference: reference
                ).path)
            let pair = RoundPair.resolve(baseline: configuration.baselineRound, latest: configuration.latestRound, in: data)
            if pair == nil, configuration.baselineRound != nil || configuration.latestRound != nil {
                log("progress: the rounds named in the pipeline file are not both in the store; progress.csv and transitions.csv are empty")
            }
            let progressRows = pair.map { analyzer.progress(from: data, rounds: $0) } ?? []
            outputs.append(try publisher.writeProgress(progressRows).path)
            outputs.append(
                try publisher.writeTransitions(pair.map { analyzer.transitions(from: data, rounds: $0) } ?? [], reference: reference)
                    .path)
            outputs.append(try publisher.writeSDMX(statistics, dataflow: configuration.dataflow).path)
            clock.lap("tables")
            var scores: [PriorityScore] = []
            var groupScores: [GroupPriority] = []
            if let model = scoringModel {
                // Compact scores and ranks; the tables are written in chunks of rows (`CompactPriorityScores`).
                let table = analyzer.compactPriorityScores(from: data, model: model)
                groupScores = analyzer.groupPriorities(table, data: data)
                outputs.append(
                    try publisher.writePriorities(
                        respondents: table.hasRespondents, reference: reference, chunks: table.rowChunkCount,
                        rows: table.rows(inChunk:)
                    ).path)
                outputs.append(try publisher.writeGroupPriorities(groupScores).path)
                let planning = table.planningRows()
                outputs.append(
                    try publisher.writePlanning(
                        respondents: table.hasRespondents, model: model, reference: reference, chunks: planning.chunkCount,
                        rows: planning.rows(inChunk:)
                    ).path)
                // The report reads only the top rows of each region and area.
                scores = table.reportRows(reference: reference)
            }
            clock.lap("priorities")
            outputs.append(try publisher.writeValidationReport(batch.diagnostics).path)
            let facts = RunFacts(
                filesRead: batch.files.count, total: batch.total, withdrawn: batch.withdrawn.reduce(0) { $0 + $1.submissions })
            for language in Set([configuration.language] + reportLanguages).sorted(by: { $0.rawValue < $1.rawValue }) {
                let input = ReportInput(
                    questionnaire: questionnaire, reference: reference, language: language, statistics: statistics,
                    progress: progressRows, priorities: scores, groupPriorities: groupScores, model: scoringModel,
                    countriesByRound: data.roundIDs.map { ($0, data.countries(in: $0).count) }, run: facts,
                    diagnostics: batch.diagnostics)
                outputs.append(try publisher.writeText(ReportBuilder(input: input).html, to: reportName(language)).path)
            }
            if let folder = try quarantine(batch, from: input) { outputs.append(folder.path) }
            clock.lap("report")
        } catch let error as PipelineError {
            throw error
        } catch {
            throw PipelineError.outputFailed(path: configuration.output.path, detail: "\(error)")
        }
        var result = summary(of: batch, outputs: outputs, rounds: loaded.rounds)
        result.runID = runID
        result.startedAt = startedAt
        result.timings = clock.laps
        result.filesReused = reused
        result.withdrawn = batch.withdrawn
        do {
            try publisher.writeText(try RunSummaryJSON(summary: result, pipeline: self).encoded() + "\n", to: "run_summary.json")
        } catch {
            throw PipelineError.outputFailed(path: configuration.output.path, detail: "\(error)")
        }
        return result
    }

    /// Writes the report from what the store holds (`legisurvey report`), with the store's last
    /// run as "this run". Returns the files written.
    public func writeReports(languages: [Language]) throws -> [String] {
        let store = try existingStore()
        try createFolder(configuration.output, what: "output")
        let lock = try RunLock.acquire(store: configuration.store.path, timeout: 600, log: { _ in })
        defer { lock.release() }
        do {
            let analyzer = self.analyzer
            let data = try Analyzer.data(from: store)
            let statistics = analyzer.shareStatistics(from: data)
            let pair = RoundPair.resolve(baseline: configuration.baselineRound, latest: configuration.latestRound, in: data)
            let progress = pair.map { analyzer.progress(from: data, rounds: $0) } ?? []
            let table = scoringModel.map { analyzer.compactPriorityScores(from: data, model: $0) }
            let scores = table?.reportRows(reference: reference) ?? []
            let groups = table.map { analyzer.groupPriorities($0, data: data) } ?? []
            let last = try store.recentRuns(limit: 1).first
            let facts = last.map { RunFacts(filesRead: $0.filesRead, total: $0.accounting, withdrawn: $0.withdrawn) }
            let diagnostics = try store.latestDiagnostics()
            let publisher = Publisher(directory: configuration.output)
            var written: [String] = []
            for language in Set(languages.isEmpty ? [configuration.language] : languages).sorted(by: { $0.rawValue < $1.rawValue }) {
                let input = ReportInput(
                    questionnaire: questionnaire, reference: reference, language: language, statistics: statistics,
                    progress: progress, priorities: scores, groupPriorities: groups, model: scoringModel,
                    countriesByRound: data.roundIDs.map { ($0, data.countries(in: $0).count) }, run: facts,
                    diagnostics: diagnostics)
                written.append(try publisher.writeText(ReportBuilder(input: input).html, to: reportName(language)).path)
            }
            return written
        } catch let error as PipelineError {
            throw error
        } catch {
            throw PipelineError.outputFailed(path: configuration.output.path, detail: "\(error)")
        }
    }

    /// The store a read-only command works on; a missing store is an error that says what to do.
    func existingStore() throws -> SurveyStore {
        let path = configuration.store.path
        guard FileManager.default.fileExists(atPath: path) else {
            throw PipelineError.fileMissing(what: "store (run `legisurvey run` first)", path: path)
        }
        do { return try SurveyStore(path: path) } catch { throw PipelineError.storeFailed(path: path, detail: "\(error)") }
    }

    /// `report.html` in the pipeline file's language, `report.<lang>.html` in another.
    public func reportName(_ language: Language) -> String {
        language == configuration.language ? "report.html" : "report.\(language.rawValue).html"
    }

    /// The countries behind one statistic, recomputed from the store (``StatisticLineage``).
    public func explainStatistic(round: String, question: String, option: String, group: String) throws -> StatisticLineage {
        let store = try existingStore()
        do {
            return try StatisticLineage.explain(
                store: store, analyzer: analyzer, round: round, questionID: question, option: option, groupName: group)
        } catch let failure as StatisticLineage.Failure {
            throw PipelineError.invalidArgument(failure.description)
        }
    }

    /// The arithmetic of one priority score, recomputed from the store (``PriorityExplanation``).
    /// `country` is an ISO alpha-3 or alpha-2 code, an M49 code or an English short name.
    public func explainPriority(country: String, area: String, round: String?, respondent: String? = nil) throws
        -> PriorityExplanation
    {
        guard let model = scoringModel else {
            throw PipelineError.invalidArgument("the pipeline file names no scoring model (priorities:)")
        }
        let wanted = country.trimmingCharacters(in: .whitespaces)
        let folded = wanted.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        guard let match = reference.countries.first(where: {
            $0.iso3 == wanted.uppercased() || $0.iso2 == wanted.uppercased() || $0.m49 == wanted
                || ($0.name[.en] ?? "").folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil) == folded
        }) else { throw PipelineError.invalidArgument("no country '\(country)' in the reference data (try its ISO alpha-3 code)") }
        let store = try existingStore()
        do {
            return try PriorityExplanation.explain(
                store: store, model: model, country: match.iso3, areaID: area, round: round, respondent: respondent)
        } catch let failure as PriorityExplanation.Failure {
            throw PipelineError.invalidArgument(failure.description)
        }
    }

    /// Copies every file that could not be read at all, untouched, to `quarantine/` in the output
    /// folder, with `NAME.reason.txt` beside it. The folder is rebuilt each run, so it always
    /// shows the inbox's current unreadable files. Returns the folder when it holds any.
    ///
    /// The new folder is built as `.quarantine.partial` and renamed into place (the old one is
    /// first renamed to `.quarantine.old`, then deleted), so `quarantine/` is never half built; a
    /// killed run leaves at most those two hidden folders, which the next run deletes.
    func quarantine(_ batch: Batch, from input: URL) throws -> URL? {
        let folder = configuration.output.appendingPathComponent("quarantine")
        let staging = configuration.output.appendingPathComponent(".quarantine.partial")
        let retired = configuration.output.appendingPathComponent(".quarantine.old")
        let manager = FileManager.default
        for leftover in [staging, retired] where manager.fileExists(atPath: leftover.path) {
            try manager.removeItem(at: leftover)
        }
        let unreadable = batch.files.filter(\.isUnreadable)
        guard !unreadable.isEmpty else {
            if manager.fileExists(atPath: folder.path) { try manager.removeItem(at: folder) }
            return nil
        }
        for report in unreadable {
            let source = input.appendingPathComponent(report.file.path)
            let copy = staging.appendingPathComponent(report.file.path)
            try manager.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
            try manager.copyItem(at: source, to: copy)
            var reason = "\(report.file.path) could not be read and was not used.\n"
            reason += "sha256 \(report.file.sha256), \(report.file.bytes) bytes\n\n"
            for diagnostic in report.diagnostics where diagnostic.severity == .error {
                reason += "\(diagnostic.location): \(diagnostic.code.rawValue): \(diagnostic.message)\n"
                reason += "  what to do: \(diagnostic.code.remedy)\n"
            }
            try Data(reason.utf8).write(to: copy.deletingLastPathComponent().appendingPathComponent(copy.lastPathComponent + ".reason.txt"))
        }
        // rename(2) cannot replace a folder that has files, so the old one is moved aside first.
        if manager.fileExists(atPath: folder.path), rename(folder.path, retired.path) != 0 {
            throw PipelineError.outputFailed(path: folder.path, detail: "cannot move the old quarantine folder aside")
        }
        guard rename(staging.path, folder.path) == 0 else {
            throw PipelineError.outputFailed(path: folder.path, detail: "cannot rename \(staging.path) into place")
        }
        if manager.fileExists(atPath: retired.path) { try manager.removeItem(at: retired) }
        return folder
    }

    /// Checks files without loading anything: the diagnostics and the accounting.
    /// Paths are used as given (relative to the current folder), also for `files:` patterns.
    public func validate(paths: [String]) -> Batch {
        read(files: paths.map { (URL(fileURLWithPath: $0), $0) })
    }

    /// Extracts and transforms the files (``stream(files:cache:fingerprint:keepCache:workers:progress:_:)``),
    /// keeps every submission in memory and resolves revisions over the batch: what `validate` and
    /// the benchmark's extract-only measurement use. A run streams into the store instead
    /// (``run(log:lockTimeout:progress:rebuild:reportLanguages:)``).
    func read(
        files: [(url: URL, path: String)], progress: ((ReadProgress) -> Void)? = nil, cache: [String: CachedFile] = [:],
        fingerprint: String = "", reused: inout Int, keepCache: Bool = true, workers: Int? = nil
    ) -> Batch {
        var reports: [FileReport] = []
        var submissions: [Submission] = []
        var entries: [CachedFile] = []
        var count = 0
        stream(files: files, cache: cache, fingerprint: fingerprint, keepCache: keepCache, workers: workers, progress: progress) {
            result in
            reports.append(result.report)
            submissions += result.submissions
            if let entry = result.entry { entries.append(entry) }
            if result.reused { count += 1 }
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

    func read(files: [(url: URL, path: String)], progress: ((ReadProgress) -> Void)? = nil) -> Batch {
        var reused = 0
        return read(files: files, progress: progress, reused: &reused, keepCache: false)
    }

    /// What ``extractAndTransform(folder:paths:keepCache:workers:)`` read.
    public struct ReadCounts: Sendable {
        public var files = 0
        public var bytes = 0
        public var submissions = 0
        /// Accepted before revisions are resolved (the benchmark's inboxes have none).
        public var accepted = 0

        public init() {}
    }

    /// Extract and transform only, streamed as `run` streams them into the store (each file's
    /// result, with the cache entry `run` would store when `keepCache`, is dropped once counted),
    /// over files given by path inside `folder`: for the benchmark.
    public func extractAndTransform(folder: URL, paths: [String], keepCache: Bool = true, workers: Int? = nil) -> ReadCounts {
        var counts = ReadCounts()
        stream(
            files: paths.map { (folder.appendingPathComponent($0), $0) }, fingerprint: definitionsFingerprint(),
            keepCache: keepCache, workers: workers
        ) { result in
            counts.files += 1
            counts.bytes += result.report.file.bytes
            counts.submissions += result.submissions.count
            counts.accepted += result.submissions.filter { $0.status == .accepted }.count
        }
        return counts
    }

    /// The inbox's data files (paths relative to it, sorted), as `run` finds them.
    public static func dataFiles(in folder: URL) throws -> [String] { try inboxFiles(in: folder) }

    /// What the file cache keeps per file (encoded by ``CacheCodec``).
    struct CachePayload {
        var report: FileReport
        var submissions: [Submission]
    }

    /// SHA-256 of a file's bytes, read in 1 MiB chunks; nil when it cannot be read.
    static func sha256(of url: URL) -> String? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        var hash = SHA256()
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            chunk.withUnsafeBytes { hash.update($0) }
        }
        return hash.finalizeHex()
    }

    /// A digest of everything a file's reading depends on besides its bytes: the cache format,
    /// the pipeline file, the questionnaire and the reference data. Any change re-reads every file.
    func definitionsFingerprint() -> String {
        var hash = SHA256()
        hash.update(Array(CacheCodec.magic.utf8))
        for url in [configuration.file, configuration.questionnaire, configuration.reference] {
            hash.update(Array((Self.sha256(of: url) ?? "missing").utf8))
        }
        return hash.finalizeHex()
    }

    func summary(of batch: Batch, outputs: [String], rounds: [String]? = nil) -> RunSummary {
        var severities: [Severity: Int] = [:]
        for diagnostic in batch.diagnostics { severities[diagnostic.severity, default: 0] += 1 }
        let rounds = rounds ?? Set(batch.submissions.filter { $0.status == .accepted }.map(\.round)).sorted()
        return RunSummary(
            files: batch.files, total: batch.total, diagnosticsBySeverity: severities, outputs: outputs, rounds: rounds)
    }

    /// Data files of the inbox, as paths relative to it, sorted. Hidden files and documentation
    /// (`.md`, `.txt`) are not submissions.
    static func inboxFiles(in folder: URL) throws -> [String] {
        // A walk with readdir: Foundation's enumerator with resource values cost a stat and
        // several URL objects per file (half a second for 10,000 files). Like the enumerator it
        // goes into every folder, hidden ones too, and does not follow symbolic links; files whose
        // name starts with "." and .md and .txt files are not data.
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw PipelineError.folderMissing(what: "input", path: folder.path)
        }
        var paths: [String] = []
        func walk(_ absolute: String, _ relative: String) {
            guard let directory = opendir(absolute) else { return }
            defer { closedir(directory) }
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
                }
                if name == "." || name == ".." { continue }
                let path = absolute + "/" + name
                let inside = relative.isEmpty ? name : relative + "/" + name
                var type = Int32(entry.pointee.d_type)
                if type == Int32(DT_UNKNOWN) {  // file systems that do not say: ask (not following links)
                    switch (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType {
                    case .typeDirectory?: type = Int32(DT_DIR)
                    case .typeRegular?: type = Int32(DT_REG)
                    default: continue
                    }
                }
                if type == Int32(DT_DIR) {
                    walk(path, inside)
                } else if type == Int32(DT_REG) {
                    if name.hasPrefix(".") { continue }
                    let ext = name.lastIndex(of: ".").map { name[name.index(after: $0)...].lowercased() } ?? ""
                    if ext == "md" || ext == "txt" { continue }
                    paths.append(inside)
                }
            }
        }
        walk(folder.path, "")
        return paths.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    private func createFolder(_ url: URL, what: String) throws {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw PipelineError.outputFailed(path: url.path, detail: "cannot create the \(what) folder")
        }
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
    }

    /// A phase measured elsewhere (phases that overlap in time, as reading and loading do);
    /// the next lap starts now.
    mutating func add(_ phase: String, _ seconds: Double) {
        laps.append((phase, seconds))
        last = DispatchTime.now().uptimeNanoseconds
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

