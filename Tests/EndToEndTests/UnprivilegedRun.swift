import Foundation
import SurveyTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The real binary run where permissions apply: as root (CI), a copy of the binary and the
/// definitions in a fresh 0755 folder run as nobody (65534) with `setpriv`; as a user, the same
/// folder run directly. `output` and `store` are folders the runner owns (writable) until a test
/// takes that away; `input` holds one good submission.
struct UnprivilegedRun {
    let folder: URL
    let input: URL
    let output: URL
    let storeFolder: URL
    var store: URL { storeFolder.appendingPathComponent("store.sqlite") }
    var pipeline: URL { folder.appendingPathComponent("pipeline.yml") }
    static var isRoot: Bool { geteuid() == 0 }

    init() throws {
        var template = Array("/tmp/legisurvey-unprivileged-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        try #require(made != nil)
        folder = URL(fileURLWithPath: String(cString: template))
        input = folder.appendingPathComponent("inbox")
        output = folder.appendingPathComponent("out")
        storeFolder = folder.appendingPathComponent("store")
        let manager = FileManager.default
        let binary = CommandLineTests.binary
        try #require(manager.isExecutableFile(atPath: binary.path), "the legisurvey binary is not built: \(binary.path)")
        try Executables.copy(binary, to: folder.appendingPathComponent("legisurvey"))
        let root = Fixtures.packageRoot
        try manager.copyItem(
            at: root.appendingPathComponent("Pipelines/questionnaires/cybercrime-survey.yml"), to: folder.appendingPathComponent("q.yml"))
        try manager.copyItem(
            at: root.appendingPathComponent("Pipelines/reference/countries.yml"), to: folder.appendingPathComponent("countries.yml"))
        for made in [input, output, storeFolder] { try manager.createDirectory(at: made, withIntermediateDirectories: true) }
        try Data(InboxWalkTests.good.utf8).write(to: input.appendingPathComponent("good.xml"))
        let text = """
            name: unprivileged
            questionnaire: \(folder.appendingPathComponent("q.yml").path)
            reference: \(folder.appendingPathComponent("countries.yml").path)
            input: \(input.path)
            output: \(output.path)
            store: \(store.path)
            default_round: "2026"
            rounds: ["2022", "2026"]

            """
        try Data(text.utf8).write(to: pipeline)
        for item in try manager.subpathsOfDirectory(atPath: folder.path) {
            let path = folder.appendingPathComponent(item).path
            var isFolder: ObjCBool = false
            _ = manager.fileExists(atPath: path, isDirectory: &isFolder)
            _ = chmod(path, isFolder.boolValue ? 0o755 : 0o644)
        }
        _ = chmod(folder.path, 0o755)
        _ = chmod(folder.appendingPathComponent("legisurvey").path, 0o755)
        if Self.isRoot {
            for owned in [output, storeFolder] { #expect(chown(owned.path, 65534, 65534) == 0) }
        }
    }

    /// Gives back every permission and removes the folder.
    func remove() {
        if let items = try? FileManager.default.subpathsOfDirectory(atPath: folder.path) {
            for item in items { _ = chmod(folder.appendingPathComponent(item).path, 0o755) }
        }
        try? FileManager.default.removeItem(at: folder)
    }

    /// Runs `legisurvey ARGUMENTS` (as nobody when root).
    func run(_ arguments: [String]) async throws -> CommandLineTests.Output {
        let binary = folder.appendingPathComponent("legisurvey").path
        let result: ExternalProgram.Result
        if Self.isRoot {
            let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].first { FileManager.default.isExecutableFile(atPath: $0) }
            try #require(setpriv != nil, "setpriv (util-linux) is needed to run the permission cases as root; install util-linux")
            result = try await ExternalProgram.run(
                URL(fileURLWithPath: setpriv!), ["--reuid=65534", "--regid=65534", "--clear-groups", binary] + arguments, in: folder)
        } else {
            result = try await ExternalProgram.run(URL(fileURLWithPath: binary), arguments, in: folder)
        }
        return CommandLineTests.Output(status: result.status, stdout: result.text, stderr: result.errors)
    }
}
