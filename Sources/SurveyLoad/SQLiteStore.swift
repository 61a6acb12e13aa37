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

    /// Opens (creating when needed) the store at `path` and brings its schema up to date, without
    /// the run lock: for a handle that is alone on its store (tests). Runs, and any handle that
    /// may race another, open through ``SurveyStores/open(_:mustExist:)``.
    public convenience init(path: String) throws {
        try self.init(path: path, migrate: true)
    }

    init(path: String, migrate: Bool) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(Self.busyTimeout)
        database = try DatabaseQueue(path: path, configuration: configuration)
        self.path = path
        location = .sqlite(path: path)
        if migrate {
            try database.read { db in try Self.refuseNewerSchema(db) }
            try Self.migrate(database)
        }
    }

    /// A store whose migrations table names a migration this version does not know was made (or
    /// migrated) by a newer LegiSurvey: its schema may mean something this version cannot read or
    /// would break. Refused before anything is written (``StoreError/newerVersion(migration:)``).
    static func refuseNewerSchema(_ db: Database) throws {
        let migrator = Self.migrator
        guard try migrator.hasBeenSuperseded(db) else { return }
        // appliedMigrations: the applied ones this version registers; the rest are unknown.
        let unknown = try migrator.appliedIdentifiers(db).subtracting(try migrator.appliedMigrations(db))
        // Migrations are named vN-…: the newest unknown one is the one to name.
        let newest = unknown.max { StoreMigration.order($0) < StoreMigration.order($1) } ?? "unknown"
        throw StoreError.newerVersion(migration: newest)
    }

    /// Brings the schema up to date; when there is something to migrate (a new or older store),
    /// under the run lock, so two runs that open one new store at once do not both migrate it.
    func migrateUnderLock(timeout: TimeInterval) async throws {
        let migrator = Self.migrator
        // Without the lock this look can meet another handle's first migration half-way: GRDB
        // reads `grdb_migrations`, finds no table, then finds one (the other handle committed in
        // between) and rethrows "no such table". Any SQLite error here means "look again under
        // the lock", where no migration can be in progress; a newer schema is refused at once.
        let upToDate: Bool
        do {
            upToDate = try await database.read { db in
                try Self.refuseNewerSchema(db)
                return try migrator.hasCompletedMigrations(db)
            }
        } catch is DatabaseError {
            upToDate = false
        }
        guard !upToDate else { return }
        let lock = try await lockWriter(timeout: timeout, log: { _ in })
        defer { lock.release() }
        // Another run may have migrated it meanwhile, with a newer version.
        try await database.read { db in try Self.refuseNewerSchema(db) }
        let database = self.database
        // A new store in one transaction, then whatever is left (nothing after that) step by step.
        _ = try await database.writeWithoutTransaction { db in try Self.createAllAtOnce(db) }
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            migrator.asyncMigrate(database) { result in done.resume(with: result.map { _ in () }) }
        }
    }

    /// SQLite's errors as one line (GRDB's description repeats the whole SQL statement): a
    /// store that cannot be written (read-only file or folder, read-only file system, full disk)
    /// is ``StoreError/notWritable(path:reason:)``; any other SQLite error keeps its code and
    /// message. Other errors pass through.
    static func storeError(_ error: any Error, path: String?) -> any Error {
        guard let database = error as? DatabaseError else { return error }
        let message = database.message ?? "\(database.resultCode)"
        switch database.resultCode.primaryResultCode {
        case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_CANTOPEN, .SQLITE_FULL, .SQLITE_IOERR:
            return StoreError.notWritable(path: path ?? ":memory:", reason: message)
        default:
            return StoreError.failed("SQLite error \(database.resultCode.primaryResultCode.rawValue): \(message)")
        }
    }

    /// Why the store at `path` could not be written, checked before anything is read: the file
    /// (when it exists) and its folder (SQLite writes its journal there) must be writable.
    static func cannotWrite(_ path: String) -> String? {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if FileManager.default.fileExists(atPath: path), access(path, W_OK) != 0 {
            return "the file is not writable (\(String(cString: strerror(errno))))"
        }
        if access(folder, W_OK | X_OK) != 0 {
            return "its folder \(folder) is not writable (\(String(cString: strerror(errno)))), and SQLite writes its journal there"
        }
        return nil
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
        try Self.migrate(database)
    }

    public func lockWriter(timeout: Double, log: (String) -> Void) async throws -> any SurveyWriterLock {
        guard let path else { return FileRunLock.none }
        return try await FileRunLock.acquire(store: path, timeout: timeout, log: log)
    }
}

/// Opens the store a location names: the one factory of backends. SQLite is built in; a server
/// backend lives in a module SurveyPipeline does not link (PostgreSQL: SurveyPostgres, linked by
/// the executable and the tests only), so it is registered at start
/// (``registerPostgreSQL(_:)``), and a PostgreSQL location with none registered is a clear error.
public enum SurveyStores {
    /// Opens a PostgreSQL store: the location, and `mustExist`.
    public typealias PostgreSQLOpener = @Sendable (PostgresLocation, Bool) async throws -> any SurveyStore

    private static let registry = Registry()

    /// The registered openers, behind a lock: registered once at start, read by every open.
    private final class Registry: @unchecked Sendable {
        private let lock = NSLock()
        private var postgreSQL: PostgreSQLOpener?

        func set(_ opener: @escaping PostgreSQLOpener) {
            lock.lock()
            postgreSQL = opener
            lock.unlock()
        }

        func get() -> PostgreSQLOpener? {
            lock.lock()
            defer { lock.unlock() }
            return postgreSQL
        }
    }

    /// Makes ``open(_:mustExist:)`` open `postgresql://` locations with `opener` (SurveyPostgres's
    /// `PostgresStore.register()` calls this; registering again replaces it).
    public static func registerPostgreSQL(_ opener: @escaping PostgreSQLOpener) { registry.set(opener) }

    /// Opens the store at `location`, creating it (and a SQLite file's folder) unless
    /// `mustExist`, in which case a missing store throws ``StoreError/missing(_:)``. The schema
    /// is brought up to date.
    public static func open(_ location: StoreLocation, mustExist: Bool = false) async throws -> any SurveyStore {
        try await open(location, mustExist: mustExist, postgreSQL: registry.get())
    }

    /// ``open(_:mustExist:)`` with the PostgreSQL opener given (nil: none registered).
    static func open(_ location: StoreLocation, mustExist: Bool, postgreSQL: PostgreSQLOpener?) async throws -> any SurveyStore {
        switch location {
        case .postgresql(let postgres):
            guard let opener = postgreSQL else {
                throw StoreError.failed(
                    "this build of LegiSurvey has no PostgreSQL backend registered (a program that links SurveyPostgres calls PostgresStore.register() at start)")
            }
            return try await opener(postgres, mustExist)
        case .sqlite(let path):
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
                throw StoreError.failed("is a folder, not a store file; give the path of a file (it is created when missing)")
            }
            if mustExist {
                guard FileManager.default.fileExists(atPath: path) else { throw StoreError.missing(location) }
            } else {
                let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
                do {
                    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                } catch {
                    throw StoreError.failed("cannot create the store folder \(folder.path)")
                }
                // A run writes the store: refused now, before the inbox is read, when it cannot.
                if let reason = SQLiteStore.cannotWrite(path) { throw StoreError.notWritable(path: path, reason: reason) }
            }
            do {
                let store = try SQLiteStore(path: path, migrate: false)
                try await store.migrateUnderLock(timeout: 600)
                return store
            } catch {
                throw SQLiteStore.storeError(error, path: path)
            }
        }
    }
}
