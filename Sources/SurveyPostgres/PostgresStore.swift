// The PostgreSQL backend of the store protocols (SurveyModel/Store), over postgres-nio: the
// connection, the schema's migrations (the one list SQLite runs too, StoreMigration.all, in its
// PostgreSQL dialect), the one-writer lock (an advisory lock). The load is PostgresStore+Load, the
// reads PostgresStore+Reads. docs/store.md, "PostgreSQL".
import Foundation
import Logging
import NIOCore
import NIOSSL
import PostgresNIO
import SurveyLoad
public import SurveyModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A store in one schema of a PostgreSQL database (``PostgresLocation``).
///
/// Every read opens a connection of its own and closes it (a read of several statements runs in
/// one `REPEATABLE READ` transaction, so it sees one committed state); the load holds one
/// connection for its transaction; the writer lock holds another for as long as it is held.
public final class PostgresStore: SurveyStore, Sendable {
    public let location: StoreLocation
    let target: PostgresLocation
    /// The user the connections log in as (the URL's, else `PGUSER`, else the login name).
    let user: String
    let password: String?

    /// Makes ``SurveyStores/open(_:mustExist:)`` open PostgreSQL locations with this backend. The
    /// executable calls it at start; the tests before they open a PostgreSQL location.
    public static func register() {
        SurveyStores.registerPostgreSQL { location, mustExist in try await PostgresStore.open(location, mustExist: mustExist) }
    }

    init(_ target: PostgresLocation, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.target = target
        location = .postgresql(target)
        let user = target.user ?? environment["PGUSER"].flatMap { $0.isEmpty ? nil : $0 } ?? Self.loginName()
        self.user = user
        password = PostgresPassword.lookUp(target, user: user, environment: environment) { warning in
            FileHandle.standardError.write(Data("legisurvey: warning: \(warning)\n".utf8))
        }
    }

    /// Opens the store at `location`: creates its schema and brings it up to date (under the
    /// writer lock, when there is something to migrate) unless `mustExist`, in which case a schema
    /// without the store's tables is ``StoreError/missing(_:)``. A store that names a migration
    /// this version does not know is refused (``StoreError/newerVersion(migration:)``), untouched.
    public static func open(_ location: PostgresLocation, mustExist: Bool = false) async throws -> PostgresStore {
        let store = PostgresStore(location)
        let applied = try await store.appliedMigrations()
        if mustExist && applied == nil { throw StoreError.missing(store.location) }
        try Self.refuseNewer(applied ?? [])
        let known = Set(StoreMigration.all.map(\.identifier))
        if let applied, known.isSubset(of: applied) { return store }
        let lock = try await store.lockWriter(timeout: 600, log: { _ in })
        defer { lock.release() }
        try await store.migrate()
        return store
    }

    /// The migrations recorded in the schema; nil when the schema or its migrations table is missing.
    func appliedMigrations() async throws -> Set<String>? {
        try await withConnection { connection in
            let rows = try await connection.query(
                "SELECT to_regclass(\(self.target.schema + ".schema_migrations"))::text", logger: Self.logger)
            var exists = false
            for try await (name) in rows.decode((String?).self) { exists = name != nil }
            guard exists else { return nil }
            var applied = Set<String>()
            for try await (identifier) in try await connection.query(
                "SELECT identifier FROM schema_migrations", logger: Self.logger
            ).decode(String.self) {
                applied.insert(identifier)
            }
            return applied
        }
    }

    static func refuseNewer(_ applied: Set<String>) throws {
        let unknown = applied.subtracting(StoreMigration.all.map(\.identifier))
        guard let newest = unknown.max(by: { StoreMigration.order($0) < StoreMigration.order($1) }) else { return }
        throw StoreError.newerVersion(migration: newest)
    }

    /// Creates the schema and runs the migrations it lacks, in one transaction (PostgreSQL's DDL is
    /// transactional: a failed migration leaves the schema as it was). The caller holds the lock.
    func migrate() async throws {
        try await withConnection { connection in
            try await self.run("BEGIN", on: connection)
            do {
                try await self.run("CREATE SCHEMA IF NOT EXISTS \(self.target.schema)", on: connection)
                try await self.run(
                    "CREATE TABLE IF NOT EXISTS schema_migrations (identifier text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
                    on: connection)
                var applied = Set<String>()
                for try await (identifier) in try await connection.query(
                    "SELECT identifier FROM schema_migrations", logger: Self.logger
                ).decode(String.self) {
                    applied.insert(identifier)
                }
                try Self.refuseNewer(applied)
                for migration in StoreMigration.all where !applied.contains(migration.identifier) {
                    for statement in StoreMigration.statements(migration.postgreSQL) { try await self.run(statement, on: connection) }
                    try await connection.query(
                        "INSERT INTO schema_migrations (identifier) VALUES (\(migration.identifier))", logger: Self.logger)
                }
                try await self.run("COMMIT", on: connection)
            } catch {
                try? await self.run("ROLLBACK", on: connection)
                throw error
            }
        }
    }

    // MARK: Connections

    static let logger = Logger(label: "legisurvey.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
    private static let connectionCounter = Counter()

    /// A new connection, its `search_path` the store's schema, named `legisurvey pid N` (what a
    /// waiting writer reads to say whom it waits for).
    func connect() async throws -> PostgresConnection {
        var configuration: PostgresConnection.Configuration
        switch target.endpoint {
        case .socket(let folder):
            configuration = .init(
                unixSocketPath: "\(folder)/.s.PGSQL.\(target.port)", username: user, password: password, database: target.database)
        case .tcp(let host):
            configuration = .init(
                host: host, port: target.port, username: user, password: password, database: target.database, tls: try tls(host: host))
            if target.sslMode == .verifyFull { configuration.options.tlsServerName = host }
        }
        configuration.options.additionalStartupParameters = [
            ("search_path", target.schema), ("application_name", "legisurvey pid \(getpid())"),
        ]
        do {
            return try await PostgresConnection.connect(
                configuration: configuration, id: Self.connectionCounter.next(), logger: Self.logger)
        } catch {
            throw StoreError.failed("cannot connect to PostgreSQL at \(endpointText) (database \(target.database), user \(user)): \(Self.reason(error))")
        }
    }

    /// A connection found closed in the middle of a command: the server ended it or the network failed.
    var lostConnection: StoreError {
        .failed("the connection to PostgreSQL at \(endpointText) (database \(target.database)) was lost: the server ended it or the network failed")
    }

    /// `host:port`, or the socket's path.
    var endpointText: String {
        switch target.endpoint {
        case .tcp(let host): return "\(host):\(target.port)"
        case .socket(let folder): return "\(folder)/.s.PGSQL.\(target.port)"
        }
    }

    /// postgres-nio's TLS setting for the URL's `sslmode` (libpq's default, `prefer`, when absent).
    private func tls(host: String) throws -> PostgresConnection.Configuration.TLS {
        let mode = target.sslMode ?? .prefer
        if mode == .disable { return .disable }
        var configuration = TLSConfiguration.makeClientConfiguration()
        if mode == .verifyFull {
            let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
            let root = target.sslRootCertificate ?? home + "/.postgresql/root.crt"
            guard FileManager.default.isReadableFile(atPath: root) else {
                throw StoreError.failed("sslmode=verify-full needs the server's root certificate: \(root) cannot be read (give sslrootcert=PATH)")
            }
            configuration.trustRoots = .file(root)
            configuration.certificateVerification = .fullVerification
        } else {
            configuration.certificateVerification = .none
        }
        let context: NIOSSLContext
        do {
            context = try NIOSSLContext(configuration: configuration)
        } catch {
            throw StoreError.failed("cannot set up TLS for PostgreSQL at \(host): \(error)")
        }
        return mode == .prefer ? .prefer(context) : .require(context)
    }

    /// `body` on a new connection, closed after it.
    func withConnection<T>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let connection = try await connect()
        do {
            let result = try await body(connection)
            try? await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw Self.storeError(error)
        }
    }

    /// One statement without binds or rows.
    func run(_ sql: String, on connection: PostgresConnection) async throws {
        guard !connection.isClosed else { throw lostConnection }
        try await connection.query(PostgresQuery(unsafeSQL: sql), logger: Self.logger)
    }

    /// A store error as one line: the server's message (and SQLSTATE), never the statement.
    static func storeError(_ error: any Error) -> any Error {
        if error is StoreError || error is CancellationError { return error }
        if let error = error as? PSQLError, error.code == .server {
            let state = error.serverInfo?[.sqlState] ?? ""
            return StoreError.failed("PostgreSQL error \(state): \(reason(error))")
        }
        if error is PSQLError { return StoreError.failed("PostgreSQL: \(reason(error))") }
        return error
    }

    /// The server's message (with its detail), or the connection's failure.
    static func reason(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let message = error.serverInfo?[.message] {
            return message + (error.serverInfo?[.detail].map { " (\($0))" } ?? "")
        }
        if let underlying = error.underlying { return "\(underlying)" }
        return "\(error.code)"
    }

    private static func loginName() -> String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return ProcessInfo.processInfo.environment["USER"] ?? "postgres"
    }
}

/// Connection ids for postgres-nio's logging.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
