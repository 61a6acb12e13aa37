import Foundation
import SurveyLoad
import SurveyModel
import SurveyTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Kills the real `legisurvey` binary with SIGKILL at chosen phases (the test-only pause hook
/// `LEGISURVEY_TEST_PAUSE_AT`, see `Sources/SurveyPipeline/TestHooks.swift`), runs it again and
/// checks that the outputs are byte for byte those of an uninterrupted run; and checks that two
/// runs on one store never interleave (the run lock `<store>.lock`).
///
/// Every wait is bounded and every child process is killed on every path.
@Suite(.serialized) struct CrashSafetyTests {
    static let demoInbox = Fixtures.packageRoot.appendingPathComponent("Input")

    /// The longest a run to completion may take before the test gives up on it. The limits only
    /// keep a hung child from holding the test run: they are far above what a run takes, because
    /// on two cores shared by a thousand tests a demo run that takes seconds alone has taken
    /// minutes (a limit of 180 s failed a test whose runs were fine).
    static let runLimit: TimeInterval = 1200
    /// The longest the test waits for a child to reach its pause phase.
    static let pauseLimit: TimeInterval = 600
    /// The longest a child that should stop at once (a refused run) may take: its process start
    /// and refusal, on a loaded machine; far below the default `--wait` (600 s) it must not use.
    static let refusalLimit: TimeInterval = 300
    /// `--wait` for a child that waits for a holder the test then kills or lets finish.
    static let waitArgument = "1200"

    /// A second submission folder added to the demo inbox before the killed run: one more accepted
    /// submission (Iceland is not in the demo) and one unreadable file, which goes to `quarantine/`.
    static let extraFiles = [
        "demo-9-extra/ISL.xml": """
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- SYNTHETIC TEST DATA: not any country's real answers. -->
            <submission xmlns="urn:unodc:legisurvey:submission:1" country="ISL" round="2026">
              <answer question="ch3_specific_law">draft</answer>
              <answer question="ch4_illegal_access">general</answer>
            </submission>

            """,
        "demo-9-extra/truncated.xml": "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<submission country=\"ISL\" round=\"20",
    ]

    // MARK: - Child processes

    /// One `legisurvey` process started by a test; its standard output and error go to files.
    final class Child {
        let process = Process()
        let stdoutFile: URL
        let stderrFile: URL
        private var handles: [FileHandle] = []

        /// Starts the binary with `arguments`, in the package root, with the test-hook variables
        /// of this process removed and `environment` added.
        init(_ arguments: [String], environment: [String: String] = [:], logs: URL, name: String) throws {
            stdoutFile = logs.appendingPathComponent("\(name).stdout")
            stderrFile = logs.appendingPathComponent("\(name).stderr")
            var variables = ProcessInfo.processInfo.environment
            variables["LEGISURVEY_TEST_PAUSE_AT"] = nil
            variables["LEGISURVEY_TEST_PAUSE_FILE"] = nil
            variables.merge(environment) { _, new in new }
            for file in [stdoutFile, stderrFile] {
                guard FileManager.default.createFile(atPath: file.path, contents: nil) else {
                    throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: file.path])
                }
                handles.append(try FileHandle(forWritingTo: file))
            }
            process.executableURL = CommandLineTests.binary
            process.arguments = arguments
            process.environment = variables
            process.currentDirectoryURL = Fixtures.packageRoot
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = handles[0]
            process.standardError = handles[1]
            try process.run()
        }

        deinit { terminate() }

        var pid: Int32 { process.processIdentifier }
        var stdout: String { (try? String(contentsOf: stdoutFile, encoding: .utf8)) ?? "" }
        var stderr: String { (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? "" }

        /// Waits up to `seconds` for the process to end; true when it has.
        @discardableResult
        func waitForExit(within seconds: TimeInterval) async -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while process.isRunning && Date() < deadline { try? await Task.sleep(nanoseconds: 50_000_000) }
            guard !process.isRunning else { return false }
            process.waitUntilExit()
            for handle in handles { try? handle.close() }
            handles = []
            return true
        }

        /// Sends SIGKILL when the process still runs, and waits for it to end.
        func terminate() {
            if process.isRunning {
                _ = kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
            }
            for handle in handles { try? handle.close() }
            handles = []
        }

        /// True when the process ended by SIGKILL.
        var wasKilled: Bool {
            !process.isRunning && process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL
        }

        /// The exit status of a process that ended normally; nil while it runs or after a signal.
        var exitStatus: Int32? {
            guard !process.isRunning, process.terminationReason == .exit else { return nil }
            return process.terminationStatus
        }

        /// Waits (bounded) until `file` says `phase`, or the process ended, or time is up.
        /// Returns what the file says then (empty when nothing).
        func waitForPause(_ phase: String, file: URL, within seconds: TimeInterval) async -> String {
            let deadline = Date().addingTimeInterval(seconds)
            while true {
                let said = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
                if said == phase || !process.isRunning || Date() >= deadline { return said }
                try? await Task.sleep(nanoseconds: 50_000_000)
            }
        }

        /// Waits (bounded) until the standard error holds `text`, or the process ended, or time is up.
        func waitForStderr(containing text: String, within seconds: TimeInterval) async -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while true {
                if stderr.contains(text) { return true }
                if !process.isRunning || Date() >= deadline { return false }
                try? await Task.sleep(nanoseconds: 50_000_000)
            }
        }
    }

    /// The arguments of `legisurvey run` on `input` into `output`, with the store `output/s.sqlite`.
    static func runArguments(input: URL, output: URL, extra: [String] = []) -> [String] {
        ["run", "--input", input.path, "--output", output.path, "--store", storePath(output)] + extra
    }

    static func storePath(_ output: URL) -> String { output.appendingPathComponent("s.sqlite").path }

    /// Runs the binary to completion (bounded; killed when it overruns) and returns it.
    @discardableResult
    static func complete(_ arguments: [String], logs: URL, name: String) async throws -> Child {
        let child = try Child(arguments, logs: logs, name: name)
        defer { child.terminate() }
        let ended = await child.waitForExit(within: runLimit)
        #expect(ended, "\(name) did not end within \(runLimit) s")
        #expect(child.exitStatus == 0, "\(name): \(child.stderr)")
        return child
    }

    /// Starts the binary paused at `phase` and waits (bounded) until it is there.
    static func startPaused(_ arguments: [String], at phase: String, logs: URL, name: String) async throws -> Child {
        let pauseFile = logs.appendingPathComponent("\(name).pause")
        let child = try Child(
            arguments,
            environment: ["LEGISURVEY_TEST_PAUSE_AT": phase, "LEGISURVEY_TEST_PAUSE_FILE": pauseFile.path],
            logs: logs, name: name)
        let said = await child.waitForPause(phase, file: pauseFile, within: pauseLimit)
        if said != phase { child.terminate() }
        try #require(said == phase, "\(name) did not reach \(phase) within \(pauseLimit) s: \(child.stderr)")
        return child
    }

    // MARK: - Comparing outputs and stores

    /// Every file under `output` (relative path → bytes), except the store and its lock and journal.
    static func outputFiles(in output: URL) throws -> [String: Data] {
        let base = output.standardizedFileURL.resolvingSymlinksInPath().path
        guard let enumerator = FileManager.default.enumerator(at: output, includingPropertiesForKeys: [.isRegularFileKey])
        else { return [:] }
        var files: [String: Data] = [:]
        for case let url as URL in enumerator {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            let full = url.standardizedFileURL.resolvingSymlinksInPath().path
            let relative = full.hasPrefix(base + "/") ? String(full.dropFirst(base.count + 1)) : url.lastPathComponent
            if relative.hasPrefix("s.sqlite") { continue }
            // The output folder's lock: it holds the last run's process id, not an output.
            if relative == ".legisurvey.lock" { continue }
            // Run-specific by design (start time, timings, run id): not a data output.
            if relative == "run_summary.json" { continue }
            files[relative] = try Data(contentsOf: url)
        }
        return files
    }

    /// Expects `output` to hold exactly the files of `reference`, byte for byte.
    static func expectSameOutputs(_ output: URL, as reference: URL, sourceLocation: Testing.SourceLocation = #_sourceLocation)
        throws
    {
        let got = try outputFiles(in: output)
        let want = try outputFiles(in: reference)
        #expect(want["statistics.csv"] != nil, sourceLocation: sourceLocation)
        #expect(want["validation_report.csv"] != nil, sourceLocation: sourceLocation)
        #expect(got.keys.sorted() == want.keys.sorted(), sourceLocation: sourceLocation)
        for (path, bytes) in want {
            #expect(got[path] == bytes, "\(path) differs from an uninterrupted run", sourceLocation: sourceLocation)
        }
    }

    /// What the store holds: runs recorded and submissions per status.
    struct StoreState: Equatable, CustomStringConvertible {
        var runs: Int
        var counts: [SubmissionStatus: Int]
        var description: String { "\(runs) runs, \(counts.sorted { $0.key.rawValue < $1.key.rawValue })" }
    }

    /// Opens the store through the store factory (rolling back what a killed run left
    /// uncommitted, as the next run would) and reads its state; the store is closed on return.
    static func storeState(_ output: URL) async throws -> StoreState {
        let store = try await SurveyStores.open(.sqlite(path: storePath(output)), mustExist: true)
        return StoreState(runs: try await store.runCount(), counts: try await store.statusCounts())
    }

    /// A copy of the demo inbox in `root/inbox`.
    static func copyDemoInbox(into root: URL) throws -> URL {
        let inbox = root.appendingPathComponent("inbox")
        try FileManager.default.copyItem(at: demoInbox, to: inbox)
        return inbox
    }

    // MARK: - Tests

    @Test func theExtraFilesAddOneAcceptedSubmissionAndOneUnreadableFile() async throws {
        let root = Fixtures.temporaryFolder("crash-extra")
        defer { try? FileManager.default.removeItem(at: root) }
        let inbox = try Self.copyDemoInbox(into: root)
        let before = root.appendingPathComponent("before")
        let after = root.appendingPathComponent("after")
        try await Self.complete(Self.runArguments(input: inbox, output: before, extra: ["--quiet"]), logs: root, name: "before")
        try Fixtures.write(Self.extraFiles, in: inbox)
        try await Self.complete(Self.runArguments(input: inbox, output: after, extra: ["--quiet"]), logs: root, name: "after")
        let (one, two) = (try await Self.storeState(before), try await Self.storeState(after))
        #expect(two.counts[.accepted] == (one.counts[.accepted] ?? 0) + 1)
        let quarantined = try Self.outputFiles(in: after).keys.filter { $0.hasPrefix("quarantine/") }.sorted()
        #expect(quarantined == ["quarantine/demo-9-extra/truncated.xml", "quarantine/demo-9-extra/truncated.xml.reason.txt"])
        #expect(!FileManager.default.fileExists(atPath: before.appendingPathComponent("quarantine").path))
    }

    /// SIGKILL at each phase, then a rerun: the outputs are an uninterrupted run's, and the store
    /// holds what it should before and after the rerun.
    @Test(arguments: ["extract", "store-transaction", "between-renames"])
    func killedAtAPhaseThenRerunGivesTheSameOutputs(phase: String) async throws {
        let root = Fixtures.temporaryFolder("crash-\(phase)")
        defer { try? FileManager.default.removeItem(at: root) }
        let inbox = try Self.copyDemoInbox(into: root)
        let output = root.appendingPathComponent("out")
        let arguments = Self.runArguments(input: inbox, output: output, extra: ["--quiet"])

        // A complete first run on the demo inbox, then one more submission and an unreadable file.
        try await Self.complete(arguments, logs: root, name: "first")
        let first = try await Self.storeState(output)
        let firstOutputs = try Self.outputFiles(in: output)
        #expect(first.runs == 1)
        try Fixtures.write(Self.extraFiles, in: inbox)

        // The uninterrupted run on the new inbox, into another folder, on a copy of the first
        // run's store: changes.csv compares with the previous committed run, so the reference has
        // the same store history as the rerun.
        let reference = root.appendingPathComponent("reference")
        try FileManager.default.createDirectory(at: reference, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: output.path) where name.hasPrefix("s.sqlite") {
            try FileManager.default.copyItem(at: output.appendingPathComponent(name), to: reference.appendingPathComponent(name))
        }
        try await Self.complete(Self.runArguments(input: inbox, output: reference, extra: ["--quiet"]), logs: root, name: "reference")
        let referenceState = try await Self.storeState(reference)
        let referenceOutputs = try Self.outputFiles(in: reference)
        #expect(referenceState.counts != first.counts)
        #expect(referenceOutputs["statistics.csv"] != firstOutputs["statistics.csv"])
        #expect(referenceOutputs["validation_report.csv"] != firstOutputs["validation_report.csv"])

        // The killed run.
        let killed = try await Self.startPaused(arguments, at: phase, logs: root, name: "killed")
        defer { killed.terminate() }
        killed.terminate()
        #expect(killed.wasKilled)

        // Right after the kill: the transaction committed entirely or not at all, and each output
        // file is either the first run's or the new one, never a mix.
        let afterKill = try await Self.storeState(output)
        let outputsAfterKill = try Self.outputFiles(in: output)
        switch phase {
        case "between-renames":
            #expect(afterKill == StoreState(runs: 2, counts: referenceState.counts), "\(afterKill)")
            #expect(outputsAfterKill["statistics.csv"] == referenceOutputs["statistics.csv"])
            #expect(outputsAfterKill["validation_report.csv"] == firstOutputs["validation_report.csv"])
        default:
            #expect(afterKill == first, "\(afterKill), expected the first run's \(first)")
            #expect(outputsAfterKill == firstOutputs)
        }

        // The rerun, without the hook. After a kill between the renames the second run had
        // committed: the rerun is a third run with nothing new, so its changes.csv has no rows.
        try await Self.complete(arguments, logs: root, name: "rerun")
        if phase == "between-renames" {
            let changes = output.appendingPathComponent("changes.csv")
            #expect(try String(contentsOf: changes, encoding: .utf8).split(separator: "\r\n").count == 1)
            try FileManager.default.removeItem(at: changes)
            try FileManager.default.removeItem(at: reference.appendingPathComponent("changes.csv"))
            // The workbook holds changes.csv as a sheet: it differs there only (checked whole in
            // the other phases).
            try FileManager.default.removeItem(at: output.appendingPathComponent("legisurvey.xlsx"))
            try FileManager.default.removeItem(at: reference.appendingPathComponent("legisurvey.xlsx"))
        }
        try Self.expectSameOutputs(output, as: reference)
        let afterRerun = try await Self.storeState(output)
        #expect(afterRerun.counts == referenceState.counts)
        #expect(afterRerun.runs == (phase == "between-renames" ? 3 : 2))
    }

    /// What a run killed while rebuilding `quarantine/` leaves (the hidden staging and old
    /// folders) is deleted by the next run, and `quarantine/` is rebuilt whole.
    @Test func leftoversOfAKilledQuarantineAreRemoved() async throws {
        let root = Fixtures.temporaryFolder("crash-quarantine")
        defer { try? FileManager.default.removeItem(at: root) }
        let inbox = try Self.copyDemoInbox(into: root)
        try Fixtures.write(Self.extraFiles, in: inbox)
        let output = root.appendingPathComponent("out")
        try Fixtures.write(
            [
                ".quarantine.partial/demo-9-extra/truncated.xml": "half",
                ".quarantine.old/old.xml": "old",
                "quarantine/gone.xml": "from an older inbox",
            ], in: output)
        try await Self.complete(Self.runArguments(input: inbox, output: output, extra: ["--quiet"]), logs: root, name: "run")
        let reference = root.appendingPathComponent("reference")
        try await Self.complete(Self.runArguments(input: inbox, output: reference, extra: ["--quiet"]), logs: root, name: "reference")
        try Self.expectSameOutputs(output, as: reference)
    }

    /// A run on a store another run holds stops with one clear line; once the holder is killed,
    /// the next run succeeds. (The second run writes another output folder: on the same one it
    /// would meet the output folder's lock first, ConcurrentOutputTests.)
    @Test func aSecondRunOnABusyStoreStopsWithAClearMessage() async throws {
        let root = Fixtures.temporaryFolder("crash-busy")
        defer { try? FileManager.default.removeItem(at: root) }
        let holderOutput = root.appendingPathComponent("out-A")
        let output = root.appendingPathComponent("out")
        let store = URL(fileURLWithPath: Self.storePath(output)).standardizedFileURL.path
        let arguments = Self.runArguments(input: Self.demoInbox, output: output)
        let holderArguments = ["run", "--input", Self.demoInbox.path, "--output", holderOutput.path, "--store", store]
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)

        let holder = try await Self.startPaused(holderArguments, at: "store-transaction", logs: root, name: "A")
        defer { holder.terminate() }

        let started = Date()
        let second = try Child(arguments + ["--wait", "1"], logs: root, name: "B")
        defer { second.terminate() }
        let ended = await second.waitForExit(within: Self.refusalLimit)
        let elapsed = Date().timeIntervalSince(started)
        try #require(ended, "the second run did not stop within \(Self.refusalLimit) s")
        #expect(elapsed < Self.refusalLimit, "the second run took \(elapsed) s to give up")
        #expect(second.exitStatus == 2)
        let lines = second.stderr.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.hasPrefix("legisurvey: error: ") } == [
            "legisurvey: error: another legisurvey run (pid \(holder.pid)) is using the store \(store); "
                + "try again when it ends"
        ], "\(second.stderr)")
        #expect(lines.contains("legisurvey: waiting for the run holding \(store).lock (pid \(holder.pid)) to finish"))
        #expect(lines.filter { $0.contains("waiting for") }.count == 1)
        #expect(second.stdout.isEmpty)
        #expect(holder.process.isRunning, "the busy run must not disturb the holder")

        holder.terminate()
        #expect(holder.wasKilled)
        try await Self.complete(arguments, logs: root, name: "B-again")
        let reference = root.appendingPathComponent("reference")
        try await Self.complete(Self.runArguments(input: Self.demoInbox, output: reference), logs: root, name: "reference")
        try Self.expectSameOutputs(output, as: reference)
        #expect(try await Self.storeState(output).counts == Self.storeState(reference).counts)
    }

    /// A run that waits for a holder that is then killed goes on as soon as the kernel frees the
    /// lock, and its outputs are an uninterrupted run's.
    @Test func aWaitingRunProceedsWhenTheHolderIsKilled() async throws {
        let root = Fixtures.temporaryFolder("crash-wait")
        defer { try? FileManager.default.removeItem(at: root) }
        let holderOutput = root.appendingPathComponent("out-A")
        let output = root.appendingPathComponent("out")
        let arguments = Self.runArguments(input: Self.demoInbox, output: output)
        let store = URL(fileURLWithPath: Self.storePath(output)).standardizedFileURL.path
        let holderArguments = ["run", "--input", Self.demoInbox.path, "--output", holderOutput.path, "--store", store]
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)

        let holder = try await Self.startPaused(holderArguments, at: "extract", logs: root, name: "A")
        defer { holder.terminate() }
        let waiter = try Child(arguments + ["--wait", Self.waitArgument], logs: root, name: "B")
        defer { waiter.terminate() }
        let waiting = await waiter.waitForStderr(
            containing: "waiting for the run holding \(store).lock (pid \(holder.pid)) to finish", within: Self.refusalLimit)
        try #require(waiting, "the second run did not say it waits: \(waiter.stderr)")
        #expect(waiter.process.isRunning)
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("statistics.csv").path))

        holder.terminate()
        #expect(holder.wasKilled)
        let ended = await waiter.waitForExit(within: Self.runLimit)
        try #require(ended, "the waiting run did not end")
        #expect(waiter.exitStatus == 0, "\(waiter.stderr)")
        #expect(!waiter.stderr.contains("error"), "\(waiter.stderr)")

        let reference = root.appendingPathComponent("reference")
        try await Self.complete(Self.runArguments(input: Self.demoInbox, output: reference), logs: root, name: "reference")
        try Self.expectSameOutputs(output, as: reference)
        #expect(try await Self.storeState(output).counts == Self.storeState(reference).counts)
    }
}
