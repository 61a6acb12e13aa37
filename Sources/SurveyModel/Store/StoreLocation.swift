// Where the store is: the pipeline file's `store:` setting (or `--store`), parsed once.
public import Foundation

/// Where a store lives: a SQLite file, or a PostgreSQL database (issue 28), selected by the same
/// `store:` setting.
///
/// The pipeline file's `store:` keeps accepting what it accepted before: a path, relative to the
/// pipeline file's folder (on the command line: to the current folder). A value starting with
/// `postgresql://` or `postgres://` is a PostgreSQL location (``PostgresLocation``).
public enum StoreLocation: Sendable, Hashable, CustomStringConvertible {
    /// A SQLite database file (an absolute path).
    case sqlite(path: String)
    /// A schema in a PostgreSQL database.
    case postgresql(PostgresLocation)

    /// A `store:` value: a PostgreSQL URL, or a file path resolved against `base` when relative.
    public init(parsing text: String, relativeTo base: URL) throws {
        if let location = try PostgresLocation(url: text) {
            self = .postgresql(location)
            return
        }
        let url = text.hasPrefix("/") ? URL(fileURLWithPath: text) : base.appendingPathComponent(text).standardizedFileURL
        self = .sqlite(path: url.path)
    }

    /// A `--store` value: a PostgreSQL URL, or a file path relative to the current folder.
    public init(commandLine text: String) throws {
        if let location = try PostgresLocation(url: text) {
            self = .postgresql(location)
            return
        }
        self = .sqlite(path: URL(fileURLWithPath: text).standardizedFileURL.path)
    }

    /// The SQLite file's path (nil for a server location).
    public var sqlitePath: String? {
        switch self {
        case .sqlite(let path): return path
        case .postgresql: return nil
        }
    }

    /// As the user would write it: the path for SQLite, the URL (never with a password) for PostgreSQL.
    public var description: String {
        switch self {
        case .sqlite(let path): return path
        case .postgresql(let location): return location.description
        }
    }
}

/// A PostgreSQL store: `postgresql://user@host:port/database` (or `postgres://`), with the libpq
/// parameters this tool understands: `host=/socket/folder` (a Unix socket; also a host part that
/// is a percent-encoded path), `sslmode=disable|prefer|require|verify-full` (libpq's default,
/// `prefer`, when absent), `sslrootcert=PATH` (for `verify-full`), and `schema=NAME` (the store's
/// schema, `legisurvey` when absent). A password in the URL is refused: it would sit in the
/// pipeline file, the shell history and every message; it comes from `PGPASSWORD` or `~/.pgpass`.
///
/// Parsing only: no file is read and no variable consulted here (the user defaults to `PGUSER` or
/// the login name when the backend connects; ``user`` is nil then).
public struct PostgresLocation: Sendable, Hashable, CustomStringConvertible {
    /// How the connection is made.
    public enum Endpoint: Sendable, Hashable {
        /// TCP to a host name or address.
        case tcp(host: String)
        /// A Unix socket in this folder (`<folder>/.s.PGSQL.<port>`).
        case socket(folder: String)
    }

    /// libpq's `sslmode` values this tool supports.
    public enum SSLMode: String, Sendable, Hashable, CaseIterable {
        /// No TLS.
        case disable
        /// TLS when the server offers it, without checking its certificate (libpq's default).
        case prefer
        /// TLS or no connection, without checking the certificate (as libpq without a root certificate).
        case require
        /// TLS, the certificate checked against `sslrootcert` (default `~/.postgresql/root.crt`)
        /// and the host name.
        case verifyFull = "verify-full"
    }

    /// The folder libpq uses when a URL names no host (Debian's).
    public static let defaultSocketFolder = "/var/run/postgresql"
    /// The schema a URL without `schema=` names.
    public static let defaultSchema = "legisurvey"

    /// The user name; nil: `PGUSER`, else the login name, when connecting.
    public var user: String?
    public var endpoint: Endpoint
    public var port: Int
    public var database: String
    public var schema: String
    /// nil: libpq's default, `prefer` (a socket connection never uses TLS).
    public var sslMode: SSLMode?
    /// The root certificate file for `verify-full` (nil: `~/.postgresql/root.crt`).
    public var sslRootCertificate: String?

    public init(
        user: String?, endpoint: Endpoint, port: Int = 5432, database: String, schema: String = PostgresLocation.defaultSchema,
        sslMode: SSLMode? = nil, sslRootCertificate: String? = nil
    ) {
        self.user = user
        self.endpoint = endpoint
        self.port = port
        self.database = database
        self.schema = schema
        self.sslMode = sslMode
        self.sslRootCertificate = sslRootCertificate
    }

    /// Why a `postgresql://` value was refused.
    public struct ParseError: Error, CustomStringConvertible, Equatable {
        public var description: String
        init(_ description: String) { self.description = description }
    }

    /// Parses `text` when it starts with `postgresql://` or `postgres://` (nil for anything else:
    /// a file path); throws ``ParseError`` when it does but is not a usable location.
    public init?(url text: String) throws {
        let lowered = text.lowercased()
        guard lowered.hasPrefix("postgresql://") || lowered.hasPrefix("postgres://") else { return nil }
        // The URL's text is never repeated in an error: it may hold a password.
        guard let components = URLComponents(string: text) else {
            throw ParseError("the PostgreSQL store URL is not a valid URL (expected postgresql://user@host:port/database)")
        }
        if components.password != nil {
            throw ParseError(
                "the PostgreSQL store URL holds a password; remove it and give the password in PGPASSWORD or ~/.pgpass (see docs/store.md)")
        }
        var user = components.percentEncodedUser.flatMap { $0.removingPercentEncoding }.flatMap { $0.isEmpty ? nil : $0 }
        var host = components.percentEncodedHost.flatMap { $0.removingPercentEncoding } ?? ""
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        var port = components.port ?? 5432
        var path = components.percentEncodedPath
        if path.hasPrefix("/") { path.removeFirst() }
        guard let database = path.removingPercentEncoding, !database.isEmpty, !database.contains("/") else {
            throw ParseError("the PostgreSQL store URL names no database (expected postgresql://user@host:port/database)")
        }
        var schema = Self.defaultSchema
        var sslMode: SSLMode?
        var rootCertificate: String?
        for item in components.queryItems ?? [] {
            let value = item.value ?? ""
            switch item.name {
            case "host": host = value
            case "port":
                guard let number = Int(value), (1...65535).contains(number) else {
                    throw ParseError("the PostgreSQL store URL's port=\(value) is not a port number")
                }
                port = number
            case "user": user = value.isEmpty ? nil : value
            case "schema": schema = value
            case "sslmode":
                guard let mode = SSLMode(rawValue: value) else {
                    throw ParseError(
                        "the PostgreSQL store URL's sslmode=\(value) is not one this tool supports (\(SSLMode.allCases.map(\.rawValue).joined(separator: ", ")))"
                    )
                }
                sslMode = mode
            case "sslrootcert": rootCertificate = value
            case "password":
                throw ParseError(
                    "the PostgreSQL store URL holds a password; remove it and give the password in PGPASSWORD or ~/.pgpass (see docs/store.md)")
            default:
                throw ParseError(
                    "the PostgreSQL store URL has a parameter this tool does not know: \(item.name) (known: host, port, user, schema, sslmode, sslrootcert)")
            }
        }
        guard Self.isPlainName(schema) else {
            throw ParseError(
                "the PostgreSQL store URL's schema=\(schema) is not a plain name (lower-case letters, digits and _, not starting with a digit, at most 63 characters)")
        }
        guard (1...65535).contains(port) else { throw ParseError("the PostgreSQL store URL's port \(port) is not a port number") }
        let endpoint: Endpoint
        if host.isEmpty {
            endpoint = .socket(folder: Self.defaultSocketFolder)
        } else if host.hasPrefix("/") {
            endpoint = .socket(folder: host)
        } else {
            endpoint = .tcp(host: host)
        }
        if case .socket = endpoint, sslMode == .require || sslMode == .verifyFull {
            throw ParseError("the PostgreSQL store URL asks for sslmode=\(sslMode!.rawValue) over a Unix socket, which has no TLS")
        }
        self.init(
            user: user, endpoint: endpoint, port: port, database: database, schema: schema, sslMode: sslMode,
            sslRootCertificate: rootCertificate)
    }

    /// A schema name used unquoted in SQL: `[a-z_][a-z0-9_]*`, at most 63 bytes.
    static func isPlainName(_ name: String) -> Bool {
        guard let first = name.utf8.first, name.utf8.count <= 63, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first)
        else { return false }
        return name.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "_")
        }
    }

    /// The URL as the user would write it, never with a password; parameters at their defaults
    /// are left out.
    public var description: String {
        func encoded(_ text: String) -> String {
            var allowed = CharacterSet.urlUserAllowed
            allowed.remove(charactersIn: ":@/?#[]%")
            return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
        }
        var text = "postgresql://"
        if let user { text += encoded(user) + "@" }
        var parameters: [String] = []
        switch endpoint {
        case .tcp(let host):
            text += host.contains(":") ? "[\(host)]" : encoded(host)
            if port != 5432 { text += ":\(port)" }
        case .socket(let folder):
            // No host part: the socket's folder and port as parameters (`postgresql://u@:5433/d` reads badly).
            if folder != Self.defaultSocketFolder { parameters.append("host=\(folder)") }
            if port != 5432 { parameters.append("port=\(port)") }
        }
        text += "/" + encoded(database)
        if schema != Self.defaultSchema { parameters.append("schema=\(schema)") }
        if let sslMode { parameters.append("sslmode=\(sslMode.rawValue)") }
        if let sslRootCertificate { parameters.append("sslrootcert=\(sslRootCertificate)") }
        if !parameters.isEmpty { text += "?" + parameters.joined(separator: "&") }
        return text
    }
}
