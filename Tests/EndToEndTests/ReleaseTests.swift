import Foundation
import SurveyDefinitions
import SurveyExtract
import SurveyModel
import SurveyPipeline
import SurveyTestSupport
import Testing

/// Releases (issue 26 item 4, docs/releases.md), end to end with the real binary on a copy of the
/// demo inbox: a release is made, new submissions arrive and are run, and the old release still
/// verifies; a changed input or output of the release makes `verify` fail naming it.
@Suite struct ReleaseTests {
    struct Folders {
        var root: URL
        var inbox: URL
        var output: URL
        var store: URL
        var arguments: [String] { ["--input", inbox.path, "--output", output.path, "--store", store.path] }
        func release(_ name: String) -> URL { output.appendingPathComponent("releases").appendingPathComponent(name) }
    }

    /// A copy of the demo inbox in a temporary folder, the outputs and the store beside it.
    static func folders(_ name: String) throws -> Folders {
        let root = Fixtures.temporaryFolder(name)
        let inbox = root.appendingPathComponent("inbox")
        try FileManager.default.copyItem(at: Fixtures.packageRoot.appendingPathComponent("Input"), to: inbox)
        let output = root.appendingPathComponent("out")
        return Folders(root: root, inbox: inbox, output: output, store: output.appendingPathComponent("store.sqlite"))
    }

    func run(_ arguments: [String]) async throws -> CommandLineTests.Output { try await CommandLineTests().run(arguments) }

    /// Every regular file under `folder` with its SHA-256, by relative path.
    static func hashes(_ folder: URL) -> [String: String] {
        var result: [String: String] = [:]
        let enumerator = FileManager.default.enumerator(atPath: folder.path)
        while let path = enumerator?.nextObject() as? String {
            let url = folder.appendingPathComponent(path)
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue {
                result[path] = (try? Data(contentsOf: url)).map { SHA256.hex(Array($0)) } ?? "unreadable"
            }
        }
        return result
    }

    @Test func aReleaseSurvivesNewSubmissionsAndVerifyNamesWhatChanged() async throws {
        let folders = try Self.folders("release")
        // With the report in French too, as the release will be: the profiles link the languages.
        let first = try await run(["run", "--quiet", "--lang", "fr"] + folders.arguments)
        try #require(first.status == 0, "run: \(first.stderr)")

        // The release.
        let made = try await run(["release", "2026-04-expert-group", "--quiet", "--lang", "fr"] + folders.arguments)
        try #require(made.status == 0, "release: \(made.stderr)")
        let release = folders.release("2026-04-expert-group")
        #expect(made.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == release.path)
        let manifestText = try String(contentsOf: release.appendingPathComponent("manifest.json"), encoding: .utf8)
        let manifest = try ReleaseManifest.decoded(from: Data(manifestText.utf8))
        #expect(try manifest.encoded() == manifestText, "manifest.json is the sorted-keys encoding")
        for key in ["\"manifest_version\" : 1", "\"software_version\" : ", "\"files_read\" : 61", "\"submissions_seen\" : 151", "\"report_languages\" : "] {
            #expect(manifestText.contains(key), "manifest.json has \(key)")
        }
        let keys = manifestText.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { $0.split(separator: "\"")[1] }
        #expect(keys == keys.sorted(), "top-level keys sorted: \(keys)")
        #expect(manifest.name == "2026-04-expert-group")
        #expect(manifest.softwareVersion == SoftwareVersion.current)
        // The demo's two synthetic corrections with their outcomes (which answers, never a value);
        // the demo restricts nothing.
        #expect(
            manifest.corrections.map { "\($0.status) \($0.country ?? "") \($0.round) \($0.item) \($0.place)" } == [
                "applied GHA 2026 ch3_main_law corrections.yml:21", "stale AFG 2026 ch3_specific_law corrections.yml:34",
            ])
        #expect(manifest.restrictions.isEmpty)
        #expect(manifest.reportLanguages == ["fr"])
        #expect(manifest.filesRead == 61)
        #expect(
            [manifest.accounting.submissionsSeen, manifest.accounting.accepted, manifest.accounting.superseded,
             manifest.accounting.excluded, manifest.accounting.rejected] as [Int] == [151, 145, 1, 2, 3])
        let roles = Set(manifest.definitions.compactMap(\.role))
        for role in ["pipeline", "questionnaire", "reference", "priorities", "programmes", "crosswalks.0", "rounds.2022.questionnaire"] {
            #expect(roles.contains(role), "the manifest lists the \(role) definition: \(roles.sorted())")
        }
        #expect(manifest.definitions.first?.role == "pipeline")
        // Every input file of the inbox, copied and hashed; the copies are the inbox's bytes.
        let inboxFiles = Self.hashes(folders.inbox)
        let read = try InboxWalk.entries(in: folders.inbox).readable.map(\.path)
        #expect(read.count == 61)
        #expect(manifest.inputs.map(\.path) == read.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { "inputs/" + $0 })
        for file in manifest.inputs {
            #expect(inboxFiles[String(file.path.dropFirst("inputs/".count))] == file.sha256, "\(file.path)'s hash")
        }
        #expect(manifest.inputs.contains { $0.path == "inputs/demo-1-xml/GHA.xml" })
        let outputs = Set(manifest.outputs.map(\.path))
        for file in ["outputs/report.html", "outputs/statistics.csv", "outputs/statistics.sdmx.csv", "outputs/statistics.sdmx-structure.xml"] {
            #expect(outputs.contains(file), "\(file) in the release")
        }
        #expect(!outputs.contains("outputs/run_summary.json") && !outputs.contains("outputs/.legisurvey.lock"))
        #expect(Self.hashes(release).keys.filter { $0.hasPrefix("outputs/") }.sorted() == outputs.sorted())

        // The release id: in the report's footer and the SDMX structure of the release, not in the
        // ordinary outputs; every other output is the ordinary run's, byte for byte.
        let releasedReport = try String(contentsOf: release.appendingPathComponent("outputs/report.html"), encoding: .utf8)
        #expect(releasedReport.contains("<footer class=\"release\" data-release=\"2026-04-expert-group\">"))
        #expect(releasedReport.contains("LegiSurvey \(SoftwareVersion.current)"))
        let french = try String(contentsOf: release.appendingPathComponent("outputs/report.fr.html"), encoding: .utf8)
        #expect(french.contains("data-release=\"2026-04-expert-group\"><p>Version publiée"), "the French report's footer")
        let releasedStructure = try String(
            contentsOf: release.appendingPathComponent("outputs/statistics.sdmx-structure.xml"), encoding: .utf8)
        #expect(releasedStructure.contains("<com:AnnotationTitle>2026-04-expert-group</com:AnnotationTitle>"))
        #expect(!(try String(contentsOf: folders.output.appendingPathComponent("report.html"), encoding: .utf8)).contains("data-release"))
        #expect(
            !(try String(contentsOf: folders.output.appendingPathComponent("statistics.sdmx-structure.xml"), encoding: .utf8))
                .contains("Annotation"))
        let ordinary = Self.hashes(folders.output)
        #expect(!(try String(contentsOf: folders.output.appendingPathComponent("report.fr.html"), encoding: .utf8)).contains("data-release"))
        // The files the focal-point register adds to (letters' addressees, nonrespondents.csv's
        // follow-up columns and the workbook's nonrespondents sheet) are made without it in a
        // release: personal data stays out.
        func usesRegister(_ path: String) -> Bool {
            ["outputs/nonrespondents.csv", "outputs/legisurvey.xlsx"].contains(path) || path.hasPrefix("outputs/feedback/")
        }
        for file in manifest.outputs
        where !["outputs/report.html", "outputs/report.fr.html", "outputs/statistics.sdmx-structure.xml"].contains(file.path)
            && !usesRegister(file.path)
        {
            #expect(ordinary[String(file.path.dropFirst("outputs/".count))] == file.sha256, "\(file.path) is the ordinary run's")
        }
        #expect(!manifest.definitions.contains { $0.path.contains("register") }, "the register is not copied")
        let register = try FocalPointRegister.load(
            from: Fixtures.packageRoot.appendingPathComponent("Pipelines/register/focal-points.SYNTHETIC.csv"), reference: Fixtures.reference)
        let enumerator = FileManager.default.enumerator(at: release, includingPropertiesForKeys: nil)!
        for case let file as URL in enumerator where !file.hasDirectoryPath {
            let bytes = try Data(contentsOf: file)
            for entry in register.entries.values where bytes.range(of: Data(entry.email.utf8)) != nil {
                Issue.record("\(entry.email) in the release's \(file.lastPathComponent)")
            }
        }

        // Never overwritten.
        let again = try await run(["release", "2026-04-expert-group"] + folders.arguments)
        #expect(again.status == 2)
        #expect(again.stderr.contains("already exists"), "\(again.stderr)")

        // New submissions: a State that had not answered. Before they are run, a release would not
        // be what Output/ shows: refused.
        let frozen = Self.hashes(release)
        let ghana = try String(contentsOf: folders.inbox.appendingPathComponent("demo-1-xml/GHA.xml"), encoding: .utf8)
        try FileManager.default.createDirectory(at: folders.inbox.appendingPathComponent("late"), withIntermediateDirectories: true)
        try Data(ghana.replacingOccurrences(of: "country=\"GHA\"", with: "country=\"ZMB\"").utf8)
            .write(to: folders.inbox.appendingPathComponent("late/ZMB.xml"))
        let early = try await run(["release", "2026-05", "--quiet"] + folders.arguments)
        #expect(early.status == 2)
        #expect(early.stderr.contains("the inbox changed since the last run (late/ZMB.xml added)"), "\(early.stderr)")
        let reportBefore = try Data(contentsOf: folders.output.appendingPathComponent("report.html"))
        let second = try await run(["run", "--quiet"] + folders.arguments)
        try #require(second.status == 0, "second run: \(second.stderr)")
        #expect(second.stdout.contains("146 accepted"), "the late submission is accepted: \(second.stdout)")
        #expect(try Data(contentsOf: folders.output.appendingPathComponent("report.html")) != reportBefore)
        #expect(Self.hashes(release) == frozen, "the run changed no file of the release")

        // The old release still verifies.
        let verified = try await run(["release", "verify", "2026-04-expert-group"] + ["--output", folders.output.path])
        #expect(verified.status == 0, "verify: \(verified.stdout) \(verified.stderr)")
        #expect(verified.stdout.contains("verified"))

        // A changed input and a changed output are named; with an input changed nothing is
        // recomputed (every output would differ for that reason alone).
        let input = release.appendingPathComponent("inputs/demo-1-xml/GHA.xml")
        try Data(ghana.replacingOccurrences(of: ">partly<", with: ">yes<").utf8).write(to: input)
        let table = release.appendingPathComponent("outputs/statistics.csv")
        try (try Data(contentsOf: table) + Data("\n".utf8)).write(to: table)
        let scoring = release.appendingPathComponent("definitions/scoring/priorities.yml")
        try (try Data(contentsOf: scoring) + Data("# edited\n".utf8)).write(to: scoring)
        try Data("planted".utf8).write(to: release.appendingPathComponent("inputs/extra.csv"))
        let changed = try await run(["release", "verify", "2026-04-expert-group", "--output", folders.output.path])
        #expect(changed.status == 1)
        #expect(
            changed.stdout.split(separator: "\n").map(String.init) == [
                "definitions/scoring/priorities.yml: SHA-256 differs from the manifest",
                "inputs/demo-1-xml/GHA.xml: SHA-256 differs from the manifest",
                "inputs/extra.csv: not in the manifest (a file added to the release's inputs)",
                "outputs/statistics.csv: SHA-256 differs from the manifest",
                "release 2026-04-expert-group: 4 differences (not recomputed: its inputs or definitions differ)",
            ], "\(changed.stdout)")

        let listed = try await run(["release", "list", "--output", folders.output.path])
        #expect(listed.status == 0)
        #expect(listed.stdout.hasPrefix("2026-04-expert-group\t\(manifest.created)\t"), "\(listed.stdout)")
        let missing = try await run(["release", "verify", "no-such-release", "--output", folders.output.path])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("release no-such-release"), "\(missing.stderr)")
    }

    @Test(arguments: ["", "../up", "a/b", ".hidden", "-dash", "with space", "verify", "list", "é", String(repeating: "x", count: 65)])
    func anUnsafeNameIsRefusedInOneLine(_ name: String) async throws {
        #expect(throws: PipelineError.self) { try Pipeline.checkReleaseName(name) }
        let folder = Fixtures.temporaryFolder("release-name")
        let result = try await run(["release", "create", "--output", folder.appendingPathComponent("out").path, "--", name])
        #expect(result.status == 2, "\(name): \(result.stdout)")
        #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/releases").path), "nothing written")
    }

    @Test func safeNamesAreAccepted() throws {
        for name in ["2026-04-expert-group", "R1", "v1.2_final", String(repeating: "x", count: 64)] {
            try Pipeline.checkReleaseName(name)
        }
    }

    @Test func theDefinitionFilesAreEveryFileTheRunReads() throws {
        let configuration = try PipelineConfiguration.load(path: Fixtures.pipelineFile.path)
        let files = configuration.definitionFiles
        let names = files.map { $0.url.path.replacingOccurrences(of: Fixtures.pipelineFile.deletingLastPathComponent().path + "/", with: "") }
        #expect(
            names == [
                "default.yml", "questionnaires/cybercrime-survey.yml", "questionnaires/cybercrime-survey-2022.yml",
                "questionnaires/cybercrime-survey-2026.2.yml", "crosswalks/cybercrime-survey.yml",
                "crosswalks/cybercrime-survey-2026.3.yml", "reference/countries.yml", "reference/world-tiles.csv", "scoring/priorities.yml", "ta/programmes.yml",
                "forms/xlsform-labels.yml", "forms/feedback.yml", "corrections.yml", "restrictions.yml",
            ])
        // The focal-point register (personal data) is never one of them.
        #expect(configuration.register != nil && !names.contains { $0.hasPrefix("register/") })
        var moved = configuration
        let copy = URL(fileURLWithPath: "/elsewhere/q.yml")
        for file in files where file.role != "pipeline" {
            let relocated = moved.relocate(role: file.role, to: copy)
            #expect(relocated, "\(file.role) can be pointed at a release's copy")
        }
        #expect(moved.questionnaire == copy && moved.roundQuestionnaires["2022"] == copy && moved.crosswalks == [copy, copy])
        #expect(moved.corrections == copy && moved.restrictions == copy)
        let pipeline = moved.relocate(role: "pipeline", to: copy)
        let undeclared = moved.relocate(role: "rounds.1999.questionnaire", to: copy)
        #expect(!pipeline && !undeclared)
    }
}
