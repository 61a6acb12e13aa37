import Foundation
@testable import legisurvey
import SurveyModel
import SurveyPipeline
import SurveyPublish
import SurveyDefinitions
import SurveyTestSupport
import Testing

/// Incremental runs: unchanged files come from the store's cache, and every CSV equals a rebuild.
@Suite(.serialized) struct IncrementalRunTests {
    static let demo = Fixtures.packageRoot.appendingPathComponent("Input")

    struct Setup {
        let inbox: URL
        let folder: URL
        let pipeline: Pipeline
        /// Runs on the persistent store; `rebuild` parses every file again.
        func run(rebuild: Bool = false) async throws -> RunSummary { try await pipeline.run(rebuild: rebuild) }
    }

    func setup(_ name: String) throws -> Setup {
        let folder = Fixtures.temporaryFolder(name)
        let inbox = folder.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        let file = try Fixtures.pipelineFile(
            in: folder, input: inbox, output: folder.appendingPathComponent("out"), extra: Fixtures.defaultStatisticsKeys)
        return Setup(inbox: inbox, folder: folder, pipeline: try Pipeline(configuration: try PipelineConfiguration.load(path: file.path)))
    }

    /// Copies demo files (paths relative to Input/) into the inbox.
    func add(_ paths: [String], to inbox: URL) throws {
        for path in paths {
            let target = inbox.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: Self.demo.appendingPathComponent(path), to: target)
        }
    }

    /// The CSV outputs of a fresh store and output folder on the same inbox: what a rebuild from
    /// scratch gives.
    /// `changes.csv` is left out of both sides: it says what changed since the store's previous
    /// run, which a fresh store does not have (there every submission is added).
    func fromScratch(_ inbox: URL) async throws -> [String: Data] {
        let folder = Fixtures.temporaryFolder("scratch")
        let output = folder.appendingPathComponent("out")
        let file = try Fixtures.pipelineFile(in: folder, input: inbox, output: output, extra: Fixtures.defaultStatisticsKeys)
        _ = try await Pipeline(configuration: try PipelineConfiguration.load(path: file.path)).run()
        return try csvs(output).filter { $0.key != Publisher.changesTable.file }
    }

    /// The CSV outputs but `changes.csv`, to compare with ``fromScratch(_:)``.
    func csvsButChanges(_ output: URL) throws -> [String: Data] {
        try csvs(output).filter { $0.key != Publisher.changesTable.file }
    }

    func csvs(_ output: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in Pipeline.outputFiles { files[name] = try Data(contentsOf: output.appendingPathComponent(name)) }
        return files
    }

    func expectSame(_ got: [String: Data], _ want: [String: Data], _ step: String) {
        #expect(got.keys.sorted() == want.keys.sorted())
        for (name, bytes) in want { #expect(got[name] == bytes, "\(step): \(name) differs from a rebuild") }
    }

    /// The same against a fresh store on the same inbox, which has another history: a revision
    /// whose file arrived in a later step is decided by arrival here and by path order there
    /// (with a `revision-order-ambiguous` warning, issue 19). Every table is the same except
    /// those diagnostics' lines of the validation report.
    func expectSameAsFresh(_ got: [String: Data], _ want: [String: Data], _ step: String) {
        func orderLinesLeftOut(_ data: Data?) -> [Substring] {
            String(decoding: data ?? Data(), as: UTF8.self).split(separator: "\n")
                .filter { !$0.contains(",revision-order-ambiguous,") && !$0.contains(",submission-superseded,") }
        }
        let report = "validation_report.csv"
        expectSame(got.filter { $0.key != report }, want.filter { $0.key != report }, step)
        #expect(orderLinesLeftOut(got[report]) == orderLinesLeftOut(want[report]), "\(step): \(report) differs from a fresh store's")
    }

    static func demoFiles() throws -> [String] {
        let all = try FileManager.default.subpathsOfDirectory(atPath: demo.path)
        return all.filter { $0.hasSuffix(".xml") || $0.hasSuffix(".csv") }.sorted()
    }

    @Test func addingFilesInThreeStepsGivesWhatARebuildGives() async throws {
        let setup = try setup("incremental")
        let files = try Self.demoFiles()
        let xml = files.filter { $0.hasPrefix("demo-1-xml/") }
        // Step 1: half the XML files and the wide CSV. Step 2: the rest of the XML, the long CSV,
        // the revision (it supersedes a step-1 submission) and the baseline round. Step 3: the rest.
        let step1 = Array(xml.prefix(xml.count / 2)) + ["demo-2-wide.csv"]
        let step2 = Array(xml.dropFirst(xml.count / 2)) + ["demo-3-long.csv", "demo-9-baseline-2022.csv"]
            + files.filter { $0.hasPrefix("demo-4-revisions/") }
        let step3 = files.filter { !step1.contains($0) && !step2.contains($0) }
        #expect(!step3.isEmpty)
        var present = 0
        for (number, step) in [step1, step2, step3].enumerated() {
            try add(step, to: setup.inbox)
            let summary = try await setup.run()
            #expect(summary.filesReused == present, "step \(number + 1): the files of earlier steps are not parsed again")
            #expect(summary.total.isBalanced)
            present += step.count
            expectSameAsFresh(try csvsButChanges(setup.pipeline.configuration.output), try await fromScratch(setup.inbox), "step \(number + 1)")
        }
        #expect(present == files.count)
        // The revision added in step 2 superseded a submission read in step 1 and taken from the cache since.
        let last = try await setup.run()
        #expect(last.filesReused == files.count && last.total.superseded == 1)
        // --rebuild parses everything and writes the same bytes.
        let before = try csvs(setup.pipeline.configuration.output)
        let rebuilt = try await setup.run(rebuild: true)
        #expect(rebuilt.filesReused == 0)
        expectSame(try csvs(setup.pipeline.configuration.output), before, "rebuild")
    }

    @Test func aChangedFileIsReadAgain() async throws {
        let setup = try setup("incremental-changed")
        try add(["demo-2-wide.csv", "demo-3-long.csv"], to: setup.inbox)
        _ = try await setup.run()
        // Drop the last row of the wide CSV: one submission fewer.
        let wide = setup.inbox.appendingPathComponent("demo-2-wide.csv")
        var lines = try String(contentsOf: wide, encoding: .utf8).components(separatedBy: "\r\n").filter { !$0.isEmpty }
        lines.removeLast()
        try Data((lines.joined(separator: "\r\n") + "\r\n").utf8).write(to: wide)
        let summary = try await setup.run()
        #expect(summary.filesReused == 1)
        #expect(summary.files.first { $0.file.path == "demo-2-wide.csv" }?.accounting.submissionsSeen == 12)
        expectSame(try csvsButChanges(setup.pipeline.configuration.output), try await fromScratch(setup.inbox), "changed")
    }

    @Test func aRemovedFilesSubmissionsAreWithdrawn() async throws {
        let setup = try setup("incremental-removed")
        try add(["demo-2-wide.csv", "demo-3-long.csv", "demo-9-baseline-2022.csv"], to: setup.inbox)
        let first = try await setup.run()
        #expect(first.withdrawn.isEmpty)
        try FileManager.default.removeItem(at: setup.inbox.appendingPathComponent("demo-2-wide.csv"))
        let summary = try await setup.run()
        #expect(summary.withdrawn.map(\.path) == ["demo-2-wide.csv"])
        // 13 rows: the demo's French-speaking State answers in demo-11-feedback-fr.csv (issue 24).
        #expect(summary.withdrawn.map(\.submissions) == [13])
        #expect(summary.text.contains("Withdrawn: 13 submissions of 1 file no longer in the inbox: demo-2-wide.csv"))
        #expect(summary.total.submissionsSeen == first.total.submissionsSeen - 13)
        #expect(summary.filesReused == 2)
        expectSame(try csvsButChanges(setup.pipeline.configuration.output), try await fromScratch(setup.inbox), "removed")
        // The store records it with the run.
        let status = try String(contentsOf: setup.pipeline.configuration.output.appendingPathComponent("run_summary.json"), encoding: .utf8)
        #expect(status.contains("\"path\" : \"demo-2-wide.csv\""))
    }
}
