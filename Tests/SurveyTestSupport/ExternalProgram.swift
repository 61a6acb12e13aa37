public import Foundation

/// Runs an external program (pyxform, Python, the `legisurvey` binary, LibreOffice) to its end and
/// returns what it wrote. Standard output and error go to files, never pipes: a program that fills
/// one pipe while the test reads the other would block both forever (a pipe holds 64 KiB), and a
/// long error list or a large JSON answer is exactly what these tools print when something is wrong.
public enum ExternalProgram {
    public struct Result: Sendable {
        public var status: Int32
        /// Standard output (with `mergeErrors`, standard error too, interleaved as written).
        public var output: Data
        /// Standard error; empty with `mergeErrors`.
        public var errors: String

        /// ``output`` as UTF-8 text.
        public var text: String { String(decoding: output, as: UTF8.self) }
    }

    /// Runs `program` with `arguments` in `folder` (the current one when nil), with `environment`
    /// added to the test's own. `mergeErrors`: standard error into ``Result/output`` too.
    /// Blocks its thread until the program ends: called only from ``run(_:_:in:environment:mergeErrors:)``,
    /// on a thread of its own.
    private static func runBlocking(
        _ program: URL, _ arguments: [String], in folder: URL? = nil, environment: [String: String] = [:],
        mergeErrors: Bool = false
    ) throws -> Result {
        let scratch = Fixtures.temporaryFolder("program-output")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outputFile = scratch.appendingPathComponent("stdout")
        let errorFile = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        let output = try FileHandle(forWritingTo: outputFile)
        let errors = try FileHandle(forWritingTo: errorFile)
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = folder }
        if !environment.isEmpty {
            var variables = ProcessInfo.processInfo.environment
            for (key, value) in environment { variables[key] = value }
            process.environment = variables
        }
        process.standardOutput = output
        process.standardError = mergeErrors ? output : errors
        try process.run()
        process.waitUntilExit()
        try output.close()
        try errors.close()
        return Result(
            status: process.terminationStatus, output: try Data(contentsOf: outputFile),
            errors: String(decoding: (try? Data(contentsOf: errorFile)) ?? Data(), as: UTF8.self))
    }

    /// Runs `program` with `arguments` in `folder` (the current one when nil), with `environment`
    /// added to the test's own, and returns what it wrote. `mergeErrors`: standard error into
    /// ``Result/output`` too.
    ///
    /// Waits on a thread of its own: a program that runs for a minute must not hold one of the few
    /// threads Swift's concurrency shares among every test running at once (two on a 2-core
    /// machine), or the others starve: a test waiting for a lock the starved holder never got to
    /// release was refused after ten minutes. The tests' helpers that run the `legisurvey` binary
    /// (`CommandLineTests.run`, `UnprivilegedRun.run`, `ReadmeCommandsTests.shell`) go through here.
    public static func run(
        _ program: URL, _ arguments: [String], in folder: URL? = nil, environment: [String: String] = [:],
        mergeErrors: Bool = false
    ) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(
                    with: Swift.Result { try runBlocking(program, arguments, in: folder, environment: environment, mergeErrors: mergeErrors) })
            }
        }
    }
}
