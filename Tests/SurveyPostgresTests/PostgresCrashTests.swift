// Issue 28's guarantees at PostgreSQL with the real binary (the test hook of
// Sources/SurveyPipeline/TestHooks.swift stops a run inside its load transaction): a run killed
// (SIGKILL) there leaves the store as it was, and the rerun writes what a clean run writes; a run
// whose connections the server ends there stops with one line and exit status 2, the store
// unchanged, and the next run completes.
import Foundation
import Logging
import PostgresNIO
import SurveyLoad
import SurveyModel
import SurveyPostgres
import SurveyTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct PostgresCrashTests {
    let folder = Fixtures.temporaryFolder("postgres-crash")

    /// A `legisurvey run` of the demo inbox into `store`, writing to `output`, its stderr in a file.
    func start(_ store: PostgresLocation, output: String, environment: [String: String] = [:], extra: [String] = []) throws
        -> (Process, URL)
    {
        let errors = folder.appendingPathComponent("\(output).stderr")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        let process = Process()
        process.executableURL = PostgresCommandLineTests.binary
        process.arguments = [
            "run", "--input", Fixtures.packageRoot.appendingPathComponent("Input").path, "--output",
            folder.appendingPathComponent(output).path, "--store", store.description, "--no-pdf", "--quiet",
        ] + extra
        process.currentDirectoryURL = Fixtures.packageRoot
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        return (process, errors)
    }

    /// Runs to its end (bounded: 300 s) and returns the exit status and standard error.
    func complete(_ store: PostgresLocation, output: String, environment: [String: String] = [:], extra: [String] = [])
        async throws -> (Int32, String)
    {
        let (process, errors) = try start(store, output: output, environment: environment, extra: extra)
        return try await finish(process, errors: errors)
    }

    /// Waits for a started run to end (bounded: 300 s, then killed): its exit status and standard error.
    func finish(_ process: Process, errors: URL) async throws -> (Int32, String) {
        let deadline = Date().addingTimeInterval(300)
        while process.isRunning && Date() < deadline { try await Task.sleep(nanoseconds: 100_000_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return (process.terminationStatus, (try? String(contentsOf: errors, encoding: .utf8)) ?? "")
    }

    /// The file a paused run announced itself in: removing it lets the run go on.
    func pauseFile(_ output: String) -> URL { folder.appendingPathComponent("\(output).pause") }

    /// Starts a run paused inside its load transaction and waits (bounded) until it is there; it
    /// stays there until `pauseFile(output)` is removed (or 120 s).
    func startPaused(_ store: PostgresLocation, output: String) async throws -> (Process, URL) {
        let pauseFile = pauseFile(output)
        let (process, errors) = try start(
            store, output: output,
            environment: [
                "LEGISURVEY_TEST_PAUSE_AT": "store-transaction", "LEGISURVEY_TEST_PAUSE_FILE": pauseFile.path,
            ])
        let deadline = Date().addingTimeInterval(300)
        while !FileManager.default.fileExists(atPath: pauseFile.path) && process.isRunning && Date() < deadline {
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        try #require(
            FileManager.default.fileExists(atPath: pauseFile.path),
            "the run did not reach its load transaction: \((try? String(contentsOf: errors, encoding: .utf8)) ?? "")")
        return (process, errors)
    }

    /// Every output file but run_summary.json and the folder's lock (they name their run).
    func outputs(_ name: String) throws -> [String: Data] {
        let root = folder.appendingPathComponent(name)
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])!
        for case let url as URL in enumerator where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            let relative = String(url.path.dropFirst(root.path.count + 1))
            if relative == ".legisurvey.lock" || relative == "run_summary.json" { continue }
            files[relative] = try Data(contentsOf: url)
        }
        return files
    }

    func state(_ location: PostgresLocation) async throws -> StoreConformance.State {
        try await StoreConformance.State.read(try await PostgresStore.open(location, mustExist: true))
    }

    @Test func aRunKilledInsideItsLoadLeavesTheStoreAsItWas() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let cluster = try await PostgresCluster.shared()
        let store = cluster.location()
        let reference = cluster.location()
        #expect(try await complete(store, output: "first").0 == 0)
        let before = try await state(store)

        let (process, _) = try await startPaused(store, output: "killed")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(try await state(store) == before, "the store after a run killed inside its load transaction")
        // The server ended the killed run's sessions: its lock is free (waited for, not assumed at once).
        let lock = try await PostgresStore.open(store, mustExist: true).lockWriter(timeout: 30, log: { _ in })
        lock.release()

        #expect(try await complete(store, output: "rerun").0 == 0)
        #expect(try await complete(reference, output: "clean-1").0 == 0)
        #expect(try await complete(reference, output: "clean-2").0 == 0)
        let rerun = try outputs("rerun")
        let clean = try outputs("clean-2")
        #expect(rerun.count > 40 && rerun.keys.sorted() == clean.keys.sorted())
        #expect(rerun.keys.filter { rerun[$0] != clean[$0] }.sorted().isEmpty, "the rerun writes what a clean second run writes")
        #expect(try await PostgresStore.open(store, mustExist: true).runCount() == 2)
    }

    @Test func aRunWhoseConnectionsTheServerEndsStopsWithOneLine() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let cluster = try await PostgresCluster.shared()
        let store = cluster.location()
        #expect(try await complete(store, output: "first").0 == 0)
        let before = try await state(store)

        let (process, errors) = try await startPaused(store, output: "dropped")
        // Every session of that run (its load and its lock), as a server restart or a network
        // failure would end them.
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        let admin = try await PostgresConnection.connect(
            configuration: .init(
                unixSocketPath: "\(cluster.folder)/.s.PGSQL.\(cluster.port)", username: cluster.user, password: nil,
                database: cluster.database), id: 1, logger: logger)
        var ended = 0
        for try await (done) in try await admin.query(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = \("legisurvey pid \(process.processIdentifier)")",
            logger: logger
        ).decode(Bool.self) where done {
            ended += 1
        }
        try await admin.close()
        #expect(ended >= 2, "the run's load and lock sessions: \(ended)")
        try FileManager.default.removeItem(at: pauseFile("dropped"))  // the run goes on, to its COMMIT
        let (status, output) = try await finish(process, errors: errors)
        let text = output.trimmingCharacters(in: .newlines)
        #expect(status == 2, "\(text)")
        let lines = text.components(separatedBy: "\n").filter { $0.hasPrefix("legisurvey: error:") }
        #expect(lines.count == 1 && lines[0].contains(store.description), "\(text)")
        #expect(try await state(store) == before, "the store after a run whose connection was ended")
        #expect(try await complete(store, output: "next").0 == 0, "the next run completes")
        #expect(try await PostgresStore.open(store, mustExist: true).runCount() == 2)
    }

    /// The server stopped by its administrator (`pg_ctl stop -m fast`) while a run is inside its
    /// load: the run ends with one line naming the store, exit status 2; once the server is back
    /// the store is as it was and the next run completes. On a cluster of this test's own (the
    /// shared one serves the tests running beside it).
    @Test func theServerStoppedMidRunIsOneLineAndTheStoreUnchanged() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let cluster = try await PostgresCluster.own()
        defer { cluster.remove() }
        let store = cluster.location()
        #expect(try await complete(store, output: "first").0 == 0)
        let before = try await state(store)

        let (process, errors) = try await startPaused(store, output: "stopped")
        try await cluster.stopServer()
        try FileManager.default.removeItem(at: pauseFile("stopped"))  // the run goes on, to its COMMIT
        let (status, output) = try await finish(process, errors: errors)
        let text = output.trimmingCharacters(in: .newlines)
        #expect(status == 2, "\(text)")
        let lines = text.components(separatedBy: "\n").filter { !$0.isEmpty }
        #expect(lines.count == 1 && lines[0].hasPrefix("legisurvey: error:") && lines[0].contains(store.description), "\(text)")

        try await cluster.startServer()
        #expect(try await state(store) == before, "the store after the server stopped during a run's load")
        #expect(try await complete(store, output: "next").0 == 0, "the next run completes")
        #expect(try await PostgresStore.open(store, mustExist: true).runCount() == 2)
    }

    /// Two runs at once on one store (each with its own output folder): while the first is inside
    /// its load, a second with `--wait 0` is refused naming the first's pid, `status` (another
    /// process) and a reader in this one see the previous state, and a third run with a long
    /// `--wait` waits, then completes once the first is gone.
    @Test func twoRunsAtOnceAndReadersMeanwhile() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let cluster = try await PostgresCluster.shared()
        let store = cluster.location()
        #expect(try await complete(store, output: "first").0 == 0)
        let before = try await state(store)

        // `explain stat` (a process of its own) before the second run and during its load.
        let explain = ["explain", "stat", "--store", store.description, "2026", "ch3_specific_law", "yes", "world"]
        let explained = try await ExternalProgram.run(PostgresCommandLineTests.binary, explain, in: Fixtures.packageRoot)
        #expect(explained.status == 0 && explained.text.contains("ch3_specific_law"), "\(explained.text)")

        let (holder, _) = try await startPaused(store, output: "holder")
        let (refused, text) = try await complete(store, output: "refused", extra: ["--wait", "0"])
        #expect(refused == 2, "\(text)")
        #expect(
            text.contains("another legisurvey run (pid \(holder.processIdentifier)) is using the store \(store.description)"), "\(text)")
        let status = try await ExternalProgram.run(
            PostgresCommandLineTests.binary, ["status", "--store", store.description], in: Fixtures.packageRoot)
        #expect(status.status == 0 && status.text.contains("  #1 ") && !status.text.contains("  #2 "), "\(status.text)")
        let during = try await ExternalProgram.run(PostgresCommandLineTests.binary, explain, in: Fixtures.packageRoot)
        #expect(during.status == 0 && during.text == explained.text, "explain during the load: \(during.text)")
        #expect(try await state(store) == before, "a reader during the load sees the previous committed state")

        let (waiting, waitingErrors) = try start(store, output: "waiting", extra: ["--wait", "300"])
        try await Task.sleep(nanoseconds: 3_000_000_000)
        #expect(waiting.isRunning, "the waiting run waits: \((try? String(contentsOf: waitingErrors, encoding: .utf8)) ?? "")")
        kill(holder.processIdentifier, SIGKILL)
        holder.waitUntilExit()
        let (waited, waitedText) = try await finish(waiting, errors: waitingErrors)
        #expect(waited == 0, "\(waitedText)")
        #expect(try await PostgresStore.open(store, mustExist: true).runCount() == 2)
    }
}
