// The SQLite backend of the store protocols (SurveyModel/Store): the one door to the SQLite
// database, opened (or created) and migrated here. Its facets live in extensions:
// SQLiteStore+Migrations (schema), SQLiteStore+Load (the run's bulk write, one transaction across
// awaits), SQLiteStore+Reads (what the stages and `status` read), SQLiteStore+Lineage (the reads
// of `explain`); FileRunLock is its one-writer lock, FastInsert the C insert wrapper.
import Foundation
import GRDB
public import SurveyModel

/// The SQLite store: a ``SurveyStore`` over GRDB's `DatabaseQueue` (a rollback-journal database
/// file), with the one-writer lock on `<store>.lock` (``FileRunLock``).
///
/// A run's load is written in one transaction on a connection of its own (see
/// ``load(_:beforeCommit:_:)``), so a crash leaves the store as it was and readers on other
/// connections see the last committed state meanwhile.
public final class SQLiteStore: SurveyStore {
    /// Internal, not private: the facets' extensions in other files read and write through it.
    let database: DatabaseQueue
    /// The database file; nil for an in-memory store.
    let path: String?
    public let location: StoreLocation

    /// How long a connection waits for another process's lock on the database file (a commit
    /// in progress) before failing with "database is locked".
    static let busyTimeout: TimeInterval = 60

    /// Opens (creating when needed) the store at `path` and brings its schema up to date.
    public convenience init(path: String) throws {
        try self.init(path: path, migrate: true)
    }

    init(path: String, migrate: Bool) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(Self.busyTimeout)
        database = try DatabaseQueue(path: path, configuration: configuration)
        self.path = path
        location = .sqlite(path: path)
        if migrate { try Self.migrator.migrate(database) }
    }

    /// Brings the schema up to date; when there is something to migrate (a new or older store),
    /// under the run lock, so two runs that open one new store at once do not both migrate it.
    func migrateUnderLock(timeout: TimeInterval) async throws {
        let migrator = Self.migrator
        guard try await !database.read({ db in try migrator.hasCompletedMigrations(db) }) else { return }
        let lock = try await lockWriter(timeout: timeout, log: { _ in })
        defer { lock.release() }
        let database = self.database
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            migrator.asyncMigrate(database) { result in done.resume(with: result.map { _ in () }) }
        }
    }

    /// A store in memory, for tests. Its load runs on its only connection (an in-memory database
    /// has no second one), so a read during a load would see the load in progress: no concurrent
    /// reader in the same process.
    public init() throws {
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true
        database = try DatabaseQueue(configuration: configuration)
        path = nil
        location = .sqlite(path: ":memory:")
        try Self.migrator.migrate(database)
    }

    public func lockWriter(timeout: Double, log: (String) -> Void) async throws -> any SurveyWriterLock {
        guard let path else { return FileRunLock.none }
        return try await FileRunLock.acquire(store: path, timeout: timeout, log: log)
    }
}

/// Opens the store a location names: the one factory of backends (issue 28 adds PostgreSQL here).
public enum SurveyStores {
    /// Opens the store at `location`, creating it (and a SQLite file's folder) unless
    /// `mustExist`, in which case a missing store throws ``StoreError/missing(_:)``. The schema
    /// is brought up to date.
    public static func open(_ location: StoreLocation, mustExist: Bool = false) async throws -> any SurveyStore {
        switch location {
        case .sqlite(let path):
            if mustExist {
                guard FileManager.default.fileExists(atPath: path) else { throw StoreError.missing(location) }
            } else {
                let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
                do {
                    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                } catch {
                    throw StoreError.failed("cannot create the store folder \(folder.path)")
                }
            }
            let store = try SQLiteStore(path: path, migrate: false)
            try await store.migrateUnderLock(timeout: 600)
            return store
        }
    }
}
