// The real `legisurvey` binary against a PostgreSQL store: the backend is registered by the
// executable, `store migrate` creates a store, `status` names the server's version, and the
// refusals (a password in the URL, a missing store, no server) are one line with exit status 2.
import Foundation
import SurveyLoad
import SurveyModel
import SurveyTestSupport
import Testing

@Suite struct PostgresCommandLineTests {
    static var binary: URL {
        let candidates = [
            Bundle.main.executableURL?.deletingLastPathComponent().appendingPathComponent("legisurvey"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("legisurvey"),
            Fixtures.packageRoot.appendingPathComponent(".build/debug/legisurvey"),
        ].compactMap { $0 }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates.last!
    }

    func legisurvey(_ arguments: [String]) async throws -> ExternalProgram.Result {
        try await ExternalProgram.run(Self.binary, arguments, in: Fixtures.packageRoot)
    }

    @Test func migrateThenStatus() async throws {
        let location = try await PostgresCluster.shared().location()
        let migrated = try await legisurvey(["store", "migrate", "--store", location.description])
        #expect(migrated.status == 0, "\(migrated.errors)")
        #expect(
            migrated.text.hasPrefix("store \(location.description): schema up to date (\(StoreMigration.all.last!.identifier)); PostgreSQL 1"),
            "\(migrated.text)")
        let status = try await legisurvey(["status", "--store", location.description])
        #expect(status.status == 0, "\(status.errors)")
        let lines = status.text.components(separatedBy: "\n")
        #expect(lines.first == "Store: \(location.description)")
        #expect(lines.count > 1 && lines[1].hasPrefix("Backend: PostgreSQL 1"), "\(status.text)")
        #expect(status.text.contains("Rounds: none"), "\(status.text)")
    }

    @Test func refusalsAreOneLineWithExitTwo() async throws {
        let cluster = try await PostgresCluster.shared()
        let missing = cluster.location()
        var nowhere = cluster.location(tcp: true)
        nowhere.port = try PostgresCluster.freePort()
        let cases: [(arguments: [String], says: String)] = [
            (["status", "--store", "postgresql://legisurvey:secret@/legisurvey"], "PGPASSWORD or ~/.pgpass"),
            (["status", "--store", missing.description], "run `legisurvey run` first"),
            (["status", "--store", nowhere.description], "cannot connect to PostgreSQL at 127.0.0.1:\(nowhere.port) (database legisurvey"),
        ]
        for (arguments, says) in cases {
            let result = try await legisurvey(arguments)
            #expect(result.status == 2, "\(arguments): \(result.errors)")
            let errors = result.errors.trimmingCharacters(in: .newlines)
            #expect(errors.contains(says), "\(arguments): \(errors)")
            #expect(!errors.contains("\n"), "one line: \(errors)")
            #expect(!errors.contains("secret"), "the password is never repeated: \(errors)")
        }
    }
}
