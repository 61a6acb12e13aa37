import Foundation
import SurveyTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `legisurvey open`: prints the latest report's path always, opens it with the desktop's opener
/// when one is on the PATH, and exits 1 saying what to do when there is no report yet.
@Suite struct OpenCommandTests {
    let cli = CommandLineTests()

    /// An output folder holding `names` (empty files: `open` only looks for the report).
    func output(_ names: [String]) throws -> URL {
        let folder = Fixtures.temporaryFolder("open")
        for name in names { try Data("<html></html>".utf8).write(to: folder.appendingPathComponent(name)) }
        return folder
    }

    @Test func withoutAnOpenerItPrintsThePath() async throws {
        let folder = try output(["report.html", "report.fr.html"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let empty = Fixtures.temporaryFolder("open-path")  // a PATH with no opener on it
        defer { try? FileManager.default.removeItem(at: empty) }
        let result = try await cli.run(["open", "--output", folder.path], environment: ["PATH": empty.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == folder.appendingPathComponent("report.html").path + "\n")
        #expect(result.stderr.contains("on the PATH: open the file above in a browser"), "\(result.stderr)")
        let french = try await cli.run(["open", "--output", folder.path, "--lang", "fr"], environment: ["PATH": empty.path])
        #expect(french.status == 0, "\(french.stderr)")
        #expect(french.stdout == folder.appendingPathComponent("report.fr.html").path + "\n")
    }

    @Test func withAnOpenerItOpensTheReport() async throws {
        let folder = try output(["report.html"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let bin = Fixtures.temporaryFolder("open-bin")
        defer { try? FileManager.default.removeItem(at: bin) }
        for opener in ["xdg-open", "open"] {
            let script = bin.appendingPathComponent(opener)
            try Executables.write(script: "#!/bin/sh\nexit 0\n", to: script)
        }
        let result = try await cli.run(["open", "--output", folder.path], environment: ["PATH": bin.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == folder.appendingPathComponent("report.html").path + "\n")
        #expect(result.stderr.contains("opening it with \(bin.path)/"), "\(result.stderr)")
    }

    @Test func noReportYetIsStatusOneWithWhatToDo() async throws {
        let folder = try output([])
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try await cli.run(["open", "--output", folder.path])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty, "\(result.stdout)")
        #expect(result.stderr == "legisurvey: error: no report yet: \(folder.appendingPathComponent("report.html").path) does not exist; run `legisurvey run` first\n")
        // Another language's report is not the one asked for.
        let other = try output(["report.html"])
        defer { try? FileManager.default.removeItem(at: other) }
        let french = try await cli.run(["open", "--output", other.path, "--lang", "fr"])
        #expect(french.status == 1)
        #expect(french.stderr.contains("report.fr.html does not exist; run `legisurvey run` first"), "\(french.stderr)")
    }
}
