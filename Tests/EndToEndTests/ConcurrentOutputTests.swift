import Foundation
import SurveyTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Two real `legisurvey` processes and one output folder (issue 16, section 3): the folder's lock
/// (`<output>/.legisurvey.lock`) makes the second run wait or refuse with one line, every output
/// file is wholly one run's, and an output folder overlapping the inbox is refused before anything
/// is read. Child processes and helpers are CrashSafetyTests'; every wait is bounded.
@Suite(.serialized) struct ConcurrentOutputTests {
    typealias Child = CrashSafetyTests.Child

    /// `run` on `input` into `output` with its own store `store`.
    static func arguments(input: URL, output: URL, store: URL, extra: [String] = []) -> [String] {
        ["run", "--quiet", "--input", input.path, "--output", output.path, "--store", store.path] + extra
    }

    /// Two inboxes giving different outputs: the demo, and the demo with one more submission and an
    /// unreadable file (so the second also has a `quarantine/`).
    static func twoInboxes(in root: URL) throws -> (URL, URL) {
        let a = root.appendingPathComponent("inbox-A")
        let b = root.appendingPathComponent("inbox-B")
        try FileManager.default.copyItem(at: CrashSafetyTests.demoInbox, to: a)
        try FileManager.default.copyItem(at: CrashSafetyTests.demoInbox, to: b)
        try Fixtures.write(CrashSafetyTests.extraFiles, in: b)
        return (a, b)
    }

    /// Every CSV of `output` parses as CSV (same number of fields on every record) and holds no NUL byte.
    static func expectWholeCSVFiles(in output: URL, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let files = try CrashSafetyTests.outputFiles(in: output)
        #expect(files.keys.contains("statistics.csv"), sourceLocation: sourceLocation)
        for (name, bytes) in files {
            if name.hasSuffix(".xlsx") {
                // A zip: whole when it starts with a local header and ends with the end record.
                let end = bytes.suffix(22)
                #expect(bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]), "\(name) does not start as a zip", sourceLocation: sourceLocation)
                #expect(end.starts(with: [0x50, 0x4B, 0x05, 0x06]), "\(name) does not end as a whole zip", sourceLocation: sourceLocation)
                continue
            }
            #expect(!bytes.contains(0), "\(name) holds a NUL byte", sourceLocation: sourceLocation)
            guard name.hasSuffix(".csv"), !name.hasPrefix("quarantine/") else { continue }
            let widths = Set(Self.csvRecordWidths(bytes))
            #expect(widths.count == 1, "\(name): records of \(widths.sorted()) fields", sourceLocation: sourceLocation)
        }
    }

    /// The number of fields of each record of an RFC 4180 text (quoted fields may hold commas,
    /// quotes and line breaks; blank lines are skipped). An unterminated quoted field is width -1.
    static func csvRecordWidths(_ bytes: Data) -> [Int] {
        let (quote, comma, newline, carriageReturn) = (UInt8(ascii: "\""), UInt8(ascii: ","), UInt8(ascii: "\n"), UInt8(ascii: "\r"))
        var widths: [Int] = []
        var fields = 1
        var quoted = false
        var blank = true
        for byte in bytes {
            if quoted {
                if byte == quote { quoted = false }
                continue
            }
            switch byte {
            case quote: quoted = true; blank = false
            case comma: fields += 1; blank = false
            case newline:
                if !blank { widths.append(fields) }
                fields = 1
                blank = true
            case carriageReturn: break
            default: blank = false
            }
        }
        if quoted { widths.append(-1) } else if !blank { widths.append(fields) }
        return widths
    }

    /// Two runs started together on different stores and the same output folder both end with
    /// status 0 (the second waits for the first), and the folder is then wholly one run's outputs:
    /// equal, file for file and byte for byte, to what that run writes alone. Before the lock,
    /// their shared `.NAME.partial` files mixed both runs (NUL bytes, one run exiting 2).
    @Test func twoRunsIntoOneOutputFolderLeaveWholeOutputsOfOneRun() async throws {
        let root = Fixtures.temporaryFolder("concurrent-output")
        defer { try? FileManager.default.removeItem(at: root) }
        let (inboxA, inboxB) = try Self.twoInboxes(in: root)
        let referenceA = root.appendingPathComponent("reference-A")
        let referenceB = root.appendingPathComponent("reference-B")
        try await CrashSafetyTests.complete(
            Self.arguments(input: inboxA, output: referenceA, store: root.appendingPathComponent("ref-A.sqlite")),
            logs: root, name: "reference-A")
        try await CrashSafetyTests.complete(
            Self.arguments(input: inboxB, output: referenceB, store: root.appendingPathComponent("ref-B.sqlite")),
            logs: root, name: "reference-B")
        let wantA = try CrashSafetyTests.outputFiles(in: referenceA)
        let wantB = try CrashSafetyTests.outputFiles(in: referenceB)
        try #require(wantA != wantB, "the two inboxes must give different outputs")

        for round in 1...3 {
            let shared = root.appendingPathComponent("shared-\(round)")
            let a = try Child(
                Self.arguments(input: inboxA, output: shared, store: root.appendingPathComponent("A-\(round).sqlite"), extra: ["--wait", CrashSafetyTests.waitArgument]),
                logs: root, name: "A-\(round)")
            defer { a.terminate() }
            let b = try Child(
                Self.arguments(input: inboxB, output: shared, store: root.appendingPathComponent("B-\(round).sqlite"), extra: ["--wait", CrashSafetyTests.waitArgument]),
                logs: root, name: "B-\(round)")
            defer { b.terminate() }
            let endedA = await a.waitForExit(within: CrashSafetyTests.runLimit)
            let endedB = await b.waitForExit(within: CrashSafetyTests.runLimit)
            let ended = endedA && endedB
            try #require(ended, "round \(round): the runs did not end")
            #expect(a.exitStatus == 0, "round \(round) A: \(a.stderr)")
            #expect(b.exitStatus == 0, "round \(round) B: \(b.stderr)")
            try Self.expectWholeCSVFiles(in: shared)
            let got = try CrashSafetyTests.outputFiles(in: shared)
            #expect(got == wantA || got == wantB, "round \(round): the output folder mixes the two runs: \(got.keys.sorted())")
            let hidden = try FileManager.default.contentsOfDirectory(atPath: shared.path).filter { $0.hasPrefix(".") }
            #expect(hidden == [".legisurvey.lock"], "round \(round): \(hidden)")
        }
    }

    /// While one run holds the output folder, a second run on another store with `--wait 0` is
    /// refused at once with one line naming the holder's pid, before it touches its store: nothing
    /// is committed (no store is created) and the holder's outputs are untouched.
    @Test func aSecondRunOnABusyOutputFolderIsRefusedWithOneLine() async throws {
        let root = Fixtures.temporaryFolder("concurrent-busy")
        defer { try? FileManager.default.removeItem(at: root) }
        let (inboxA, inboxB) = try Self.twoInboxes(in: root)
        let shared = root.appendingPathComponent("shared")
        let storeB = root.appendingPathComponent("B.sqlite")
        let holder = try await CrashSafetyTests.startPaused(
            Self.arguments(input: inboxA, output: shared, store: root.appendingPathComponent("A.sqlite")),
            at: "extract", logs: root, name: "A")
        defer { holder.terminate() }

        let second = try Child(
            Self.arguments(input: inboxB, output: shared, store: storeB, extra: ["--wait", "0"]), logs: root, name: "B")
        defer { second.terminate() }
        let ended = await second.waitForExit(within: CrashSafetyTests.refusalLimit)
        try #require(ended, "the second run did not stop within \(CrashSafetyTests.refusalLimit) s")
        #expect(second.exitStatus == 2)
        let errors = second.stderr.split(separator: "\n").map(String.init).filter { $0.hasPrefix("legisurvey: error: ") }
        #expect(errors == [
            "legisurvey: error: another legisurvey run (pid \(holder.pid)) is writing the output folder "
                + "\(shared.standardizedFileURL.path); try again when it ends, or choose another --output"
        ], "\(second.stderr)")
        #expect(!FileManager.default.fileExists(atPath: storeB.path), "the refused run must not create or load its store")
        #expect(!FileManager.default.fileExists(atPath: shared.appendingPathComponent("statistics.csv").path))
        #expect(holder.process.isRunning, "the refused run must not disturb the holder")
    }

    /// `report` takes the output folder's lock as `run` does: while a run holds the folder, a
    /// `report` into it (from another store) waits and writes nothing; when the holder dies it
    /// writes its report and ends with status 0.
    @Test func aReportWaitsForTheRunHoldingItsOutputFolder() async throws {
        let root = Fixtures.temporaryFolder("concurrent-report")
        defer { try? FileManager.default.removeItem(at: root) }
        let (inboxA, inboxB) = try Self.twoInboxes(in: root)
        let storeB = root.appendingPathComponent("B.sqlite")
        try await CrashSafetyTests.complete(
            Self.arguments(input: inboxB, output: root.appendingPathComponent("first"), store: storeB), logs: root, name: "first")
        let shared = root.appendingPathComponent("shared")
        let holder = try await CrashSafetyTests.startPaused(
            Self.arguments(input: inboxA, output: shared, store: root.appendingPathComponent("A.sqlite")),
            at: "extract", logs: root, name: "A")
        defer { holder.terminate() }

        let report = try Child(["report", "--output", shared.path, "--store", storeB.path], logs: root, name: "report")
        defer { report.terminate() }
        let endedEarly = await report.waitForExit(within: 3)
        #expect(!endedEarly, "report did not wait for the run holding the folder: \(report.stderr)")
        #expect(!FileManager.default.fileExists(atPath: shared.appendingPathComponent("report.html").path))

        holder.terminate()
        #expect(holder.wasKilled)
        let reportEnded = await report.waitForExit(within: CrashSafetyTests.runLimit)
        try #require(reportEnded, "report did not end")
        #expect(report.exitStatus == 0, "\(report.stderr)")
        #expect(report.stdout.contains("report.html"), "\(report.stdout)")
        #expect(FileManager.default.fileExists(atPath: shared.appendingPathComponent("report.html").path))
    }

    /// The ways an output folder can overlap the inbox, each refused with one line before anything
    /// is read: no store, no output written. Paths are compared resolved (symlinks, `..`).
    /// Before: a run into the inbox read its own outputs on the next run.
    @Test(arguments: ["same", "inside", "inside-via-symlink", "inside-via-dotdot", "inbox-inside-output"])
    func anOutputFolderOverlappingTheInboxIsRefused(_ layout: String) async throws {
        let root = Fixtures.temporaryFolder("overlap-\(layout)").standardizedFileURL.resolvingSymlinksInPath()
        let logs = Fixtures.temporaryFolder("overlap-logs")
        defer { try? FileManager.default.removeItem(at: root) }
        defer { try? FileManager.default.removeItem(at: logs) }
        let inbox = try CrashSafetyTests.copyDemoInbox(into: root)
        let link = root.appendingPathComponent("link")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: inbox)
        let (input, output): (URL, URL)
        switch layout {
        case "same": (input, output) = (inbox, inbox)
        case "inside": (input, output) = (inbox, inbox.appendingPathComponent("out"))
        case "inside-via-symlink": (input, output) = (inbox, link.appendingPathComponent("out"))
        case "inside-via-dotdot":
            (input, output) = (root.appendingPathComponent("elsewhere/../inbox"), inbox.appendingPathComponent("new/deeper"))
        default: (input, output) = (inbox, root)
        }
        let store = root.appendingPathComponent("store-\(layout).sqlite")
        let before = try Self.listing(root)
        let child = try Child(
            ["run", "--quiet", "--input", input.path, "--output", output.path, "--store", store.path], logs: logs,
            name: "overlap-\(layout)")
        defer { child.terminate() }
        let stopped = await child.waitForExit(within: CrashSafetyTests.refusalLimit)
        try #require(stopped, "the run did not stop")
        #expect(child.exitStatus == 2, "\(child.stderr)")
        let errors = child.stderr.split(separator: "\n").filter { $0.hasPrefix("legisurvey: error: ") }
        #expect(errors.count == 1, "\(child.stderr)")
        #expect(errors.first?.contains("overlap") == true, "\(child.stderr)")
        #expect(errors.first?.contains(layout == "inbox-inside-output" ? "the inbox is inside the output folder" : "the output folder is") == true)
        #expect(!FileManager.default.fileExists(atPath: store.path), "nothing may be loaded")
        #expect(try Self.listing(root) == before, "nothing may be written")
    }

    /// Every path under `folder` (not following links).
    static func listing(_ folder: URL) throws -> [String] {
        let paths = FileManager.default.subpaths(atPath: folder.path) ?? []
        return paths.sorted()
    }
}
