import Foundation
import GRDB
import SurveyTestSupport
import Testing

@testable import SurveyPipeline

/// Commands and stores refuse what they cannot handle, with one line a person can act on
/// (issue 16 section 6). Each runs the real binary.
@Suite struct CommandRefusalTests {
    let cli = CommandLineTests()

    /// A store made by a newer LegiSurvey (its migrations table names a migration this version does
    /// not know) is refused by `run` and `status`, and left byte for byte as it was.
    @Test func aStoreMadeByANewerVersionIsRefusedByRunAndStatus() async throws {
        let folder = Fixtures.temporaryFolder("cli-newer-store")
        let store = folder.appendingPathComponent("s.sqlite").path
        let output = folder.appendingPathComponent("out").path
        let first = try await cli.run(["run", "--output", output, "--store", store, "--quiet"])
        try #require(first.status == 0, "\(first.stderr)")
        do {
            let queue = try DatabaseQueue(path: store)
            try await queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')") }
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: store))
        for arguments in [["run", "--output", output, "--store", store, "--quiet"], ["status", "--store", store]] {
            let result = try await cli.run(arguments)
            #expect(result.status == 2, "\(arguments[0]): \(result.stdout)")
            #expect(result.stderr.contains("made by a newer LegiSurvey (migration v99-from-the-future); upgrade"), "\(arguments[0]): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments[0]): \(result.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: store)) == before, "the refused store was changed")
    }

    /// A path option that names a file where a folder is wanted says so (not "not found").
    @Test func aFileGivenForAFolderIsNamedAsSuch() async throws {
        let folder = Fixtures.temporaryFolder("cli-file-for-folder")
        let file = folder.appendingPathComponent("plain.txt")
        try Data("x".utf8).write(to: file)
        let store = folder.appendingPathComponent("s.sqlite").path
        let input = try await cli.run(["run", "--input", file.path, "--output", folder.appendingPathComponent("out").path, "--store", store])
        #expect(input.status == 2)
        #expect(input.stderr.contains("input \(file.path) is a file, not a folder"), "\(input.stderr)")
        let output = try await cli.run(["run", "--output", file.path, "--store", store])
        #expect(output.status == 2)
        #expect(output.stderr.contains("output \(file.path) is a file, not a folder"), "\(output.stderr)")
        #expect(try String(contentsOf: file, encoding: .utf8) == "x")
        // The symmetric cases: a folder where a file is wanted.
        for arguments in [["run", "--output", folder.appendingPathComponent("out").path, "--store", folder.path], ["status", "--store", folder.path]] {
            let store = try await cli.run(arguments)
            #expect(store.status == 2)
            #expect(store.stderr == "legisurvey: error: store \(folder.path): is a folder, not a store file; give the path of a file (it is created when missing)\n", "\(store.stderr)")
        }
        let pipeline = try await cli.run(["validate", "--pipeline", folder.path, "Input/demo-2-wide.csv"])
        #expect(pipeline.status == 2)
        #expect(pipeline.stderr.contains("\(folder.path): is a folder, not a regular file; give a regular file"), "\(pipeline.stderr)")
    }

    /// `validate` reads what it is given by path: a FIFO blocked it forever, `/dev/zero` never
    /// ended. They are refused as not regular files without being opened for reading; a pipeline
    /// file that is a FIFO or a device is refused in one line.
    @Test func validateRefusesWhatIsNotARegularFile() async throws {
        let folder = Fixtures.temporaryFolder("cli-validate-fifo")
        let pipe = folder.appendingPathComponent("pipe.xml")
        try #require(mkfifo(pipe.path, 0o644) == 0)
        let result = try await cli.run(["validate", pipe.path, "/dev/zero"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("\(pipe.path): error: [file-not-regular]"), "\(result.stdout)")
        #expect(result.stdout.contains("/dev/zero: error: [file-not-regular]"), "\(result.stdout)")
        let pipelineFIFO = folder.appendingPathComponent("pipeline.yml")
        try #require(mkfifo(pipelineFIFO.path, 0o644) == 0)
        for pipeline in [pipelineFIFO.path, "/dev/zero"] {
            let refused = try await cli.run(["validate", "--pipeline", pipeline, "Input/demo-2-wide.csv"])
            #expect(refused.status == 2)
            #expect(refused.stderr.contains("not a regular file; give a regular file"), "\(refused.stderr)")
        }
    }

    /// Failed before: `sample --output` into a live inbox wrote the demo among its files and
    /// overwrote its README. A folder that is new, empty or holds only a previous sample is
    /// written; any other is refused without --force, naming a few of the foreign files.
    @Test func sampleRefusesAFolderHoldingOtherFilesWithoutForce() async throws {
        let folder = Fixtures.temporaryFolder("cli-sample-foreign")
        let inbox = folder.appendingPathComponent("inbox")
        // New, then over itself (a previous sample).
        for _ in 0..<2 {
            let result = try await cli.run(["sample", "--countries", "4", "--output", inbox.path])
            #expect(result.status == 0, "\(result.stderr)")
        }
        // A respondent inbox is a sample too.
        let respondents = folder.appendingPathComponent("respondents")
        for _ in 0..<2 {
            let result = try await cli.run(["sample", "--respondents", "3", "--output", respondents.path])
            #expect(result.status == 0, "\(result.stderr)")
        }
        // A live inbox: its own README and data files.
        let live = folder.appendingPathComponent("live")
        try FileManager.default.createDirectory(at: live.appendingPathComponent("2026"), withIntermediateDirectories: true)
        try Data("# Our inbox\n".utf8).write(to: live.appendingPathComponent("README.md"))
        try Data("<submissions/>".utf8).write(to: live.appendingPathComponent("2026/fra.xml"))
        try Data("country,round\n".utf8).write(to: live.appendingPathComponent("export.csv"))
        try Data("x".utf8).write(to: live.appendingPathComponent("notes.xml"))
        try Data("x".utf8).write(to: live.appendingPathComponent("other.xml"))
        let refused = try await cli.run(["sample", "--countries", "4", "--output", live.path])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("--output \(live.path) holds files no sample wrote (2026, README.md, export.csv and 2 more)"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--force"), "\(refused.stderr)")
        #expect(try String(contentsOf: live.appendingPathComponent("README.md"), encoding: .utf8) == "# Our inbox\n")
        #expect(!FileManager.default.fileExists(atPath: live.appendingPathComponent("demo-2-wide.csv").path))
        let forced = try await cli.run(["sample", "--countries", "4", "--output", live.path, "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(FileManager.default.fileExists(atPath: live.appendingPathComponent("2026/fra.xml").path))
        // A file where the folder should be.
        let file = live.appendingPathComponent("export.csv")
        let notFolder = try await cli.run(["sample", "--output", file.path])
        #expect(notFolder.status == 2)
        #expect(notFolder.stderr.contains("is a file, not a folder"), "\(notFolder.stderr)")
    }
}

/// Stores and output folders that cannot be written are refused before anything is loaded, in one
/// line (issue 16 section 6). Permissions do not apply to root: run as nobody (``UnprivilegedRun``).
@Suite(.serialized) struct UnwritableFolderTests {
    /// Failed before: a store file that cannot be written printed GRDB's error with the whole SQL
    /// statement, over several lines.
    @Test func aReadOnlyStoreFileIsRefusedInOneLine() async throws {
        let setup = try UnprivilegedRun()
        defer { setup.remove() }
        let first = try await setup.run(["run", "--quiet", "--pipeline", setup.pipeline.path])
        try #require(first.status == 0, "\(first.stderr)")
        #expect(chmod(setup.store.path, 0o444) == 0)
        let before = try Data(contentsOf: setup.store)
        let result = try await setup.run(["run", "--quiet", "--pipeline", setup.pipeline.path])
        #expect(result.status == 2)
        #expect(result.stderr == "legisurvey: error: the store at \(setup.store.path) cannot be written: the file is not writable (Permission denied); check permissions\n", "\(result.stderr)")
        #expect(try Data(contentsOf: setup.store) == before)
    }

    /// A write error after the checks (a full disk, a folder made read-only meanwhile) is one
    /// line: the path and the system's reason, never Foundation's NSError dump.
    @Test func fileSystemErrorsAreOneLine() {
        let underlying = NSError(domain: NSPOSIXErrorDomain, code: Int(ENOSPC))
        let error = CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: "/out/shares.csv", NSUnderlyingErrorKey: underlying])
        #expect(IOErrorText.reason(error) == "/out/shares.csv: No space left on device")
        #expect(IOErrorText.reason(CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: "/out/x"])) == "/out/x: Permission denied")
        #expect(IOErrorText.reason(PipelineError.invalidArgument("a\nb")) == "a b")
        let message = PipelineError.outputFailed(path: "/out", detail: IOErrorText.reason(error)).description
        #expect(!message.contains("\n") && !message.contains("Domain="), "\(message)")
    }

    /// The store's folder read-only: SQLite could not write its journal there.
    @Test func aStoreInAReadOnlyFolderIsRefusedInOneLine() async throws {
        let setup = try UnprivilegedRun()
        defer { setup.remove() }
        let first = try await setup.run(["run", "--quiet", "--pipeline", setup.pipeline.path])
        try #require(first.status == 0, "\(first.stderr)")
        #expect(chmod(setup.storeFolder.path, 0o555) == 0)
        let before = try Data(contentsOf: setup.store)
        let result = try await setup.run(["run", "--quiet", "--pipeline", setup.pipeline.path])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("legisurvey: error: the store at \(setup.store.path) cannot be written: its folder"), "\(result.stderr)")
        #expect(result.stderr.hasSuffix("; check permissions\n") && result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(try Data(contentsOf: setup.store) == before)
        // A read-only command still reads it.
        let status = try await setup.run(["status", "--pipeline", setup.pipeline.path])
        #expect(status.status == 0, "\(status.stderr)")
    }

    /// Failed before: with an output folder made read-only after a first run (its lock file
    /// there), the run loaded and committed the store, then printed Foundation's NSError dump.
    @Test func aReadOnlyOutputFolderIsRefusedBeforeTheStoreIsTouched() async throws {
        let setup = try UnprivilegedRun()
        defer { setup.remove() }
        let first = try await setup.run(["run", "--quiet", "--pipeline", setup.pipeline.path])
        try #require(first.status == 0, "\(first.stderr)")
        try Data(InboxWalkTests.good("DEU").utf8).write(to: setup.input.appendingPathComponent("more.xml"))
        _ = chmod(setup.input.appendingPathComponent("more.xml").path, 0o644)
        #expect(chmod(setup.output.path, 0o555) == 0)
        let before = try Data(contentsOf: setup.store)
        let result = try await setup.run(["run", "--quiet", "--pipeline", setup.pipeline.path])
        #expect(result.status == 2)
        #expect(result.stderr == "legisurvey: error: could not write \(setup.output.path): Permission denied; the output folder must be writable\n", "\(result.stderr)")
        #expect(try Data(contentsOf: setup.store) == before, "the store was changed by a run that could not write its outputs")
    }
}
