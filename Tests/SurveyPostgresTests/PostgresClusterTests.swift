// The throwaway cluster the PostgreSQL tests use (Tests/SurveyTestSupport/PostgresCluster.swift):
// it starts, in the en_US.UTF-8 locale, and answers over its Unix socket and over TCP on 127.0.0.1.
import Foundation
import Logging
import PostgresNIO
import SurveyTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct PostgresClusterTests {
    func ask(_ sql: String, _ configuration: PostgresConnection.Configuration) async throws -> String {
        let connection = try await PostgresConnection.connect(
            configuration: configuration, id: 1, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        do {
            var answer = ""
            let rows = try await connection.query(
                PostgresQuery(unsafeSQL: sql), logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
            for try await (value) in rows.decode(String.self) { answer = value }
            try await connection.close()
            return answer
        } catch {
            try? await connection.close()
            throw error
        }
    }

    @Test func answersOverTheSocketAndTCP() async throws {
        let cluster = try await PostgresCluster.shared()
        #expect(cluster.port != 5432)
        #expect(FileManager.default.fileExists(atPath: "\(cluster.folder)/.s.PGSQL.\(cluster.port)"))
        let socket = PostgresConnection.Configuration(
            unixSocketPath: "\(cluster.folder)/.s.PGSQL.\(cluster.port)", username: cluster.user, password: nil, database: cluster.database)
        let overSocket = try await ask("SELECT version()", socket)
        #expect(overSocket.hasPrefix("PostgreSQL "), "\(overSocket)")
        let tcp = PostgresConnection.Configuration(
            host: "127.0.0.1", port: cluster.port, username: cluster.user, password: nil, database: cluster.database, tls: .disable)
        #expect(try await ask("SELECT version()", tcp) == overSocket)
        #expect(try await ask("SELECT inet_server_addr()::text", tcp) == "127.0.0.1/32")
        // The locale the issue asks for, so that a read without COLLATE "C" would sort differently.
        #expect(try await ask("SELECT datcollate FROM pg_database WHERE datname = current_database()", socket) == "en_US.UTF-8")
        #expect(try await ask(#"SELECT string_agg(x, ',' ORDER BY x) FROM (VALUES ('b'), ('B'), ('a')) v(x)"#, socket) == "a,b,B")
        #expect(try await ask(#"SELECT string_agg(x, ',' ORDER BY x COLLATE "C") FROM (VALUES ('b'), ('B'), ('a')) v(x)"#, socket) == "B,a,b")
    }

    @Test func theClusterIsRegisteredForTheSweep() async throws {
        let cluster = try await PostgresCluster.shared()
        let registration = FileManager.default.temporaryDirectory
            .appendingPathComponent("legisurvey-postgres-clusters/\(ProcessInfo.processInfo.processIdentifier)").path
        #expect(try String(contentsOfFile: registration, encoding: .utf8) == cluster.folder)
    }

    /// A program the cluster starts (the server above all, which outlives every test) inherits
    /// none of the test process's descriptors but its standard ones, even one opened without
    /// close-on-exec: held by the server, a binary being copied could not be run
    /// ("Text file busy"). Checked by a mutation: without the close, the file is listed.
    @Test func aSpawnedProgramInheritsOnlyTheStandardDescriptors() throws {
        let folder = Fixtures.temporaryFolder("spawn-descriptors")
        defer { try? FileManager.default.removeItem(at: folder) }
        let marker = folder.appendingPathComponent("held-open.txt")
        try Data("x".utf8).write(to: marker)
        let descriptor = open(marker.path, O_RDONLY)
        try #require(descriptor >= 3)
        defer { close(descriptor) }
        let listed = PostgresCluster.spawn(["/bin/sh", "-c", "for f in /proc/$$/fd/*; do readlink \"$f\"; done; exit 0"])
        #expect(listed.status == 0, "\(listed.output)")
        #expect(listed.output.contains("/dev/null"), "standard input, as spawn opens it: \(listed.output)")
        #expect(!listed.output.contains(marker.path), "\(listed.output)")
    }
}
