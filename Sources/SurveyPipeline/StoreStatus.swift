import Foundation
import SurveyDefinitions
import SurveyLoad
public import SurveyModel

/// What the store holds (`legisurvey status`): each round with its countries per M49 region, and
/// the last runs with their accounting. A value; the executable formats it.
public struct StoreStatus: Sendable {
    public struct Round: Sendable {
        public var round: String
        public var countries: Int
        /// M49 region code (`none` for a country without one) → countries.
        public var byRegion: [String: Int]
    }

    public struct Run: Sendable {
        public var id: Int64
        public var startedAt: String?
        public var pipeline: String
        public var questionnaireID: String
        public var questionnaireVersion: String
        public var filesRead: Int
        public var filesReused: Int
        public var withdrawn: Int
        public var accounting: Accounting
    }

    /// Where the store is (its path, for SQLite; its URL without a password, for PostgreSQL).
    public var store: String
    /// The backend and its version (`SQLite 3.46.1`, `PostgreSQL 15.18`), nil when not known.
    public var backend: String? = nil
    /// Rounds in byte order of their ids.
    public var rounds: [Round]
    /// The last runs, newest first.
    public var runs: [Run]
    /// The reference data's M49 regions in their order, with English names, for the text.
    public var regions: [(code: String, name: String)]
}

extension Pipeline {
    /// `legisurvey store copy --from A --to B`: ``StoreCopy/copy(from:to:wait:log:)``, its
    /// refusals as pipeline errors (one line that names the store).
    public static func copyStore(from: StoreLocation, to: StoreLocation, wait: Double, log: (String) -> Void) async throws
        -> (from: String, to: String, rows: [(table: String, count: Int)])
    {
        do {
            let result = try await StoreCopy.copy(from: from, to: to, wait: wait, log: log)
            return (result.from, result.to, result.rows)
        } catch StoreError.missing(let location) {
            throw PipelineError.fileMissing(what: "store to copy", path: location.description)
        } catch StoreError.busy(_, let pid) {
            throw PipelineError.busy(path: "\(from) or \(to)", pid: pid)
        } catch let error as StoreError {
            throw PipelineError.storeFailed(path: "\(from) → \(to)", detail: "\(error)")
        }
    }

    /// `legisurvey store migrate`: opens the pipeline's store, creating it when missing and running
    /// the migrations it lacks (as every command's open does: under the writer lock, waiting for a
    /// run that holds it); a store from a newer version is refused untouched. Returns the store,
    /// the newest migration, and the backend's version.
    public func migrateStore() async throws -> (store: String, newest: String, backend: String?) {
        let store = try await openStore()
        return (store.location.description, StoreMigration.all.last?.identifier ?? "none", try await store.backendVersion())
    }

    /// What the store holds, with the `runs` last runs: the pipeline's store, or `store`.
    public func storeStatus(runs limit: Int, store: (any SurveyReadStore)? = nil) async throws -> StoreStatus {
        let database: any SurveyReadStore
        if let store { database = store } else { database = try await existingStore() }
        var byRound: [String: [String: Int]] = [:]
        var countries: [String: Int] = [:]
        for submission in try await database.acceptedSubmissions() {
            let region = reference.country(iso3: submission.country)?.region ?? "none"
            byRound[submission.round, default: [:]][region, default: 0] += 1
            countries[submission.round, default: 0] += 1
        }
        let rounds = RoundNames.sorted(Array(byRound.keys), declared: configuration.rounds).map {
            StoreStatus.Round(round: $0, countries: countries[$0] ?? 0, byRegion: byRound[$0] ?? [:])
        }
        let runs = try await database.recentRuns(limit: max(0, limit)).map {
            StoreStatus.Run(
                id: $0.id, startedAt: $0.startedAt, pipeline: $0.pipeline, questionnaireID: $0.questionnaireID,
                questionnaireVersion: $0.questionnaireVersion, filesRead: $0.filesRead, filesReused: $0.filesReused,
                withdrawn: $0.withdrawn, accounting: $0.accounting)
        }
        var status = StoreStatus(
            store: configuration.store.description, rounds: rounds, runs: runs,
            regions: reference.regions.map { ($0.code, $0.name[.en] ?? $0.code) })
        status.backend = try await database.backendVersion()
        return status
    }
}
