import Foundation
import SurveyTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `Executables` (SurveyTestSupport): a file it writes runs at once, however many programs other
/// threads start meanwhile, as in the suite, where tests run at once and many start programs,
/// some through `posix_spawn` with every descriptor inherited (as PostgresCluster did until it
/// closed them). Checked by a mutation: with the binary copied by this process
/// (`FileManager.copyItem`, then `chmod`), runs of the copy failed with "Text file busy".
@Suite struct ExecutablesTests {
    final class Flag: @unchecked Sendable {
        private let lock = NSLock()
        private var raised = false
        func raise() { lock.withLock { raised = true } }
        var isRaised: Bool { lock.withLock { raised } }
    }

    /// Starts `sleep 0.2` and waits for it, the child inheriting every descriptor of this process.
    static func spawnInheritingEverything() {
        let words = ["/bin/sleep", "0.2"]
        let argv = words.map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var pid = pid_t()
        guard posix_spawn(&pid, words[0], nil, nil, argv, environ) == 0 else { return }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }

    @Test func aWrittenScriptRunsAtOnceWhileOtherThreadsStartPrograms() async throws {
        let folder = Fixtures.temporaryFolder("executables")
        defer { try? FileManager.default.removeItem(at: folder) }
        let stop = Flag()
        let spawners = (0..<8).map { _ in
            Thread {
                while !stop.isRaised { Self.spawnInheritingEverything() }
            }
        }
        for spawner in spawners { spawner.start() }
        defer { stop.raise() }
        var failures: [String] = []
        for index in 0..<150 {
            let script = folder.appendingPathComponent("script-\(index)")
            try Executables.write(script: "#!/bin/sh\nexit 7\n", to: script)
            do {
                let result = try await ExternalProgram.run(script, [])
                if result.status != 7 { failures.append("\(index): status \(result.status) \(result.errors)") }
            } catch {
                failures.append("\(index): \(error)")
            }
        }
        // The binary, tens of megabytes: a long copy, as UnprivilegedRun makes.
        for index in 0..<20 {
            let binary = folder.appendingPathComponent("legisurvey-\(index)")
            try Executables.copy(CommandLineTests.binary, to: binary)
            do {
                let help = try await ExternalProgram.run(binary, ["--help"])
                if help.status != 0 || !help.text.contains("USAGE: legisurvey") {
                    failures.append("binary \(index): status \(help.status) \(help.errors)")
                }
            } catch {
                failures.append("binary \(index): \(error)")
            }
            try FileManager.default.removeItem(at: binary)
        }
        #expect(failures.isEmpty, "\(failures.count) of 170 did not run: \(failures.prefix(3))")
    }
}
