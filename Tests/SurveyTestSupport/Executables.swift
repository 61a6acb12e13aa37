public import Foundation

/// Writes the executables the tests then run: a copy of the `legisurvey` binary, stand-in
/// `chromium` and `xdg-open` scripts.
///
/// A file cannot be executed while any process holds it open for writing (`ETXTBSY`, "Text file
/// busy"). A file the test process writes itself is open for writing in that process, and a child
/// that another test spawns at that moment (the tests run at once, and many start programs)
/// inherits the descriptor and may keep it for its whole life: `make test` once failed that way
/// (`setpriv: failed to execute …/legisurvey: Text file busy`). Written here by a child
/// `install` process instead, the new file's only writer is that process, ended before anything
/// runs the file.
public enum Executables {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Copies `source` to `destination` as an executable (mode 0755).
    public static func copy(_ source: URL, to destination: URL) throws {
        guard let install = ["/usr/bin/install", "/bin/install"].first(where: { FileManager.default.isExecutableFile(atPath: $0) })
        else { throw Failure(description: "install (coreutils) is needed to write executables") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: install)
        process.arguments = ["-m", "755", "--", source.path, destination.path]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "install \(source.path) \(destination.path) exited with status \(process.terminationStatus)")
        }
    }

    /// Writes `script` to `destination` as an executable (mode 0755). The text goes first to a
    /// file beside it that is never executed, then through ``copy(_:to:)``.
    public static func write(script: String, to destination: URL) throws {
        let text = destination.deletingLastPathComponent()
            .appendingPathComponent(".\(destination.lastPathComponent).\(UUID().uuidString).text")
        try Data(script.utf8).write(to: text)
        defer { try? FileManager.default.removeItem(at: text) }
        try copy(text, to: destination)
    }
}
