public import Foundation
public import SurveyDefinitions
public import SurveyModel
public import SurveyAnalyze
public import SurveyExtract
import SurveyLoad
import SurveyTransform

/// Runs the stages named by a pipeline file: Extract → Transform → Load → Analyze → Publish.
///
/// The orchestrator returns values and prints nothing; the `legisurvey` executable formats them.
/// What it does, by file: the run's steps (`Pipeline+Run.swift`; the inbox walk is Extract's
/// `InboxWalk.swift`), reading files ahead on every core (`ReadAhead.swift`), the streamed load
/// (`InboxLoad.swift`), the outputs (`Outputs.swift`), quarantine (`Quarantine.swift`),
/// `validate` (`Validation.swift`), `status` (`StoreStatus.swift`), `explain` (`Explain.swift`).
public struct Pipeline: Sendable {
    /// The pipeline file and every definition it names, checked.
    public let definitions: PipelineDefinitions

    public var configuration: PipelineConfiguration { definitions.configuration }
    public var questionnaire: Questionnaire { definitions.questionnaire }
    public var reference: CountryReference { definitions.reference }
    public var customGroups: [CustomGroup] { definitions.customGroups }
    public var indicators: [IndicatorDefinition] { definitions.indicators }
    public var scoringModel: ScoringModel? { definitions.scoringModel }
    /// The population statistics describe (`population:`).
    public var population: Population { definitions.population }

    /// Whether a run's analysis reads the accepted answers back from the store it committed
    /// instead of from the load's recording (``RecordedStore``). Off: the recording is the fast
    /// path; on only for the test that both give every output byte for byte.
    var readsAnswersBack = false

    /// The country resolver of the reference, shared by every read of the inbox (its name tiers
    /// made once, see ``CountryResolver/prepareInBackground()``).
    let countries: CountryResolver

    public init(definitions: PipelineDefinitions) {
        self.definitions = definitions
        countries = CountryResolver(reference: definitions.reference)
    }

    /// Reads the definitions the pipeline file names.
    public init(configuration: PipelineConfiguration) throws {
        self.init(definitions: try PipelineDefinitions(configuration: configuration))
    }

    /// Reads the definitions the pipeline file names; the inbox is read with `readers` (e.g.
    /// `ReaderRegistry.standard` with a reader of the caller's registered). Throws as well when a
    /// per-file `format:` is not one of theirs.
    public init(configuration: PipelineConfiguration, readers: ReaderRegistry) throws {
        var configuration = configuration
        try configuration.use(readers: readers)
        try self.init(configuration: configuration)
    }

    /// The readers the inbox is read with, by extension (the configuration's).
    public var readers: ReaderRegistry { configuration.readers }

    /// The analyzer for this pipeline's questionnaire, reference, reliability rules and groups.
    public var analyzer: Analyzer {
        Analyzer(
            questionnaire: questionnaire, reference: reference, rules: configuration.reliability, customGroups: customGroups,
            population: definitions.population, roundQuestionnaires: definitions.roundQuestionnaires,
            crosswalkSteps: definitions.crosswalkSteps)
    }

    /// The pipeline's store for a read-only command (`explain`, `status` and `storeStatus` also
    /// take any other ``SurveyReadStore``); a missing store is an error that says what to do.
    func existingStore() async throws -> any SurveyStore {
        let location = configuration.store
        do {
            return try await SurveyStores.open(location, mustExist: true)
        } catch StoreError.missing {
            throw PipelineError.fileMissing(what: "store (run `legisurvey run` first)", path: location.description)
        } catch StoreError.busy(_, let pid) {
            throw PipelineError.busy(path: location.description, pid: pid)
        } catch {
            throw PipelineError.storeFailed(path: location.description, detail: "\(error)")
        }
    }

    /// `store` read through the analyst's corrections (``CorrectedStore``, issue 26): each
    /// correction of the pipeline's corrections file decided against the store's current
    /// submissions (applied or stale), the loader's refused entries listed beside them.
    public func corrected(_ store: any SurveyReadStore) async throws -> CorrectedStore {
        let file = definitions.corrections
        do {
            return try await CorrectedStore.resolve(file.corrections, refused: file.refusedEntries, over: store)
        } catch {
            throw PipelineError.storeFailed(path: configuration.store.description, detail: "\(error)")
        }
    }

    /// The store a run writes, created when missing.
    func openStore() async throws -> any SurveyStore {
        do {
            return try await SurveyStores.open(configuration.store)
        } catch StoreError.busy(_, let pid) {
            // An older store being migrated by another run (migrations run under the writer lock).
            throw PipelineError.busy(path: configuration.store.description, pid: pid)
        } catch let error as StoreError {
            if case .notWritable = error { throw error }  // one line that names the store already
            throw PipelineError.storeFailed(path: configuration.store.description, detail: "\(error)")
        } catch {
            throw PipelineError.storeFailed(path: configuration.store.description, detail: "\(error)")
        }
    }

    /// Takes the store's one-writer lock (the backend's: a file lock for SQLite), waiting up to
    /// `timeout` seconds; another writer that keeps it is ``PipelineError/busy(path:pid:)``.
    func lockWriter(_ store: any SurveyStore, timeout: Double, log: (String) -> Void) async throws -> any SurveyWriterLock {
        do {
            return try await store.lockWriter(timeout: timeout, log: log)
        } catch StoreError.busy(_, let pid) {
            throw PipelineError.busy(path: store.location.description, pid: pid)
        } catch let error as CancellationError {
            throw error
        } catch {
            throw PipelineError.storeFailed(path: store.location.description, detail: "\(error)")
        }
    }

    /// The digest of the definitions a file's cached reading depends on.
    /// Readers other than the standard ones are part of it (so adding one re-reads the inbox).
    func definitionsFingerprint() -> String { definitions.fingerprint(salt: FileCacheCodec.magic + readers.cacheSalt) }

    func createFolder(_ url: URL, what: String) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw PipelineError.notAFolder(what: what, path: url.path) }
            return
        }
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw PipelineError.outputFailed(path: url.path, detail: "cannot create the \(what) folder: \(IOErrorText.reason(error))")
        }
    }
}
