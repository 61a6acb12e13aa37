// The password of a PostgreSQL store, found as libpq finds it (postgres-nio reads neither place):
// `PGPASSWORD`, then the password file (`PGPASSFILE`, else `~/.pgpass`). Never from the pipeline
// file or the command line: a URL with a password is refused when it is parsed (StoreLocation).
public import Foundation
public import SurveyModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// libpq's password look-up: `PGPASSWORD`, then the password file.
///
/// The file (`PGPASSFILE`, else `~/.pgpass`) has one `host:port:database:user:password` per line;
/// each of the first four fields may be `*` (anything); `\:` and `\\` stand for `:` and `\`; the
/// first line that matches wins; lines starting with `#` are comments. A Unix-socket connection
/// matches the host `localhost` when its folder is the default one (libpq's rule), and its folder's
/// path always. As libpq, a file that group or others can read (or that is not a plain file) is
/// ignored with a warning.
public enum PostgresPassword {
    /// The password for `user` at `location`, or nil (the server may need none: `trust`, `peer`).
    /// `environment` is the process's (a parameter for tests); `warn` gets libpq's warning about
    /// a password file others can read.
    public static func lookUp(
        _ location: PostgresLocation, user: String, environment: [String: String] = ProcessInfo.processInfo.environment,
        warn: (String) -> Void = { _ in }
    ) -> String? {
        if let password = environment["PGPASSWORD"], !password.isEmpty { return password }
        guard let file = passwordFile(environment: environment) else { return nil }
        guard let text = readPrivateFile(file, warn: warn) else { return nil }
        return match(text, location: location, user: user)
    }

    /// `PGPASSFILE`, else `~/.pgpass` (HOME, else the user database's home folder).
    static func passwordFile(environment: [String: String]) -> String? {
        if let file = environment["PGPASSFILE"], !file.isEmpty { return file }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.pgpass" }
        guard let entry = getpwuid(geteuid()), let home = entry.pointee.pw_dir else { return nil }
        return String(cString: home) + "/.pgpass"
    }

    /// The file's text, or nil when it is missing, not a plain file, or readable by group or
    /// others (warned, as libpq: `password file "F" has group or world access; permissions should
    /// be u=rw (0600) or less`).
    static func readPrivateFile(_ path: String, warn: (String) -> Void) -> String? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            warn("password file \"\(path)\" is not a plain file")
            return nil
        }
        if status.st_mode & (S_IRWXG | S_IRWXO) != 0 {
            warn("password file \"\(path)\" has group or world access; permissions should be u=rw (0600) or less")
            return nil
        }
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// The password of the first line of a password file that matches, or nil.
    static func match(_ text: String, location: PostgresLocation, user: String) -> String? {
        let hosts: [String]
        switch location.endpoint {
        case .tcp(let host): hosts = [host]
        case .socket(let folder):
            hosts = folder == PostgresLocation.defaultSocketFolder ? ["localhost", folder] : [folder]
        }
        let wanted: [[String]] = [hosts, [String(location.port)], [location.database], [user]]
        for line in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let line = line.hasSuffix("\r") ? line.dropLast() : line
            if line.hasPrefix("#") { continue }
            let fields = Self.fields(String(line))
            guard fields.count >= 5 else { continue }
            let matches = (0..<4).allSatisfy { index in fields[index] == "*" || wanted[index].contains(fields[index]) }
            // The password is the rest of the line, with its `\:` and `\\` undone.
            if matches { return fields[4...].joined(separator: ":") }
        }
        return nil
    }

    /// A line split at unescaped `:`, with `\x` read as `x`.
    static func fields(_ line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var escaped = false
        for character in line {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == ":" {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }
}
