import Foundation
import SurveyTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Every example command of README.md runs: the commands of its ```sh blocks, in order, through
/// /bin/sh, in a temporary copy of the project's `Pipelines/` and `Input/` (so the outputs go to
/// the copy's `Output/`), with `legisurvey` on the PATH as the built binary and a stand-in
/// `xdg-open` / `open` (so `legisurvey open` starts no browser). A command the tests cannot run
/// (`make test`, `make install`…) ends with the marker `# not run by the tests`; those are
/// skipped and counted, and the count must be the number of markers the README shows.
@Suite struct ReadmeCommandsTests {
    static let marker = "# not run by the tests"

    struct Command: CustomStringConvertible {
        var line: Int
        var text: String
        var skipped: Bool { text.hasSuffix(ReadmeCommandsTests.marker) }
        var description: String { "README.md:\(line): \(text)" }
    }

    /// The command lines of the README's ```sh blocks (indented ones in list items too), without
    /// blank and comment-only lines.
    static func commands(in readme: String) -> [Command] {
        var commands: [Command] = []
        var inShell = false
        for (index, raw) in readme.components(separatedBy: "\n").enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("```") {
                inShell = !inShell && line == "```sh"
                continue
            }
            guard inShell, !line.isEmpty, !line.hasPrefix("#") else { continue }
            commands.append(Command(line: index + 1, text: line))
        }
        return commands
    }

    static var readme: String {
        get throws { try String(contentsOf: Fixtures.packageRoot.appendingPathComponent("README.md"), encoding: .utf8) }
    }

    /// A folder with the project's definitions and demo inbox, and a `bin/` with `legisurvey` (the
    /// built binary) and stand-in openers that do nothing.
    static func workspace() throws -> (folder: URL, bin: URL) {
        let folder = Fixtures.temporaryFolder("readme-commands")
        for item in ["Pipelines", "Input"] {
            try FileManager.default.copyItem(
                at: Fixtures.packageRoot.appendingPathComponent(item), to: folder.appendingPathComponent(item))
        }
        let bin = folder.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            at: bin.appendingPathComponent("legisurvey"), withDestinationURL: CommandLineTests.binary)
        for opener in ["xdg-open", "open"] {
            let script = bin.appendingPathComponent(opener)
            try Executables.write(script: "#!/bin/sh\nexit 0\n", to: script)
        }
        return (folder, bin)
    }

    static func shell(_ command: String, in folder: URL, path: String) async throws -> CommandLineTests.Output {
        let result = try await ExternalProgram.run(URL(fileURLWithPath: "/bin/sh"), ["-c", command], in: folder, environment: ["PATH": path])
        return CommandLineTests.Output(status: result.status, stdout: result.text, stderr: result.errors)
    }


    /// The extraction itself: indented blocks are read, other languages' blocks are not, and the
    /// marker is recognised only at the end of a line.
    @Test func commandsAreExtractedFromShellBlocksOnly() {
        let text = """
            ```sh
            legisurvey run
            # a comment
            make test    # not run by the tests
            ```
            ```text
            legisurvey: reading 61 files
            ```
            1. Step:
               ```sh
               legisurvey open
               ```
            """
        let commands = Self.commands(in: text)
        #expect(commands.map(\.text) == ["legisurvey run", "make test    # not run by the tests", "legisurvey open"])
        #expect(commands.map(\.skipped) == [false, true, false])
        #expect(commands.map(\.line) == [2, 4, 11])
    }

    /// The README is for analysts: its first screen (60 lines) has the two commands, where the
    /// binary is and the new-batch recipe, and the whole page stays short.
    @Test func theFirstScreenHasTheCommandsAndTheRecipe() throws {
        let lines = try Self.readme.components(separatedBy: "\n")
        #expect(lines.count < 250, "README.md has \(lines.count) lines")
        let firstScreen = lines.prefix(60).joined(separator: "\n")
        for needle in [
            "make run", "make test", "make install", ".build/debug/legisurvey", "~/.local/bin", "/usr/local/bin",
            "## A new batch arrived", "`Input/`", "legisurvey run", "Output/changes.csv", "Output/feedback/",
            "legisurvey open", "Output/report.html",
        ] {
            #expect(firstScreen.contains(needle), "not in the README's first 60 lines: \(needle)")
        }
    }

    @Test func everyReadmeCommandRuns() async throws {
        let readme = try Self.readme
        let commands = Self.commands(in: readme)
        let skipped = commands.filter(\.skipped)
        let run = commands.filter { !$0.skipped }
        // Nothing is skipped silently: every marker the README shows is a skipped command, and
        // only commands that build, install or test the project itself are skipped.
        let markers = readme.components(separatedBy: Self.marker).count - 1
        #expect(skipped.count == markers, "\(skipped)")
        #expect(skipped.count == 3, "make run, make test, make install: \(skipped)")
        for command in skipped { #expect(command.text.hasPrefix("make "), "\(command)") }
        // The README's examples are legisurvey commands, resolved to the built binary.
        #expect(run.count >= 10, "\(run)")
        for command in run { #expect(command.text.hasPrefix("legisurvey "), "\(command)") }
        #expect(run.first?.text == "legisurvey run", "the recipe starts with a run: \(run)")

        let (folder, bin) = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = "\(bin.path):/usr/bin:/bin"
        for command in run {
            let result = try await Self.shell(command.text, in: folder, path: path)
            #expect(result.status == 0, "\(command): exit \(result.status)\n\(result.stderr)")
        }
        // What the recipe promises is there.
        let output = folder.appendingPathComponent("Output")
        for file in ["report.html", "report.fr.html", "changes.csv", "feedback", "releases/2026-04-expert-group/manifest.json"] {
            #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent(file).path), "\(file)")
        }
    }
}

/// `make install PREFIX=… CONFIG=…` installs a `legisurvey` that runs in a fresh shell. It installs
/// the build the tests run from, so that nothing is built again: `make test`'s in .build-test
/// (the Makefile's TEST_BUILD_FLAGS) or a plain `swift test`'s in .build, both debug builds;
/// `--ignore-lock` because `swift test` holds the build folder's lock meanwhile.
@Suite struct MakeInstallTests {
    /// `make install`'s CONFIG and INSTALL_BUILD_FLAGS for the build holding the tests' binary
    /// (`<scratch>/<triple>/<configuration>/legisurvey`).
    static var installArguments: [String] {
        let products = CommandLineTests.binary.resolvingSymlinksInPath().deletingLastPathComponent()
        let configuration = products.lastPathComponent
        let scratch = products.deletingLastPathComponent().deletingLastPathComponent()
        var flags = "--ignore-lock --scratch-path \(scratch.path)"
        // A release build of the tests needs -enable-testing for their @testable imports.
        if configuration == "release" { flags += " -Xswiftc -enable-testing" }
        return ["CONFIG=\(configuration)", "INSTALL_BUILD_FLAGS=\(flags)"]
    }

    @Test func makeInstallPutsARunnableBinaryInPrefixBin() async throws {
        let prefix = Fixtures.temporaryFolder("make-install")
        defer { try? FileManager.default.removeItem(at: prefix) }
        let make = ["/usr/bin/make", "/bin/make"].first { FileManager.default.isExecutableFile(atPath: $0) }
        try #require(make != nil, "make is needed (Debian: make)")
        let result = try await ExternalProgram.run(
            URL(fileURLWithPath: make!),
            ["--no-print-directory", "install", "PREFIX=\(prefix.path)"] + Self.installArguments,
            in: Fixtures.packageRoot, mergeErrors: true)
        let log = result.text
        #expect(result.status == 0, "\(log)")
        let installed = prefix.appendingPathComponent("bin/legisurvey")
        #expect(FileManager.default.isExecutableFile(atPath: installed.path), "\(log)")
        #expect(log.contains("installed \(installed.path)"), "\(log)")
        // The prefix's bin is not on the test's PATH: make says so.
        #expect(log.contains("\(prefix.path)/bin is not on your PATH"), "\(log)")

        let fresh = try await ReadmeCommandsTests.shell(
            "env -i PATH=\(prefix.path)/bin:/usr/bin:/bin sh -c 'legisurvey --help'", in: prefix, path: "/usr/bin:/bin")
        #expect(fresh.status == 0, "\(fresh.stderr)")
        #expect(fresh.stdout.contains("USAGE: legisurvey"), "\(fresh.stdout)")
    }
}
