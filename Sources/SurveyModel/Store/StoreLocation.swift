// Where the store is: the pipeline file's `store:` setting (or `--store`), parsed once.
public import Foundation

/// Where a store lives. Today only a SQLite file; issue 28 adds `postgresql://user@host/db`
/// (a `case postgresql(URL)`), selected by the same `store:` setting.
///
/// The pipeline file's `store:` keeps accepting what it accepted before: a path, relative to the
/// pipeline file's folder (on the command line: to the current folder).
public enum StoreLocation: Sendable, Hashable, CustomStringConvertible {
    /// A SQLite database file (an absolute path).
    case sqlite(path: String)

    /// A `store:` value: a file path, resolved against `base` when relative.
    public init(parsing text: String, relativeTo base: URL) {
        let url = text.hasPrefix("/") ? URL(fileURLWithPath: text) : base.appendingPathComponent(text).standardizedFileURL
        self = .sqlite(path: url.path)
    }

    /// A `--store` value: a file path, relative to the current folder.
    public init(commandLine text: String) {
        self = .sqlite(path: URL(fileURLWithPath: text).standardizedFileURL.path)
    }

    /// The SQLite file's path (nil for a server location).
    public var sqlitePath: String? {
        switch self {
        case .sqlite(let path): return path
        }
    }

    /// As the user would write it: the path for SQLite.
    public var description: String {
        switch self {
        case .sqlite(let path): return path
        }
    }
}
